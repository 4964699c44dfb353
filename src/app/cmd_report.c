/* inmvisc report: figures (PNG and PDF) and a Markdown summary from the results files of a
 * campaign directory, drawn by the Python script inmvisc-report (matplotlib, h5py) that CMake
 * puts beside the executable; the C code only finds it and runs it on rank 0. */
#define _POSIX_C_SOURCE 200809L /* readlink */
#include "commands.h"
#include <libgen.h>
#include <stdlib.h>
#include <unistd.h>

PetscErrorCode InmReportRun(MPI_Comm comm, const char dir[])
{
  PetscMPIInt rank;
  int         rc = 0;
  char        exe[PETSC_MAX_PATH_LEN] = "", script[PETSC_MAX_PATH_LEN + 32] = "", cmd[3 * PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) exe[n] = 0;
    PetscCall(PetscSNPrintf(script, sizeof(script), "%s/inmvisc-report", dirname(exe)));
    if (access(script, R_OK)) rc = -1;
    else {
      PetscCall(PetscSNPrintf(cmd, sizeof(cmd), "%s '%s' '%s'", INM_PYTHON, script, dir)); /* the Python of Debian's python3-matplotlib, found at configuration */
      rc = system(cmd);
    }
  }
  PetscCallMPI(MPI_Bcast(&rc, 1, MPI_INT, 0, comm));
  PetscCheck(rc != -1, comm, PETSC_ERR_FILE_OPEN, "report: the script %s is missing (it is built beside inmvisc)", script);
  PetscCheck(rc == 0, comm, PETSC_ERR_LIB, "report: the script failed on %s (its message is above)", dir);
  PetscFunctionReturn(0);
}

PetscErrorCode InmCmdReport(MPI_Comm comm)
{
  char      dir[PETSC_MAX_PATH_LEN] = "";
  PetscBool has, help;

  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "inmvisc report: figures and a summary of a campaign directory", "report");
  PetscCall(PetscOptionsString("-input", "Campaign directory (of inmvisc run: modes.h5, transport.h5, viscosity.h5)", "report", dir, dir, sizeof(dir), &has));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(0);
  PetscCheck(has, comm, PETSC_ERR_USER_INPUT, "report: -input DIR is required (a directory of inmvisc run)");
  PetscCall(InmReportRun(comm, dir));
  PetscFunctionReturn(0);
}
