/* One shift of the block slicing: block Lanczos on T = (D - sigma I)^-1, reorthogonalised
 * against the whole basis when needed, for the eigenpairs of D in a cell (lo, hi] around
 * sigma.
 *
 *   D - sigma I = L D L^T (MUMPS): the inertia gives nu(sigma), the eigenvalues below sigma;
 *   T V_j = W  by one multi-right-hand-side solve per block of b vectors (the triangular
 *           solves stream the factor once for all b vectors: ~4 ms per vector instead of
 *           ~40 ms one at a time, 4000-atom KA liquid);
 *   W <- (I - Z Z^T) W             (translational zero modes Z deflated)
 *   W <- W - V (V^T W)             (block classical Gram-Schmidt, H_{:,j} = V^T T V_j: against
 *                                   the last two blocks; then against all of V when the
 *                                   estimated overlap needs it (partial reorthogonalisation,
 *                                   below), again only if a column lost more than 30% of its
 *                                   norm in that pass)
 *   W = V_{j+1} R_j                (Householder TSQR)
 * gives T V_m = V_m H_m + V_{m+1} R_m E_m^T. With H_m = Y diag(mu) Y^T, the Ritz pair
 * (theta = sigma + 1/mu, x = V_m y) has |T x - mu x| = |R_m y_last| exactly, and is
 * converged when that is <= tol |mu| (the criterion of SLEPc's shift-and-invert).
 *
 * When to stop: shift-and-invert finds the eigenvalues nearest sigma first. Sort the Ritz
 * values; the window is the unbroken run of converged ones on either side of sigma. The
 * cell is complete when the window reaches past hi above, and below either past lo or
 * over all nu(sigma) eigenvalues below sigma. A cell whose count is known (a gap re-solved
 * after a failed count) is complete when that many have converged in it. The caller checks
 * every gap between shifts against the inertias, so an eigenvalue missed here is found. */
#include "eigen_impl.h"
#include <lapacke.h>
#include <cblas.h>
#include <stdlib.h> /* realloc: the basis grows in place */

typedef struct {
  PetscInt   nloc, cap, ldh; /* local rows; basis columns allocated; rows of H (cap + b) */
  PetscReal *V, *H;          /* [cap][nloc] basis; [cap][ldh] projected T, column-major */
} Basis;

/* Room for cols basis columns. V grows by realloc: its columns are contiguous, so a larger
 * V keeps them in place, and a large block is remapped rather than copied (an allocate-and-
 * copy growth briefly held both bases and ran a 32000-atom run out of memory). It grows by
 * a quarter at least, as the checks add an eighth at a time. H (cap x cap) is copied. */
static PetscErrorCode BasisReserve(Basis *B, PetscInt cols, PetscInt b)
{
  PetscReal *V, *H;
  PetscInt   cap, ldh;

  PetscFunctionBegin;
  if (cols <= B->cap) PetscFunctionReturn(0);
  cap = PetscMax(cols, B->cap + B->cap / 4);
  ldh = cap + b;
  V   = (PetscReal *)realloc(B->V, sizeof(PetscReal) * (size_t)cap * B->nloc);
  PetscCheck(V, PETSC_COMM_SELF, PETSC_ERR_MEM, "block Lanczos: no memory for a basis of %" PetscInt_FMT " vectors of %" PetscInt_FMT " rows (%.3g GiB); use fewer ranks per node or a smaller -inm_slice_size", cap, B->nloc, 8.0 * cap * B->nloc / (1024.0 * 1024.0 * 1024.0));
  B->V = V;
  PetscCall(PetscCalloc1((size_t)cap * ldh, &H));
  for (PetscInt j = 0; j < B->cap; j++) PetscCall(PetscArraycpy(H + (size_t)j * ldh, B->H + (size_t)j * B->ldh, B->ldh));
  PetscCall(PetscFree(B->H));
  B->H   = H;
  B->cap = cap;
  B->ldh = ldh;
  PetscFunctionReturn(0);
}

/* W <- W - Q (Q^T W) for the k orthonormal columns of Q; C = Q^T W if C != NULL (k x b, added). */
static PetscErrorCode ProjectOut(MPI_Comm comm, PetscInt nloc, PetscInt b, PetscInt k, const PetscReal *Q, PetscReal *W, PetscReal *work, PetscReal *C, PetscInt ldc)
{
  PetscFunctionBegin;
  if (!k) PetscFunctionReturn(0);
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)k, (int)b, (int)nloc, 1.0, Q, (int)nloc, W, (int)nloc, 0.0, work, (int)k);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, work, (PetscMPIInt)(k * b), MPIU_REAL, MPI_SUM, comm));
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)nloc, (int)b, (int)k, -1.0, Q, (int)nloc, work, (int)k, 1.0, W, (int)nloc);
  if (C)
    for (PetscInt j = 0; j < b; j++)
      for (PetscInt i = 0; i < k; i++) C[i + j * ldc] += work[i + j * k];
  PetscFunctionReturn(0);
}

