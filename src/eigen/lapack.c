/* Serial reference eigen-solver (SPEC §5): D gathered to rank 0 as a dense matrix,
 * LAPACK dsyevd (all pairs) or dsyevr (the nev lowest), then per mode
 *   omega_p = sign(lambda_p) sqrt|lambda_p|,  P_p (Eq. 6),  Gamma_p^c = (v_p . Xi~^c)^2
 * with all four projections from one DGEMM G = Xi~^T V (4 x nmodes). The result is
 * broadcast, so every rank of D's communicator holds it.
 *
 * Memory on rank 0 (counted by LAPACKE's own workspace queries): dsyevd with eigenvectors
 * holds the matrix (overwritten by the eigenvectors) and 1 + 6n + 2n^2 doubles of work,
 * about 3 n^2 doubles; dsyevr for nev modes holds the matrix, the n x nev eigenvectors and
 * O(n) work. A solve that would not fit in rank 0's MemAvailable (or -inm_max_memory_gb)
 * is refused before anything is gathered.
 *
 * Errors: everything after the gather runs on rank 0 only; its outcome is made collective
 * (InmCheckCollective) so that a failure there never leaves the other ranks waiting. */
#include <inmvisc/eigen.h>
#include <lapacke.h>
#include <cblas.h>
#include <limits.h>

typedef struct {
  PetscInt   n, nm;            /* matrix order, number of modes */
  PetscInt  *rowlen, *cols;    /* gathered rows of D (rank 0) */
  PetscReal *vals;
  PetscReal *X;                /* [n x 4] Xi~ per channel, column-major (rank 0), or NULL */
  PetscReal *w, *Z;            /* eigenvalues, eigenvectors (n x nm, column-major; rank 0) */
  PetscReal *A;                /* dense matrix (rank 0) */
} LapackWork;

/* Doubles rank 0 holds at the peak of the solve. */
static PetscReal NeedDoubles(PetscInt n, PetscInt nm)
{
  const PetscReal N = (PetscReal)n;
  if (nm == n) return 3.0 * N * N + 24.0 * N;            /* A + dsyevd work 1+6n+2n^2, iwork, w, X, G */
  return N * N + N * (PetscReal)nm + 48.0 * N;           /* A + Z + dsyevr work 26n, iwork 10n, w, X, G */
}

static PetscErrorCode CheckMemory(MPI_Comm comm, const InmEigenOptions *o, PetscInt n, PetscInt nm)
{
  PetscMPIInt rank;
  PetscReal   need, avail = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  /* only rank 0's node matters: it holds the dense matrix */
  if (rank == 0) PetscCall(InmEigenOptionsMemoryGiB(o, &avail));
  PetscCallMPI(MPI_Bcast(&avail, 1, MPIU_REAL, 0, comm));
  need = 8.0 * NeedDoubles(n, nm) / (1024.0 * 1024.0 * 1024.0);
  PetscCheck(need <= avail, comm, PETSC_ERR_MEM, "dense LAPACK solve of n = %" PetscInt_FMT " needs about %.3g GiB on one rank, more than the %.3g GiB available; use -inm_solver slepc for the unstable branch, or more ranks with -inm_solver elpa or scalapack", n, (double)need, (double)avail);
  PetscCheck(n <= INT_MAX / 2, comm, PETSC_ERR_SUP, "dense LAPACK solve of n = %" PetscInt_FMT ": the order exceeds the 32-bit BLAS/LAPACK interface; use -inm_solver elpa or scalapack", n);
  PetscFunctionReturn(0);
}

/* Gather the local rows of D to rank 0: per row its length, then all columns and values
 * (rows in global order, since ownership ranges are contiguous and ordered by rank). */
