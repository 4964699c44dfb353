/* The spectral measure of D with respect to the affine field Xi~ by Lanczos quadrature
 * (InmLanczosQuadrature; issue 18) against the exact sums of every mode (LAPACK) on a KA
 * liquid, N = 500 at T = 1 (n = 1500):
 *  1. moments: sum_k w_k = |Xi~|^2 and sum_k w_k theta_k = Xi~^T D Xi~ (the quadrature is exact
 *     for polynomials of degree < 2m), to 1e-10 relative;
 *  2. Eq. (1)'s sums S = sum_p Gamma_p / lambda_p^2 over the classes it needs, given as lambda
 *     intervals: the unstable modes beyond omega_min (lambda < -omega_min^2, omega_min = 6.5 as
 *     the bulk modulus gives here), the localized tail beyond omega_c = 10 (lambda < -100) and
 *     the stable modes beyond omega_min, for each shear channel, after m = 400 steps. The
 *     localized tail, where Lanczos converges first, must match to 1e-4 (measured 1e-9 on one
 *     rank, up to 2e-5 on two, whose LAMMPS liquid differs); a wrong weight normalisation or a
 *     node counted on the wrong side of omega_c fails it. The classes bounded by omega_min, a
 *     boundary inside the dense part of the spectrum, are printed with their error and the
 *     quadrature's estimate but not asserted: 0.1-2.8% off at 400 of 1500 steps, sometimes
 *     beyond the estimate; making them reliable is the open part of issue 18.
 *  3. f_u without a factorisation: the stochastic Lanczos count of unstable modes (20 random
 *     vectors, 100 steps) against LAPACK's count and the LDL^T inertia: within 3 of its
 *     standard errors, and that error below 5% of the count (one vector's count of ~190
 *     modes among 1500 scatters by ~sqrt(2 x 190) ~ 20, so 20 vectors give ~2.3%). */
#include "testlib.h"

int main(int argc, char **argv)
{
  const PetscReal      wmin = 6.5, wc = 10.0;
  const PetscReal      lo[3] = {-PETSC_INFINITY, -PETSC_INFINITY, wmin * wmin}, hi[3] = {-wmin * wmin, -wc * wc, PETSC_INFINITY};
  const char          *cls[3] = {"unstable beyond omega_min", "localized tail beyond omega_c", "stable beyond omega_min"};
  InmTestKALiquid      ka;
  Vec                  Dx;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmTestKALiquidCreate(500, &ka));
  Mat             D    = ka.D;
  Vec            *xi   = ka.xi;
  const InmModes *full = ka.full;
  PetscCall(MatCreateVecs(D, &Dx, NULL));
  for (PetscInt ch = 0; ch < 3; ch++) { /* the shear channels xy, xz, yz */
    PetscReal err[2][3];
    for (int r = 0; r < 2; r++) {
      const PetscInt     steps = r ? 400 : 100;
      InmSpectralDensity q;
      PetscCall(InmLanczosQuadrature(D, xi[ch], steps, &q));
      if (r) { /* moments */
        PetscReal x2, xDx;
        PetscCall(VecNorm(xi[ch], NORM_2, &x2));
        x2 *= x2;
        PetscCall(MatMult(D, xi[ch], Dx));
        PetscCall(VecDot(Dx, xi[ch], &xDx));
        {
          PetscReal m0 = 0, m1 = 0;
          for (PetscInt k = 0; k < q.m; k++) {
            m0 += q.weight[k];
            m1 += q.weight[k] * q.theta[k];
          }
          INM_TEST(PetscAbsReal(m0 / x2 - 1) < 1e-10 && PetscAbsReal(m1 / xDx - 1) < 1e-10, "channel %s: sum w = |Xi|^2 (%.1e), sum w theta = Xi D Xi (%.1e)", InmChannelNames[ch], (double)PetscAbsReal(m0 / x2 - 1), (double)PetscAbsReal(m1 / xDx - 1));
        }
      }
      for (int k = 0; k < 3; k++) {
        PetscReal       est;
        const PetscReal ex = InmTestClassSum(full, ch, lo[k], hi[k]), lz = InmSpectralMeasureSum(&q, lo[k], hi[k], -2, &est);
        err[r][k]          = PetscAbsReal(lz / ex - 1);
        if (r && k == 1) INM_TEST(err[1][k] < 1e-4, "channel %s, %s: sum Gamma/lambda^2 by %" PetscInt_FMT " Lanczos steps %.6g, exact %.6g (error %.2e; %.2e after 100 steps)", InmChannelNames[ch], cls[k], q.m, (double)lz, (double)ex, (double)err[1][k], (double)err[0][k]);
        else if (r) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "     channel %s, %s: %" PetscInt_FMT " Lanczos steps %.6g +- %.2g (estimate), exact %.6g: error %.2e (%.2e after 100 steps)\n", InmChannelNames[ch], cls[k], q.m, (double)lz, (double)est, (double)ex, (double)err[1][k], (double)err[0][k]));
      }
      PetscCall(InmSpectralDensityDestroy(&q));
    }
  }
  { /* 3. the unstable count */
    PetscReal lmax = 0, cnt, cerr;
    PetscInt  exact = 0, inertia;
    for (PetscInt p = 0; p < full->nmodes; p++) lmax = PetscMax(lmax, PetscAbsReal(full->lambda[p]));
    for (PetscInt p = 0; p < full->nmodes; p++) exact += full->lambda[p] < -1e-8 * lmax;
    PetscCall(InmCountEigenvaluesBelow(D, -1e-8 * lmax, &inertia));
    PetscCall(InmLanczosCountBelow(D, -1e-8 * lmax, 20, 100, 7ULL, &cnt, &cerr));
    INM_TEST(inertia == exact && PetscAbsReal(cnt - exact) < 3 * cerr && cerr < 0.05 * exact, "unstable modes: stochastic Lanczos %.1f +- %.1f, LAPACK %" PetscInt_FMT ", LDL^T inertia %" PetscInt_FMT, (double)cnt, (double)cerr, exact, inertia);
  }
  PetscCall(VecDestroy(&Dx));
  PetscCall(InmTestKALiquidDestroy(&ka));
  return InmTestEnd();
}
