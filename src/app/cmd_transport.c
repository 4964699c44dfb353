/* inmvisc transport: D, Green–Kubo viscosity and vtilde(0) of a prepare campaign (SPEC §8). */
#include "commands.h"

PetscErrorCode InmCmdModelOptions(MPI_Comm comm)
{
  InmPotential   pot;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(InmReplicatedBegin(comm));
  ierr = InmPotentialCreateFromOptions(NULL, &pot);
  PetscCall(InmReplicatedEnd(comm, ierr));
  PetscCall(InmPotentialDestroy(&pot));
  PetscCall(InmLammpsOptions(comm, NULL, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode InmCmdTransport(MPI_Comm comm)
{
  InmTransport t;
  PetscBool    help;

  PetscFunctionBegin;
  PetscCall(InmTransportCreate(comm, &t));
  PetscCall(InmTransportSetFromOptions(t));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscCall(InmCmdModelOptions(comm)); /* -bulk_modulus and -shear_rates run LAMMPS with the model */
  if (!help) {
    PetscCall(InmOptionsCheckUnused(comm)); /* every option is read: a misspelt one is found before the work */
    PetscCall(InmTransportSetUp(t));
    PetscCall(InmTransportRun(t));
    PetscCall(InmTransportView(t));
  }
  PetscCall(InmTransportDestroy(&t));
  PetscFunctionReturn(0);
}
