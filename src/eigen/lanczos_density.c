/* Where the eigenvalues of D are, before any factorisation: stochastic Lanczos quadrature.
 *
 * m Lanczos steps on D from a random unit vector v give a tridiagonal T_m = Q diag(theta) Q^T;
 * the Gauss quadrature of the spectral measure of v,
 *     mu_v(lambda) = sum_j (q_j . v)^2 delta(lambda - lambda_j)  ~  sum_k tau_k delta(lambda - theta_k),
 *     tau_k = Q_{1k}^2,
 * has E[mu_v] = (1/n) sum_j delta(lambda - lambda_j), so the number of eigenvalues below x is
 *     nu(x) ~ n sum_{theta_k < x} tau_k      (Golub & Meurant; Lin, Saad & Yang, SIAM Rev. 2016)
 * with a statistical error of about sqrt(2 nu) for one vector of n >> 1 entries, and theta_1
 * converges to lambda_min from above. This places the shifts of the block slicing
 * (block_slicing.c); the inertias of the factorisations, not this estimate, decide the result.
 * The start vector comes from a hash of (seed, global row), so it does not depend on the
 * number of ranks. Lanczos with full reorthogonalisation: m <= a few hundred vectors.
 *
 * The same quadrature from a given vector x (InmLanczosQuadrature) is the spectral measure of
 * D with respect to x, mu_x = sum_j (q_j . x)^2 delta(lambda - lambda_j), weights scaled to
 * sum |x|^2: from x = Xi~ (the affine force field of a channel) it gives the Gamma-weighted
 * sums of Eq. (1), sum_p Gamma_p f(lambda_p) ~ sum_k w_k f(theta_k), exact for polynomials f of
 * degree < 2m, without any eigenvector (issue 18; InmSpectralMeasureSum). */
#include "eigen_impl.h"
#include <lapacke.h>

PetscReal InmHashUniform(unsigned long long seed, unsigned long long i)
{
  unsigned long long z = seed * 0x9E3779B97F4A7C15ULL + i + 0x632BE59BD9B4E019ULL; /* splitmix64 */
  z                    = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z                    = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return 2.0 * ((z >> 11) * 0x1.0p-53) - 1.0;
}

