/* inmvisc entropy: the configurational entropy S_conf(T) of a prepare campaign (paper Fig. 4;
 * include/inmvisc/entropy.h). */
#include "commands.h"
#include <inmvisc/entropy.h>

PetscErrorCode InmCmdEntropy(MPI_Comm comm)
{
  InmEntropy e;
  PetscBool  help;

  PetscFunctionBegin;
  PetscCall(InmEntropyCreate(comm, &e));
  PetscCall(InmEntropySetFromOptions(e));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscCall(InmCmdModelOptions(comm));
  if (!help) {
    PetscCall(InmOptionsCheckUnused(comm)); /* a misspelt option is found before the work */
    PetscCall(InmEntropySetUp(e));
    PetscCall(InmEntropyRun(e));
    PetscCall(InmEntropyView(e));
  }
  PetscCall(InmEntropyDestroy(&e));
  PetscFunctionReturn(0);
}
