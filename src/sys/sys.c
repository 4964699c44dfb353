/* Initialization, one-line error reporting, log events, safe file commits, progress lines.
 *
 * Error policy (DEVELOPERS.md "bad input gets one clear line"): the handler prints the
 * message of the error where it was raised (PETSC_ERROR_INITIAL), once, as
 *     inmvisc: error: <message>
 * and stays silent while the error propagates up the PetscCall chain. Internal errors
 * (anything but bad input) also name the function and source line on that same line.
 * An error raised collectively (SETERRQ on a communicator of several ranks) is printed by
 * that communicator's rank 0 only; an error on PETSC_COMM_SELF by the rank that found it.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <inmvisc/sys.h>
#include <slepcsys.h>
#include <hdf5.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sched.h>
#include <cblas.h> /* OpenBLAS: openblas_set_num_threads */

InmLogEvents INM_EVENTS;
static PetscBool inm_quiet = PETSC_FALSE; /* inside a replicated section, on a rank other than 0 */

static PetscBool InmIsInputError(PetscErrorCode n)
{
  switch (n) {
  case PETSC_ERR_FILE_OPEN:
  case PETSC_ERR_FILE_READ:
  case PETSC_ERR_FILE_WRITE:
  case PETSC_ERR_FILE_UNEXPECTED:
  case PETSC_ERR_USER_INPUT:
  case PETSC_ERR_ARG_WRONG:
  case PETSC_ERR_ARG_OUTOFRANGE:
  case PETSC_ERR_ARG_INCOMP:
  case PETSC_ERR_ARG_UNKNOWN_TYPE:
  case PETSC_ERR_MEM:
  case PETSC_ERR_LIB:
    return PETSC_TRUE;
  default:
    return PETSC_FALSE;
  }
}

/* In the text of PetscOptionsGetAll ("-a 1 -b -c x,y"), a word starting with '-' and a letter
 * (or '_') is an option; anything else, also "-1", is the value of the option before it. */
static PetscBool IsOptionName(const char *w)
{
  return w[0] == '-' && (isalpha((unsigned char)w[1]) || w[1] == '_');
}

/* The option whose value holds `bad` as one of its comma-separated entries, into name/value
 * (empty if none). PETSc says "Input string hot has no numeric value" without the option. */
static void FindOptionWithEntry(const char *bad, char *name, char *value, size_t len)
{
  char *all = NULL, *save = NULL, last[256] = "";
  name[0] = value[0] = 0;
  if (PetscOptionsGetAll(NULL, &all) || !all) return;
  for (char *w = strtok_r(all, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    if (IsOptionName(w)) {
      snprintf(last, sizeof(last), "%s", w);
      continue;
    }
    for (const char *e = w; e;) {
      const char  *c = strchr(e, ',');
      const size_t l = c ? (size_t)(c - e) : strlen(e);
      if (last[0] && l == strlen(bad) && !strncmp(e, bad, l)) {
        snprintf(name, len, "%s", last);
        snprintf(value, len, "%s", w);
        PetscFree(all);
        return;
      }
      e = c ? c + 1 : NULL;
    }
  }
  PetscFree(all);
}

static PetscErrorCode InmErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p != PETSC_ERROR_INITIAL || inm_quiet) return n;
  /* An error raised on a communicator of several ranks is raised by each of them: say it once. */
  if (comm != MPI_COMM_NULL && comm != PETSC_COMM_SELF) {
    PetscMPIInt size = 1, rank = 0;
    MPI_Comm_size(comm, &size);
    MPI_Comm_rank(comm, &rank);
    if (size > 1 && rank != 0) return n;
  }
  if (mess && !strncmp(mess, "Input string ", 13) && strstr(mess, " has no ")) { /* a number option's value */
    char        bad[256], name[256], value[256];
    const char *end = strstr(mess, " has no ");
    snprintf(bad, sizeof(bad), "%.*s", (int)PetscMin((size_t)(end - mess - 13), sizeof(bad) - 1), mess + 13);
    FindOptionWithEntry(bad, name, value, sizeof(name));
    if (name[0]) { /* every rank reads the same options and fails alike (on PETSC_COMM_SELF): rank 0 says it */
      PetscMPIInt wrank = 0;
      MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
      if (wrank) return n;
      fprintf(stderr, "inmvisc: error: %s %s: '%s' is not %s\n", name, value, bad, strstr(end, "integer") ? "an integer" : "a number");
      fflush(stderr);
      return n;
    }
  }
  if (InmIsInputError(n)) fprintf(stderr, "inmvisc: error: %s\n", mess ? mess : "(no message)");
  else fprintf(stderr, "inmvisc: error: %s [%s() at %s:%d, PETSc error %d]\n", mess ? mess : "(no message)", fun, file, line, (int)n);
  fflush(stderr);
  return n;
}

