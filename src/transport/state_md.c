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

PetscErrorCode InmStateMDMeans(InmLammps lmp, const InmBulkOptions *o, PetscInt n, const char *const values[], const char what[], PetscReal mean[], PetscReal err[])
{
  const PetscInt every = 10, rows = o->measure / every;
  char           list[1024] = "";
  PetscReal     *x;

  PetscFunctionBegin;
  PetscCheck(rows >= 10, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: %" PetscInt_FMT " measurement steps give fewer than 10 samples (every %" PetscInt_FMT ")", what, o->measure, every);
  for (PetscInt k = 0; k < n; k++) {
    PetscCall(PetscStrlcat(list, " ", sizeof(list)));
    PetscCall(PetscStrlcat(list, values[k], sizeof(list)));
  }
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, o->equil));
  PetscCall(InmLammpsCommand(lmp, "reset_timestep 0"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_mean all vector %" PetscInt_FMT "%s c_thermo_temp", every, list)); /* at least two values: a global array */
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, rows * every));
  PetscCall(PetscMalloc1(rows, &x));
  for (PetscInt k = 0; k < n; k++) {
    for (PetscInt r = 1; r <= rows; r++) PetscCall(InmLammpsFixVectorValue(lmp, "inm_mean", r, k, &x[r - 1])); /* row 0 is step 0 */
    InmBlockAverage(rows, x, 1, 10, &mean[k], &err[k]);
  }
  PetscCall(PetscFree(x));
  PetscCall(InmLammpsCommand(lmp, "unfix inm_mean"));
  PetscFunctionReturn(0);
}

PetscErrorCode InmStateMDMean(InmLammps lmp, const InmBulkOptions *o, const char value[], const char what[], PetscReal *mean, PetscReal *err)
{
  PetscFunctionBegin;
  PetscCall(InmStateMDMeans(lmp, o, 1, &value, what, mean, err));
  PetscFunctionReturn(0);
}
