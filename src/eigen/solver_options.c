/* The eigen-solvers' options (SPEC §5). Each group is read by one function, in one
 * PetscOptionsBegin block with the eigen-solver object's prefix; InmEigenSolverSetFromOptions
 * (eigen_solver.c) calls each once, so `inmvisc modes -help` lists every option of every solver
 * with its default, and no solver reads the options database.
 *   dense:          -elpa_solver, -inm_block, -inm_scalapack_driver
 *   unstable branch: -inm_unstable_method, -inm_unstable_delta, -inm_unstable_tol,
 *                   -inm_unstable_interval, -inm_unstable_count_only, -inm_unstable_bound
 *                   (until issue 20 -inm_slepc_*, still accepted with a warning)
 *   block slicing:  -inm_slice_* (and the LDL^T's, mumps_ldlt.c)
 *   memory guard:   -inm_max_memory_gb (sys.c)
 *   KPM moments:    -inm_kpm_* (with lapack or slicing: the spectral measures beside the modes)
 * The defaults are InmEigenOptionsDefault's (eigen_solver.c). */
#include "eigen_impl.h"
#include <slepceps.h>

static const char *const ScalapackDrivers[] = {"auto", "evd", "evr"};
/* the unstable branch's methods, then the names they had before issue 20 (-inm_slepc_method
 * slicing, extreme), still accepted */
static const char *const UnstableMethods[]  = {"block", "slepc-ks", "slepc-extreme", "slicing", "extreme"};
static const char *const UnstableBounds[]   = {"lanczos", "gershgorin"};

PetscErrorCode InmDenseOptionsRead(MPI_Comm comm, const char prefix[], InmDenseOptions *o)
{
  char     driver[16];
  PetscInt k;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(driver, ScalapackDrivers[o->driver], sizeof(driver)));
  PetscOptionsBegin(comm, prefix, "Dense eigen-solvers (-inm_solver lapack, scalapack, elpa, elpa1, elpa2)", "modes");
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

PetscErrorCode InmUnstableOptionsRead(MPI_Comm comm, const char prefix[], InmUnstableOptions *o)
{
  PetscInt ni = 2, k;
  char     method[16], bound[16];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(method, UnstableMethods[o->method], sizeof(method)));
  PetscCall(PetscStrncpy(bound, UnstableBounds[o->gershgorin], sizeof(bound)));
  PetscOptionsBegin(comm, prefix, "Unstable branch (-inm_solver slicing)", "modes");
  /* the names these options had while the solver was called slepc, accepted with a warning */
  PetscCall(PetscOptionsDeprecated("-inm_slepc_method", "-inm_unstable_method", "inmvisc 0.1", NULL));
  PetscCall(PetscOptionsDeprecated("-inm_slepc_delta", "-inm_unstable_delta", "inmvisc 0.1", NULL));
  PetscCall(PetscOptionsDeprecated("-inm_slepc_tol", "-inm_unstable_tol", "inmvisc 0.1", NULL));
  PetscCall(PetscOptionsDeprecated("-inm_slepc_interval", "-inm_unstable_interval", "inmvisc 0.1", NULL));
  PetscCall(PetscOptionsDeprecated("-inm_slepc_count_only", "-inm_unstable_count_only", "inmvisc 0.1", NULL));
  PetscCall(PetscOptionsDeprecated("-inm_slepc_bound", "-inm_unstable_bound", "inmvisc 0.1", NULL));
  PetscCall(PetscOptionsString("-inm_unstable_method", "block: our block shift-and-invert Lanczos slicing (-inm_slice_*); slepc-ks: SLEPc's Krylov-Schur spectrum slicing (-inm_eps_*, -inm_st_*); slepc-extreme: SLEPc's Krylov-Schur on D itself", "modes", method, method, sizeof(method), NULL));
  PetscCall(PetscOptionsReal("-inm_unstable_delta", "Upper end -delta*max|lambda| of the unstable branch (keeps the three translational zero modes out)", "modes", o->delta, &o->delta, NULL));
  PetscCall(PetscOptionsReal("-inm_unstable_tol", "Convergence: |T x - mu x| <= tol |mu|, T = (D - sigma)^-1", "modes", o->tol, &o->tol, NULL));
  PetscCall(PetscOptionsRealArray("-inm_unstable_interval", "lambda_a,lambda_b: slice [a,b] instead of the unstable branch (e.g. only the localized tail)", "modes", o->interval, &ni, &o->has_interval));
  PetscCall(PetscOptionsBool("-inm_unstable_count_only", "Only the count of unstable modes (f_u), from one LDL^T inertia at -delta", "modes", o->count_only, &o->count_only, NULL));
  PetscCall(PetscOptionsString("-inm_unstable_bound", "Lower end of SLEPc's slicing: lanczos (an estimate confirmed by an inertia) or gershgorin", "modes", bound, bound, sizeof(bound), NULL));
  PetscOptionsEnd();
  PetscCheck(!o->has_interval || (ni == 2 && o->interval[0] < o->interval[1]), comm, PETSC_ERR_USER_INPUT, "-inm_unstable_interval needs lambda_a,lambda_b with lambda_a < lambda_b");
  PetscCheck(o->delta > 0 && o->tol > 0, comm, PETSC_ERR_USER_INPUT, "-inm_unstable_delta and -inm_unstable_tol must be positive");
  for (int a = 3; a < 5; a++) { /* an old name: the method it named */
    PetscBool old;
    PetscCall(PetscStrcmp(method, UnstableMethods[a], &old));
    if (old) PetscCall(PetscStrncpy(method, UnstableMethods[a - 2], sizeof(method)));
  }
  PetscCall(InmChoiceIndex(comm, "-inm_unstable_method", method, 3, UnstableMethods, &k));
  o->method = (InmUnstableMethod)k;
  PetscCall(InmChoiceIndex(comm, "-inm_unstable_bound", bound, 2, UnstableBounds, &k));
  o->gershgorin = (PetscBool)(k == 1);
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockSlicingOptionsRead(MPI_Comm comm, const char prefix[], InmBlockSlicingOptions *o)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, prefix, "Block spectrum slicing (-inm_unstable_method block)", "modes");
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

