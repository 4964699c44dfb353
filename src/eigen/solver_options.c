/* The eigen-solvers' options (SPEC §5). Each group is read by one function, in one
 * PetscOptionsBegin block: the solver that uses the options calls it, and so does
 * `inmvisc modes -help` (InmModesSolverOptionsHelp), which therefore lists every option of
 * every solver with its default without solving anything.
 *   dense:          -elpa_solver, -inm_block, -inm_scalapack_driver
 *   unstable branch: -inm_slepc_method, -inm_slepc_delta, -inm_slepc_tol,
 *                   -inm_slepc_interval, -inm_slepc_count_only, -inm_slepc_bound
 *   block slicing:  -inm_slice_* (and the LDL^T's, mumps_ldlt.c)
 *   memory guard:   -inm_max_memory_gb (sys.c)
 *   KPM moments:    -inm_kpm_* (with lapack or slicing: the spectral measures beside the modes)
 * and -inm_solver's names (InmModesSolverCanonical), since "elpa" is 1- or 2-stage by
 * -elpa_solver. */
#include "eigen_impl.h"
#include <slepceps.h>

static const char *const ScalapackDrivers[] = {"auto", "evd", "evr"};
static const char *const UnstableMethods[]  = {"block", "slicing", "extreme"};
static const char *const UnstableBounds[]   = {"lanczos", "gershgorin"};

PetscErrorCode InmDenseOptionsRead(MPI_Comm comm, InmDenseOptions *o)
{
  char     driver[16] = "auto";
  PetscInt k;

  PetscFunctionBegin;
  o->elpa_stage = 2; /* SPEC §5: "elpa" is the 2-stage solver by default */
  o->block      = 48;
  PetscOptionsBegin(comm, NULL, "Dense eigen-solvers (-inm_solver lapack, scalapack, elpa, elpa1, elpa2)", "modes");
  PetscCall(PetscOptionsInt("-elpa_solver", "ELPA's stages for -inm_solver elpa (1 or 2)", "modes", o->elpa_stage, &o->elpa_stage, NULL));
  PetscCall(PetscOptionsInt("-inm_block", "Block size of the block-cyclic layout (a multiple of 3: an atom's rows in one block)", "modes", o->block, &o->block, NULL));
  PetscCall(PetscOptionsString("-inm_scalapack_driver", "ScaLAPACK driver: evd = pdsyevd (all pairs), evr = pdsyevr (any part), auto = evd unless -inm_nev asks for a part", "modes", driver, driver, sizeof(driver), NULL));
  PetscOptionsEnd();
  PetscCall(InmChoiceIndex(comm, "-inm_scalapack_driver", driver, 3, ScalapackDrivers, &k));
  o->driver = (InmScalapackDriver)k;
  PetscCheck(o->elpa_stage == 1 || o->elpa_stage == 2, comm, PETSC_ERR_USER_INPUT, "-elpa_solver %" PetscInt_FMT " is not known (1 = 1-stage, 2 = 2-stage)", o->elpa_stage);
  PetscCheck(o->block > 0 && o->block % 3 == 0, comm, PETSC_ERR_USER_INPUT, "-inm_block %" PetscInt_FMT " must be a positive multiple of 3 (an atom's rows in one block)", o->block);
  PetscFunctionReturn(0);
}

