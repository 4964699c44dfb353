/* inmvisc prepare: MD sampling campaigns through LAMMPS over rank groups (SPEC §7). */
#include "commands.h"

PetscErrorCode InmCmdPrepare(MPI_Comm comm)
{
  InmPrepare p;
  PetscBool  help;

  PetscFunctionBegin;
  PetscCall(InmPrepareCreate(comm, &p));
  PetscCall(InmPrepareSetFromOptions(p));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscCall(InmLammpsOptions(comm, NULL, NULL)); /* LAMMPS runs every task */
  if (!help) {
    PetscCall(InmOptionsCheckUnused(comm)); /* every option is read: a misspelt one is found before the MD */
    PetscCall(InmPrepareSetUp(p));
    PetscCall(InmPrepareRun(p));
    PetscCall(InmPrepareView(p));
  }
  PetscCall(InmPrepareDestroy(&p));
  PetscFunctionReturn(0);
}