/* BLAS threads per rank (SPEC §12). Every solver here runs one MPI rank per core; OpenBLAS
 * would by default start one thread per core of the node in every rank, and a rank that
 * mpiexec bound to one core would then run several BLAS threads on it (measured: the SLEPc
 * solve of a 500-atom liquid took 7.4 s instead of 2.8 s). So, unless the user set
 * OPENBLAS_NUM_THREADS or OMP_NUM_THREADS: as many threads as the cores this rank may run on,
 * and a rank free to run anywhere (no binding) shares the node's cores with the node's other
 * ranks. Returns the count chosen (0 when the user's setting is left alone). */
static PetscErrorCode SetBlasThreads(PetscInt *nthreads)
{
  cpu_set_t   mask;
  MPI_Comm    node;
  PetscMPIInt nranks;
  long        online = sysconf(_SC_NPROCESSORS_ONLN);
  int         mine   = (int)online;

  PetscFunctionBegin;
  *nthreads = 0;
  if (getenv("OPENBLAS_NUM_THREADS") || getenv("OMP_NUM_THREADS")) PetscFunctionReturn(0);
  if (!sched_getaffinity(0, sizeof(mask), &mask)) mine = CPU_COUNT(&mask);
  PetscCallMPI(MPI_Comm_split_type(PETSC_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  PetscCallMPI(MPI_Comm_size(node, &nranks));
  PetscCallMPI(MPI_Comm_free(&node));
  if (mine >= online) mine = (int)(online / nranks); /* unbound: a share of the node */
  *nthreads = PetscMax(1, mine);
  openblas_set_num_threads((int)*nthreads);
  PetscFunctionReturn(0);
}

PetscInt INM_BLAS_THREADS = 0;

/* Every -options_file on the command line must be readable. PETSc finds a missing one inside
 * PetscInitialize, before any error handler of ours, and prints a 17-line traceback on every
 * rank: so MPI is started first (PETSc then leaves it to InmFinalize to stop) and rank 0 says
 * it in one line. Returns non-zero when a file is missing. */
static int InmInitMPI;
static int CheckOptionsFiles(int argc, char **argv)
{
  int rank = 0, bad = 0;
  if (MPI_Init(&argc, &argv) != MPI_SUCCESS) return 1;
  InmInitMPI = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  for (int i = 1; i < argc && !bad; i++)
    if (!strcmp(argv[i], "-options_file")) {
      FILE *f = i + 1 < argc ? fopen(argv[i + 1], "r") : NULL;
      if (!f) {
        if (rank == 0) fprintf(stderr, "inmvisc: error: -options_file %s: %s\n", i + 1 < argc ? argv[i + 1] : "(no file named)", i + 1 < argc ? strerror(errno) : "needs a file");
        bad = 1;
      } else fclose(f);
    }
  if (bad) MPI_Finalize();
  return bad;
}

/* What PETSc's option parsing lets through silently, for every option at once, before any
 * work: an empty entry in a comma-separated list ("-temperatures 2.0,,1" would be read as
 * 2.0, 0, 1 or stop at the gap) and an integer beyond PetscInt ("-natoms 99999999999" would
 * wrap to 1215752191 with 32-bit indices). A real-valued option given as a huge integer must
 * then be written as 3e9, not 3000000000. */
static PetscErrorCode CheckOptionValues(void)
{
  char *all = NULL, *save = NULL, last[256] = "";

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetAll(NULL, &all));
  for (char *w = strtok_r(all, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    const size_t len = strlen(w);
    if (IsOptionName(w)) {
      PetscCall(PetscSNPrintf(last, sizeof(last), "%s", w));
      continue;
    }
    if (strchr(w, ',') && (w[0] == ',' || w[len - 1] == ',' || strstr(w, ",,"))) {
      char msg[512]; /* before the free: w points into all */
      PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s %s", last, w));
      PetscCall(PetscFree(all));
      SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "%s: an empty entry in the list", msg);
    }
    for (const char *e = w; e;) {
      const char *c = strchr(e, ','), *d = e + (*e == '-' || *e == '+');
      const size_t l = c ? (size_t)(c - e) : strlen(e), ld = l - (size_t)(d - e);
      PetscBool    digits = ld > 0;
      for (size_t k = 0; k < ld; k++) digits = digits && isdigit((unsigned char)d[k]);
      if (digits && (ld > 18 || strtoll(d, NULL, 10) > PETSC_MAX_INT)) {
        char msg[512]; /* before the free: w and e point into all */
        PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s %s: %.*s", last, w, (int)PetscMin(l, (size_t)64), e));
        PetscCall(PetscFree(all));
        SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "%s is beyond the largest integer here, %d (write a real value as 3e9)", msg, (int)PETSC_MAX_INT);
      }
      e = c ? c + 1 : NULL;
    }
  }
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

PetscErrorCode InmInitialize(int *argc, char ***argv, const char help[])
{
  PetscClassId classid;

  PetscFunctionBegin;
  if (CheckOptionsFiles(*argc, *argv)) return PETSC_ERR_USER_INPUT;
  PetscCall(SlepcInitialize(argc, argv, NULL, help)); /* initializes PETSc too */
  PetscCall(SetBlasThreads(&INM_BLAS_THREADS));
  PetscCall(PetscPushErrorHandler(InmErrorHandler, NULL));
  /* HDF5's own error-stack printing is off for the whole run, once: every HDF5 call's result
   * is checked and a failure is reported by inmvisc in one line (file, place, problem). */
  PetscCheck(H5Eset_auto2(H5E_DEFAULT, NULL, NULL) >= 0, PETSC_COMM_WORLD, PETSC_ERR_LIB, "HDF5: cannot set its error reporting");
  PetscCall(CheckOptionValues());
  PetscCall(PetscClassIdRegister("inmvisc", &classid));
  PetscCall(PetscLogEventRegister("InmRead", classid, &INM_EVENTS.read));
  PetscCall(PetscLogEventRegister("InmNeighbor", classid, &INM_EVENTS.neighbor));
  PetscCall(PetscLogEventRegister("InmForces", classid, &INM_EVENTS.forces));
  PetscCall(PetscLogEventRegister("InmHessian", classid, &INM_EVENTS.hessian));
  PetscCall(PetscLogEventRegister("InmAffine", classid, &INM_EVENTS.affine));
  PetscCall(PetscLogEventRegister("InmEigen", classid, &INM_EVENTS.eigen));
  PetscCall(PetscLogEventRegister("InmModes", classid, &INM_EVENTS.modes));
  PetscCall(PetscLogEventRegister("InmWrite", classid, &INM_EVENTS.write));
  PetscFunctionReturn(0);
}

PetscErrorCode InmFinalize(void)
{
  PetscFunctionBegin;
  PetscCall(PetscPopErrorHandler());
  PetscCall(SlepcFinalize());
  if (InmInitMPI) PetscCallMPI(MPI_Finalize());
  PetscFunctionReturn(0);
}

PetscErrorCode InmCheckCollective(MPI_Comm comm, PetscMPIInt root, PetscErrorCode ierr)
{
  PetscMPIInt rank;
  int         flag = (int)ierr;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Bcast(&flag, 1, MPI_INT, root, comm));
  if (rank == root && ierr) return ierr; /* already reported where it was raised */
  if (flag) return INM_ERR_ELSEWHERE;   /* silent: the root printed the message */
  PetscFunctionReturn(0);
}