static PetscErrorCode ColumnNorms(MPI_Comm comm, PetscInt nloc, PetscInt b, const PetscReal *W, PetscReal *nrm)
{
  PetscFunctionBegin;
  for (PetscInt j = 0; j < b; j++) {
    nrm[j] = 0;
    for (PetscInt i = 0; i < nloc; i++) nrm[j] += W[i + (size_t)j * nloc] * W[i + (size_t)j * nloc];
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, nrm, (PetscMPIInt)b, MPIU_REAL, MPI_SUM, comm));
  for (PetscInt j = 0; j < b; j++) nrm[j] = PetscSqrtReal(nrm[j]);
  PetscFunctionReturn(0);
}

/* W (nloc x b, rows split over comm) = Q R with Q orthonormal, R upper triangular (b x b,
 * replicated): Householder on each rank's rows, then on the stacked R factors (TSQR), so
 * that an ill-conditioned W (converged directions removed) loses no orthogonality. */
static PetscErrorCode TSQR(MPI_Comm comm, PetscInt nloc, PetscInt b, PetscReal *W, PetscReal *R)
{
  PetscMPIInt size, rank;
  PetscReal  *tau, *Rs, *Qs, *Wq;
  lapack_int  info;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCheck(nloc >= b, comm, PETSC_ERR_SUP, "block Lanczos: %" PetscInt_FMT " local rows are fewer than the block size %" PetscInt_FMT "; use fewer ranks per group or a smaller -inm_slice_block", nloc, b);
  PetscCall(PetscMalloc4(b, &tau, (size_t)size * b * b, &Rs, (size_t)size * b * b, &Qs, (size_t)nloc * b, &Wq));
  info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)nloc, (lapack_int)b, W, (lapack_int)nloc, tau);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dgeqrf failed (info %d)", (int)info);
  for (PetscInt j = 0; j < b; j++) /* this rank's R into rows rank*b.. of the stack (size*b x b) */
    for (PetscInt i = 0; i < b; i++) Qs[i + j * b] = i <= j ? W[i + j * nloc] : 0.0;
  info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, (lapack_int)nloc, (lapack_int)b, (lapack_int)b, W, (lapack_int)nloc, tau);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dorgqr failed (info %d)", (int)info);
  PetscCallMPI(MPI_Allgather(Qs, (PetscMPIInt)(b * b), MPIU_REAL, Rs, (PetscMPIInt)(b * b), MPIU_REAL, comm));
  { /* stacked (size*b x b), column-major: rank r's block is rows r*b.. */
    const PetscInt m = size * b;
    PetscReal     *S;
    PetscCall(PetscMalloc1((size_t)m * b, &S));
    for (PetscMPIInt r = 0; r < size; r++)
      for (PetscInt j = 0; j < b; j++)
        for (PetscInt i = 0; i < b; i++) S[r * b + i + j * m] = Rs[(size_t)r * b * b + i + j * b];
    info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)b, S, (lapack_int)m, tau);
    PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dgeqrf failed (info %d)", (int)info);
    for (PetscInt j = 0; j < b; j++)
      for (PetscInt i = 0; i < b; i++) R[i + j * b] = i <= j ? S[i + j * m] : 0.0;
    info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)b, (lapack_int)b, S, (lapack_int)m, tau);
    PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dorgqr failed (info %d)", (int)info);
    for (PetscInt j = 0; j < b; j++)
      for (PetscInt i = 0; i < b; i++) Qs[i + j * b] = S[rank * b + i + j * m];
    PetscCall(PetscFree(S));
  }
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)nloc, (int)b, (int)b, 1.0, W, (int)nloc, Qs, (int)b, 0.0, Wq, (int)nloc);
  PetscCall(PetscArraycpy(W, Wq, (size_t)nloc * b));
  PetscCall(PetscFree4(tau, Rs, Qs, Wq));
  PetscFunctionReturn(0);
}

/* Partial reorthogonalisation. Without round-off, W after the pass against the last two
 * blocks would be orthogonal to the whole basis V; in floating point its overlap V^T W grows
 * as Ritz vectors converge (Paige). The Ritz values stay exact to round-off while the
 * overlap is below sqrt(eps) (semi-orthogonality, Simon 1984), so the pass over all of V is
 * made only when it is needed. The overlap is estimated with NPROBE random combinations of
 * the basis, P = V G (G Gaussian-like, kept up to date one block at a time): for a column w,
 * E |P^T w|^2 = NPROBE |V^T w|^2. A column whose estimate exceeds 1e-9 |w| (a factor 15 below
 * sqrt(eps), so that a low draw of the estimate still leaves it below sqrt(eps)) makes the
 * step a full one. How often that is depends on |T| / |R_j|, the growth of the overlap per
 * step: about every other block at 4000 atoms, nearly every block at 32000 (denser spectrum,
 * eigenvalues nearer the shift). */
