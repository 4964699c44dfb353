/* Sub-commands of the inmvisc executable; each runs on the communicator it is given. */
#pragma once
#include <inmvisc.h>

PETSC_EXTERN PetscErrorCode InmCmdInfo(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdModes(MPI_Comm comm);
/* The modes of many snapshots (a campaign over rank groups), as `modes -input_list` runs it. */
PETSC_EXTERN PetscErrorCode InmCmdModesCampaign(MPI_Comm comm);
/* Every option of `modes` read (listed under -help): the campaign's, the potential's, every solver's. */
PETSC_EXTERN PetscErrorCode InmCmdModesOptions(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdSample(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdPrepare(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdTransport(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdEntropy(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdViscosity(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdReport(MPI_Comm comm);
PETSC_EXTERN PetscErrorCode InmCmdRun(MPI_Comm comm);
/* The options of the model (the potential's) and of LAMMPS read, so that they count as used
 * by a command that may or may not need them. */
PETSC_EXTERN PetscErrorCode InmCmdModelOptions(MPI_Comm comm);
/* The report script (inmvisc-report beside the executable) on the campaign directory dir. */
PETSC_EXTERN PetscErrorCode InmReportRun(MPI_Comm comm, const char dir[]);
