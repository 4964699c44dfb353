/* The kernel polynomial method (KPM): spectral measures of D from Chebyshev moments, with
 * sparse products only (Weisse, Wellein, Alvermann & Fehske, Rev. Mod. Phys. 78, 275 (2006)).
 *
 * With D~ = (D - c) / h mapping the spectrum into (-1, 1) (c, h from bounds [lo, hi] of it),
 * the measure of D with respect to a vector x, mu_x = sum_j (q_j . x)^2 delta(lambda - lambda_j),
 * has the Chebyshev moments
 *     mu_k = x^T T_k(D~) x = sum_j (q_j . x)^2 T_k(x_j),           x_j = (lambda_j - c) / h,
 * from the three-term recurrence r_0 = x, r_1 = D~ x, r_{k+1} = 2 D~ r_k - r_{k-1}, two
 * moments per product (mu_2k = 2 r_k.r_k - mu_0, mu_2k+1 = 2 r_k+1.r_k - mu_1). Truncated at M
 * moments and damped by the Jackson kernel
 *     g_k = [(M - k + 1) cos(pi k / (M+1)) + sin(pi k / (M+1)) cot(pi / (M+1))] / (M + 1),
 * the series is a positive density that is each delta function broadened to a near-Gaussian
 * of width sigma ~ pi h sqrt(1 - x^2) / M:
 *     rho(x) = [g_0 mu_0 + 2 sum_{k>=1} g_k mu_k T_k(x)] / (pi sqrt(1 - x^2)).
 * Integrals of rho against f(lambda) over [a, b) are, with x = cos(theta),
 *     I = g_0 mu_0 c_0 + 2 sum_k g_k mu_k c_k,   c_k = (1/pi) int_{theta_b}^{theta_a} cos(k theta) f(c + h cos theta) dtheta,
 * the c_k by Gauss-Legendre on panels of width pi / M (the integrand has bandwidth M), or in
 * closed form for f = 1 (counts). Since the broadening is symmetric, a class boundary inside
 * a smooth part of the spectrum costs only O(sigma^2 rho'), not the weight of a node as in the
 * Gauss quadrature of InmLanczosQuadrature; the truncation error is estimated by the change
 * from M/2 to M moments (the first M/2 moments with their own Jackson kernel).
 *
 * Where the spectrum is discrete on the scale sigma (the localized tail, small systems) a
 * sharp class boundary still moves the weight of the modes within ~3 sigma of it. The class sum
 * then splits as (InmKPMClassSum)
 *     sum_p w_p F(lambda_p) = int mu F_s  +  sum_{p in windows} w_p (F - F_s)(lambda_p),
 * F = |lambda|^power on [lo, hi), F_s the same with each finite end replaced by a C^2 ramp over
 * [end - w, end + w]: F_s varies on the scale w >> sigma, so KPM integrates it to O((sigma/w)^2),
 * and F - F_s vanishes outside the windows, where the eigenpairs (a few, from one shift-and-
 * invert solve at each end) give it exactly.
 *
 * From x = Xi~ of a shear channel it gives Eq. (1)'s sums sum_p Gamma_p |lambda_p|^-2 over any
 * lambda interval; from random +-1 vectors (E[r r^T] = I) the density of states, normalised
 * to the number of eigenvalues, with the statistical error from the spread over vectors.
 *
 * Several start vectors advance together (the three channels; the random vectors and the
 * sites' rows -inm_kpm_block at a time): each step is one product of D with all of them
 * (block_product.c), which reads D once instead of once per vector, and one reduction of all
 * their dot products. The moments are those of one vector at a time to the bit. */
#include "eigen_impl.h"

/* Jackson coefficient g_k of a series truncated at nmom moments. */
static PetscReal Jackson(PetscInt nmom, PetscInt k)
{
  const PetscReal q = PETSC_PI / (nmom + 1);
  return ((nmom - k + 1) * PetscCosReal(q * k) + PetscSinReal(q * k) / PetscTanReal(q)) / (nmom + 1);
}

static void JacksonKernel(PetscInt nmom, PetscReal *g)
{
  for (PetscInt k = 0; k < nmom; k++) g[k] = Jackson(nmom, k);
}

PetscErrorCode InmKPMBounds(Mat D, PetscReal *lo, PetscReal *hi)
{
  InmSpectralDensity dos;
  PetscReal          a, b;

  PetscFunctionBegin;
  /* Lanczos converges to the extreme eigenvalues first; each Ritz value is within its residual
   * of an eigenvalue, and 2% of the width more covers what 60 steps may not have reached (a
   * moment growing beyond mu_0 in InmKPMMoments would say it did not). */
  PetscCall(InmLanczosDensity(D, 60, 11ULL, &dos));
  a = dos.theta[0] - dos.resid[0];
  b = dos.theta[dos.m - 1] + dos.resid[dos.m - 1];
  *lo = a - 0.02 * (b - a);
  *hi = b + 0.02 * (b - a);
  PetscCall(InmSpectralDensityDestroy(&dos));
  PetscFunctionReturn(0);
}