static PetscErrorCode GatherRows(Mat D, LapackWork *wk)
{
  MPI_Comm     comm;
  PetscMPIInt  rank, size, cnt[2], *both = NULL, *counts = NULL, *displs = NULL, *rcounts = NULL, *rdispls = NULL;
  PetscInt     rstart, rend, nnz = 0, *rowlen, *cols;
  PetscReal   *vals;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)D, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MatGetOwnershipRange(D, &rstart, &rend));
  PetscCall(PetscMalloc1(rend - rstart, &rowlen));
  for (PetscInt r = rstart; r < rend; r++) {
    PetscInt nc;
    PetscCall(MatGetRow(D, r, &nc, NULL, NULL));
    rowlen[r - rstart] = nc; /* MatRestoreRow zeroes its count argument */
    nnz += nc;
    PetscCall(MatRestoreRow(D, r, &nc, NULL, NULL));
  }
  PetscCall(PetscMalloc2(nnz, &cols, nnz, &vals));
  for (PetscInt r = rstart, k = 0; r < rend; r++) {
    PetscInt           nc;
    const PetscInt    *c;
    const PetscScalar *v;
    PetscCall(MatGetRow(D, r, &nc, &c, &v));
    PetscCall(PetscArraycpy(cols + k, c, nc));
    PetscCall(PetscArraycpy(vals + k, v, nc));
    k += nc;
    PetscCall(MatRestoreRow(D, r, &nc, &c, &v));
  }
  PetscCall(PetscMPIIntCast(nnz, &cnt[0]));
  PetscCall(PetscMPIIntCast(rend - rstart, &cnt[1]));
  if (rank == 0) PetscCall(PetscMalloc5(2 * size, &both, size, &counts, size, &displs, size, &rcounts, size, &rdispls));
  PetscCallMPI(MPI_Gather(cnt, 2, MPI_INT, both, 2, MPI_INT, 0, comm));
  if (rank == 0) {
    PetscInt tot = 0, totr = 0;
    for (PetscMPIInt p = 0; p < size; p++) {
      counts[p]  = both[2 * p];
      rcounts[p] = both[2 * p + 1];
      PetscCall(PetscMPIIntCast(tot, &displs[p]));
      PetscCall(PetscMPIIntCast(totr, &rdispls[p]));
      tot += counts[p];
      totr += rcounts[p];
    }
    PetscCheck(totr == wk->n, PETSC_COMM_SELF, PETSC_ERR_PLIB, "gathered %" PetscInt_FMT " rows of a matrix of order %" PetscInt_FMT, totr, wk->n);
    PetscCall(PetscMalloc3(tot, &wk->cols, tot, &wk->vals, wk->n, &wk->rowlen));
  }
  PetscCallMPI(MPI_Gatherv(rowlen, cnt[1], MPIU_INT, wk->rowlen, rcounts, rdispls, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Gatherv(cols, cnt[0], MPIU_INT, wk->cols, counts, displs, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Gatherv(vals, cnt[0], MPIU_REAL, wk->vals, counts, displs, MPIU_REAL, 0, comm));
  if (rank == 0) PetscCall(PetscFree5(both, counts, displs, rcounts, rdispls));
  PetscCall(PetscFree2(cols, vals));
  PetscCall(PetscFree(rowlen));
  PetscFunctionReturn(0);
}

/* Xi~ of every channel as the columns of an n x 4 column-major matrix on rank 0. */
static PetscErrorCode GatherXi(MPI_Comm comm, Vec xi[INM_NCHANNEL], LapackWork *wk)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  if (!xi) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) PetscCall(PetscCalloc1((size_t)wk->n * INM_NCHANNEL, &wk->X));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
    VecScatter         sc;
    Vec                z;
    const PetscScalar *a;
    if (!xi[c]) continue; /* every rank passes the same array: a missing channel projects to 0 */
    PetscCall(VecScatterCreateToZero(xi[c], &sc, &z));
    PetscCall(VecScatterBegin(sc, xi[c], z, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(sc, xi[c], z, INSERT_VALUES, SCATTER_FORWARD));
    if (rank == 0) {
      PetscCall(VecGetArrayRead(z, &a));
      PetscCall(PetscArraycpy(wk->X + (size_t)c * wk->n, a, wk->n));
      PetscCall(VecRestoreArrayRead(z, &a));
    }
    PetscCall(VecScatterDestroy(&sc));
    PetscCall(VecDestroy(&z));
  }
  PetscFunctionReturn(0);
}

/* Rank 0: dense matrix from the gathered rows, then LAPACK. */
static PetscErrorCode SolveRoot(LapackWork *wk)
{
  const PetscInt n = wk->n, nm = wk->nm;
  lapack_int     info, found = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1((size_t)n * n, &wk->A));
  for (PetscInt r = 0, k = 0; r < n; r++)
    for (PetscInt e = 0; e < wk->rowlen[r]; e++, k++) wk->A[(size_t)wk->cols[k] * n + r] = wk->vals[k];
  PetscCall(PetscFree3(wk->cols, wk->vals, wk->rowlen));
  wk->cols   = NULL;
  wk->vals   = NULL;
  wk->rowlen = NULL;
  PetscCall(PetscMalloc1(n, &wk->w));
  if (nm == n) {
    info  = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)n, wk->A, (lapack_int)n, wk->w);
    wk->Z = wk->A;
    found = (lapack_int)n;
  } else {
    lapack_int *isuppz;
    PetscCall(PetscMalloc1((size_t)n * nm, &wk->Z));
    PetscCall(PetscMalloc1(2 * nm, &isuppz));
    info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'U', (lapack_int)n, wk->A, (lapack_int)n, 0.0, 0.0, 1, (lapack_int)nm, 0.0, &found, wk->w, wk->Z, (lapack_int)n, isuppz);
    PetscCall(PetscFree(isuppz));
    PetscCall(PetscFree(wk->A)); /* destroyed by dsyevr; the eigenvectors are in Z */
    wk->A = NULL;
  }
  PetscCheck(info == 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK %s failed on the dynamical matrix of order %" PetscInt_FMT " (info = %d)%s", nm == n ? "dsyevd" : "dsyevr", n, (int)info,
             info < 0 ? "" : ": no convergence; the matrix may contain Inf or NaN");
  PetscCheck(found == (lapack_int)nm, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dsyevr returned %d eigenpairs instead of %" PetscInt_FMT, (int)found, nm);
  PetscFunctionReturn(0);
}