PetscErrorCode InmPartialPath(const char path[], char partial[], size_t len)
{
  PetscFunctionBegin;
  PetscCheck(path && path[0], PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "empty output path");
  PetscCheck(strlen(path) + 9 < len, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: output path too long", path);
  PetscCall(PetscSNPrintf(partial, len, "%s.partial", path));
  PetscFunctionReturn(0);
}

PetscErrorCode InmCommitFile(MPI_Comm comm, const char path[])
{
  char        partial[PETSC_MAX_PATH_LEN];
  PetscMPIInt rank;
  int         err = 0;

  PetscFunctionBegin;
  PetscCall(InmPartialPath(path, partial, sizeof(partial)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) err = rename(partial, path) ? 1 : 0;
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "%s: cannot rename %s to it", path, partial);
  PetscFunctionReturn(0);
}

PetscErrorCode InmDiscardFile(MPI_Comm comm, const char path[])
{
  char        partial[PETSC_MAX_PATH_LEN];
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCall(InmPartialPath(path, partial, sizeof(partial)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) (void)remove(partial);
  PetscFunctionReturn(0);
}

PetscErrorCode InmProgress(MPI_Comm comm, const char stage[], PetscInt i, PetscInt n, PetscLogDouble t0)
{
  PetscLogDouble now, el, eta;

  PetscFunctionBegin;
  PetscCall(PetscTime(&now));
  el  = now - t0;
  eta = (i > 0 && n > i) ? el * (n - i) / i : 0.0;
  PetscCall(PetscPrintf(comm, "[%s] %" PetscInt_FMT "/%" PetscInt_FMT "  elapsed %.1f s  ETA %.1f s\n", stage, i, n, (double)el, (double)eta));
  PetscFunctionReturn(0);
}

PetscErrorCode InmCheckWritable(MPI_Comm comm, const char path[])
{
  char        dir[PETSC_MAX_PATH_LEN];
  char       *slash;
  PetscMPIInt rank;
  int         st = 0;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(dir, path, sizeof(dir)));
  slash = strrchr(dir, '/');
  if (!slash) PetscCall(PetscStrncpy(dir, ".", sizeof(dir)));
  else if (slash == dir) dir[1] = '\0';
  else *slash = '\0';
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    struct stat so;
    st = access(dir, F_OK) ? 1 : (access(dir, W_OK) ? 2 : 0);
    if (!st && !stat(path, &so) && S_ISDIR(so.st_mode)) st = 3;
    if (!st) { /* access() says yes to root everywhere, also in /proc: create a file to know */
      char probe[PETSC_MAX_PATH_LEN + 32];
      int  fd;
      snprintf(probe, sizeof(probe), "%s/.inmvisc-probe-XXXXXX", dir);
      fd = mkstemp(probe);
      if (fd < 0) st = 2;
      else {
        close(fd);
        unlink(probe);
      }
    }
  }
  PetscCallMPI(MPI_Bcast(&st, 1, MPI_INT, 0, comm));
  PetscCheck(st != 1, comm, PETSC_ERR_FILE_OPEN, "%s: cannot write: directory %s does not exist", path, dir);
  PetscCheck(st != 2, comm, PETSC_ERR_FILE_OPEN, "%s: cannot write: no file can be created in %s", path, dir);
  PetscCheck(st != 3, comm, PETSC_ERR_FILE_OPEN, "%s: is a directory; the output is a file", path);
  PetscFunctionReturn(0);
}

