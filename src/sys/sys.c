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
#include <stdio.h>
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

PetscErrorCode InmInitialize(int *argc, char ***argv, const char help[])
{
  PetscClassId classid;

  PetscFunctionBegin;
  PetscCall(SlepcInitialize(argc, argv, NULL, help)); /* initializes PETSc too */
  PetscCall(SetBlasThreads(&INM_BLAS_THREADS));
  PetscCall(PetscPushErrorHandler(InmErrorHandler, NULL));
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
  if (rank == 0) st = access(dir, F_OK) ? 1 : (access(dir, W_OK) ? 2 : 0);
  PetscCallMPI(MPI_Bcast(&st, 1, MPI_INT, 0, comm));
  PetscCheck(st != 1, comm, PETSC_ERR_FILE_OPEN, "%s: cannot write: directory %s does not exist", path, dir);
  PetscCheck(st != 2, comm, PETSC_ERR_FILE_OPEN, "%s: cannot write: directory %s is not writable", path, dir);
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
  PetscReal maxgb;

  PetscFunctionBegin;
  *gib = PETSC_MAX_REAL;
  if ((fp = fopen("/proc/meminfo", "r"))) {
    while (fgets(line, sizeof(line), fp))
      if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1) break;
    fclose(fp);
  }
  if (kb > 0) *gib = kb / (1024.0 * 1024.0);
  PetscCall(InmMemoryLimitOption(PETSC_COMM_SELF, &maxgb));
  if (maxgb > 0) *gib = maxgb;
  PetscFunctionReturn(0);
}

PetscErrorCode InmMemoryLimitOption(MPI_Comm comm, PetscReal *maxgb)
{
  PetscFunctionBegin;
  *maxgb = 0;
  PetscOptionsBegin(comm, NULL, "Memory guard of the eigen-solvers", "modes");
  PetscCall(PetscOptionsReal("-inm_max_memory_gb", "Memory of a node in GiB that the solvers may plan for (0 or less: MemAvailable of /proc/meminfo)", "modes", *maxgb, maxgb, NULL));
  PetscOptionsEnd();
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
