/* A small liquid made by LAMMPS for tests, benchmarks and the quickstart job (the full MD
 * protocols of SPEC §7 are the `prepare` stage's): the lattice start of lattice_start.c
 * (the units style's time step and thermostat damping, units.h), then Gaussian velocities at T_melt, Nose-Hoover NVT for `steps` at T_melt, and `steps`
 * at T. Seeds derive from `seed`, so the same arguments give the same liquid. */
#include "md_impl.h"

PetscErrorCode InmLammpsQuickLiquid(InmLammps lmp, InmPotential pot, PetscInt natoms, PetscReal density, PetscReal T_melt, PetscReal T, PetscInt steps, PetscInt seed)
{
  const InmUnits *u;

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(pot->units, &u));
  PetscCheck(T > 0 && T_melt > 0 && steps >= 0 && seed > 0, lmp->comm, PETSC_ERR_USER_INPUT, "quick liquid: temperatures and the seed must be positive (T %g, T_melt %g, seed %" PetscInt_FMT ")", (double)T, (double)T_melt, seed);
  PetscCall(InmLammpsLatticeStart(lmp, pot, natoms, density, seed));
  PetscCall(InmLammpsCommand(lmp, "timestep %g", (double)u->md_dt));
  PetscCall(InmLammpsCommand(lmp, "velocity all create %.17g %" PetscInt_FMT " mom yes rot no dist gaussian", (double)T_melt, 1000 + seed % 900000));
  PetscCall(InmLammpsCommand(lmp, "fix inm_nvt all nvt temp %.17g %.17g %g", (double)T_melt, (double)T_melt, (double)u->md_tdamp));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, steps));
  PetscCall(InmLammpsCommand(lmp, "unfix inm_nvt"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_nvt all nvt temp %.17g %.17g %g", (double)T, (double)T, (double)u->md_tdamp));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, steps));
  PetscCall(InmLammpsCommand(lmp, "unfix inm_nvt"));
  PetscFunctionReturn(0);
}