/* Per-vector dots of the local rows of two blocks of k interleaved vectors (entry i of vector
 * j at i k + j) into d[k]. */
static void BlockDots(PetscInt nloc, PetscInt k, const PetscScalar *a, const PetscScalar *b, PetscReal *d)
{
  for (PetscInt j = 0; j < k; j++) d[j] = 0;
  for (PetscInt i = 0; i < nloc; i++)
    for (PetscInt j = 0; j < k; j++) d[j] += PetscRealPart(a[i * k + j] * b[i * k + j]);
}

/* The moments of k vectors at once (mu[j nmom + m] of vector j), from X holding them
 * interleaved (BlockCreate; X is overwritten, as r_0 of the recurrence): the recurrence of the header on the block, whose products are one product of
 * D (x) I_k (block_product.c), which reads each atom block of D once for all k vectors instead
 * of k times (a sparse product is bound by that memory traffic), and one reduction per step
 * for all the dots. r_{s+1} overwrites r_{s-1}. */
static PetscErrorCode ChebyshevMomentsBlock(Mat D, PetscInt k, Vec X, PetscReal c, PetscReal h, PetscInt nmom, PetscReal *mu)
{
  MPI_Comm           comm = PetscObjectComm((PetscObject)D);
  const PetscInt     kp   = InmBlockProductWidth(k); /* the block's width, zero vectors added */
  InmBlockProduct    Dk;
  Vec                R[2], P;
  PetscInt           nloc;
  PetscReal         *d, *dsum;
  const PetscScalar *r, *p;
  PetscScalar       *rn;

  PetscFunctionBegin;
  PetscCall(MatGetLocalSize(D, &nloc, NULL));
  PetscCall(PetscMalloc2(3 * kp, &d, 3 * kp, &dsum));
  PetscCall(InmBlockProductCreate(D, kp, X, &Dk));
  R[0] = X; /* r_0, overwritten by r_2, r_4, ... */
  PetscCall(VecDuplicate(X, &R[1]));
  PetscCall(VecDuplicate(X, &P));
  /* r_1 = (D - c) r_0 / h; mu_0 = r_0.r_0, mu_1 = r_1.r_0, mu_2 = 2 r_1.r_1 - mu_0 */
  PetscCall(InmBlockProductApply(Dk, R[0], P));
  PetscCall(VecGetArrayRead(P, &p));
  PetscCall(VecGetArrayRead(R[0], &r));
  PetscCall(VecGetArrayWrite(R[1], &rn));
  for (PetscInt i = 0; i < nloc * kp; i++) rn[i] = (p[i] - c * r[i]) / h;
  BlockDots(nloc, kp, r, r, d);
  BlockDots(nloc, kp, rn, r, d + kp);
  BlockDots(nloc, kp, rn, rn, d + 2 * kp);
  PetscCall(VecRestoreArrayWrite(R[1], &rn));
  PetscCall(VecRestoreArrayRead(R[0], &r));
  PetscCall(VecRestoreArrayRead(P, &p));
  PetscCall(MPIU_Allreduce(d, dsum, (PetscMPIInt)(3 * kp), MPIU_REAL, MPIU_SUM, comm));
  for (PetscInt j = 0; j < k; j++) {
    mu[j * nmom]     = dsum[j];
    mu[j * nmom + 1] = dsum[kp + j];
    if (nmom > 2) mu[j * nmom + 2] = 2 * dsum[2 * kp + j] - dsum[j];
  }
  for (PetscInt s = 1; 2 * s + 1 < nmom; s++) { /* R[s % 2] = r_s, the other r_{s-1} on entry */
    const PetscInt cur = s % 2, old = 1 - cur;
    PetscCall(InmBlockProductApply(Dk, R[cur], P));
    PetscCall(VecGetArrayRead(P, &p));
    PetscCall(VecGetArrayRead(R[cur], &r));
    PetscCall(VecGetArray(R[old], &rn));
    for (PetscInt i = 0; i < nloc * kp; i++) rn[i] = 2 * (p[i] - c * r[i]) / h - rn[i]; /* r_{s+1} = 2 D~ r_s - r_{s-1} */
    BlockDots(nloc, kp, rn, r, d);
    BlockDots(nloc, kp, rn, rn, d + kp);
    PetscCall(VecRestoreArray(R[old], &rn));
    PetscCall(VecRestoreArrayRead(R[cur], &r));
    PetscCall(VecRestoreArrayRead(P, &p));
    PetscCall(MPIU_Allreduce(d, dsum, (PetscMPIInt)(2 * kp), MPIU_REAL, MPIU_SUM, comm));
    for (PetscInt j = 0; j < k; j++) {
      mu[j * nmom + 2 * s + 1] = 2 * dsum[j] - mu[j * nmom + 1];
      if (2 * s + 2 < nmom) mu[j * nmom + 2 * s + 2] = 2 * dsum[kp + j] - mu[j * nmom];
    }
  }
  PetscCall(VecDestroy(&R[1]));
  PetscCall(VecDestroy(&P));
  PetscCall(InmBlockProductDestroy(&Dk));
  PetscCall(PetscFree2(d, dsum));
  /* |T_m| <= 1 on [-1, 1]: a moment beyond mu_0 means an eigenvalue outside the bounds, where
   * the recurrence grows exponentially and every result would be wrong. */
  for (PetscInt j = 0; j < k; j++)
    for (PetscInt m = 0; m < nmom; m++)
      PetscCheck(PetscAbsReal(mu[j * nmom + m]) <= mu[j * nmom] * (1 + 1e-8), comm, PETSC_ERR_ARG_OUTOFRANGE, "KPM: Chebyshev moment %" PetscInt_FMT " is %g times mu_0; the spectrum of D reaches outside the bounds [%g, %g]", m, (double)(mu[j * nmom + m] / mu[j * nmom]), (double)(c - h), (double)(c + h));
  PetscFunctionReturn(0);
}

