/* The unstable branch of the INM spectrum by spectrum slicing (SPEC §5; SLEPc manual,
 * "spectrum slicing"): all eigenpairs of D in [lambda_lo, -delta], found by Krylov-Schur
 * with shift-and-invert at a sequence of shifts, each factorisation (MUMPS Cholesky/LDL^T)
 * also giving the inertia, i.e. how many eigenvalues lie below the shift, so none is missed.
 *   lambda_lo = a Lanczos estimate of the lowest eigenvalue lowered by 5% of |lambda_min|,
 *               accepted only if one inertia shows no eigenvalue below it; otherwise the
 *               Gershgorin bound min_i (D_ii - sum_{j != i} |D_ij|), below every eigenvalue
 *               but often far below (wasted slices). -inm_unstable_bound gershgorin forces it.
 *   delta     = inm_unstable_delta * max(|lo|, |hi|)    (default 1e-8: the translational zero
 *               modes sit at ~1e-12 of the spectral radius, real unstable modes far above)
 * One inertia at -delta counts the unstable modes k first: none (a stable configuration) ends
 * the solve, and the slicing must return exactly k pairs; -inm_unstable_count_only stops there
 * (f_u from one factorisation). -inm_unstable_interval a,b slices [a, b] instead (e.g. only the
 * localized tail, b = -omega_c^2), its count from the inertias at a and b.
 * -inm_unstable_method slepc-extreme asks
 * Krylov-Schur on D itself (no shift-and-invert: only products with the sparse D) for the
 * k smallest eigenvalues; the unstable branch is the lower end of the spectrum.
 * Per mode: P from the local sums of |e_i|^2 and |e_i|^4 reduced over ranks (rows are split
 * by whole atoms), Gamma^c = (v . Xi~^c)^2 by distributed dot products. */
#include "eigen_impl.h"
#include <slepceps.h>