/* Rank 0: omega, P and (with one DGEMM G = X^T Z) Gamma for every mode. */
static PetscErrorCode ModesRoot(LapackWork *wk, InmModes *m)
{
  const PetscInt n = wk->n, nm = wk->nm;
  PetscReal     *G = NULL;

  PetscFunctionBegin;
  if (wk->X) {
    PetscCall(PetscMalloc1((size_t)INM_NCHANNEL * nm, &G));
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, INM_NCHANNEL, (int)nm, (int)n, 1.0, wk->X, (int)n, wk->Z, (int)n, 0.0, G, INM_NCHANNEL);
  }
  for (PetscInt p = 0; p < nm; p++) {
    PetscReal s2, s4;
    InmParticipationSums(n / 3, wk->Z + (size_t)p * n, &s2, &s4);
    InmModesSetMode(m, p, wk->w[p], s2, s4, G ? G + INM_NCHANNEL * p : NULL, 1.0);
  }
  PetscCall(PetscFree(G));
  PetscFunctionReturn(0);
}

static void WorkFree(LapackWork *wk)
{
  if (wk->Z != wk->A) (void)PetscFree(wk->Z);
  wk->Z = NULL;
  (void)PetscFree(wk->A);
  (void)PetscFree(wk->w);
  (void)PetscFree(wk->X);
  if (wk->rowlen) (void)PetscFree3(wk->cols, wk->vals, wk->rowlen);
}

PetscErrorCode InmModesSolveLapack(Mat D, Vec xi[INM_NCHANNEL], const InmEigenOptions *o, InmModes **out)
{
  MPI_Comm       comm;
  PetscMPIInt    rank, cnt;
  PetscInt       n, ncol, nev = o ? o->nev : 0;
  LapackWork     wk = {0};
  InmModes      *m  = NULL;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCheck(D && out, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "InmModesSolveLapack: NULL matrix or output");
  *out = NULL;
  PetscCall(PetscObjectGetComm((PetscObject)D, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(MatGetSize(D, &n, &ncol));
  PetscCheck(n == ncol && n % 3 == 0 && n > 0, comm, PETSC_ERR_ARG_SIZ, "the dynamical matrix must be square of order 3N, got %" PetscInt_FMT " x %" PetscInt_FMT, n, ncol);
  if (xi)
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
      PetscInt nx;
      if (!xi[c]) continue;
      PetscCall(VecGetSize(xi[c], &nx));
      PetscCheck(nx == n, comm, PETSC_ERR_ARG_SIZ, "affine field %s has length %" PetscInt_FMT ", the dynamical matrix order %" PetscInt_FMT, InmChannelNames[c], nx, n);
    }
  wk.n  = n;
  wk.nm = (nev > 0 && nev < n) ? nev : n;
  PetscCall(CheckMemory(comm, o, n, wk.nm));

  PetscCall(PetscLogEventBegin(INM_EVENTS.eigen, 0, 0, 0, 0));
  PetscCall(GatherRows(D, &wk));
  PetscCall(GatherXi(comm, xi, &wk));
  if (rank == 0) ierr = SolveRoot(&wk);
  ierr = InmCheckCollective(comm, 0, ierr);
  PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));
  if (ierr) WorkFree(&wk);
  PetscCall(ierr); /* reported where it was raised: silent here */

  PetscCall(PetscLogEventBegin(INM_EVENTS.modes, 0, 0, 0, 0));
  PetscCall(InmModesCreate(n / 3, wk.nm, &m));
  ierr = InmModesRequestVectors(comm, o, m);
  if (ierr) WorkFree(&wk);
  PetscCall(ierr);
  if (rank == 0) ierr = ModesRoot(&wk, m);
  for (PetscInt k = 0; k < m->nvec && rank == 0 && !ierr; k++) ierr = InmModesStoreVector(m, k, wk.Z + (size_t)m->vec_index[k] * n);
  WorkFree(&wk);
  ierr = InmCheckCollective(comm, 0, ierr);
  if (ierr) {
    (void)InmModesDestroy(&m);
    (void)PetscLogEventEnd(INM_EVENTS.modes, 0, 0, 0, 0);
  }
  PetscCall(ierr);
  PetscCall(PetscMPIIntCast(wk.nm, &cnt));
  PetscCallMPI(MPI_Bcast(m->lambda, cnt, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast(m->omega, cnt, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast(m->participation, cnt, MPIU_REAL, 0, comm));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCallMPI(MPI_Bcast(m->gamma[c], cnt, MPIU_REAL, 0, comm));
  if (m->nvec) {
    PetscCall(PetscMPIIntCast(m->nvec * n, &cnt));
    PetscCallMPI(MPI_Bcast(m->vectors, cnt, MPIU_REAL, 0, comm));
  }
  PetscCall(PetscLogEventEnd(INM_EVENTS.modes, 0, 0, 0, 0));
  *out = m;
  PetscFunctionReturn(0);
}
