/* inmvisc transport: D, Green–Kubo viscosity and vtilde(0) of a prepare campaign (SPEC §8). */
#include "commands.h"

PetscErrorCode InmCmdTransport(MPI_Comm comm)
{
  InmTransport t;
  PetscBool    help;

  PetscFunctionBegin;
  PetscCall(InmTransportCreate(comm, &t));
  PetscCall(InmTransportSetFromOptions(t));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (!help) {
    PetscCall(InmTransportSetUp(t));
    PetscCall(InmTransportRun(t));
    PetscCall(InmTransportView(t));
  } else PetscCall(InmLammpsOptions(comm, NULL, NULL)); /* -bulk_modulus runs LAMMPS */
  PetscCall(InmTransportDestroy(&t));
  PetscFunctionReturn(0);
}
