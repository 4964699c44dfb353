/* MD presets per model family (SPEC §7; paper App. A, B): the one place that says how a
 * Lennard-Jones liquid and an EAM alloy are started and prepared; `sample`, `prepare` and the
 * lattice start read it, and nothing else asks which units a model is in.
 *   LJ (ka, lj; lj units): FCC lattice (4 atoms per cell) at rho = 1.2, 500 atoms, sample at
 *     T = 1 after melting at 3; NVT protocol, dt 0.005 tau, quench 0.02 per tau.
 *   EAM (Cu50Zr50; metal units): B2 lattice (2 atoms per cell, types 1 and 2 on the two sites)
 *     at its own lattice constant 3.23 A unless a density is given, 432 atoms, sample at 1500 K
 *     after melting at 2300 K; NPT melt, quench and hold, then NVT at the mean volume, dt 1 fs,
 *     quench 10 K/ps. */
#include <inmvisc/prepare.h>

static const InmMDPreset Presets[] = {
  {.family = INM_POTENTIAL_LJ, .lattice = "FCC", .per_cell = 4, .natoms = 500, .T = 1.0, .T_melt = 3.0, .density = 1.2, .own_density = PETSC_FALSE,
   .protocol = {.dt = 0.005, .tdamp = 0.5, .pdamp = 5.0, .density = 1.2, .T_melt = 3.0, .melt_time = 20, .cooling_rate = 0.02, .pressure = 0, .npt_time = 0, .equil_time = 50, .prod_time = 50, .snapshot_every = 200, .stress_every = 2, .min_msd = 0, .npt = PETSC_FALSE}},
  {.family = INM_POTENTIAL_EAM, .lattice = "B2", .per_cell = 2, .natoms = 432, .T = 1500, .T_melt = 2300, .density = 0, .own_density = PETSC_TRUE,
   .protocol = {.dt = 0.001, .tdamp = 0.1, .pdamp = 1.0, .density = 0, .T_melt = 2300, .melt_time = 20, .cooling_rate = 10, .pressure = 0, .npt_time = 20, .equil_time = 10, .prod_time = 20, .snapshot_every = 500, .stress_every = 5, .min_msd = 0, .npt = PETSC_TRUE}},
};

const InmMDPreset *InmMDPresetGet(InmPotential pot)
{
  for (size_t k = 0; k < sizeof(Presets) / sizeof(Presets[0]); k++)
    if (Presets[k].family == pot->family) return &Presets[k];
  return &Presets[0]; /* not reached: every family has a row */
}

PetscErrorCode InmMDPresetCells(MPI_Comm comm, const InmMDPreset *p, const char what[], PetscInt natoms, PetscInt *n)
{
  const PetscInt f = p->per_cell, k0 = PetscMax(1, (PetscInt)PetscFloorReal(PetscCbrtReal((PetscReal)natoms / f))), k1 = k0 + 1;
  const PetscInt k = f * k1 * k1 * k1 == natoms ? k1 : k0; /* cbrt may round down */

  PetscFunctionBegin;
  PetscCheck(f * k * k * k == natoms, comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT " atoms is not %" PetscInt_FMT " n^3 for the %s lattice start (nearest: %" PetscInt_FMT " and %" PetscInt_FMT ")", what, natoms, f, p->lattice, f * k0 * k0 * k0, f * k1 * k1 * k1);
  *n = k;
  PetscFunctionReturn(0);
}
