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
 * number of ranks. Lanczos with full reorthogonalisation: m <= a few hundred vectors. */
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
  Vec         *q, w;
  PetscInt     n, rstart, rend, m = 0;
  PetscReal   *alpha, *beta, *Z;
  PetscScalar *dots, *a;

  PetscFunctionBegin;
  PetscCall(MatGetSize(D, &n, NULL));
  steps = PetscMin(steps, n);
  PetscCall(MatCreateVecs(D, &w, NULL));
  PetscCall(VecDuplicateVecs(w, steps + 1, &q));
  PetscCall(PetscMalloc4(steps, &alpha, steps, &beta, steps * steps, &Z, steps + 1, &dots));
  PetscCall(VecGetOwnershipRange(q[0], &rstart, &rend));
  PetscCall(VecGetArray(q[0], &a));
  for (PetscInt i = rstart; i < rend; i++) a[i - rstart] = InmHashUniform(seed, (unsigned long long)i);
  PetscCall(VecRestoreArray(q[0], &a));
  PetscCall(VecNormalize(q[0], NULL));
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
  /* T_m = Z diag(theta) Z^T */
  PetscCall(PetscMalloc2(m, &dos->theta, m, &dos->weight));
  for (PetscInt k = 0; k < m; k++) dos->theta[k] = alpha[k];
  {
    lapack_int info = LAPACKE_dstev(LAPACK_COL_MAJOR, 'V', (lapack_int)m, dos->theta, beta, Z, (lapack_int)m);
    PetscCheck(info == 0, PetscObjectComm((PetscObject)D), PETSC_ERR_LIB, "LAPACK dstev failed (info %d) on the %" PetscInt_FMT "-step Lanczos tridiagonal", (int)info, m);
  }
  for (PetscInt k = 0; k < m; k++) dos->weight[k] = Z[k * m] * Z[k * m];
  dos->m = m;
  dos->n = n;
  PetscCall(PetscFree4(alpha, beta, Z, dots));
  PetscCall(VecDestroyVecs(steps + 1, &q));
  PetscCall(VecDestroy(&w));
  PetscFunctionReturn(0);
}

/* nu(x): the quadrature's count of eigenvalues below x, linear between the nodes (half of a
 * node's weight counted at the node itself), so that it can be inverted. */
PetscReal InmSpectralDensityCount(const InmSpectralDensity *dos, PetscReal x)
{
  PetscReal below = 0;

  for (PetscInt k = 0; k < dos->m; k++) {
    const PetscReal lo = k > 0 ? 0.5 * (dos->theta[k - 1] + dos->theta[k]) : dos->theta[0];
    const PetscReal hi = k + 1 < dos->m ? 0.5 * (dos->theta[k] + dos->theta[k + 1]) : dos->theta[k];
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

PetscErrorCode InmSpectralDensityDestroy(InmSpectralDensity *dos)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(dos->theta, dos->weight));
  dos->m = 0;
  PetscFunctionReturn(0);
}