#define NPROBE 4
typedef struct {
  PetscReal *P; /* [NPROBE][nloc] */
} Probe;

static PetscErrorCode ProbeAdd(const InmShiftRunContext *ctx, Probe *p, const PetscReal *Vj, PetscInt col0)
{
  const PetscInt nloc = ctx->nloc, b = ctx->block;
  PetscReal      G[NPROBE * 64];

  PetscFunctionBegin;
  if (!p->P) PetscCall(PetscCalloc1((size_t)NPROBE * nloc, &p->P));
  for (PetscInt j = 0; j < b; j++) /* sum of 4 uniforms on [-1, 1], scaled to unit variance: close enough to Gaussian */
    for (PetscInt q = 0; q < NPROBE; q++) {
      PetscReal g = 0;
      for (int u = 0; u < 4; u++) g += InmHashUniform(7919ULL * (unsigned long long)q + (unsigned long long)u, (unsigned long long)(col0 + j));
      G[j + q * b] = g * PetscSqrtReal(3.0 / 4.0);
    }
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)nloc, NPROBE, (int)b, 1.0, Vj, (int)nloc, G, (int)b, 1.0, p->P, (int)nloc);
  PetscFunctionReturn(0);
}

static PetscErrorCode OverlapTooLarge(const InmShiftRunContext *ctx, const Probe *p, const PetscReal *W, const PetscReal *wnorm, PetscReal *work, PetscBool *full)
{
  const PetscInt nloc = ctx->nloc, b = ctx->block;

  PetscFunctionBegin;
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, NPROBE, (int)b, (int)nloc, 1.0, p->P, (int)nloc, W, (int)nloc, 0.0, work, NPROBE);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, work, (PetscMPIInt)(NPROBE * b), MPIU_REAL, MPI_SUM, ctx->comm));
  *full = PETSC_FALSE;
  for (PetscInt j = 0; j < b; j++) {
    PetscReal c2 = 0;
    for (PetscInt q = 0; q < NPROBE; q++) c2 += work[q + j * NPROBE] * work[q + j * NPROBE];
    if (PetscSqrtReal(c2 / NPROBE) > 1e-9 * wnorm[j]) *full = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

/* Ritz pairs of H_m and which ones to report; *done when the cell is complete.
 * H_m = Q T_m Q^T (dsytrd), T_m = Z diag(mu) Z^T; the residuals need only the last b rows of
 * Y = Q Z, so Q's last b rows are formed and Z multiplied by them (O(b M^2)). The Ritz
 * vectors themselves are formed only for the pairs reported (RitzVectors), which saves the
 * back-transformation of all M (2 M^3 flops) at every check.
 *
 * Only the pairs that can decide the check are computed (RitzSubset): the eigenvalues of
 * T_m first (dsterf), then dstemr's eigenvectors for those with theta in the cell and
 * RITZ_PAST more past each end. Those past an end are what closes the window there; the
 * rest have theta far from sigma (mu near 0) and no bearing on it. With all M vectors,
 * dstemr was more than half of a check (0.25 of 0.44 s at M = 1600, 4000-atom KA). */
#define RITZ_PAST 4
typedef struct {
  PetscReal *mu, *Z, *theta, *res, *Hs, *tau; /* mu, Z, theta, res: the m computed pairs */
  PetscInt  *order, nsel, *sel, m;
} Ritz;

static PetscErrorCode RitzFree(Ritz *rz)
{
  PetscFunctionBegin;
  PetscCall(PetscFree4(rz->mu, rz->theta, rz->res, rz->tau));
  PetscCall(PetscFree3(rz->Hs, rz->order, rz->sel));
  PetscCall(PetscFree(rz->Z)); /* sized by RitzSubset */
  PetscFunctionReturn(0);
}

static int CompareTheta(const void *a, const void *b, void *ctx)
{
  const PetscReal *t = (const PetscReal *)ctx, x = t[*(const PetscInt *)a], y = t[*(const PetscInt *)b];
  return (x > y) - (x < y);
}

/* The eigenpairs of the tridiagonal T_m (d, e; both destroyed) that can decide the check:
 * mu ascending, so the negative mu (theta below sigma, nearest first) lead and the positive
 * ones (theta above sigma, nearest last) end the list; from each end, those in the cell and
 * RITZ_PAST more. Into rz->mu, rz->Z (M x m) and rz->m. */
static PetscErrorCode RitzSubset(const InmShiftRun *run, PetscInt M, PetscReal *d, PetscReal *e, Ritz *rz)
{
  PetscReal *all, *dc, *ec;
  PetscInt   nneg = 0, npos = 0, inlow = 0, inhigh = 0, take[2], first[2];
  lapack_int info, found, *isuppz, tryrac = 1;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(M, &all, M, &dc, M, &ec, 2 * M, &isuppz));
  PetscCall(PetscArraycpy(all, d, M));
  PetscCall(PetscArraycpy(ec, e, M));
  info = LAPACKE_dsterf((lapack_int)M, all, ec);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dsterf failed (info %d) on the %" PetscInt_FMT "-dimensional block Lanczos matrix", (int)info, M);
  for (PetscInt i = 0; i < M; i++) {
    if (all[i] < 0) {
      nneg++;
      if (run->sigma + 1.0 / all[i] > run->lo) inlow++;
    } else if (all[i] > 0) {
      npos++;
      if (run->sigma + 1.0 / all[i] <= run->hi) inhigh++;
    }
  }
  take[0]  = PetscMin(nneg, inlow + RITZ_PAST);
  take[1]  = PetscMin(npos, inhigh + RITZ_PAST);
  first[0] = 0;
  first[1] = M - take[1];
  rz->m    = 0;
  PetscCall(PetscMalloc1((size_t)M * (take[0] + take[1]), &rz->Z)); /* RitzFree before every check */
  for (int side = 0; side < 2; side++) {
    if (!take[side]) continue;
    PetscCall(PetscArraycpy(dc, d, M));
    PetscCall(PetscArraycpy(ec, e, M));
    info = LAPACKE_dstemr(LAPACK_COL_MAJOR, 'V', 'I', (lapack_int)M, dc, ec, 0, 0, (lapack_int)(first[side] + 1), (lapack_int)(first[side] + take[side]), &found, rz->mu + rz->m, rz->Z + (size_t)rz->m * M, (lapack_int)M, (lapack_int)take[side], isuppz, &tryrac);
    PetscCheck(!info && found == take[side], PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dstemr failed (info %d, %d of %" PetscInt_FMT " pairs) on the %" PetscInt_FMT "-dimensional block Lanczos matrix", (int)info, (int)found, take[side], M);
    rz->m += take[side];
  }
  PetscCall(PetscFree4(all, dc, ec, isuppz));
  PetscFunctionReturn(0);
}

static PetscErrorCode RitzCheck(const InmShiftRunContext *ctx, const InmShiftRun *run, const Basis *B, PetscInt M, Ritz *rz, PetscBool *done)
{
  const PetscInt   b = ctx->block;
  const PetscReal *Rm = B->H + M + (size_t)(M - b) * B->ldh; /* R_m: rows M.., columns M-b.. */
  PetscReal       *d, *e, *C, *Ylast, *RY;
  lapack_int       info;
  PetscInt         cnt = 0, q, L, U;
  PetscBool        lower_ok, upper_ok;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(M, &d, M, &e, (size_t)M * b, &C, (size_t)b * M, &Ylast, (size_t)b * M, &RY));
  for (PetscInt j = 0; j < M; j++) PetscCall(PetscArraycpy(rz->Hs + (size_t)j * M, B->H + (size_t)j * B->ldh, M));
  /* the lower triangle holds the exact block tridiagonal (R blocks below the diagonal) */
  info = LAPACKE_dsytrd(LAPACK_COL_MAJOR, 'L', (lapack_int)M, rz->Hs, (lapack_int)M, d, e, rz->tau);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dsytrd failed (info %d) on the %" PetscInt_FMT "-dimensional block Lanczos matrix", (int)info, M);
  PetscCall(RitzSubset(run, M, d, e, rz));
  /* C = Q^T [0; I_b] (Q's last b rows, transposed); Y's last b rows = C^T Z */
  PetscCall(PetscArrayzero(C, (size_t)M * b));
  for (PetscInt j = 0; j < b; j++) C[(M - b + j) + (size_t)j * M] = 1.0;
  info = LAPACKE_dormtr(LAPACK_COL_MAJOR, 'L', 'L', 'T', (lapack_int)M, (lapack_int)b, rz->Hs, (lapack_int)M, rz->tau, C, (lapack_int)M);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dormtr failed (info %d)", (int)info);
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)b, (int)rz->m, (int)M, 1.0, C, (int)M, rz->Z, (int)M, 0.0, Ylast, (int)b);
  /* |T x - mu x| = |R_m Y_{last block, i}| (R_m is b x b, stored with leading dimension ldh) */
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)b, (int)rz->m, (int)b, 1.0, Rm, (int)B->ldh, Ylast, (int)b, 0.0, RY, (int)b);
  for (PetscInt i = 0; i < rz->m; i++) {
    rz->res[i] = cblas_dnrm2((int)b, RY + (size_t)i * b, 1);
    if (rz->mu[i] == 0) continue; /* theta at infinity: never wanted */
    rz->theta[i]     = run->sigma + 1.0 / rz->mu[i];
    rz->order[cnt++] = i;
  }
  PetscCall(PetscFree5(d, e, C, Ylast, RY));
  PetscCall(PetscTimSort(cnt, rz->order, sizeof(PetscInt), CompareTheta, rz->theta));