static PetscErrorCode MomentsSetUp(Mat D, PetscReal lo, PetscReal hi, PetscInt nmom, PetscInt nvec, InmChebyshevMoments *cm)
{
  PetscFunctionBegin;
  PetscCheck(hi > lo, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_WRONG, "KPM: empty spectral bounds [%g, %g]", (double)lo, (double)hi);
  PetscCheck(nmom >= 4 && nmom % 2 == 0, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "KPM: %" PetscInt_FMT " moments; an even number of at least 4", nmom);
  PetscCall(MatGetSize(D, &cm->n, NULL));
  cm->nmom      = nmom;
  cm->nvec      = nvec;
  cm->center    = 0.5 * (hi + lo);
  cm->halfwidth = 0.5 * (hi - lo);
  PetscCall(PetscCalloc1(nmom * nvec, &cm->mu));
  PetscFunctionReturn(0);
}

/* A block of k vectors in D's row layout, interleaved: entry i of vector j at i kp + j, kp =
 * InmBlockProductWidth(k) >= k (the columns past k stay zero); zeroed, *a its local array to
 * fill, restored by VecRestoreArray. */
static PetscErrorCode BlockCreate(Mat D, PetscInt k, Vec *X, PetscScalar **a, PetscInt *kp)
{
  PetscInt nloc;

  PetscFunctionBegin;
  *kp = InmBlockProductWidth(k);
  PetscCall(MatGetLocalSize(D, &nloc, NULL));
  PetscCall(VecCreateMPI(PetscObjectComm((PetscObject)D), nloc * *kp, PETSC_DETERMINE, X));
  PetscCall(VecSet(*X, 0.0));
  PetscCall(VecGetArray(*X, a));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMMomentsBlock(Mat D, PetscInt k, Vec x[], PetscReal lo, PetscReal hi, PetscInt nmom, InmChebyshevMoments cm[])
{
  Vec                X;
  PetscScalar       *a;
  const PetscScalar *xa;
  PetscInt           nloc, kp;
  PetscReal         *mu;

  PetscFunctionBegin;
  PetscCall(MatGetLocalSize(D, &nloc, NULL));
  PetscCall(BlockCreate(D, k, &X, &a, &kp));
  for (PetscInt j = 0; j < k; j++) {
    PetscCall(VecGetArrayRead(x[j], &xa));
    for (PetscInt i = 0; i < nloc; i++) a[i * kp + j] = xa[i];
    PetscCall(VecRestoreArrayRead(x[j], &xa));
  }
  PetscCall(VecRestoreArray(X, &a));
  PetscCall(PetscMalloc1((size_t)k * nmom, &mu));
  PetscCall(ChebyshevMomentsBlock(D, k, X, 0.5 * (hi + lo), 0.5 * (hi - lo), nmom, mu));
  for (PetscInt j = 0; j < k; j++) {
    PetscCall(MomentsSetUp(D, lo, hi, nmom, 1, &cm[j]));
    PetscCall(PetscArraycpy(cm[j].mu, mu + (size_t)j * nmom, nmom));
  }
  PetscCall(PetscFree(mu));
  PetscCall(VecDestroy(&X));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMMoments(Mat D, Vec x, PetscReal lo, PetscReal hi, PetscInt nmom, InmChebyshevMoments *cm)
{
  PetscFunctionBegin;
  PetscCall(InmKPMMomentsBlock(D, 1, &x, lo, hi, nmom, cm));
  PetscFunctionReturn(0);
}

/* Fills vectors v0 .. v0 + k - 1 of a block (local rows rstart .. rend - 1, entry i of vector
 * v0 + j at a[(i - rstart) kp + j], zeroed before). */
typedef PetscErrorCode (*BlockFill)(void *ctx, PetscInt v0, PetscInt k, PetscInt rstart, PetscInt rend, PetscInt kp, PetscScalar *a);

/* The moments of nvec vectors made by fill, block of them at a time, into mu[v nmom + m]. */
static PetscErrorCode MomentsInBlocks(Mat D, PetscInt nvec, PetscInt block, BlockFill fill, void *ctx, PetscReal c, PetscReal h, PetscInt nmom, PetscReal *mu)
{
  PetscInt rstart, rend;

  PetscFunctionBegin;
  PetscCheck(block >= 1, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "KPM: block of %" PetscInt_FMT " vectors; at least 1", block);
  PetscCall(MatGetOwnershipRange(D, &rstart, &rend));
  for (PetscInt v0 = 0; v0 < nvec; v0 += block) {
    const PetscInt k = PetscMin(block, nvec - v0);
    Vec            X;
    PetscScalar   *a;
    PetscInt       kp;
    PetscCall(BlockCreate(D, k, &X, &a, &kp));
    PetscCall(fill(ctx, v0, k, rstart, rend, kp, a));
    PetscCall(VecRestoreArray(X, &a));
    PetscCall(ChebyshevMomentsBlock(D, k, X, c, h, nmom, mu + v0 * nmom));
    PetscCall(VecDestroy(&X));
  }
  PetscFunctionReturn(0);
}

/* Rademacher entries from a hash of (seed + v, global row): rank-independent. */
static PetscErrorCode FillRandom(void *ctx, PetscInt v0, PetscInt k, PetscInt rstart, PetscInt rend, PetscInt kp, PetscScalar *a)
{
  const unsigned long long seed = *(const unsigned long long *)ctx;

  PetscFunctionBegin;
  for (PetscInt j = 0; j < k; j++)
    for (PetscInt i = rstart; i < rend; i++) a[(i - rstart) * kp + j] = InmHashUniform(seed + (unsigned long long)(v0 + j), (unsigned long long)i) < 0 ? -1.0 : 1.0;
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMStochasticMoments(Mat D, PetscReal lo, PetscReal hi, PetscInt nmom, PetscInt nvec, unsigned long long seed, PetscInt block, InmChebyshevMoments *cm)
{
  PetscFunctionBegin;
  PetscCheck(nvec >= 2, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "KPM: %" PetscInt_FMT " random vectors; at least 2 for an error", nvec);
  PetscCall(MomentsSetUp(D, lo, hi, nmom, nvec, cm));
  PetscCall(MomentsInBlocks(D, nvec, block, FillRandom, &seed, cm->center, cm->halfwidth, nmom, cm->mu));
  PetscFunctionReturn(0);
}

/* The function integrated against the measure: |lambda|^power times, with a smooth cut, the
 * ramps R((lambda - lo) / w) R((hi - lambda) / w), where R(t) = 1/2 + (15 t - 10 t^3 + 3 t^5) / 16
 * on [-1, 1] (0 below, 1 above) has two continuous derivatives: F_s of InmKPMClassSum. */
typedef struct {
  PetscReal power, lo, hi, w; /* w = 0: the sharp interval */
} ClassFunction;

static PetscReal Ramp(PetscReal t)
{
  if (t <= -1) return 0;
  if (t >= 1) return 1;
  return 0.5 + t * (15 - t * t * (10 - 3 * t * t)) / 16;
}

static PetscReal SmoothPart(const ClassFunction *f, PetscReal lambda)
{
  PetscReal v = f->power == 0 ? 1 : PetscPowReal(PetscAbsReal(lambda), f->power);
  if (f->w > 0) {
    if (f->lo > -PETSC_INFINITY) v *= Ramp((lambda - f->lo) / f->w);
    if (f->hi < PETSC_INFINITY) v *= Ramp((f->hi - lambda) / f->w);
  } else if (lambda < f->lo || lambda >= f->hi) v = 0;
  return v;
}

/* c_k, k < nmom, of f (see the header) over its support. Built for x86-64-v3 beside the
 * baseline (GCC picks one at run time), as the block products are. */
typedef PetscReal v4 __attribute__((vector_size(4 * sizeof(PetscReal))));
__attribute__((target_clones("arch=x86-64-v3", "default")))
static PetscErrorCode ChebyshevCoefficients(const InmChebyshevMoments *cm, const ClassFunction *f, PetscReal *ck)
{
  /* 8-point Gauss-Legendre on [-1, 1] */
  static const PetscReal gx[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
  static const PetscReal gw[4] = {0.3626837833783620, 0.3137066238177762, 0.2223810344533745, 0.1012285362903763};
  const PetscReal        a = f->lo - f->w, b = f->hi + f->w;
  const PetscReal        xa = PetscMax(-1.0, PetscMin(1.0, (a - cm->center) / cm->halfwidth)), xb = PetscMax(-1.0, PetscMin(1.0, (b - cm->center) / cm->halfwidth));
  const PetscReal        th_a = PetscAcosReal(xa), th_b = PetscAcosReal(xb); /* th_b <= th_a */
  const PetscInt         nmom = cm->nmom;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < nmom; k++) ck[k] = 0;
  if (th_a <= th_b) PetscFunctionReturn(0);
  if (f->power == 0 && f->w == 0) { /* a count over a sharp interval: closed form */
    ck[0] = (th_a - th_b) / PETSC_PI;
    for (PetscInt k = 1; k < nmom; k++) ck[k] = (PetscSinReal(k * th_a) - PetscSinReal(k * th_b)) / (k * PETSC_PI);
    PetscFunctionReturn(0);
  }
  {
    /* panels of pi / nmom (the integrand's bandwidth), and at most w / 4 wide in lambda where a
     * ramp is, so that its polynomial pieces are integrated as finely as the cosines */
    PetscReal      dth = PETSC_PI / nmom;
    if (f->w > 0) dth = PetscMin(dth, 0.25 * f->w / cm->halfwidth);
    const PetscInt  npanel = (PetscInt)PetscCeilReal((th_a - th_b) / dth) + 1;
    const PetscReal hp     = (th_a - th_b) / npanel;
    /* the 16 nodes of two panels advance their recurrences side by side, four to a vector
     * (GCC's vector extension, as in block_product.c): one node at a time waited on its own
     * recurrence at every k, and this O(8 npanel nmom) loop was 99% of `viscosity` on the
     * paper campaign */
    for (PetscInt p0 = 0; p0 < npanel; p0 += 2) {
      v4        c2[4], w[4], t0[4], t1[4];
      PetscReal s = 0;
      PetscBool any = PETSC_FALSE;
      for (int j = 0; j < 16; j++) {
        const PetscInt  p  = p0 + j / 8, i = j % 8;
        const PetscReal th = th_b + hp * (p + 0.5 + 0.5 * (i < 4 ? -gx[i] : gx[i - 4])), c = PetscCosReal(th);
        const PetscReal vj = p < npanel ? 0.5 * hp * gw[i % 4] / PETSC_PI * SmoothPart(f, cm->center + cm->halfwidth * c) : 0;
        c2[j / 4][j % 4] = 2 * c;
        w[j / 4][j % 4]  = vj;
        t0[j / 4][j % 4] = 1;
        t1[j / 4][j % 4] = c; /* cos(k th) by the Chebyshev recurrence in cos(th) */
        s += vj;
        any = (PetscBool)(any || vj != 0);
      }
      if (!any) continue;
      ck[0] += s;
      for (PetscInt k = 1; k < nmom; k++) {
        const v4 q = (w[0] * t1[0] + w[1] * t1[1]) + (w[2] * t1[2] + w[3] * t1[3]);
        for (int l = 0; l < 4; l++) {
          const v4 t2 = c2[l] * t1[l] - t0[l];
          t0[l]       = t1[l];
          t1[l]       = t2;
        }
        ck[k] += (q[0] + q[1]) + (q[2] + q[3]);
      }
    }
  }
  PetscFunctionReturn(0);
}

/* The Jackson-damped series of vector v's moments against c, truncated at m moments. */
static PetscReal Series(const InmChebyshevMoments *cm, PetscInt v, PetscInt m, const PetscReal *g, const PetscReal *ck)
{
  const PetscReal *mu = cm->mu + v * cm->nmom;
  PetscReal        s  = g[0] * mu[0] * ck[0];
  for (PetscInt k = 1; k < m; k++) s += 2 * g[k] * mu[k] * ck[k];
  return s;
}

/* The Jackson-damped series of every vector against f: the mean, its standard error, and the
 * change from nmom / 2 moments. */
static PetscErrorCode SeriesMean(const InmChebyshevMoments *cm, const ClassFunction *f, PetscReal *value, PetscReal *stat_err, PetscReal *trunc_err)
{
  const PetscInt M = cm->nmom, H = M / 2;
  PetscReal     *ck, *gM, *gH, s = 0, s2 = 0, sh = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(M, &ck, M, &gM, H, &gH));
  PetscCall(ChebyshevCoefficients(cm, f, ck));
  JacksonKernel(M, gM);
  JacksonKernel(H, gH);
  for (PetscInt v = 0; v < cm->nvec; v++) {
    const PetscReal iv = Series(cm, v, M, gM, ck);
    s += iv;
    s2 += iv * iv;
    sh += Series(cm, v, H, gH, ck);
  }
  *value = s / cm->nvec;
  if (stat_err) *stat_err = cm->nvec > 1 ? PetscSqrtReal(PetscMax(0.0, (s2 - cm->nvec * (*value) * (*value)) / (cm->nvec - 1) / cm->nvec)) : 0;
  if (trunc_err) *trunc_err = PetscAbsReal(*value - sh / cm->nvec);
  PetscCall(PetscFree3(ck, gM, gH));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMIntegral(const InmChebyshevMoments *cm, PetscReal lo, PetscReal hi, PetscReal power, PetscReal *value, PetscReal *stat_err, PetscReal *trunc_err)
{
  const ClassFunction f = {power, lo, hi, 0};

  PetscFunctionBegin;
  PetscCall(SeriesMean(cm, &f, value, stat_err, trunc_err));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMClassSum(const InmChebyshevMoments *cm, PetscReal lo, PetscReal hi, PetscReal power, PetscReal w, PetscInt nwin, const PetscReal wlambda[], const PetscReal wweight[], PetscReal *value, PetscReal *trunc_err)
{
  const ClassFunction f = {power, lo, hi, w}, sharp = {power, lo, hi, 0};

  PetscFunctionBegin;
  PetscCheck(w > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "KPM class sum: window half-width %g; it must be positive", (double)w);
  PetscCall(SeriesMean(cm, &f, value, NULL, trunc_err));
  for (PetscInt p = 0; p < nwin; p++) { /* F - F_s vanishes outside the windows: there, the eigenpairs */
    const PetscReal l = wlambda[p];
    if ((lo > -PETSC_INFINITY && PetscAbsReal(l - lo) < w) || (hi < PETSC_INFINITY && PetscAbsReal(l - hi) < w)) *value += wweight[p] * (SmoothPart(&sharp, l) - SmoothPart(&f, l));
  }
  PetscFunctionReturn(0);
}

/* 8 sigma: the ramp's curvature then costs (sigma / w)^2 ~ 2% of the windows' share, which on a
 * 500-atom KA liquid left every class sum within 0.6% (5 sigma: up to 1.2%; test_kpm.c). But
 * never more than half the distance of an end from lambda = 0, where |lambda|^power < 0 and the
 * translational zero modes would enter a window: there the resolution itself must be finer
 * (more moments), and the returned w / sigma says how far it falls short. */
PetscReal InmKPMWindow(const InmChebyshevMoments *cm, PetscReal lo, PetscReal hi)
{
  PetscReal w = PETSC_MAX_REAL, s = 0;
  if (lo > -PETSC_INFINITY) {
    s = PetscMax(s, InmKPMResolution(cm, lo));
    w = PetscMin(w, 0.5 * PetscAbsReal(lo));
  }
  if (hi < PETSC_INFINITY) {
    s = PetscMax(s, InmKPMResolution(cm, hi));
    w = PetscMin(w, 0.5 * PetscAbsReal(hi));
  }
  return PetscMin(w, 8 * s);
}

PetscReal InmKPMResolution(const InmChebyshevMoments *cm, PetscReal lambda)
{
  /* the Jackson kernel's variance at x (Weisse et al. 2006, Eq. (73)) */
  const PetscReal x = PetscMin(1.0, PetscAbsReal((lambda - cm->center) / cm->halfwidth)), M = cm->nmom;
  return cm->halfwidth * PetscSqrtReal((M - x * x * (M - 1)) / (2 * (M + 1)) * (1 - PetscCosReal(2 * PETSC_PI / (M + 1))));
}

/* The Jackson-damped density per unit lambda at lambda of vector v's moments, g the kernel. */
/* The density of vector v at lambda from its first m moments (g: the Jackson kernel of m). */
static PetscReal DensityAt(const InmChebyshevMoments *cm, PetscInt v, PetscInt m, const PetscReal *g, PetscReal lambda)
{
  const PetscReal  x  = (lambda - cm->center) / cm->halfwidth;
  const PetscReal *mu = cm->mu + v * cm->nmom;
  PetscReal        s = 0, tk = 1, tm1 = x; /* T_0, and T_-1 = T_1 so that the recurrence gives T_1 */

  if (PetscAbsReal(x) >= 1) return 0;
  for (PetscInt k = 0; k < m; k++) {
    s += (k ? 2 : 1) * g[k] * mu[k] * tk;
    const PetscReal t2 = 2 * x * tk - tm1;
    tm1                = tk;
    tk                 = t2;
  }
  return s / (PETSC_PI * PetscSqrtReal(1 - x * x) * cm->halfwidth);
}

/* The typical density of states (Schubert, Weisse & Fehske, Phys. Rev. B 71, 045126 (2005)):
 * the local density of states of atom i, rho_i(lambda) = sum_n |e_i^n|^2 delta(lambda -
 * lambda_n) with |e_i^n|^2 = sum_alpha (v^n_{3i+alpha})^2 (the atom's share of mode n), has the
 * moments sum_alpha u_{i alpha}^T T_k(D~) u_{i alpha} of the unit vectors of its three rows.
 * Over random atoms, the arithmetic mean of rho_i is the density of states per atom, and the
 * geometric mean rho_typ = exp <ln rho_i> weighs how evenly the modes near lambda spread over
 * the atoms: for extended modes rho_typ / rho_mean stays of order one, for modes localized on
 * a few atoms it falls (towards 0 as N and the resolution grow). No eigenvector is needed: the
 * localisation edge where no factorisation fits. */
/* Vector v: the unit vector of row v mod 3 of atom site[v / 3]. */
static PetscErrorCode FillSiteRows(void *ctx, PetscInt v0, PetscInt k, PetscInt rstart, PetscInt rend, PetscInt kp, PetscScalar *a)
{
  const PetscInt *site = (const PetscInt *)ctx;

  PetscFunctionBegin;
  for (PetscInt j = 0; j < k; j++) {
    const PetscInt row = 3 * site[(v0 + j) / 3] + (v0 + j) % 3;
    if (row >= rstart && row < rend) a[(row - rstart) * kp + j] = 1.0;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMLocalMoments(Mat D, PetscReal lo, PetscReal hi, PetscInt nmom, PetscInt nsites, unsigned long long seed, PetscInt block, InmChebyshevMoments *cm)
{
  PetscInt   n, natoms, *site;
  PetscReal *mu;

  PetscFunctionBegin;
  PetscCall(MatGetSize(D, &n, NULL));
  natoms = n / 3;
  PetscCheck(nsites >= 2 && nsites <= natoms, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "KPM local density: %" PetscInt_FMT " sites; between 2 and the %" PetscInt_FMT " atoms", nsites, natoms);
  PetscCall(MomentsSetUp(D, lo, hi, nmom, nsites, cm));
  PetscCall(PetscMalloc2(nsites, &site, (size_t)3 * nsites * nmom, &mu));
  if (nsites == natoms) /* every atom (a sum rule: the sum over atoms is the trace) */
    for (PetscInt k = 0; k < nsites; k++) site[k] = k;
  else
    for (PetscInt k = 0, tries = 0; k < nsites; tries++) { /* distinct atoms, from a hash of (seed, try): rank-independent */
      const PetscInt a = (PetscInt)((0.5 + 0.5 * InmHashUniform(seed, (unsigned long long)tries)) * natoms) % natoms;
      PetscBool      dup = PETSC_FALSE;
      for (PetscInt j = 0; j < k && !dup; j++) dup = (PetscBool)(site[j] == a);
      if (!dup) site[k++] = a;
    }
  PetscCall(MomentsInBlocks(D, 3 * nsites, block, FillSiteRows, site, cm->center, cm->halfwidth, nmom, mu));
  for (PetscInt k = 0; k < nsites; k++) /* an atom's density: the sum over its three rows */
    for (PetscInt j = 0; j < nmom; j++) cm->mu[k * nmom + j] = mu[(3 * k) * nmom + j] + mu[(3 * k + 1) * nmom + j] + mu[(3 * k + 2) * nmom + j];
  PetscCall(PetscFree2(site, mu));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMTypicalDensity(const InmChebyshevMoments *cm, PetscReal lambda, PetscReal *typical, PetscReal *mean)
{
  PetscFunctionBegin;
  PetscCall(InmKPMTypicalDensityTruncated(cm, cm->nmom, lambda, typical, mean));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMTypicalDensityTruncated(const InmChebyshevMoments *cm, PetscInt m, PetscReal lambda, PetscReal *typical, PetscReal *mean)
{
  PetscReal lsum = 0, sum = 0, *g;

  PetscFunctionBegin;
  PetscCheck(m >= 2 && m <= cm->nmom, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "typical density from %" PetscInt_FMT " moments: between 2 and the %" PetscInt_FMT " held", m, cm->nmom);
  PetscCall(PetscMalloc1(m, &g));
  JacksonKernel(m, g); /* once for every atom */
  for (PetscInt v = 0; v < cm->nvec; v++) {
    /* each rho_i is a positive measure broadened by a positive kernel; round-off may leave a
     * density ~1e-16 of the peak slightly negative where there is none, so a floor */
    const PetscReal d = DensityAt(cm, v, m, g, lambda);
    sum += d;
    lsum += PetscLogReal(PetscMax(d, 1e-300));
  }
  PetscCall(PetscFree(g));
  *mean    = sum / cm->nvec;
  *typical = PetscExpReal(lsum / cm->nvec);
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesComputeKPM(Mat D, Vec xi[INM_NCHANNEL], const InmKPMOptions *o, InmModes *m)
{
  PetscReal lo, hi;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < 3; c++) PetscCall(InmChebyshevMomentsDestroy(&m->kpm_shear[c]));
  PetscCall(InmChebyshevMomentsDestroy(&m->kpm_dos));
  PetscCall(InmChebyshevMomentsDestroy(&m->kpm_sites));
  if (!o->nmom) PetscFunctionReturn(0);
  PetscCall(InmKPMBounds(D, &lo, &hi));
  { /* progress: one line per stage where a snapshot is large enough to take a while; the
     * work of a stage is its products, a block of k vectors costing about one product each */
    const PetscInt blk = o->block;
    PetscReal      work[3], done = 0, total;
    PetscInt       n, nsites;
    PetscLogDouble t0, t;
    PetscCall(MatGetSize(D, &n, NULL));
    nsites  = o->nsites ? PetscMin(o->nsites, n / 3) : 0;
    work[0] = o->nmom / 2.0;
    work[1] = ((o->nvec + blk - 1) / blk) * o->dos_nmom / 2.0;
    work[2] = ((3 * nsites + blk - 1) / blk) * o->site_nmom / 2.0;
    total   = work[0] + work[1] + work[2];
    PetscCall(PetscTime(&t0));
    for (int stage = 0; stage < 3; stage++) {
      static const char *what[3] = {"Xi~ measures (xy, xz, yz)", "density of states (random vectors)", "local densities (sites)"};
      if (stage == 0) PetscCall(InmKPMMomentsBlock(D, 3, xi, lo, hi, o->nmom, m->kpm_shear));
      else if (stage == 1) PetscCall(InmKPMStochasticMoments(D, lo, hi, o->dos_nmom, o->nvec, o->seed, blk, &m->kpm_dos));
      else if (nsites) PetscCall(InmKPMLocalMoments(D, lo, hi, o->site_nmom, nsites, o->seed, blk, &m->kpm_sites));
      else continue;
      PetscCall(PetscTime(&t));
      done += work[stage];
      if (n >= 300000) PetscCall(PetscPrintf(PetscObjectComm((PetscObject)D), "[kpm] stage %d/3, %s: %.1f s elapsed, ETA %.1f s\n", stage + 1, what[stage], (double)(t - t0), (double)((t - t0) / done * (total - done))));
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMMean(PetscInt n, const InmChebyshevMoments cm[], InmChebyshevMoments *mean)
{
  PetscFunctionBegin;
  for (PetscInt c = 1; c < n; c++)
    PetscCheck(cm[c].nmom == cm[0].nmom && cm[c].nvec == 1 && cm[c].center == cm[0].center && cm[c].halfwidth == cm[0].halfwidth, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP, "KPM mean: moment set %" PetscInt_FMT " has another map or length than the first", c);
  *mean    = cm[0];
  mean->mu = NULL;
  PetscCall(PetscCalloc1(cm[0].nmom, &mean->mu));
  for (PetscInt c = 0; c < n; c++)
    for (PetscInt k = 0; k < cm[0].nmom; k++) mean->mu[k] += cm[c].mu[k] / n;
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMZeroModes(const InmChebyshevMoments *cm, InmChebyshevMoments *z)
{
  const PetscReal x0 = -cm->center / cm->halfwidth; /* the image of lambda = 0 */
  PetscReal       tk = 1, tm1 = x0;

  PetscFunctionBegin;
  *z      = *cm;
  z->nvec = 1;
  PetscCall(PetscMalloc1(cm->nmom, &z->mu));
  for (PetscInt k = 0; k < cm->nmom; k++) { /* 3 T_k(x0) by the recurrence, T_{-1} = T_1 */
    const PetscReal t2 = 2 * x0 * tk - tm1;
    z->mu[k]           = 3 * tk;
    tm1                = tk;
    tk                 = t2;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMCountNonzero(const InmChebyshevMoments *dos, PetscReal lo, PetscReal hi, PetscReal *n, PetscReal *stat_err)
{
  InmChebyshevMoments zero;
  PetscReal           z;

  PetscFunctionBegin;
  PetscCall(InmKPMIntegral(dos, lo, hi, 0, n, stat_err, NULL));
  PetscCall(InmKPMZeroModes(dos, &zero));
  PetscCall(InmKPMIntegral(&zero, lo, hi, 0, &z, NULL, NULL));
  PetscCall(InmChebyshevMomentsDestroy(&zero));
  *n -= z;
  PetscFunctionReturn(0);
}

PetscErrorCode InmChebyshevMomentsDestroy(InmChebyshevMoments *cm)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(cm->mu));
  cm->nmom = cm->nvec = 0;
  PetscFunctionReturn(0);
}