/* Lowest eigenvalue of S from a few Lanczos iterations (no factorisation). */
static PetscErrorCode LanczosLowest(Mat S, PetscReal *lmin)
{
  EPS         eps;
  PetscInt    nconv;
  PetscScalar kr;

  PetscFunctionBegin;
  PetscCall(EPSCreate(PetscObjectComm((PetscObject)S), &eps));
  PetscCall(EPSSetOptionsPrefix(eps, "inm_bound_"));
  PetscCall(EPSSetOperators(eps, S, NULL));
  PetscCall(EPSSetProblemType(eps, EPS_HEP));
  PetscCall(EPSSetWhichEigenpairs(eps, EPS_SMALLEST_REAL));
  PetscCall(EPSSetDimensions(eps, 1, PETSC_DEFAULT, PETSC_DEFAULT));
  PetscCall(EPSSetTolerances(eps, 1e-6, 2000));
  PetscCall(EPSSetFromOptions(eps));
  PetscCall(EPSSolve(eps));
  PetscCall(EPSGetConverged(eps, &nconv));
  *lmin = PETSC_MAX_REAL;
  if (nconv > 0) {
    PetscCall(EPSGetEigenvalue(eps, 0, &kr, NULL));
    *lmin = PetscRealPart(kr);
  }
  PetscCall(EPSDestroy(&eps));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesSolveSlepcUnstable(Mat D, Vec xi[INM_NCHANNEL], const InmEigenOptions *eo, InmModes **out)
{
  MPI_Comm           comm;
  Mat                S;
  EPS                eps;
  ST                 st;
  KSP                ksp;
  PC                 pc;
  Vec                v;
  PetscReal          lo, hi, up, delta, tol;
  PetscInt           nconv, N3, nunstable = 0, nwanted;
  PetscBool          extreme, has_interval;
  InmUnstableOptions o;
  InmEigenOptions    defaults;
  InmModes          *m;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)D, &comm));
  if (!eo) {
    PetscCall(InmEigenOptionsDefault(&defaults));
    eo = &defaults;
  }
  o = eo->unstable;
  delta        = o.delta;
  tol          = o.tol;
  has_interval = o.has_interval;
  extreme      = (PetscBool)(o.method == INM_UNSTABLE_SLEPC_EXTREME);
  PetscCall(InmGershgorinBounds(D, &lo, &hi));
  delta *= PetscMax(PetscAbsReal(lo), PetscAbsReal(hi));
  up = -delta;
  PetscCall(MatGetSize(D, &N3, NULL));
  PetscCall(InmModesCreate(N3 / 3, 0, &m));
  m->unstable_count = 0;
  if (lo >= -delta && !has_interval) { /* no eigenvalue can lie in [lo, -delta]: a stable configuration */
    *out = m;
    PetscFunctionReturn(0);
  }
  PetscCall(PetscLogEventBegin(INM_EVENTS.eigen, 0, 0, 0, 0));
  PetscCall(InmSymmetricCopy(D, &S));
  /* one inertia at -delta: how many modes there are to find (a stable configuration, such as
   * a crystal, has none, whatever its Gershgorin bound says), and the check of the result */
  PetscCall(InmLDLTCountBelow(S, -delta, &eo->ldlt, &nunstable));
  m->unstable_count = nunstable;
  nwanted           = nunstable;
  if (has_interval) { /* any interval (e.g. the localized tail): the count from two inertias */
    PetscInt below_a, below_b;
    PetscCheck(!extreme, comm, PETSC_ERR_USER_INPUT, "-inm_unstable_interval needs the slicing method, not -inm_unstable_method slepc-extreme");
    PetscCall(InmLDLTCountBelow(S, o.interval[0], &eo->ldlt, &below_a));
    PetscCall(InmLDLTCountBelow(S, o.interval[1], &eo->ldlt, &below_b));
    nwanted = below_b - below_a;
    lo      = o.interval[0];
    up      = o.interval[1];
  }
  if (!nwanted || o.count_only) {
    PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));
    PetscCall(MatDestroy(&S));
    *out = m;
    PetscFunctionReturn(0);
  }
  if (!extreme && !has_interval) { /* the slicing interval's lower end */
    if (!o.gershgorin) {
      PetscReal lmin = PETSC_MAX_REAL, trial;
      PetscInt  below = 1;
      PetscCall(LanczosLowest(S, &lmin));
      trial = lmin - 0.05 * PetscAbsReal(lmin);
      if (lmin < PETSC_MAX_REAL && trial > lo) PetscCall(InmLDLTCountBelow(S, trial, &eo->ldlt, &below));
      if (!below) lo = trial;
      PetscCall(PetscInfo(S, "slicing from %g (Lanczos estimate %g, %s)\n", (double)lo, (double)lmin, below ? "rejected: Gershgorin used" : "accepted"));
    }
  }
  PetscCall(EPSCreate(comm, &eps));
  PetscCall(EPSSetOptionsPrefix(eps, "inm_"));
  PetscCall(EPSSetOperators(eps, S, NULL));
  PetscCall(EPSSetProblemType(eps, EPS_HEP));
  PetscCall(EPSSetType(eps, EPSKRYLOVSCHUR));
  PetscCall(EPSSetTolerances(eps, tol, PETSC_DEFAULT));
  if (extreme) {
    PetscCall(EPSSetWhichEigenpairs(eps, EPS_SMALLEST_REAL));
    PetscCall(EPSSetDimensions(eps, PetscMax(nunstable, 1), PETSC_DEFAULT, PetscMin(PetscMax(nunstable, 1), 256)));
  } else {
    PetscCall(EPSSetWhichEigenpairs(eps, EPS_ALL));
    PetscCall(EPSSetInterval(eps, has_interval ? lo : lo * (1 + 1e-6) - delta, up));
    PetscCall(EPSGetST(eps, &st));
    PetscCall(STSetType(st, STSINVERT));
    PetscCall(STGetKSP(st, &ksp));
    PetscCall(KSPSetType(ksp, KSPPREONLY));
    PetscCall(KSPGetPC(ksp, &pc));
    PetscCall(PCSetType(pc, PCCHOLESKY));
    PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  }
  /* MUMPS must factor every shift: the slicing re-creates its solver from the options, and
   * on one rank it otherwise falls back to PETSc's own SBAIJ Cholesky (measured 4.6x slower
   * per factorisation on a 500-atom liquid, 6x at 1372 atoms). It must give the inertia of
   * the whole matrix (ICNTL 13) with null pivots detected (ICNTL 24) on several ranks. The
   * user's own settings win; ours are removed after the solve (never "unused options"). */
  {
    const char *opt[3] = {"-inm_st_pc_factor_mat_solver_type", "-inm_st_mat_mumps_icntl_13", "-inm_st_mat_mumps_icntl_24"};
    const char *val[3] = {"mumps", "1", "1"};
    PetscBool   mine[3];
    for (int k = 0; k < 3; k++) {
      PetscCall(PetscOptionsHasName(NULL, NULL, opt[k], &mine[k]));
      mine[k] = (PetscBool)!mine[k];
      if (mine[k]) PetscCall(PetscOptionsSetValue(NULL, opt[k], val[k]));
    }
    PetscCall(EPSSetFromOptions(eps));
    PetscCall(EPSSolve(eps));
    for (int k = 0; k < 3; k++)
      if (mine[k]) PetscCall(PetscOptionsClearValue(NULL, opt[k]));
  }
  PetscCall(EPSGetConverged(eps, &nconv));
  if (extreme) {
    PetscCheck(nconv >= nunstable, comm, PETSC_ERR_NOT_CONVERGED, "Krylov-Schur found %" PetscInt_FMT " of the %" PetscInt_FMT " unstable modes; raise -inm_eps_max_it or use the default slicing", nconv, nunstable);
    nconv = nunstable; /* ascending: the first nunstable converged pairs are the unstable ones */
  }
  PetscCheck(nconv == nwanted, comm, PETSC_ERR_NOT_CONVERGED, "spectrum slicing found %" PetscInt_FMT " eigenpairs in [%g, %g], but the inertia counts %" PetscInt_FMT " there", nconv, (double)lo, (double)up, nwanted);
  PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));

  PetscCall(PetscLogEventBegin(INM_EVENTS.modes, 0, 0, 0, 0));
  PetscCall(InmModesDestroy(&m));
  PetscCall(InmModesCreate(N3 / 3, nconv, &m));
  m->unstable_count = nunstable;
  PetscCall(InmModesRequestVectors(comm, eo, m));
  PetscCall(MatCreateVecs(S, &v, NULL));
  for (PetscInt p = 0; p < nconv; p++) {
    PetscScalar        lr;
    const PetscScalar *a;
    PetscInt           nloc;
    PetscReal          s[2] = {0, 0}, g[2], proj[INM_NCHANNEL];
    PetscCall(EPSGetEigenpair(eps, p, &lr, NULL, v, NULL));
    PetscCall(VecGetLocalSize(v, &nloc));
    PetscCall(VecGetArrayRead(v, &a));
    for (PetscInt i = 0; i < nloc; i += 3) {
      const PetscReal e2 = a[i] * a[i] + a[i + 1] * a[i + 1] + a[i + 2] * a[i + 2];
      s[0] += e2;
      s[1] += e2 * e2;
    }
    PetscCall(VecRestoreArrayRead(v, &a));
    PetscCallMPI(MPI_Allreduce(s, g, 2, MPIU_REAL, MPI_SUM, comm));
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
      PetscScalar d;
      PetscCall(VecDot(v, xi[c], &d));
      proj[c] = PetscRealPart(d);
    }
    InmModesSetMode(m, p, PetscRealPart(lr), g[0], g[1], proj, 1.0);
    for (PetscInt k = 0; k < m->nvec; k++) { /* kept on request: gathered to every rank */
      VecScatter         sc;
      Vec                all;
      const PetscScalar *va;
      if (m->vec_index[k] != p) continue;
      PetscCall(VecScatterCreateToAll(v, &sc, &all));
      PetscCall(VecScatterBegin(sc, v, all, INSERT_VALUES, SCATTER_FORWARD));
      PetscCall(VecScatterEnd(sc, v, all, INSERT_VALUES, SCATTER_FORWARD));
      PetscCall(VecGetArrayRead(all, &va));
      PetscCall(InmModesStoreVector(m, k, va));
      PetscCall(VecRestoreArrayRead(all, &va));
      PetscCall(VecScatterDestroy(&sc));
      PetscCall(VecDestroy(&all));
    }
  }
  PetscCall(PetscLogEventEnd(INM_EVENTS.modes, 0, 0, 0, 0));
  PetscCall(VecDestroy(&v));
  PetscCall(EPSDestroy(&eps));
  PetscCall(MatDestroy(&S));
  *out = m;
  PetscFunctionReturn(0);
}
