/* The typical density of states (InmKPMLocalMoments, InmKPMTypicalDensity; issue 18) on a KA
 * liquid, N = 500 at T = 1, against LAPACK's modes:
 *  1. sum rule: the local moments of every atom add up to the trace, sum_n T_k(x_n) over
 *     LAPACK's eigenvalues, for k < 64, to 1e-10 of n (each atom's moments are those of its
 *     three unit vectors; a wrong row, map or doubling formula is off at O(1));
 *  2. localisation, against the participation ratios of LAPACK's eigenvectors (an independent
 *     measure): over 64 random atoms and 1024 moments, rho_typ / rho_mean per lambda bin (24
 *     bins from the lowest eigenvalue to 1500) must rank the bins as their mean P does
 *     (Spearman's coefficient over the bins with at least 10 modes above 0.9; measured 0.976),
 *     be below 0.1 in the unstable tail beyond omega = 11.8 (lambda < -139, 7 modes of mean
 *     P < 0.01; measured at most 0.015) and above 0.7 in the bulk of the stable branch (10 <
 *     lambda < 310, mean P 0.37-0.43; measured at least 0.83). Measured on 100 atoms,
 *     the ratio follows P down the high-frequency tail too (0.18 at P = 0.08). */
#include "testlib.h"

int main(int argc, char **argv)
{
  InmTestKALiquid      ka;
  PetscReal            blo, bhi;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmTestKALiquidCreate(500, &ka));
  Mat             D    = ka.D;
  const InmModes *full = ka.full;
  PetscCall(InmKPMBounds(D, &blo, &bhi));
  { /* 1. the sum rule */
    const PetscInt      M = 64;
    InmChebyshevMoments loc;
    PetscReal           dev = 0;
    PetscCall(InmKPMLocalMoments(D, blo, bhi, M, ka.c->n, 0, 12, &loc));
    for (PetscInt k = 0; k < M; k++) {
      PetscReal tr = 0, sum = 0;
      for (PetscInt p = 0; p < full->nmodes; p++) tr += PetscCosReal(k * PetscAcosReal((full->lambda[p] - loc.center) / loc.halfwidth));
      for (PetscInt v = 0; v < loc.nvec; v++) sum += loc.mu[v * M + k];
      dev = PetscMax(dev, PetscAbsReal(sum - tr) / full->nmodes);
    }
    INM_TEST(dev < 1e-10, "local moments of all %" PetscInt_FMT " atoms add up to the trace of T_k (LAPACK's eigenvalues), k < %" PetscInt_FMT ": %.1e of n", ka.c->n, M, (double)dev);
    PetscCall(InmChebyshevMomentsDestroy(&loc));
  }
  { /* 2. localisation */
    const PetscInt      M = 1024, nb = 24;
    InmChebyshevMoments loc;
    const PetscReal     a = full->lambda[0], b = 1500, dl = (b - a) / nb;
    PetscReal           R[24], Pm[24], tail = 0, bulk = 1, rho = 0;
    PetscInt            cnt[24], used = 0, rank[2][24];
    PetscCall(InmKPMLocalMoments(D, blo, bhi, M, 64, 3, 12, &loc));
    for (PetscInt q = 0; q < nb; q++) {
      const PetscReal l0 = a + q * dl, l1 = l0 + dl;
      PetscReal       typ = 0, mean = 0, P = 0;
      cnt[q] = 0;
      for (int j = 0; j < 8; j++) { /* the bin's mean of each density */
        PetscReal t, m;
        PetscCall(InmKPMTypicalDensity(&loc, l0 + (j + 0.5) * dl / 8, &t, &m));
        typ += t / 8;
        mean += m / 8;
      }
      for (PetscInt p = 0; p < full->nmodes; p++)
        if (full->lambda[p] >= l0 && full->lambda[p] < l1) {
          P += full->participation[p];
          cnt[q]++;
        }
      R[q]  = mean > 0 ? typ / mean : 0;
      Pm[q] = cnt[q] ? P / cnt[q] : 0;
      if (l1 <= -139) tail = PetscMax(tail, R[q]);
      if (l0 >= 10 && l1 <= 310) bulk = PetscMin(bulk, R[q]);
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "     lambda [%8.1f, %8.1f): modes %4" PetscInt_FMT ", mean P %.3f, rho_typ/rho_mean %.3f\n", (double)l0, (double)l1, cnt[q], (double)Pm[q], (double)R[q]));
    }
    for (PetscInt q = 0; q < nb; q++) { /* Spearman's rank correlation over the bins with >= 10 modes (no ties here) */
      if (cnt[q] < 10) continue;
      rank[0][used] = rank[1][used] = 0;
      for (PetscInt u = 0; u < nb; u++) {
        if (cnt[u] < 10) continue;
        rank[0][used] += R[u] < R[q];
        rank[1][used] += Pm[u] < Pm[q];
      }
      used++;
    }
    for (PetscInt k = 0; k < used; k++) rho += PetscSqr((PetscReal)(rank[0][k] - rank[1][k]));
    rho = 1 - 6 * rho / (used * ((PetscReal)used * used - 1));
    INM_TEST(rho > 0.9, "rho_typ/rho_mean ranks the %" PetscInt_FMT " lambda bins as the participation ratio of LAPACK's modes does: Spearman %.3f", used, (double)rho);
    INM_TEST(tail < 0.1 && bulk > 0.7, "rho_typ/rho_mean: at most %.3f in the localized unstable tail (lambda < -139), at least %.3f in the extended stable bulk (10 < lambda < 310)", (double)tail, (double)bulk);
    PetscCall(InmChebyshevMomentsDestroy(&loc));
  }
  PetscCall(InmTestKALiquidDestroy(&ka));
  return InmTestEnd();
}