#define CONV(k) (rz->res[rz->order[k]] <= ctx->tol * PetscAbsReal(rz->mu[rz->order[k]]))
  for (q = 0; q < cnt && rz->theta[rz->order[q]] <= run->sigma; q++) {}
  for (L = q; L > 0 && CONV(L - 1); L--) {}
  for (U = q; U < cnt && CONV(U); U++) {}
  lower_ok = (PetscBool)(q - L >= run->below || (L < q && rz->theta[rz->order[L]] < run->lo));
  upper_ok = (PetscBool)(U > q && rz->theta[rz->order[U - 1]] > run->hi);
  rz->nsel = 0;
  if (run->known >= 0) { /* every converged Ritz value in the cell */
    for (PetscInt k = 0; k < cnt; k++)
      if (CONV(k) && rz->theta[rz->order[k]] > run->lo && rz->theta[rz->order[k]] <= run->hi) rz->sel[rz->nsel++] = rz->order[k];
    *done = (PetscBool)(rz->nsel == run->known);
  } else { /* the window's part inside the cell */
    for (PetscInt k = L; k < U; k++)
      if (rz->theta[rz->order[k]] > run->lo && rz->theta[rz->order[k]] <= run->hi) rz->sel[rz->nsel++] = rz->order[k];
    *done = (PetscBool)(lower_ok && upper_ok);
  }