PetscErrorCode InmUnstableOptionsRead(MPI_Comm comm, InmUnstableOptions *o)
{
  PetscInt ni = 2, k;
  char     method[16] = "block", bound[16] = "lanczos";

  PetscFunctionBegin;
  o->delta        = 1e-8;
  o->tol          = 1e-10;
  o->count_only   = PETSC_FALSE;
  o->has_interval = PETSC_FALSE;
  o->interval[0]  = o->interval[1] = 0;
  PetscOptionsBegin(comm, NULL, "Unstable branch (-inm_solver slepc)", "modes");
  PetscCall(PetscOptionsString("-inm_slepc_method", "block: block shift-and-invert Lanczos slicing (-inm_slice_*); slicing: SLEPc's Krylov-Schur spectrum slicing (-inm_eps_*, -inm_st_*); extreme: Krylov-Schur on D itself", "modes", method, method, sizeof(method), NULL));
  PetscCall(PetscOptionsReal("-inm_slepc_delta", "Upper end -delta*max|lambda| of the unstable branch (keeps the three translational zero modes out)", "modes", o->delta, &o->delta, NULL));
  PetscCall(PetscOptionsReal("-inm_slepc_tol", "Convergence: |T x - mu x| <= tol |mu|, T = (D - sigma)^-1", "modes", o->tol, &o->tol, NULL));
  PetscCall(PetscOptionsRealArray("-inm_slepc_interval", "lambda_a,lambda_b: slice [a,b] instead of the unstable branch (e.g. only the localized tail)", "modes", o->interval, &ni, &o->has_interval));
  PetscCall(PetscOptionsBool("-inm_slepc_count_only", "Only the count of unstable modes (f_u), from one LDL^T inertia at -delta", "modes", o->count_only, &o->count_only, NULL));
  PetscCall(PetscOptionsString("-inm_slepc_bound", "Lower end of SLEPc's slicing: lanczos (an estimate confirmed by an inertia) or gershgorin", "modes", bound, bound, sizeof(bound), NULL));
  PetscOptionsEnd();
  PetscCheck(!o->has_interval || (ni == 2 && o->interval[0] < o->interval[1]), comm, PETSC_ERR_USER_INPUT, "-inm_slepc_interval needs lambda_a,lambda_b with lambda_a < lambda_b");
  PetscCheck(o->delta > 0 && o->tol > 0, comm, PETSC_ERR_USER_INPUT, "-inm_slepc_delta and -inm_slepc_tol must be positive");
  PetscCall(InmChoiceIndex(comm, "-inm_slepc_method", method, 3, UnstableMethods, &k));
  o->method = (InmUnstableMethod)k;
  PetscCall(InmChoiceIndex(comm, "-inm_slepc_bound", bound, 2, UnstableBounds, &k));
  o->gershgorin = (PetscBool)(k == 1);
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockSlicingOptionsRead(MPI_Comm comm, InmBlockSlicingOptions *o)
{
  PetscFunctionBegin;
  o->size          = 400;
  o->block         = 32;
  o->groups        = 0;
  o->lanczos_steps = 200;
  o->max_dim       = 0;
  o->monitor       = PETSC_FALSE;
  o->partial       = PETSC_TRUE;
  PetscOptionsBegin(comm, NULL, "Block spectrum slicing (-inm_slepc_method block)", "modes");
  PetscCall(PetscOptionsInt("-inm_slice_size", "Eigenvalues per shift (fewer shifts: fewer factorisations, longer Krylov runs); default max(400, phi), phi the factorisation's cost in solved vectors (fewer when memory is short)", "modes", o->size, &o->size, &o->user_size));
  PetscCall(PetscOptionsInt("-inm_slice_block", "Block size of the Lanczos runs (right-hand sides per solve)", "modes", o->block, &o->block, NULL));
  PetscCall(PetscOptionsInt("-inm_slice_groups", "Rank groups that factor shifts at the same time (0: one rank per shift, fewer if memory is short)", "modes", o->groups, &o->groups, NULL));
  PetscCall(PetscOptionsInt("-inm_slice_lanczos_steps", "Lanczos steps of the spectral density estimate that places the shifts", "modes", o->lanczos_steps, &o->lanczos_steps, NULL));
  PetscCall(PetscOptionsInt("-inm_slice_max_dim", "Krylov dimension cap per shift (0: max(2000, 12 x slice size))", "modes", o->max_dim, &o->max_dim, NULL));
  PetscCall(PetscOptionsBool("-inm_slice_monitor", "One line per shift: inertia, cell, pairs, Krylov dimension, times", "modes", o->monitor, &o->monitor, NULL));
  PetscCall(PetscOptionsBool("-inm_slice_partial_reorth", "Reorthogonalise against the whole basis only when the estimated overlap needs it", "modes", o->partial, &o->partial, NULL));
  PetscOptionsEnd();
  PetscCheck(o->size > 0 && o->block > 0 && o->block <= 64, comm, PETSC_ERR_USER_INPUT, "-inm_slice_size must be positive and -inm_slice_block in 1..64");
  PetscCheck(o->groups >= 0 && o->lanczos_steps > 0 && o->max_dim >= 0, comm, PETSC_ERR_USER_INPUT, "-inm_slice_groups and -inm_slice_max_dim must not be negative, -inm_slice_lanczos_steps must be positive");
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMOptionsRead(MPI_Comm comm, InmKPMOptions *o)
{
  PetscInt seed = 1;

  PetscFunctionBegin;
  o->nmom     = 0;
  o->dos_nmom = 512;
  o->nvec     = 10;
  o->nsites    = 0;
  o->site_nmom = 1024;
  PetscOptionsBegin(comm, NULL, "Kernel polynomial method (-inm_kpm_moments; -inm_solver lapack or slicing)", "modes");
  PetscCall(PetscOptionsInt("-inm_kpm_moments", "Chebyshev moments of the spectral measure of each shear channel's Xi~ (even; 0: none): Eq. (1) for any class without eigenvectors", "modes", o->nmom, &o->nmom, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_dos_moments", "Chebyshev moments per random vector of the density of states (even)", "modes", o->dos_nmom, &o->dos_nmom, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_vectors", "Random +-1 vectors of the density of states (at least 2)", "modes", o->nvec, &o->nvec, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_sites", "Random atoms whose local densities of states give the typical density of states (0: none): rho_typ / rho_mean, a localisation measure without eigenvectors", "modes", o->nsites, &o->nsites, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_site_moments", "Chebyshev moments per local density of states (even)", "modes", o->site_nmom, &o->site_nmom, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_seed", "Seed of the random vectors (the same on any number of ranks)", "modes", seed, &seed, NULL));
  PetscOptionsEnd();
  PetscCheck(o->nmom == 0 || (o->nmom >= 4 && o->nmom % 2 == 0), comm, PETSC_ERR_USER_INPUT, "-inm_kpm_moments %" PetscInt_FMT ": an even number of at least 4 (0: none)", o->nmom);
  PetscCheck(o->dos_nmom >= 4 && o->dos_nmom % 2 == 0, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_dos_moments %" PetscInt_FMT ": an even number of at least 4", o->dos_nmom);
  PetscCheck(o->nvec >= 2, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_vectors %" PetscInt_FMT ": at least 2, for an error", o->nvec);
  PetscCheck(o->nsites == 0 || o->nsites >= 2, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_sites %" PetscInt_FMT ": at least 2 atoms (0: none)", o->nsites);
  PetscCheck(o->site_nmom >= 4 && o->site_nmom % 2 == 0, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_site_moments %" PetscInt_FMT ": an even number of at least 4", o->site_nmom);
  PetscCheck(seed >= 0, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_seed %" PetscInt_FMT ": not negative", seed);
  o->seed = (unsigned long long)seed;
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesSolverOptionsHelp(MPI_Comm comm)
{
  InmKPMOptions          kpm;
  InmDenseOptions        dense;
  InmUnstableOptions     unstable;
  InmBlockSlicingOptions slicing;
  PetscReal              maxgb;
  EPS                    eps;

  PetscFunctionBegin;
  PetscCall(InmDenseOptionsRead(comm, &dense));
  PetscCall(InmMemoryLimitOption(comm, &maxgb));
  PetscCall(InmUnstableOptionsRead(comm, &unstable));
  PetscCall(InmBlockSlicingOptionsRead(comm, &slicing));
  PetscCall(InmLDLTOptionsRead(comm, "inm_slice_", NULL));
  PetscCall(InmKPMOptionsRead(comm, &kpm));
  PetscCall(EPSCreate(comm, &eps)); /* -inm_slepc_method slicing: SLEPc's own, prefix -inm_ */
  PetscCall(EPSSetOptionsPrefix(eps, "inm_"));
  PetscCall(EPSSetFromOptions(eps));
  PetscCall(EPSDestroy(&eps));
  PetscFunctionReturn(0);
}

static const char *const InmSolverNames[] = {"lapack", "scalapack", "elpa1", "elpa2", "slepc", "kpm"};

PetscErrorCode InmModesSolverCanonical(MPI_Comm comm, const char given[], char canonical[], size_t len, PetscBool *full)
{
  PetscBool       elpa, slicing;
  InmDenseOptions o = {.elpa_stage = 2};

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(given, "elpa", &elpa)); /* SPEC §5: "elpa" is the 2-stage solver by default */
  PetscCall(PetscStrcmp(given, "slicing", &slicing));
  if (elpa) PetscCall(InmDenseOptionsRead(comm, &o));
  /* "slicing" names what the unstable-branch solver does (-inm_slepc_method block: our block
   * shift-and-invert Lanczos; slicing: SLEPc's Krylov-Schur); its canonical name stays "slepc",
   * the name campaign identities on disk were made with */
  PetscCall(PetscStrncpy(canonical, elpa ? (o.elpa_stage == 1 ? "elpa1" : "elpa2") : slicing ? "slepc" : given, len));
  for (size_t k = 0; k < sizeof(InmSolverNames) / sizeof(InmSolverNames[0]); k++) {
    PetscBool same;
    PetscCall(PetscStrcmp(canonical, InmSolverNames[k], &same));
    if (same) {
      if (full) *full = (PetscBool)(k < 4);
      PetscFunctionReturn(0);
    }
  }
  SETERRQ(comm, PETSC_ERR_USER_INPUT, "-inm_solver '%s' is not known (lapack, scalapack, elpa, elpa1, elpa2, slicing or its old name slepc, kpm)", given);
}
