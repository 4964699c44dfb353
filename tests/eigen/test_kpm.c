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
 *     that error below 3% of the count; and the total count n to round-off.
 *  4. Blocks: the moments of several vectors at once (one product of D with all of them a
 *     step, block_product.c) equal those of each vector alone (PETSc's MatMult): the three
 *     channels as one block (padded to 4 with a zero vector), and 13 random vectors in blocks
 *     of 12 + 1 and of 5 (padded to 8) + 5 + 3. The block kernel adds each sum's terms in
 *     MatMult's order, so the moments agree to the bit (measured: 0); the bound 1e-13 of mu_0
 *     allows a summation order of another PETSc, carried by the recurrence (~M eps). A wrong
 *     block entry, ghost atom or padded column is off at O(1).
 *  5. The same for a CuZr EAM solid (2048 atoms, FCC displaced by 0.15 A): a pair potential's
 *     3 x 3 blocks are symmetric, an EAM's off-diagonal ones are not (F''(rho) grad rho grad
 *     rho^T terms), so only here would a transposed block in the kernel show. */
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
    PetscCall(InmKPMStochasticMoments(D, blo, bhi, 512, 20, 7ULL, 12, &dos));
    PetscCall(InmKPMIntegral(&dos, -PETSC_INFINITY, -1e-8 * lmax, 0, &cnt, &cerr, NULL));
    PetscCall(InmKPMIntegral(&dos, -PETSC_INFINITY, PETSC_INFINITY, 0, &total, NULL, NULL));
    INM_TEST(PetscAbsReal(total / full->nmodes - 1) < 1e-12, "KPM density of states: total count %.10g of %" PetscInt_FMT, (double)total, full->nmodes);
    INM_TEST(inertia == exact && PetscAbsReal(cnt - exact) < 3 * cerr && cerr < 0.03 * exact, "unstable modes: KPM %.1f +- %.1f, LAPACK %" PetscInt_FMT ", LDL^T inertia %" PetscInt_FMT, (double)cnt, (double)cerr, exact, inertia);
    PetscCall(InmChebyshevMomentsDestroy(&dos));
  }
  { /* 4. blocks against one vector at a time */
    InmChebyshevMoments one[3], blk[3], r1, r12, r5;
    PetscReal           dev = 0;
    PetscCall(InmKPMMomentsBlock(D, 3, xi, blo, bhi, M, blk));
    for (PetscInt ch = 0; ch < 3; ch++) {
      PetscCall(InmKPMMoments(D, xi[ch], blo, bhi, M, &one[ch]));
      for (PetscInt k = 0; k < M; k++) dev = PetscMax(dev, PetscAbsReal(blk[ch].mu[k] - one[ch].mu[k]) / one[ch].mu[0]);
      PetscCall(InmChebyshevMomentsDestroy(&one[ch]));
      PetscCall(InmChebyshevMomentsDestroy(&blk[ch]));
    }
    INM_TEST(dev <= 1e-13, "the three channels as one block: %" PetscInt_FMT " moments each, largest change from one at a time %.1e of mu_0", M, (double)dev);
    PetscCall(InmKPMStochasticMoments(D, blo, bhi, 256, 13, 3ULL, 1, &r1));
    PetscCall(InmKPMStochasticMoments(D, blo, bhi, 256, 13, 3ULL, 12, &r12));
    PetscCall(InmKPMStochasticMoments(D, blo, bhi, 256, 13, 3ULL, 5, &r5));
    dev = 0;
    for (PetscInt k = 0; k < 13 * 256; k++) dev = PetscMax(dev, PetscMax(PetscAbsReal(r12.mu[k] - r1.mu[k]), PetscAbsReal(r5.mu[k] - r1.mu[k])) / r1.mu[0]);
    INM_TEST(dev <= 1e-13, "13 random vectors in blocks of 12 and of 5: largest change from one at a time %.1e of mu_0", (double)dev);
    PetscCall(InmChebyshevMomentsDestroy(&r1));
    PetscCall(InmChebyshevMomentsDestroy(&r12));
    PetscCall(InmChebyshevMomentsDestroy(&r5));
  }
  { /* 5. EAM blocks */
    const char          *el[2] = {"Cu", "Zr"};
    InmPotential         eam;
    InmConfig           *c;
    InmHessianGenerator *gen;
    Mat                  De;
    Vec                  xe[INM_NCHANNEL];
    InmChebyshevMoments  r1, r5;
    PetscReal            elo, ehi, dev = 0;
    PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, el, &eam));
    PetscCall(InmTestFCC(8, 3.7, 0.15, 0.05, 0.5, 9u, &c));
    for (PetscInt i = 0; i < c->n; i++) c->mass[i] = 0; /* the file's masses (InmTestFCC sets 1) */
    PetscCall(InmHessianGeneratorCreate(c, eam, PETSC_TRUE, &gen));
    PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, gen, PETSC_DECIDE, &De, xe));
    PetscCall(InmKPMBounds(De, &elo, &ehi));
    PetscCall(InmKPMStochasticMoments(De, elo, ehi, 64, 7, 5ULL, 1, &r1));
    PetscCall(InmKPMStochasticMoments(De, elo, ehi, 64, 7, 5ULL, 5, &r5));
    for (PetscInt k = 0; k < 7 * 64; k++) dev = PetscMax(dev, PetscAbsReal(r5.mu[k] - r1.mu[k]) / r1.mu[0]);
    INM_TEST(dev <= 1e-13, "CuZr EAM, 7 random vectors in blocks of 5: largest change from one at a time %.1e of mu_0", (double)dev);
    PetscCall(InmChebyshevMomentsDestroy(&r1));
    PetscCall(InmChebyshevMomentsDestroy(&r5));
    PetscCall(MatDestroy(&De));
    for (PetscInt k = 0; k < INM_NCHANNEL; k++) PetscCall(VecDestroy(&xe[k]));
    PetscCall(InmHessianGeneratorDestroy(&gen));
    PetscCall(InmConfigDestroy(&c));
    PetscCall(InmPotentialDestroy(&eam));
  }
  PetscCall(InmTestKALiquidDestroy(&ka));
  return InmTestEnd();
}