#undef CONV
  PetscFunctionReturn(0);
}

/* Y_sel = Q Z_sel: the reported Ritz vectors in the Lanczos basis (M x nsel). */
static PetscErrorCode RitzVectors(const Ritz *rz, PetscInt M, PetscReal *Ysel)
{
  lapack_int info;

  PetscFunctionBegin;
  if (!rz->nsel) PetscFunctionReturn(0);
  for (PetscInt j = 0; j < rz->nsel; j++) PetscCall(PetscArraycpy(Ysel + (size_t)j * M, rz->Z + (size_t)rz->sel[j] * M, M));
  info = LAPACKE_dormtr(LAPACK_COL_MAJOR, 'L', 'L', 'N', (lapack_int)M, (lapack_int)rz->nsel, rz->Hs, (lapack_int)M, rz->tau, Ysel, (lapack_int)M);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dormtr failed (info %d)", (int)info);
  PetscFunctionReturn(0);
}

/* X = V Y_sel written over V's first k columns, a slab of rows at a time: a slab of X needs
 * only the same rows of V, so no second nloc x k array is held (a 32000-atom run was killed
 * at 12.7 GB on one rank; X and D X beside the basis were 1.1 GB of it). */
#define EXTRACT_ROWS 512 /* a 500-atom test has three slabs, the last one short */
static PetscErrorCode RitzVectorsInPlace(PetscInt nloc, PetscInt M, PetscReal *V, const PetscReal *Ysel, PetscInt k)
{
  PetscReal *slab;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1((size_t)PetscMin(EXTRACT_ROWS, nloc) * k, &slab));
  for (PetscInt r0 = 0; r0 < nloc; r0 += EXTRACT_ROWS) {
    const PetscInt rows = PetscMin(EXTRACT_ROWS, nloc - r0);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)k, (int)M, 1.0, V + r0, (int)nloc, Ysel, (int)M, 0.0, slab, (int)rows);
    for (PetscInt j = 0; j < k; j++) PetscCall(PetscArraycpy(V + r0 + (size_t)j * nloc, slab + (size_t)j * rows, rows));
  }
  PetscCall(PetscFree(slab));
  PetscFunctionReturn(0);
}

/* Per pair: x^T x, x^T D x, |D x - theta x|^2 and sum_i |e_i|^4 (Eq. 6), with D X formed
 * EXTRACT_COLS columns at a time. */
