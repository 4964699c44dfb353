/* Sub-commands of the inmvisc executable; each runs on the communicator it is given. */
#pragma once
#include <inmvisc.h>

PETSC_EXTERN PetscErrorCode InmCmdInfo(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdModes(MPI_Comm comm);
/* The modes of many snapshots (a campaign over rank groups), as `modes -input_list` runs it. */
PETSC_EXTERN PetscErrorCode InmCmdModesCampaign(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdSample(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdPrepare(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdTransport(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdViscosity(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdReport(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdRun(MPI_Comm comm);
/* The report script (inmvisc-report beside the executable) on the campaign directory dir. */
PETSC_EXTERN PetscErrorCode InmReportRun(MPI_Comm comm, const char dir[]);
