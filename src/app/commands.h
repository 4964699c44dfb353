/* Sub-commands of the inmvisc executable; each runs on the communicator it is given. */
#pragma once
#include <inmvisc.h>

PETSC_EXTERN PetscErrorCode InmCmdInfo(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdModes(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdSample(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdPrepare(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdTransport(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdViscosity(MPI_Comm comm);