#define EXTRACT_COLS 128
static PetscErrorCode RitzSums(const InmShiftRunContext *ctx, const PetscReal *X, PetscInt k, const PetscReal *theta, PetscReal *sums)
{
  const PetscInt nloc = ctx->nloc;
  PetscInt       n;

  PetscFunctionBegin;
  PetscCall(MatGetSize(ctx->S, &n, NULL));
  for (PetscInt j0 = 0; j0 < k; j0 += EXTRACT_COLS) {
    const PetscInt     cols = PetscMin(EXTRACT_COLS, k - j0);
    const PetscScalar *dx;
    PetscInt           ld;
    Mat                Xd, DX;
    PetscCall(MatCreateDense(ctx->comm, nloc, PETSC_DECIDE, n, cols, (PetscScalar *)(X + (size_t)j0 * nloc), &Xd));
    PetscCall(MatMatMult(ctx->S, Xd, MAT_INITIAL_MATRIX, PETSC_DEFAULT, &DX));
    PetscCall(MatDenseGetLDA(DX, &ld));
    PetscCall(MatDenseGetArrayRead(DX, &dx));
    for (PetscInt j = j0; j < j0 + cols; j++) {
      const PetscReal *x = X + (size_t)j * nloc, *y = dx + (size_t)(j - j0) * ld, lam = theta[j]; /* the Ritz value: close enough to measure the residual against */
      PetscReal        s[4] = {0, 0, 0, 0};
      for (PetscInt i = 0; i < nloc; i++) {
        s[0] += x[i] * x[i];
        s[1] += x[i] * y[i];
        s[2] += (y[i] - lam * x[i]) * (y[i] - lam * x[i]);
      }
      for (PetscInt i = 0; i < nloc; i += 3) {
        const PetscReal e2 = x[i] * x[i] + x[i + 1] * x[i + 1] + x[i + 2] * x[i + 2];
        s[3] += e2 * e2;
      }
      for (int c = 0; c < 4; c++) sums[4 * j + c] = s[c];
    }
    PetscCall(MatDenseRestoreArrayRead(DX, &dx));
    PetscCall(MatDestroy(&DX));
    PetscCall(MatDestroy(&Xd));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sums, (PetscMPIInt)(4 * k), MPIU_REAL, MPI_SUM, ctx->comm));
  PetscFunctionReturn(0);
}

/* The selected Ritz pairs as eigenpairs of D: x = V y, lambda = x^T D x / x^T x (Rayleigh
 * quotient), |D x - lambda x|, and for P (Eq. 6) and Gamma^c = (x . Xi~^c)^2 / x^T x the sums
 * of InmModesSetMode. The basis is spent: X takes its place. */
static PetscErrorCode RitzExtract(const InmShiftRunContext *ctx, InmShiftRun *run, Basis *B, PetscInt M, const Ritz *rz)
{
  const PetscInt nloc = ctx->nloc, k = rz->nsel;
  PetscReal     *Ysel, *theta, *sums, *G;
  const PetscReal *X = B->V;

  PetscFunctionBegin;
  run->nfound = k;
  if (!k) PetscFunctionReturn(0);
  PetscCall(PetscMalloc4((size_t)M * k, &Ysel, k, &theta, 4 * k, &sums, INM_NCHANNEL * k, &G));
  PetscCall(RitzVectors(rz, M, Ysel));
  PetscCall(RitzVectorsInPlace(nloc, M, B->V, Ysel, k));
  for (PetscInt j = 0; j < k; j++) theta[j] = rz->theta[rz->sel[j]];
  PetscCall(RitzSums(ctx, X, k, theta, sums));
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, INM_NCHANNEL, (int)k, (int)nloc, 1.0, ctx->xi, (int)nloc, X, (int)nloc, 0.0, G, INM_NCHANNEL);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, G, (PetscMPIInt)(INM_NCHANNEL * k), MPIU_REAL, MPI_SUM, ctx->comm));
  PetscCall(PetscMalloc3(k, &run->lambda, k, &run->s2, k, &run->s4));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscMalloc1(k, &run->proj[c]));
  run->residual = 0;
  for (PetscInt j = 0; j < k; j++) {
    const PetscReal xx = sums[4 * j], lam = sums[4 * j + 1] / xx;
    /* the residual against theta bounds the one against the Rayleigh quotient, which is the
     * minimum over all scalars */
    run->residual  = PetscMax(run->residual, PetscSqrtReal(sums[4 * j + 2] / xx));
    run->lambda[j] = lam;
    run->s2[j]     = xx;
    run->s4[j]     = sums[4 * j + 3];
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) run->proj[c][j] = G[c + INM_NCHANNEL * j];
  }
  if (ctx->keep_vectors) {
    PetscCall(PetscMalloc1((size_t)nloc * k, &run->vectors));
    PetscCall(PetscArraycpy(run->vectors, X, (size_t)nloc * k));
  }
  PetscCall(PetscFree4(Ysel, theta, sums, G));
  PetscFunctionReturn(0);
}

/* Start block: deterministic random columns (the shift's index seeds them; global rows, so
 * any layout gives the same block), orthonormal to the deflated modes. */
