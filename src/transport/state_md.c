/* LAMMPS runs at one state point from a stored configuration (see state_md.h). */
#include "state_md.h"

PetscErrorCode InmStateMDOpen(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, const InmBulkOptions *o, const char setup[], InmLammps *lmp)
{
  PetscFunctionBegin;
  PetscCall(InmLammpsOpen(comm, lmp));
  PetscCall(InmLammpsSetConfig(*lmp, pot, c));
  PetscCall(InmLammpsCommand(*lmp, "timestep %.17g", (double)o->dt));
  PetscCall(InmLammpsCommand(*lmp, "thermo 0"));
  if (setup) PetscCall(InmLammpsCommands(*lmp, setup));
  if (!c->v) PetscCall(InmLammpsCommand(*lmp, "velocity all create %.17g %" PetscInt_FMT " mom yes rot no dist gaussian loop all", (double)T, o->seed));
  PetscFunctionReturn(0);
}

PetscErrorCode InmStateMDMean(InmLammps lmp, const InmBulkOptions *o, const char value[], const char what[], PetscReal *mean, PetscReal *err)
{
  const PetscInt every = 10, rows = o->measure / every;
  PetscReal     *x;

  PetscFunctionBegin;
  PetscCheck(rows >= 10, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: %" PetscInt_FMT " measurement steps give fewer than 10 samples (every %" PetscInt_FMT ")", what, o->measure, every);
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, o->equil));
  PetscCall(InmLammpsCommand(lmp, "reset_timestep 0"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_mean all vector %" PetscInt_FMT " %s c_thermo_temp", every, value)); /* two values: a global array */
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, rows * every));
  PetscCall(PetscMalloc1(rows, &x));
  for (PetscInt r = 1; r <= rows; r++) PetscCall(InmLammpsFixVectorValue(lmp, "inm_mean", r, 0, &x[r - 1])); /* row 0 is step 0 */
  InmBlockAverage(rows, x, 1, 10, mean, err);
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}
