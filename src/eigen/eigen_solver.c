/* The eigen-solver object of `inmvisc modes` (SPEC §5): one place that reads every option of
 * every solver, once, and one dispatch from the type to the solver.
 *
 *   type        what it finds                                   from
 *   lapack      every mode (or the nev lowest), serial dsyevd   D gathered to rank 0
 *   scalapack   every mode, pdsyevd / pdsyevr                   the generator, block-cyclic
 *   elpa1/2     every mode, ELPA 1- or 2-stage                  the generator, block-cyclic
 *   slepc       the unstable branch lambda < -delta max|lambda|  D (and the generator, for the
 *               by spectrum slicing ("slicing" given)           rank groups of the block slicing)
 *   kpm         no mode: the Chebyshev moments of the shear    D
 *               channels' Xi~ measures and of the DOS
 * and, with -inm_kpm_moments, the moments beside the modes of lapack or slicing (issue 18).
 * The canonical name of the unstable-branch type stays "slepc": campaign identities and
 * results files on disk carry it. */
#include "eigen_impl.h"
#include <slepceps.h>

struct _p_InmEigenSolver {
  MPI_Comm        comm;
  char           *prefix;
  InmEigenOptions o;
  char            given[16]; /* -inm_solver as given */
  PetscInt        type;      /* index of o.type in Types, set by SetUp */
  PetscBool       setup;
};

static const char *const Types[] = {"lapack", "scalapack", "elpa1", "elpa2", "slepc", "kpm"};
enum { TYPE_LAPACK, TYPE_SCALAPACK, TYPE_ELPA1, TYPE_ELPA2, TYPE_SLICING, TYPE_KPM, NTYPES };

/* Options that change the numbers beyond the type and nev, for a campaign's identity; tuning
 * (block sizes, groups, orderings, tolerances that only decide when to stop) is not among them.
 * Each with the key the identity text gives it: the name it had when campaigns first recorded
 * it, so that renaming an option (-inm_slepc_* -> -inm_unstable_*, issue 20) refuses no
 * campaign on disk. */
static const char *const IdentityOptions[][2] = {
  {"-inm_unstable_delta", "-inm_slepc_delta"},
  {"-inm_unstable_bound", "-inm_slepc_bound"},
  {"-inm_unstable_interval", "-inm_slepc_interval"},
  {"-inm_unstable_count_only", "-inm_slepc_count_only"},
  {"-inm_vectors", "-inm_vectors"},
  {"-inm_kpm_moments", "-inm_kpm_moments"},
  {"-inm_kpm_dos_moments", "-inm_kpm_dos_moments"},
  {"-inm_kpm_vectors", "-inm_kpm_vectors"},
  {"-inm_kpm_seed", "-inm_kpm_seed"},
  {"-inm_kpm_sites", "-inm_kpm_sites"},
  {"-inm_kpm_site_moments", "-inm_kpm_site_moments"},
};

/* The moments per shear channel of a solve: -inm_kpm_moments, or 2048 for type kpm, whose
 * moments are the result (no modes), when none are given. */
static PetscInt KPMMoments(const InmEigenOptions *o, PetscInt type)
{
  return type == TYPE_KPM && !o->kpm.nmom ? 2048 : o->kpm.nmom;
}

