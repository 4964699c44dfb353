/* The kernel polynomial method (src/eigen/kpm.c; issue 18) against every mode (LAPACK) of a
 * KA liquid, N = 500 at T = 1 (n = 1500).
 *  1. Moments: the Chebyshev moments of the measure of D with respect to Xi~ from the
 *     recurrence (two moments per product) equal sum_p Gamma_p T_k(x_p) from the eigenpairs, for
 *     every k < M = 2048, to 1e-9 of mu_0 (the recurrence loses ~k eps; a wrong doubling
 *     formula or map is off at O(1)).
 *  2. Eq. (1)'s sums S = sum_p Gamma_p / lambda_p^2 over the classes as lambda intervals (as
 *     test_lanczos_measure.c: unstable and stable beyond omega_min = 6.5, the localized tail
 *     beyond omega_c = 10), per shear channel, from M moments. KPM alone broadens each mode by
 *     sigma ~ pi h / M in lambda (5-12 here: the spectrum reaches 6400) and moves the weight of
 *     the modes near each end across it: 0.05-27% off, printed only. With the windows of
 *     InmKPMClassSum (the eigenpairs within 8 sigma of an end; here LAPACK's) every sum must be
 *     within 1% (issue 18's target; measured at most 0.54% on one rank and on two) and within
 *     twice the estimate from M/2 to M moments (measured within once). A wrong ramp, window
 *     term or normalisation is off by the window's share, several %.
 *  3. The density of states from 20 random +-1 vectors: the count of unstable modes (below
 *     -delta) against LAPACK's count and the LDL^T inertia, within 3 of its standard errors and
 *     that error below 3% of the count; and the total count n to round-off. */
#include "testlib.h"

int main(int argc, char **argv)
{
  const PetscReal      wmin = 6.5, wc = 10.0;
  const PetscReal      lo[3] = {-PETSC_INFINITY, -PETSC_INFINITY, wmin * wmin}, hi[3] = {-wmin * wmin, -wc * wc, PETSC_INFINITY};
  const char          *cls[3] = {"unstable beyond omega_min", "localized tail beyond omega_c", "stable beyond omega_min"};
  const PetscInt       M      = 2048;
  InmTestKALiquid      ka;
  PetscReal            blo, bhi;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmTestKALiquidCreate(500, &ka));
  Mat             D    = ka.D;
  Vec            *xi   = ka.xi;
  const InmModes *full = ka.full;
  PetscCall(InmKPMBounds(D, &blo, &bhi));
  INM_TEST(blo < full->lambda[0] && bhi > full->lambda[full->nmodes - 1], "bounds [%.2f, %.2f] contain the spectrum [%.2f, %.2f]", (double)blo, (double)bhi, (double)full->lambda[0], (double)full->lambda[full->nmodes - 1]);
  for (PetscInt ch = 0; ch < 3; ch++) { /* the shear channels xy, xz, yz */
    InmChebyshevMoments cm;
    PetscReal           dev = 0;
    PetscCall(InmKPMMoments(D, xi[ch], blo, bhi, M, &cm));
    { /* 1. against the eigenpairs */
      PetscReal *ex;
      PetscCall(PetscCalloc1(M, &ex));
      for (PetscInt p = 0; p < full->nmodes; p++) {
        const PetscReal x = (full->lambda[p] - cm.center) / cm.halfwidth;
        PetscReal       tk = 1, tm1 = x;
        for (PetscInt k = 0; k < M; k++) {
          const PetscReal t2 = 2 * x * tk - tm1;
          ex[k] += full->gamma[ch][p] * tk;
          tm1 = tk;
          tk  = t2;
        }
      }
      for (PetscInt k = 0; k < M; k++) dev = PetscMax(dev, PetscAbsReal(cm.mu[k] - ex[k]) / ex[0]);
      PetscCall(PetscFree(ex));
    }
    INM_TEST(dev < 1e-9, "channel %s: %" PetscInt_FMT " Chebyshev moments from the recurrence = sum_p Gamma_p T_k(x_p) to %.1e of mu_0", InmChannelNames[ch], M, (double)dev);
    for (int k = 0; k < 3; k++) { /* 2. the class sums */
      PetscReal       s, terr, h, herr;
      const PetscReal ex = InmTestClassSum(full, ch, lo[k], hi[k]);
      PetscCall(InmKPMIntegral(&cm, lo[k], hi[k], -2, &s, NULL, &terr));
      const PetscReal w  = InmKPMWindow(&cm, lo[k], hi[k]);
      PetscCall(InmKPMClassSum(&cm, lo[k], hi[k], -2, w, full->nmodes, full->lambda, full->gamma[ch], &h, &herr));
      INM_TEST(PetscAbsReal(h / ex - 1) < 0.01 && PetscAbsReal(h - ex) < 2 * herr, "channel %s, %s: sum Gamma/lambda^2 exact %.6g; KPM with the windows (w %.2f) %.6g +- %.2g (M/2 to M), error %.1e; KPM alone %.6g +- %.2g, error %.1e", InmChannelNames[ch], cls[k], (double)ex, (double)w, (double)h, (double)herr, (double)PetscAbsReal(h / ex - 1), (double)s, (double)terr, (double)PetscAbsReal(s / ex - 1));
    }
    PetscCall(InmChebyshevMomentsDestroy(&cm));
  }
  { /* 3. the density of states */
    InmChebyshevMoments dos;
    PetscReal           lmax = 0, cnt, cerr, total;
    PetscInt            exact = 0, inertia;
    for (PetscInt p = 0; p < full->nmodes; p++) lmax = PetscMax(lmax, PetscAbsReal(full->lambda[p]));
    for (PetscInt p = 0; p < full->nmodes; p++) exact += full->lambda[p] < -1e-8 * lmax;
    PetscCall(InmCountEigenvaluesBelow(D, -1e-8 * lmax, &inertia));
    PetscCall(InmKPMStochasticMoments(D, blo, bhi, 512, 20, 7ULL, &dos));
    PetscCall(InmKPMIntegral(&dos, -PETSC_INFINITY, -1e-8 * lmax, 0, &cnt, &cerr, NULL));
    PetscCall(InmKPMIntegral(&dos, -PETSC_INFINITY, PETSC_INFINITY, 0, &total, NULL, NULL));
    INM_TEST(PetscAbsReal(total / full->nmodes - 1) < 1e-12, "KPM density of states: total count %.10g of %" PetscInt_FMT, (double)total, full->nmodes);
    INM_TEST(inertia == exact && PetscAbsReal(cnt - exact) < 3 * cerr && cerr < 0.03 * exact, "unstable modes: KPM %.1f +- %.1f, LAPACK %" PetscInt_FMT ", LDL^T inertia %" PetscInt_FMT, (double)cnt, (double)cerr, exact, inertia);
    PetscCall(InmChebyshevMomentsDestroy(&dos));
  }
  PetscCall(InmTestKALiquidDestroy(&ka));
  return InmTestEnd();
}