static PetscErrorCode StartBlock(const InmShiftRunContext *ctx, const InmShiftRun *run, PetscReal *V, PetscReal *work, PetscReal *R)
{
  const PetscInt b = ctx->block, nloc = ctx->nloc;
  PetscInt       rstart;

  PetscFunctionBegin;
  PetscCall(MatGetOwnershipRange(ctx->S, &rstart, NULL));
  for (PetscInt j = 0; j < b; j++)
    for (PetscInt i = 0; i < nloc; i++) V[i + (size_t)j * nloc] = InmHashUniform(1000003ULL * (unsigned long long)(run->index + 1) + (unsigned long long)j, (unsigned long long)(rstart + i));
  if (ctx->zero) PetscCall(ProjectOut(ctx->comm, nloc, b, 3, ctx->zero, V, work, NULL, 0));
  PetscCall(TSQR(ctx->comm, nloc, b, V, R));
  PetscFunctionReturn(0);
}

/* The Krylov dimension of the first convergence check: block Lanczos needed about 24 block
 * steps plus 2 vectors per pair within reach (4000-atom KA: 1600-1700 vectors for 390-465
 * pairs, 2656 for 937; 32000 atoms: 3744 for 1440), and never more than 3 per pair for
 * small cells. */
PetscInt InmShiftRunFirstCheck(PetscInt b, PetscInt expect)
{
  return PetscMax(4 * b, PetscMin(3 * expect, 2 * expect + 24 * b));
}

PetscErrorCode InmShiftRunSolve(const InmShiftRunContext *ctx, InmShiftRun *run)
{
  const PetscInt b = ctx->block, nloc = ctx->nloc;
  Basis          B = {nloc, 0, 0, NULL, NULL};
  PetscReal     *W, *work, R[4096];
  PetscInt       M = 0, next;
  PetscBool      done = PETSC_FALSE;
  Ritz           rz = {0};
  PetscLogDouble t0, t1, t2, ta, tb, tsolve = 0, tritz = 0, tgs = 0, textract;
  PetscInt       nchecks = 0, nfull = 0;
  Probe          probe = {NULL};

  PetscFunctionBegin;
  PetscCheck(b * b <= 4096, ctx->comm, PETSC_ERR_USER_INPUT, "-inm_slice_block %" PetscInt_FMT " is too large (at most 64)", b);
  PetscCall(PetscTime(&t0));
  PetscCall(InmLDLTFactor(ctx->ldlt, run->sigma, &run->below));
  PetscCall(PetscTime(&t1));
  run->tfactor  = t1 - t0;
  run->complete = PETSC_TRUE;
  run->nfound   = 0;
  run->dim      = 0;
  if (run->hi <= run->sigma && run->below == 0 && run->lo == PETSC_NINFINITY) goto finish; /* nothing at or below the shift */
  if (run->known == 0) goto finish;

  PetscCall(BasisReserve(&B, PetscMin(ctx->max_dim, InmShiftRunFirstCheck(b, run->expect)) + 2 * b, b));
  PetscCall(PetscMalloc1((size_t)nloc * b, &W));
  PetscCall(PetscMalloc1((size_t)(ctx->max_dim + 2 * b) * b, &work));
  PetscCall(PetscLogEventBegin(INM_EVENTS.eigen, 0, 0, 0, 0));
  PetscCall(StartBlock(ctx, run, B.V, work, R));
  if (ctx->partial) PetscCall(ProbeAdd(ctx, &probe, B.V, 0));
  next = InmShiftRunFirstCheck(b, run->expect);
  next = PetscMin(((next + b - 1) / b) * b, ctx->max_dim);
  while (!done) {
    PetscCall(BasisReserve(&B, M + 2 * b, b));
    PetscCall(PetscTime(&ta));
    PetscCall(InmLDLTSolve(ctx->ldlt, b, B.V + (size_t)M * nloc, W)); /* W = T V_j */
    PetscCall(PetscTime(&tb));
    tsolve += tb - ta;
    if (ctx->zero) PetscCall(ProjectOut(ctx->comm, nloc, b, 3, ctx->zero, W, work, NULL, 0));
    { /* the last two blocks carry the recurrence; then one pass over all when needed,
       * repeated only if it cancelled much of a column ("twice is enough", Kahan-Parlett) */
      const PetscInt k0 = PetscMax(0, M - b);
      PetscReal      before[64], after[64];
      PetscBool      full = (PetscBool)(!ctx->partial || M < 2 * b);
      PetscCall(ProjectOut(ctx->comm, nloc, b, M + b - k0, B.V + (size_t)k0 * nloc, W, work, B.H + k0 + (size_t)M * B.ldh, B.ldh));
      PetscCall(ColumnNorms(ctx->comm, nloc, b, W, before));
      if (!full) PetscCall(OverlapTooLarge(ctx, &probe, W, before, work, &full));
      if (full) {
        PetscBool again = PETSC_FALSE;
        nfull++;
        PetscCall(ProjectOut(ctx->comm, nloc, b, M + b, B.V, W, work, B.H + (size_t)M * B.ldh, B.ldh));
        PetscCall(ColumnNorms(ctx->comm, nloc, b, W, after));
        for (PetscInt j = 0; j < b; j++) again = (PetscBool)(again || after[j] < 0.7 * before[j]);
        if (again) PetscCall(ProjectOut(ctx->comm, nloc, b, M + b, B.V, W, work, B.H + (size_t)M * B.ldh, B.ldh));
      }
    }
    PetscCall(TSQR(ctx->comm, nloc, b, W, R));
    PetscCall(PetscTime(&ta));
    tgs += ta - tb;
    for (PetscInt j = 0; j < b; j++) PetscCall(PetscArraycpy(B.H + (M + b) + (size_t)(M + j) * B.ldh, R + j * b, b));
    PetscCall(PetscArraycpy(B.V + (size_t)(M + b) * nloc, W, (size_t)nloc * b));
    if (ctx->partial) PetscCall(ProbeAdd(ctx, &probe, W, M + b));
    M += b;
    if (M >= next || M + b > ctx->max_dim) {
      PetscCall(RitzFree(&rz));
      PetscCall(PetscMalloc4(M, &rz.mu, M, &rz.theta, M, &rz.res, M, &rz.tau));
      PetscCall(PetscMalloc3((size_t)M * M, &rz.Hs, M, &rz.order, M, &rz.sel));
      PetscCall(PetscTime(&ta));
      PetscCall(RitzCheck(ctx, run, &B, M, &rz, &done));
      PetscCall(PetscTime(&tb));
      tritz += tb - ta;
      nchecks++;
      if (!done && M + b > ctx->max_dim) { /* the cap: report what converged, flagged */
        run->complete = PETSC_FALSE;
        break;
      }
      next = M + PetscMax(2 * b, ((M / 8 + b - 1) / b) * b);
    }
  }
  PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));
  run->dim = M;
  PetscCall(PetscLogEventBegin(INM_EVENTS.modes, 0, 0, 0, 0));
  PetscCall(PetscTime(&ta));
  PetscCall(RitzExtract(ctx, run, &B, M, &rz));
  PetscCall(PetscTime(&tb));
  textract = tb - ta;
  PetscCall(PetscLogEventEnd(INM_EVENTS.modes, 0, 0, 0, 0));
  if (run->residual > 1e-8 * ctx->scale) run->complete = PETSC_FALSE; /* not what tol promised: redo the gaps */
  PetscCall(RitzFree(&rz));
  PetscCall(PetscFree(W));
  PetscCall(PetscFree(work));
  free(B.V); /* realloc'd (BasisReserve) */
  PetscCall(PetscFree(B.H));
  PetscCall(PetscFree(probe.P));
  PetscCall(PetscTime(&t2));
  run->tkrylov = t2 - t1;
  if (ctx->monitor) PetscCall(PetscPrintf(ctx->comm, "[slice]   shift %" PetscInt_FMT ": solves %.2f s, Gram-Schmidt and TSQR %.2f s (full reorthogonalisation in %" PetscInt_FMT " of %" PetscInt_FMT " blocks), Ritz %.2f s (%" PetscInt_FMT " checks), extraction %.2f s, other %.2f s\n", run->index, tsolve, tgs, nfull, M / b, tritz, nchecks, textract, run->tkrylov - tsolve - tgs - tritz - textract));