PetscErrorCode InmCheckNotInput(MPI_Comm comm, const char output[], PetscInt n, const char *const inputs[])
{
  PetscMPIInt rank;
  int         same = -1;
  struct stat so, si;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0 && !stat(output, &so))
    for (PetscInt k = 0; k < n && same < 0; k++)
      if (!stat(inputs[k], &si) && si.st_dev == so.st_dev && si.st_ino == so.st_ino) same = (int)k;
  PetscCallMPI(MPI_Bcast(&same, 1, MPI_INT, 0, comm));
  PetscCheck(same < 0, comm, PETSC_ERR_USER_INPUT, "%s: is the input %s (the same file): writing it would destroy the input; choose another -output", output, rank == 0 ? inputs[same] : "");
  PetscFunctionReturn(0);
}

PetscErrorCode InmReplicatedBegin(MPI_Comm comm)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  inm_quiet = rank != 0 ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode InmReplicatedEnd(MPI_Comm comm, PetscErrorCode ierr)
{
  PetscMPIInt rank;
  int         mine[2], any[2];

  PetscFunctionBegin;
  inm_quiet = PETSC_FALSE;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  mine[0] = rank == 0 ? (int)ierr : 0; /* rank 0's code, which it printed */
  mine[1] = ierr ? 1 : 0;             /* did anybody fail */
  PetscCallMPI(MPI_Allreduce(mine, any, 2, MPI_INT, MPI_MAX, comm));
  if (ierr && rank == 0) return ierr;
  PetscCheck(!(any[1] && !any[0] && rank == 0), PETSC_COMM_SELF, PETSC_ERR_PLIB, "replicated work failed on another rank but not on rank 0 (rerun on one rank to see the message)");
  if (any[1]) return INM_ERR_ELSEWHERE;
  PetscFunctionReturn(0);
}