PetscErrorCode InmEigenOptionsDefault(InmEigenOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  PetscCall(PetscStrncpy(o->type, INM_MODES_DEFAULT_SOLVER, sizeof(o->type)));
  o->full                  = PETSC_TRUE;
  o->dense.elpa_stage      = 2; /* SPEC §5: "elpa" is the 2-stage solver unless -elpa_solver 1 */
  o->dense.block           = 48;
  o->dense.driver          = INM_SCALAPACK_AUTO;
  o->unstable.method       = INM_UNSTABLE_BLOCK;
  o->unstable.delta        = 1e-8;
  o->unstable.tol          = 1e-10;
  o->slicing.size          = 400;
  o->slicing.block         = 32;
  o->slicing.lanczos_steps = 200;
  o->slicing.partial       = PETSC_TRUE;
  PetscCall(InmLDLTOptionsDefault(&o->ldlt));
  o->kpm.dos_nmom  = 512;
  o->kpm.nvec      = 10;
  o->kpm.site_nmom = 1024;
  o->kpm.seed      = 1;
  o->kpm.block     = 12;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenOptionsMemoryGiB(const InmEigenOptions *o, PetscReal *gib)
{
  PetscFunctionBegin;
  PetscCall(InmAvailableMemoryGiB(gib));
  if (o && o->max_memory_gb > 0) *gib = o->max_memory_gb;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverCreate(MPI_Comm comm, InmEigenSolver *out)
{
  InmEigenSolver es;

  PetscFunctionBegin;
  PetscCall(PetscNew(&es));
  es->comm = comm;
  PetscCall(InmEigenOptionsDefault(&es->o));
  PetscCall(PetscStrncpy(es->given, es->o.type, sizeof(es->given)));
  *out = es;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverSetOptionsPrefix(InmEigenSolver es, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(PetscFree(es->prefix));
  if (prefix) PetscCall(PetscStrallocpy(prefix, &es->prefix));
  PetscFunctionReturn(0);
}

/* The canonical name of `given` (elpa: by -elpa_solver; slicing: slepc), or an error. */
static PetscErrorCode Canonical(InmEigenSolver es, const char given[], PetscInt *type)
{
  char      name[16];
  PetscBool elpa, slicing;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(given, "elpa", &elpa));
  PetscCall(PetscStrcmp(given, "slicing", &slicing));
  PetscCall(PetscStrncpy(name, elpa ? (es->o.dense.elpa_stage == 1 ? "elpa1" : "elpa2") : slicing ? "slepc" : given, sizeof(name)));
  for (PetscInt k = 0; k < NTYPES; k++) {
    PetscBool same;
    PetscCall(PetscStrcmp(name, Types[k], &same));
    if (same) {
      *type = k;
      PetscFunctionReturn(0);
    }
  }
  SETERRQ(es->comm, PETSC_ERR_USER_INPUT, "-%sinm_solver '%s' is not known (lapack, scalapack, elpa, elpa1, elpa2, slicing or its old name slepc, kpm)", es->prefix ? es->prefix : "", given);
}

PetscErrorCode InmEigenSolverSetType(InmEigenSolver es, const char type[])
{
  PetscInt k;

  PetscFunctionBegin;
  PetscCall(Canonical(es, type, &k));
  PetscCall(PetscStrncpy(es->given, type, sizeof(es->given)));
  PetscCall(PetscStrncpy(es->o.type, Types[k], sizeof(es->o.type)));
  es->o.full  = (PetscBool)(k <= TYPE_ELPA2);
  es->setup   = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverGetType(InmEigenSolver es, const char **type, PetscBool *full)
{
  PetscFunctionBegin;
  if (type) *type = es->o.type;
  if (full) *full = es->o.full;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverGetOptions(InmEigenSolver es, InmEigenOptions **o)
{
  PetscFunctionBegin;
  *o        = &es->o;
  es->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverSetFromOptions(InmEigenSolver es)
{
  InmEigenOptions *o = &es->o;
  char             given[16], slice[64];
  PetscInt         nvec = 64;
  PetscBool        hasvec;
  EPS              eps;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(given, es->given, sizeof(given)));
  PetscOptionsBegin(es->comm, es->prefix, "Eigen-solver of the dynamical matrix (inmvisc modes)", "modes");
  PetscCall(PetscOptionsString("-inm_solver", "Eigen-solver (default " INM_MODES_DEFAULT_SOLVER ", the faster of ELPA's two on this build): lapack (serial), scalapack, elpa1, elpa2 or elpa (-elpa_solver 1|2, default 2) for the full spectrum; slicing (old name: slepc) for the unstable branch by spectrum slicing (-inm_unstable_method); kpm: no modes, the KPM moments only (-inm_kpm_*)", "modes", given, given, sizeof(given), NULL));
  PetscCall(PetscOptionsInt("-inm_nev", "Number of lowest modes (0 = all 3N)", "modes", o->nev, &o->nev, NULL));
  PetscCall(PetscOptionsIntArray("-inm_vectors", "Keep the eigenvectors of these modes (indices in ascending lambda)", "modes", o->vectors, &nvec, &hasvec));
  PetscCall(PetscOptionsReal("-inm_max_memory_gb", "Memory of a node in GiB that the solvers may plan for (0 or less: MemAvailable of /proc/meminfo)", "modes", o->max_memory_gb, &o->max_memory_gb, NULL));
  PetscOptionsEnd();
  if (hasvec) o->nvectors = nvec;
  PetscCheck(o->nev >= 0, es->comm, PETSC_ERR_USER_INPUT, "-inm_nev %" PetscInt_FMT ": a number of modes, at least 1 (0: all 3N)", o->nev);
  PetscCall(InmDenseOptionsRead(es->comm, es->prefix, &o->dense));
  PetscCall(InmUnstableOptionsRead(es->comm, es->prefix, &o->unstable));
  PetscCall(InmBlockSlicingOptionsRead(es->comm, es->prefix, &o->slicing));
  PetscCall(PetscSNPrintf(slice, sizeof(slice), "%sinm_slice_", es->prefix ? es->prefix : ""));
  PetscCall(InmLDLTOptionsRead(es->comm, slice, &o->ldlt));
  PetscCall(InmKPMOptionsRead(es->comm, es->prefix, &o->kpm));
  { /* -inm_unstable_method slepc-ks and slepc-extreme: SLEPc's own options with the prefix -inm_ (read
     * by SLEPc when it solves; listed here for -help) */
    PetscBool help;
    PetscCall(PetscOptionsHasHelp(NULL, &help));
    if (help) {
      char eprefix[64];
      PetscCall(PetscSNPrintf(eprefix, sizeof(eprefix), "%sinm_", es->prefix ? es->prefix : ""));
      PetscCall(EPSCreate(es->comm, &eps));
      PetscCall(EPSSetOptionsPrefix(eps, eprefix));
      PetscCall(EPSSetFromOptions(eps));
      PetscCall(EPSDestroy(&eps));
    }
  }
  PetscCall(InmEigenSolverSetType(es, given)); /* after -elpa_solver: "elpa" is 1- or 2-stage by it */
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverSetUp(InmEigenSolver es)
{
  InmEigenOptions *o = &es->o;
  PetscInt         k;
  PetscBool        sparse;

  PetscFunctionBegin;
  if (es->setup) PetscFunctionReturn(0);
  PetscCall(Canonical(es, o->type, &k)); /* o->type may have been changed through GetOptions */
  es->type = k;
  o->full = (PetscBool)(k <= TYPE_ELPA2);
  sparse  = (PetscBool)(k == TYPE_LAPACK || k == TYPE_SLICING || k == TYPE_KPM);
  PetscCheck(!o->kpm.nsites || o->kpm.nmom || k == TYPE_KPM, es->comm, PETSC_ERR_USER_INPUT, "-inm_kpm_sites %" PetscInt_FMT " without -inm_kpm_moments: the local densities come with the moments (-inm_kpm_moments M, or -inm_solver kpm)", o->kpm.nsites);
  PetscCheck(!o->kpm.nmom || sparse, es->comm, PETSC_ERR_USER_INPUT, "-inm_kpm_moments with -inm_solver %s: the moments come from the sparse D of -inm_solver lapack or slicing (a dense solver has every mode already)", es->given);
  PetscCheck(!((k == TYPE_SLICING || k == TYPE_KPM) && o->nev), es->comm, PETSC_ERR_USER_INPUT, "-inm_nev %" PetscInt_FMT " with -inm_solver %s: that solver finds %s, not a number of modes (use lapack, scalapack or elpa)", o->nev, es->given, k == TYPE_SLICING ? "the whole unstable branch" : "no modes");
  PetscCheck(o->nvectors <= 64, es->comm, PETSC_ERR_USER_INPUT, "-inm_vectors: at most 64 modes");
  es->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverSolve(InmEigenSolver es, MPI_Comm comm, InmHessianGenerator *gen, InmModes **modes, PetscLogDouble times[2])
{
  InmEigenOptions o;
  PetscLogDouble  t0, t1, t2;
  PetscInt        k;

  PetscFunctionBegin;
  PetscCall(InmEigenSolverSetUp(es));
  o = es->o; /* this solve's copy: a type's own defaults (kpm's moments) never stick to the object */
  k = es->type;
  PetscCheck(o.nev <= 3 * gen->cfg->nglobal, comm, PETSC_ERR_USER_INPUT, "-inm_nev %" PetscInt_FMT ": between 1 and 3N = %" PetscInt_FMT " modes (0: all of them)", o.nev, 3 * gen->cfg->nglobal);
  /* the others read rows of any atom (block-cyclic layouts, the groups' own copies of D) */
  PetscCheck(k == TYPE_KPM || !InmConfigIsDistributed(gen->cfg), comm, PETSC_ERR_USER_INPUT, "%s: a distributed configuration (-config_distribute) is read by -inm_solver kpm only, not %s", gen->cfg->source, es->given);
  o.kpm.nmom = KPMMoments(&o, k);
  PetscCall(PetscTime(&t0));
  if (k == TYPE_SCALAPACK || k == TYPE_ELPA1 || k == TYPE_ELPA2) { /* filled straight into the block-cyclic layout */
    t1 = t0;
    PetscCall(InmModesSolveDense(comm, gen, &o, modes));
  } else {
    Mat D;
    Vec xi[INM_NCHANNEL];
    PetscCall(InmDynamicalMatrixCreate(comm, gen, PETSC_DECIDE, &D, xi));
    PetscCall(PetscTime(&t1));
    if (k == TYPE_LAPACK) PetscCall(InmModesSolveLapack(D, xi, &o, modes));
    else if (k == TYPE_KPM) {
      PetscCall(InmModesCreate(gen->cfg->nglobal, 0, modes));
      (*modes)->unstable_count = -1;
    } else if (o.unstable.method == INM_UNSTABLE_BLOCK && !o.unstable.count_only) PetscCall(InmModesSolveBlockSlicing(comm, gen, D, xi, &o, modes));
    else PetscCall(InmModesSolveSlepcUnstable(D, xi, &o, modes));
    PetscCall(InmModesComputeKPM(D, xi, &o.kpm, *modes));
    PetscCall(MatDestroy(&D));
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&xi[c]));
  }
  PetscCall(PetscTime(&t2));
  if (times) {
    times[0] = t1 - t0;
    times[1] = t2 - t1;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverView(InmEigenSolver es, PetscViewer viewer)
{
  const InmEigenOptions *o = &es->o;

  PetscFunctionBegin;
  PetscCall(InmEigenSolverSetUp(es)); /* the type's index */
  PetscCall(PetscViewerASCIIPrintf(viewer, "eigen-solver %s (-inm_solver %s): %s", o->type, es->given, o->full ? (o->nev ? "the lowest modes" : "every mode") : es->type == TYPE_KPM ? "no mode, the KPM moments" : "the unstable branch"));
  if (o->nev) PetscCall(PetscViewerASCIIPrintf(viewer, " (%" PetscInt_FMT ")", o->nev));
  if (KPMMoments(o, es->type)) PetscCall(PetscViewerASCIIPrintf(viewer, "; KPM %" PetscInt_FMT " moments per shear channel, %" PetscInt_FMT " random vectors x %" PetscInt_FMT " (DOS)", KPMMoments(o, es->type), o->kpm.nvec, o->kpm.dos_nmom));
  if (o->nvectors) PetscCall(PetscViewerASCIIPrintf(viewer, "; %" PetscInt_FMT " eigenvector(s) kept", o->nvectors));
  PetscCall(PetscViewerASCIIPrintf(viewer, "\n"));
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverAppendIdentity(InmEigenSolver es, char *text, size_t len, size_t *used)
{
  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(IdentityOptions) / sizeof(IdentityOptions[0]); k++) {
    /* as given (after SetFromOptions, which has moved a deprecated name to its new one): a
     * campaign made with the same options has the same identity, whatever the defaults */
    char      value[PETSC_MAX_PATH_LEN];
    PetscBool set;
    PetscCall(PetscOptionsGetString(NULL, es->prefix, IdentityOptions[k][0], value, sizeof(value), &set));
    if (set && *used < len) *used += (size_t)snprintf(text + *used, len - *used, "%s %s\n", IdentityOptions[k][1], value);
  }
  PetscCheck(*used < len, PETSC_COMM_SELF, PETSC_ERR_PLIB, "campaign identity text longer than %zu characters", len);
  PetscFunctionReturn(0);
}

PetscErrorCode InmEigenSolverDestroy(InmEigenSolver *es)
{
  PetscFunctionBegin;
  if (!*es) PetscFunctionReturn(0);
  PetscCall(PetscFree((*es)->prefix));
  PetscCall(PetscFree(*es));
  PetscFunctionReturn(0);
}
