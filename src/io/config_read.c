/* Collective configuration input: rank 0 reads with the reader of the format (guessed from
 * the content for "auto": the HDF5 signature -> H5MD, "ITEM: TIMESTEP" -> LAMMPS dump,
 * anything else -> LAMMPS data file) and broadcasts; an error is printed once, by rank 0,
 * and every rank returns it.
 * A distributed configuration (InmConfigDistribute) starts from slices of the atoms: each
 * rank reads its own hyperslab of an H5MD file; a text file is read by rank 0, which hands
 * out the slices (the text formats have no random access). */
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

/* The format, guessed on rank 0 for AUTO, on every rank. */
static PetscErrorCode FormatOf(MPI_Comm comm, const char path[], InmFormat *format)
{
  PetscMPIInt    rank;
  PetscErrorCode ierr = 0;
  int            f    = (int)*format;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0 && *format == INM_FORMAT_AUTO) {
    ierr = GuessFormat(path, format);
    f    = (int)*format;
  }
  PetscCall(InmCheckCollective(comm, 0, ierr));
  PetscCallMPI(MPI_Bcast(&f, 1, MPI_INT, 0, comm));
  *format = (InmFormat)f;
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigReadCount(MPI_Comm comm, const char path[], InmFormat format, PetscInt *natoms)
{
  PetscMPIInt    rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(FormatOf(comm, path, &format));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  *natoms = -1;
  if (rank == 0 && format == INM_FORMAT_H5MD) ierr = InmReadH5MDCount(path, natoms);
  PetscCall(InmCheckCollective(comm, 0, ierr));
  PetscCallMPI(MPI_Bcast(natoms, 1, MPIU_INT, 0, comm));
  PetscFunctionReturn(0);
}

/* Rank 0's whole configuration as slices, rank r taking atoms r N/P .. (r+1) N/P - 1. */
static PetscErrorCode ScatterSlices(MPI_Comm comm, InmConfig *all, InmConfig **slice)
{
  PetscMPIInt size, rank, *cnt, *dsp;
  PetscInt    hdr[2];
  InmConfig  *c;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    hdr[0] = all->n;
    hdr[1] = all->v != NULL;
  }
  PetscCallMPI(MPI_Bcast(hdr, 2, MPIU_INT, 0, comm));
  PetscCheck(hdr[0] >= size, comm, PETSC_ERR_USER_INPUT, "%" PetscInt_FMT " atoms cannot be shared by %d ranks", hdr[0], (int)size);
  PetscCall(PetscMalloc2(size, &cnt, size, &dsp));
  for (PetscMPIInt r = 0; r < size; r++) {
    dsp[r] = (PetscMPIInt)(((PetscInt64)hdr[0] * r) / size);
    cnt[r] = (PetscMPIInt)(((PetscInt64)hdr[0] * (r + 1)) / size) - dsp[r];
  }
  PetscCall(InmConfigCreate(cnt[rank], (PetscBool)hdr[1], PETSC_FALSE, PETSC_FALSE, &c));
  c->nglobal = hdr[0];
  if (rank == 0) PetscCall(InmConfigCopyHeader(all, c));
  PetscCall(InmConfigBcastHeader(comm, 0, c));
  PetscCallMPI(MPI_Scatterv(rank ? NULL : all->id, cnt, dsp, MPIU_INT, c->id, cnt[rank], MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Scatterv(rank ? NULL : all->type, cnt, dsp, MPIU_INT, c->type, cnt[rank], MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Scatterv(rank ? NULL : all->mass, cnt, dsp, MPIU_REAL, c->mass, cnt[rank], MPIU_REAL, 0, comm));
  for (PetscMPIInt r = 0; r < size; r++) { /* three values an atom */
    cnt[r] *= 3;
    dsp[r] *= 3;
  }
  PetscCallMPI(MPI_Scatterv(rank ? NULL : all->x, cnt, dsp, MPIU_REAL, c->x, cnt[rank], MPIU_REAL, 0, comm));
  if (c->v) PetscCallMPI(MPI_Scatterv(rank ? NULL : all->v, cnt, dsp, MPIU_REAL, c->v, cnt[rank], MPIU_REAL, 0, comm));
  PetscCall(PetscFree2(cnt, dsp));
  *slice = c;
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigReadDistributed(MPI_Comm comm, const char path[], InmFormat format, PetscInt frame, PetscReal halo, InmConfig **cfg)
{
  PetscMPIInt    rank, size;
  PetscErrorCode ierr = 0;
  InmConfig     *all  = NULL;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.read, 0, 0, 0, 0));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(FormatOf(comm, path, &format));
  *cfg = NULL;
  if (format == INM_FORMAT_H5MD) {
    PetscInt n;
    int      mine, any;
    PetscCall(InmConfigReadCount(comm, path, format, &n)); /* a file that does not open or has no positions: one message, rank 0's */
    ierr = InmReadH5MDSlice(path, frame, rank, size, cfg); /* the rest (a bad value in a slice) is told by the rank that read it */
    mine = ierr ? 1 : 0;
    PetscCallMPI(MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, comm));
    if (ierr) return ierr;
    if (any) return INM_ERR_ELSEWHERE;
  } else {
    if (rank == 0) ierr = ReadOnRoot(path, format, frame, &all);
    PetscCall(InmCheckCollective(comm, 0, ierr));
    PetscCall(ScatterSlices(comm, all, cfg));
    PetscCall(InmConfigDestroy(&all));
  }
  PetscCall(InmConfigDistribute(comm, halo, cfg));
  PetscCall(PetscLogEventEnd(INM_EVENTS.read, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