finish:
  if (ctx->monitor && run->known == 0 && run->lo == run->hi) PetscCall(PetscPrintf(ctx->comm, "[slice] shift %" PetscInt_FMT ": sigma %.6g, %" PetscInt_FMT " below (the inertia alone); factor %.2f s\n", run->index, (double)run->sigma, run->below, run->tfactor));
  else if (ctx->monitor) {
    char lo[32] = "-inf";
    if (run->lo != PETSC_NINFINITY) PetscCall(PetscSNPrintf(lo, sizeof(lo), "%.6g", (double)run->lo));
    InmLDLTInfo f;
    PetscCall(InmLDLTGetInfo(ctx->ldlt, &f));
    PetscCall(PetscPrintf(ctx->comm, "[slice] shift %" PetscInt_FMT ": sigma %.6g, %" PetscInt_FMT " below; cell (%s, %.6g]: %" PetscInt_FMT " pairs%s (%" PetscInt_FMT " expected within reach), Krylov dimension %" PetscInt_FMT ", max |Dx - lambda x| %.1e; factor %.2f s (%s, %.3g entries, %.3g flops, %.0f MB), Krylov %.2f s\n", run->index, (double)run->sigma, run->below, lo, (double)run->hi, run->nfound, run->complete ? "" : " (incomplete)", run->expect, run->dim, (double)run->residual, run->tfactor, f.ordering, (double)f.entries, (double)f.flops, (double)f.memory, run->tkrylov));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmShiftRunReset(InmShiftRun *run)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(run->lambda, run->s2, run->s4));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscFree(run->proj[c]));
  PetscCall(PetscFree(run->vectors));
  run->nfound = 0;
  PetscFunctionReturn(0);
}
