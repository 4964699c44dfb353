/* Collective configuration input: rank 0 reads with the reader of the format (guessed from
 * the content for "auto": the HDF5 signature -> H5MD, "ITEM: TIMESTEP" -> LAMMPS dump,
 * anything else -> LAMMPS data file) and broadcasts; an error is printed once, by rank 0,
 * and every rank returns it. */
#include <inmvisc/io.h>
#include <errno.h>

const char *const InmFormats[] = {"auto", "lammps-data", "lammps-dump", "h5md", "InmFormat", "INM_FORMAT_", NULL};

static PetscErrorCode GuessFormat(const char path[], InmFormat *format)
{
  FILE               *fp = fopen(path, "rb");
  unsigned char       head[8] = {0};
  char                line[256];
  const unsigned char sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  PetscFunctionBegin;
  if (!fp) PetscCall(InmCheckInputFile(path));
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot open: %s", path, strerror(errno));
  if (head[0] == 0) { /* fopen succeeds on a directory; reading it does not */
    PetscErrorCode ierr = InmCheckInputFile(path);
    if (ierr) fclose(fp);
    PetscCall(ierr);
  }
  *format = INM_FORMAT_LAMMPS_DATA;
  if (fread(head, 1, 8, fp) == 8 && !memcmp(head, sig, 8)) *format = INM_FORMAT_H5MD;
  else {
    rewind(fp);
    while (fgets(line, sizeof(line), fp)) {
      const char *s = line + strspn(line, " \t\r\n");
      if (!*s) continue;
      if (!strncmp(s, "ITEM: TIMESTEP", 14)) *format = INM_FORMAT_LAMMPS_DUMP;
      break;
    }
  }
  fclose(fp);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadOnRoot(const char path[], InmFormat format, PetscInt frame, InmConfig **cfg)
{
  PetscFunctionBegin;
  if (format == INM_FORMAT_AUTO) PetscCall(GuessFormat(path, &format));
  switch (format) {
  case INM_FORMAT_LAMMPS_DATA:
    PetscCheck(frame == 0 || frame == -1, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: a LAMMPS data file has one frame (frame %" PetscInt_FMT " requested)", path, frame);
    PetscCall(InmReadLammpsData(path, cfg));
    break;
  case INM_FORMAT_LAMMPS_DUMP: PetscCall(InmReadLammpsDump(path, frame, cfg)); break;
  default: PetscCall(InmReadH5MD(path, frame, cfg)); break;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigRead(MPI_Comm comm, const char path[], InmFormat format, PetscInt frame, InmConfig **cfg)
{
  PetscMPIInt    rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.read, 0, 0, 0, 0));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  *cfg = NULL;
  if (rank == 0) ierr = ReadOnRoot(path, format, frame, cfg);
  PetscCall(InmCheckCollective(comm, 0, ierr));
  PetscCall(InmConfigBcast(comm, 0, cfg));
  PetscCall(PetscLogEventEnd(INM_EVENTS.read, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