PetscErrorCode InmKPMOptionsRead(MPI_Comm comm, const char prefix[], InmKPMOptions *o)
{
  PetscInt seed = (PetscInt)o->seed;

  PetscFunctionBegin;
  PetscOptionsBegin(comm, prefix, "Kernel polynomial method (-inm_kpm_moments; -inm_solver lapack or slicing)", "modes");
  PetscCall(PetscOptionsInt("-inm_kpm_moments", "Chebyshev moments of the spectral measure of each shear channel's Xi~ (even; 0: none): Eq. (1) for any class without eigenvectors", "modes", o->nmom, &o->nmom, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_dos_moments", "Chebyshev moments per random vector of the density of states (even)", "modes", o->dos_nmom, &o->dos_nmom, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_vectors", "Random +-1 vectors of the density of states (at least 2)", "modes", o->nvec, &o->nvec, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_sites", "Random atoms whose local densities of states give the typical density of states (0: none): rho_typ / rho_mean, a localisation measure without eigenvectors", "modes", o->nsites, &o->nsites, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_site_moments", "Chebyshev moments per local density of states (even)", "modes", o->site_nmom, &o->site_nmom, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_block", "Random vectors (or rows of sites) whose moments one sparse-times-dense product advances together: D is read once per step for all of them (the results agree to round-off for any block)", "modes", o->block, &o->block, NULL));
  PetscCall(PetscOptionsInt("-inm_kpm_seed", "Seed of the random vectors (the same on any number of ranks)", "modes", seed, &seed, NULL));
  PetscOptionsEnd();
  PetscCheck(o->nmom == 0 || (o->nmom >= 4 && o->nmom % 2 == 0), comm, PETSC_ERR_USER_INPUT, "-inm_kpm_moments %" PetscInt_FMT ": an even number of at least 4 (0: none)", o->nmom);
  PetscCheck(o->dos_nmom >= 4 && o->dos_nmom % 2 == 0, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_dos_moments %" PetscInt_FMT ": an even number of at least 4", o->dos_nmom);
  PetscCheck(o->nvec >= 2, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_vectors %" PetscInt_FMT ": at least 2, for an error", o->nvec);
  PetscCheck(o->nsites == 0 || o->nsites >= 2, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_sites %" PetscInt_FMT ": at least 2 atoms (0: none)", o->nsites);
  PetscCheck(o->site_nmom >= 4 && o->site_nmom % 2 == 0, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_site_moments %" PetscInt_FMT ": an even number of at least 4", o->site_nmom);
  PetscCheck(o->block >= 1, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_block %" PetscInt_FMT ": at least 1", o->block);
  PetscCheck(seed >= 0, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_seed %" PetscInt_FMT ": not negative", seed);
  o->seed = (unsigned long long)seed;
  PetscFunctionReturn(0);
}
