/* inmvisc viscosity: eta from the instantaneous normal modes per class, beside Green-Kubo (SPEC §9, §10). */
#include "commands.h"

PetscErrorCode InmCmdViscosity(MPI_Comm comm)
{
  InmViscosity v;
  PetscBool    help;

  PetscFunctionBegin;
  PetscCall(InmViscosityCreate(comm, &v));
  PetscCall(InmViscositySetFromOptions(v));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (!help) {
    PetscCall(InmOptionsCheckUnused(comm)); /* a misspelt option is found before any work */
    PetscCall(InmViscositySetUp(v));
    PetscCall(InmViscosityCompute(v));
    PetscCall(InmViscosityView(v));
  }
  PetscCall(InmViscosityDestroy(&v));
  PetscFunctionReturn(0);
}
