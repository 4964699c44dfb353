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
 * to the number of eigenvalues, with the statistical error from the spread over vectors. */
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

/* The moments of one start vector x (overwrites nothing of x); r0, r1, w are work vectors. */
static PetscErrorCode ChebyshevMoments(Mat D, Vec x, PetscReal c, PetscReal h, PetscInt nmom, Vec r0, Vec r1, Vec w, PetscReal *mu)
{
  PetscScalar d;

  PetscFunctionBegin;
  PetscCall(VecCopy(x, r0));
  PetscCall(VecDot(x, x, &d));
  mu[0] = PetscRealPart(d);
  PetscCall(MatMult(D, r0, r1)); /* r1 = (D - c) x / h */
  PetscCall(VecAXPBY(r1, -c / h, 1.0 / h, r0));
  PetscCall(VecDot(r1, x, &d));
  if (nmom > 1) mu[1] = PetscRealPart(d);
  for (PetscInt k = 1; 2 * k < nmom; k++) { /* r0 = r_{k-1}, r1 = r_k on entry */
    PetscCall(VecDot(r1, r1, &d));
    mu[2 * k] = 2 * PetscRealPart(d) - mu[0];
    if (2 * k + 1 >= nmom) break;
    PetscCall(MatMult(D, r1, w)); /* w = 2 D~ r_k - r_{k-1} */
    PetscCall(VecAXPBYPCZ(w, -2 * c / h, -1.0, 2.0 / h, r1, r0));
    PetscCall(VecDot(w, r1, &d));
    mu[2 * k + 1] = 2 * PetscRealPart(d) - mu[1];
    {
      Vec t = r0;
      r0    = r1;
      r1    = w;
      w     = t;
    }
  }
  /* |T_k| <= 1 on [-1, 1]: a moment beyond mu_0 means an eigenvalue outside the bounds, where
   * the recurrence grows exponentially and every result would be wrong. */
  for (PetscInt k = 0; k < nmom; k++)
    PetscCheck(PetscAbsReal(mu[k]) <= mu[0] * (1 + 1e-8), PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "KPM: Chebyshev moment %" PetscInt_FMT " is %g times mu_0; the spectrum of D reaches outside the bounds [%g, %g]", k, (double)(mu[k] / mu[0]), (double)(c - h), (double)(c + h));
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

PetscErrorCode InmKPMMoments(Mat D, Vec x, PetscReal lo, PetscReal hi, PetscInt nmom, InmChebyshevMoments *cm)
{
  Vec *r;

  PetscFunctionBegin;
  PetscCall(MomentsSetUp(D, lo, hi, nmom, 1, cm));
  PetscCall(VecDuplicateVecs(x, 3, &r));
  PetscCall(ChebyshevMoments(D, x, cm->center, cm->halfwidth, nmom, r[0], r[1], r[2], cm->mu));
  PetscCall(VecDestroyVecs(3, &r));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMStochasticMoments(Mat D, PetscReal lo, PetscReal hi, PetscInt nmom, PetscInt nvec, unsigned long long seed, InmChebyshevMoments *cm)
{
  Vec      x, *r;
  PetscInt rstart, rend;

  PetscFunctionBegin;
  PetscCheck(nvec >= 2, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "KPM: %" PetscInt_FMT " random vectors; at least 2 for an error", nvec);
  PetscCall(MomentsSetUp(D, lo, hi, nmom, nvec, cm));
  PetscCall(MatCreateVecs(D, &x, NULL));
  PetscCall(VecDuplicateVecs(x, 3, &r));
  PetscCall(VecGetOwnershipRange(x, &rstart, &rend));
  for (PetscInt v = 0; v < nvec; v++) {
    PetscScalar *a;
    PetscCall(VecGetArray(x, &a)); /* Rademacher entries from a hash of (seed + v, global row): rank-independent */
    for (PetscInt i = rstart; i < rend; i++) a[i - rstart] = InmHashUniform(seed + (unsigned long long)v, (unsigned long long)i) < 0 ? -1.0 : 1.0;
    PetscCall(VecRestoreArray(x, &a));
    PetscCall(ChebyshevMoments(D, x, cm->center, cm->halfwidth, nmom, r[0], r[1], r[2], cm->mu + v * nmom));
  }
  PetscCall(VecDestroyVecs(3, &r));
  PetscCall(VecDestroy(&x));
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

/* c_k, k < nmom, of f (see the header) over its support. */
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
    for (PetscInt p = 0; p < npanel; p++)
      for (int j = 0; j < 8; j++) {
        const PetscReal th = th_b + hp * (p + 0.5 + 0.5 * (j < 4 ? -gx[j] : gx[j - 4])), c1 = PetscCosReal(th);
        const PetscReal v  = 0.5 * hp * gw[j % 4] / PETSC_PI * SmoothPart(f, cm->center + cm->halfwidth * c1);
        PetscReal       t0 = 1, t1 = c1; /* cos(k th) by the Chebyshev recurrence in cos(th) */
        if (v == 0) continue;
        ck[0] += v;
        for (PetscInt k = 1; k < nmom; k++) {
          ck[k] += v * t1;
          const PetscReal t2 = 2 * c1 * t1 - t0;
          t0                 = t1;
          t1                 = t2;
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
static PetscReal DensityAt(const InmChebyshevMoments *cm, PetscInt v, const PetscReal *g, PetscReal lambda)
{
  const PetscReal  x  = (lambda - cm->center) / cm->halfwidth;
  const PetscReal *mu = cm->mu + v * cm->nmom;
  PetscReal        s = 0, tk = 1, tm1 = x; /* T_0, and T_-1 = T_1 so that the recurrence gives T_1 */

  if (PetscAbsReal(x) >= 1) return 0;
  for (PetscInt k = 0; k < cm->nmom; k++) {
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
PetscErrorCode InmKPMLocalMoments(Mat D, PetscReal lo, PetscReal hi, PetscInt nmom, PetscInt nsites, unsigned long long seed, InmChebyshevMoments *cm)
{
  Vec       e, *r;
  PetscInt  n, natoms, rstart, rend, *site;
  PetscReal *mu;

  PetscFunctionBegin;
  PetscCall(MatGetSize(D, &n, NULL));
  natoms = n / 3;
  PetscCheck(nsites >= 2 && nsites <= natoms, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "KPM local density: %" PetscInt_FMT " sites; between 2 and the %" PetscInt_FMT " atoms", nsites, natoms);
  PetscCall(MomentsSetUp(D, lo, hi, nmom, nsites, cm));
  PetscCall(PetscMalloc2(nsites, &site, nmom, &mu));
  if (nsites == natoms) /* every atom (a sum rule: the sum over atoms is the trace) */
    for (PetscInt k = 0; k < nsites; k++) site[k] = k;
  else
    for (PetscInt k = 0, tries = 0; k < nsites; tries++) { /* distinct atoms, from a hash of (seed, try): rank-independent */
      const PetscInt a = (PetscInt)((0.5 + 0.5 * InmHashUniform(seed, (unsigned long long)tries)) * natoms) % natoms;
      PetscBool      dup = PETSC_FALSE;
      for (PetscInt j = 0; j < k && !dup; j++) dup = (PetscBool)(site[j] == a);
      if (!dup) site[k++] = a;
    }
  PetscCall(MatCreateVecs(D, &e, NULL));
  PetscCall(VecDuplicateVecs(e, 3, &r));
  PetscCall(VecGetOwnershipRange(e, &rstart, &rend));
  for (PetscInt k = 0; k < nsites; k++)
    for (PetscInt a = 0; a < 3; a++) {
      const PetscInt row = 3 * site[k] + a;
      PetscCall(VecSet(e, 0.0));
      if (row >= rstart && row < rend) PetscCall(VecSetValue(e, row, 1.0, INSERT_VALUES));
      PetscCall(VecAssemblyBegin(e));
      PetscCall(VecAssemblyEnd(e));
      PetscCall(ChebyshevMoments(D, e, cm->center, cm->halfwidth, nmom, r[0], r[1], r[2], mu));
      for (PetscInt j = 0; j < nmom; j++) cm->mu[k * nmom + j] += mu[j];
    }
  PetscCall(VecDestroyVecs(3, &r));
  PetscCall(VecDestroy(&e));
  PetscCall(PetscFree2(site, mu));
  PetscFunctionReturn(0);
}

PetscErrorCode InmKPMTypicalDensity(const InmChebyshevMoments *cm, PetscReal lambda, PetscReal *typical, PetscReal *mean)
{
  PetscReal lsum = 0, sum = 0, *g;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(cm->nmom, &g));
  JacksonKernel(cm->nmom, g); /* once for every atom */
  for (PetscInt v = 0; v < cm->nvec; v++) {
    /* each rho_i is a positive measure broadened by a positive kernel; round-off may leave a
     * density ~1e-16 of the peak slightly negative where there is none, so a floor */
    const PetscReal d = DensityAt(cm, v, g, lambda);
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
  { /* progress: one line per measure where a snapshot is large enough to take a while */
    const char    *name[3] = {"xy", "xz", "yz"};
    const PetscInt work[2] = {3 * o->nmom / 2, o->nvec * o->dos_nmom / 2}; /* products */
    PetscInt       n;
    PetscLogDouble t0, t;
    PetscCall(MatGetSize(D, &n, NULL));
    PetscCall(PetscTime(&t0));
    for (PetscInt c = 0; c < 4; c++) {
      if (c < 3) PetscCall(InmKPMMoments(D, xi[c], lo, hi, o->nmom, &m->kpm_shear[c]));
      else PetscCall(InmKPMStochasticMoments(D, lo, hi, o->dos_nmom, o->nvec, o->seed, &m->kpm_dos));
      PetscCall(PetscTime(&t));
      if (c == 3 && o->nsites) PetscCall(InmKPMLocalMoments(D, lo, hi, o->site_nmom, PetscMin(o->nsites, n / 3), o->seed, &m->kpm_sites));
      if (n >= 300000) {
        const PetscReal done = c < 3 ? (c + 1) * o->nmom / 2.0 : work[0] + work[1], per = (t - t0) / done;
        PetscCall(PetscPrintf(PetscObjectComm((PetscObject)D), "[kpm] %s measure %d/4 (%s): %.1f s elapsed, ETA %.1f s\n", c < 3 ? "Xi~" : "density-of-states", (int)c + 1, c < 3 ? name[c] : "random vectors", (double)(t - t0), (double)(per * (work[0] + work[1] - done))));
      }
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