PetscErrorCode InmLanczosDensity(Mat D, PetscInt steps, unsigned long long seed, InmSpectralDensity *dos)
{
  Vec          x;
  PetscInt     rstart, rend;
  PetscScalar *a;

  PetscFunctionBegin;
  PetscCall(MatCreateVecs(D, &x, NULL));
  PetscCall(VecGetOwnershipRange(x, &rstart, &rend));
  PetscCall(VecGetArray(x, &a));
  for (PetscInt i = rstart; i < rend; i++) a[i - rstart] = InmHashUniform(seed, (unsigned long long)i);
  PetscCall(VecRestoreArray(x, &a));
  PetscCall(VecNormalize(x, NULL));
  PetscCall(InmLanczosQuadrature(D, x, steps, dos));
  PetscCall(VecDestroy(&x));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLanczosQuadrature(Mat D, Vec x, PetscInt steps, InmSpectralDensity *dos)
{
  Vec         *q, w;
  PetscInt     n, m = 0;
  PetscReal   *alpha, *beta, *Z, xnorm;
  PetscScalar *dots;

  PetscFunctionBegin;
  PetscCall(MatGetSize(D, &n, NULL));
  steps = PetscMin(steps, n);
  PetscCall(VecNorm(x, NORM_2, &xnorm));
  PetscCheck(xnorm > 0 && steps >= 1, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_WRONG, "Lanczos quadrature: a zero start vector or no steps");
  PetscCall(MatCreateVecs(D, &w, NULL));
  PetscCall(VecDuplicateVecs(w, steps + 1, &q));
  PetscCall(PetscMalloc4(steps, &alpha, steps, &beta, steps * steps, &Z, steps + 1, &dots));
  PetscCall(VecAXPBY(q[0], 1.0 / xnorm, 0.0, x));
  for (m = 0; m < steps; m++) {
    PetscReal nrm;
    PetscCall(MatMult(D, q[m], w));
    for (int pass = 0; pass < 2; pass++) { /* full reorthogonalisation, twice is enough */
      PetscCall(VecMDot(w, m + 1, q, dots));
      if (pass == 0) alpha[m] = PetscRealPart(dots[m]);
      else alpha[m] += PetscRealPart(dots[m]);
      for (PetscInt k = 0; k <= m; k++) dots[k] = -dots[k];
      PetscCall(VecMAXPY(w, m + 1, dots, q));
    }
    PetscCall(VecNorm(w, NORM_2, &nrm));
    beta[m] = nrm;
    if (nrm <= 1e-12 * PetscAbsReal(alpha[m]) || m + 1 == steps) { /* invariant subspace, or done */
      m++;
      break;
    }
    PetscCall(VecAXPBY(q[m + 1], 1.0 / nrm, 0.0, w));
  }
  const PetscReal bm = beta[m - 1]; /* the last off-diagonal, outside T_m: the Ritz residuals */
  /* T_m = Z diag(theta) Z^T */
  PetscCall(PetscMalloc3(m, &dos->theta, m, &dos->weight, m, &dos->resid));
  for (PetscInt k = 0; k < m; k++) dos->theta[k] = alpha[k];
  {
    lapack_int info = LAPACKE_dstev(LAPACK_COL_MAJOR, 'V', (lapack_int)m, dos->theta, beta, Z, (lapack_int)m);
    PetscCheck(info == 0, PetscObjectComm((PetscObject)D), PETSC_ERR_LIB, "LAPACK dstev failed (info %d) on the %" PetscInt_FMT "-step Lanczos tridiagonal", (int)info, m);
  }
  for (PetscInt k = 0; k < m; k++) {
    dos->weight[k] = xnorm * xnorm * Z[k * m] * Z[k * m];
    dos->resid[k]  = PetscAbsReal(bm * Z[k * m + m - 1]);
  }
  dos->m = m;
  dos->n = n;
  PetscCall(PetscFree4(alpha, beta, Z, dots));
  PetscCall(VecDestroyVecs(steps + 1, &q));
  PetscCall(VecDestroy(&w));
  PetscFunctionReturn(0);
}

/* nu(x): the quadrature's count of eigenvalues below x, linear between the nodes (half of a
 * node's weight counted at the node itself), so that it can be inverted. */
/* Node k's cell: [mid(k-1,k), mid(k,k+1)], closed at the node itself at either end. */
static void Cell(const InmSpectralDensity *q, PetscInt k, PetscReal *a, PetscReal *b)
{
  *a = k > 0 ? 0.5 * (q->theta[k - 1] + q->theta[k]) : q->theta[0];
  *b = k + 1 < q->m ? 0.5 * (q->theta[k] + q->theta[k + 1]) : q->theta[k];
}

PetscReal InmSpectralDensityCount(const InmSpectralDensity *dos, PetscReal x)
{
  PetscReal below = 0;

  for (PetscInt k = 0; k < dos->m; k++) {
    PetscReal lo, hi;
    Cell(dos, k, &lo, &hi);
    if (x >= hi) below += dos->weight[k];
    else if (x > lo) below += dos->weight[k] * (x - lo) / (hi - lo);
  }
  return below * dos->n;
}

/* The x with nu(x) = count, by bisection on [lo, hi] (nu is monotone). */
PetscReal InmSpectralDensityQuantile(const InmSpectralDensity *dos, PetscReal count, PetscReal lo, PetscReal hi)
{
  for (int it = 0; it < 100; it++) {
    const PetscReal mid = 0.5 * (lo + hi);
    if (InmSpectralDensityCount(dos, mid) < count) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/* The fraction of node k's cell inside [lo, hi). */
static PetscReal CellFraction(const InmSpectralDensity *q, PetscInt k, PetscReal lo, PetscReal hi)
{
  PetscReal a, b;
  Cell(q, k, &a, &b);
  if (b <= a) return (q->theta[k] >= lo && q->theta[k] < hi) ? 1.0 : 0.0;
  return PetscMax(0.0, PetscMin(b, hi) - PetscMax(a, lo)) / (b - a);
}

/* A converged Ritz pair (residual below 1e-3 of the spectral radius: its eigenvalue is then
 * exact to ~1e-6 of it, far inside its cell) is an eigenpair, or a cluster of them, and counts
 * where it is; an unconverged node stands for the eigenvalues of its cell, and a class boundary
 * inside that cell takes the fraction of its weight on each side (the measure spread evenly
 * over the cell, as InmSpectralDensityCount). The error estimate is the difference from the
 * plain Gauss rule (every node a point): the weight whose side of the boundary the quadrature
 * cannot tell. On a 500-atom KA liquid at 400 steps (tests/eigen/test_lanczos_measure.c) the
 * plain rule was 2-7% off for the classes bounded by omega_min, inside the dense part of the
 * spectrum, the cell rule alone 6-7% off for the converged localized tail; this one matches
 * the tail to 1e-9-2e-5 and is 0.1-2.8% off inside, where the estimate is indicative only
 * (twice it fell short of the error). */
PetscReal InmSpectralMeasureSum(const InmSpectralDensity *q, PetscReal lo, PetscReal hi, PetscReal power, PetscReal *err)
{
  const PetscReal radius = q->m ? PetscMax(PetscAbsReal(q->theta[0]), PetscAbsReal(q->theta[q->m - 1])) : 0;
  PetscReal       s = 0, plain = 0;
  for (PetscInt k = 0; k < q->m; k++) {
    const PetscReal v = q->weight[k] * PetscPowReal(PetscAbsReal(q->theta[k]), power), in = (q->theta[k] >= lo && q->theta[k] < hi) ? 1.0 : 0.0;
    s += (q->resid[k] <= 1e-3 * radius ? in : CellFraction(q, k, lo, hi)) * v;
    plain += in * v;
  }
  if (err) *err = PetscAbsReal(s - plain);
  return s;
}

PetscErrorCode InmLanczosCountBelow(Mat D, PetscReal x, PetscInt nvec, PetscInt steps, unsigned long long seed, PetscReal *count, PetscReal *err)
{
  PetscReal s = 0, s2 = 0;

  PetscFunctionBegin;
  PetscCheck(nvec >= 2, PetscObjectComm((PetscObject)D), PETSC_ERR_ARG_OUTOFRANGE, "Lanczos count: %" PetscInt_FMT " random vectors; at least 2 for an error", nvec);
  for (PetscInt v = 0; v < nvec; v++) {
    InmSpectralDensity dos;
    PetscReal          c;
    PetscCall(InmLanczosDensity(D, steps, seed + (unsigned long long)v, &dos));
    c = InmSpectralDensityCount(&dos, x);
    s += c;
    s2 += c * c;
    PetscCall(InmSpectralDensityDestroy(&dos));
  }
  *count = s / nvec;
  *err   = PetscSqrtReal(PetscMax(0.0, (s2 - nvec * (*count) * (*count)) / (nvec - 1) / nvec));
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectralDensityDestroy(InmSpectralDensity *dos)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(dos->theta, dos->weight, dos->resid));
  dos->m = 0;
  PetscFunctionReturn(0);
}