PetscErrorCode InmAvailableMemoryGiB(PetscReal *gib)
{
  FILE     *fp;
  char      line[256];
  long      kb    = -1;

  PetscFunctionBegin;
  *gib = PETSC_MAX_REAL;
  if ((fp = fopen("/proc/meminfo", "r"))) {
    while (fgets(line, sizeof(line), fp))
      if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1) break;
    fclose(fp);
  }
  if (kb > 0) *gib = kb / (1024.0 * 1024.0);
  PetscFunctionReturn(0);
}

PetscErrorCode InmChoiceIndex(MPI_Comm comm, const char option[], const char value[], PetscInt n, const char *const choices[], PetscInt *index)
{
  char list[256] = "";

  PetscFunctionBegin;
  for (PetscInt k = 0; k < n; k++) {
    PetscBool same;
    PetscCall(PetscStrcmp(value, choices[k], &same));
    if (same) {
      *index = k;
      PetscFunctionReturn(0);
    }
    if (k) PetscCall(PetscStrlcat(list, ", ", sizeof(list)));
    PetscCall(PetscStrlcat(list, choices[k], sizeof(list)));
  }
  SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s '%s' is not known (%s)", option, value, list);
}

PetscErrorCode InmOptionsCheckUnused(MPI_Comm comm)
{
  PetscInt  n, nleft;
  char    **names, **values, list[1024] = "";
  PetscBool left = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-options_left", &left, NULL));
  if (!left) PetscFunctionReturn(0);
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt k = 0; k < n; k++) {
    PetscCall(PetscStrlcat(list, k ? ", -" : "-", sizeof(list)));
    PetscCall(PetscStrlcat(list, names[k], sizeof(list)));
  }
  nleft = n; /* Restore zeroes n */
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscCheck(nleft == 0, comm, PETSC_ERR_USER_INPUT, "unknown or unused option%s %s (see -help; -options_left 0 to allow)", nleft > 1 ? "s" : "", list);
  PetscFunctionReturn(0);
}

PetscErrorCode InmCheckInputFile(const char path[])
{
  struct stat st;

  PetscFunctionBegin;
  PetscCheck(path && path[0], PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "an input file name is empty");
  PetscCheck(!stat(path, &st), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: %s", path, strerror(errno));
  PetscCheck(!S_ISDIR(st.st_mode), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: is a directory, not a file", path);
  PetscCheck(!access(path, R_OK), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: not readable: %s", path, strerror(errno));
  PetscFunctionReturn(0);
}
