/* A small liquid made by LAMMPS for tests, benchmarks and the quickstart job (the full MD
 * protocols of SPEC §7 are the `prepare` stage's): the lattice start of lattice_start.c
 * (dt = 0.005 tau for LJ units, 0.001 ps for metal), then Gaussian velocities at T_melt, Nose-Hoover NVT for `steps` at T_melt, and `steps`
 * at T. Seeds derive from `seed`, so the same arguments give the same liquid. */
#include "md_impl.h"

PetscErrorCode InmLammpsQuickLiquid(InmLammps lmp, InmPotential pot, PetscInt natoms, PetscReal density, PetscReal T_melt, PetscReal T, PetscInt steps, PetscInt seed)
{
  PetscBool metal;
  PetscReal dt, tdamp;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(pot->units, "metal", &metal));
  PetscCheck(T > 0 && T_melt > 0 && steps >= 0 && seed > 0, lmp->comm, PETSC_ERR_USER_INPUT, "quick liquid: temperatures and the seed must be positive (T %g, T_melt %g, seed %" PetscInt_FMT ")", (double)T, (double)T_melt, seed);
  PetscCall(InmLammpsLatticeStart(lmp, pot, natoms, density, seed));
  dt    = metal ? 0.001 : 0.005;
  tdamp = metal ? 0.1 : 0.5;
  PetscCall(InmLammpsCommand(lmp, "timestep %g", (double)dt));
  PetscCall(InmLammpsCommand(lmp, "velocity all create %.17g %" PetscInt_FMT " mom yes rot no dist gaussian", (double)T_melt, 1000 + seed % 900000));
  PetscCall(InmLammpsCommand(lmp, "fix inm_nvt all nvt temp %.17g %.17g %g", (double)T_melt, (double)T_melt, (double)tdamp));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, steps));
  PetscCall(InmLammpsCommand(lmp, "unfix inm_nvt"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_nvt all nvt temp %.17g %.17g %g", (double)T, (double)T, (double)tdamp));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, steps));
  PetscCall(InmLammpsCommand(lmp, "unfix inm_nvt"));
  PetscFunctionReturn(0);
}
