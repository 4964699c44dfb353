/* Study: a mobility edge from the typical density of states, without eigenvectors (issue 18).
 *
 * rho_typ / rho_mean (InmKPMTypicalDensity: the geometric over the arithmetic mean of the
 * local densities of S random atoms) at the KPM resolution sigma ~ pi h / M measures how many
 * modes within sigma of lambda reach a typical atom. For extended modes every atom has its
 * 1/N share of each, and the ratio does not depend on M once sigma g(lambda) >> 1; for modes
 * localized on a fraction P of the atoms a typical atom meets about sigma g P of them, and the
 * ratio falls as M grows (to 0 as M -> infinity after N -> infinity). The scaling variable is
 * therefore M at fixed, large N, as N is for P at fixed resolution: the exponent
 *     s(omega) = d ln(rho_typ / rho_mean) / d ln M
 * is 0 for extended modes and negative for localized ones. One computation gives every M
 * below M_max: the first M moments are the same, each truncation with its own Jackson kernel.
 *
 * Input: -input SNAPSHOT (H5MD, the last frame; KA), -sites S (64), -moments M_max (4096),
 * -levels L (M_max, M_max / 2, ... : 4), -bins B (48) omega bins on the unstable side down to
 * -omega_max (16), -seed. Output, CSV rows on stdout:
 *   typ,<N>,<M>,<omega>,<rho_typ / rho_mean>,<rho_mean per atom per unit lambda>
 *   slope,<N>,<omega>,<s: least squares of ln ratio on ln M over the levels>
 *   time,<N>,<ranks>,<seconds of the local moments>
 */
#include "common/snapshot.h"

int main(int argc, char **argv)
{
  char                 input[PETSC_MAX_PATH_LEN] = "";
  PetscInt             S = 64, M = 4096, L = 4, B = 48, seed = 1;
  PetscReal            wmax = 16, lo, hi;
  PetscMPIInt          size;
  BenchSnapshot        snap;
  InmChebyshevMoments  loc;
  PetscLogDouble       t0, t1;

  PetscCall(InmInitialize(&argc, &argv, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "Typical density of states against M", NULL);
  PetscCall(PetscOptionsString("-input", "Snapshot (H5MD)", NULL, input, input, sizeof(input), NULL));
  PetscCall(PetscOptionsInt("-sites", "Random atoms", NULL, S, &S, NULL));
  PetscCall(PetscOptionsInt("-moments", "Largest number of moments", NULL, M, &M, NULL));
  PetscCall(PetscOptionsInt("-levels", "Moment counts M, M/2, ...", NULL, L, &L, NULL));
  PetscCall(PetscOptionsInt("-bins", "omega bins on the unstable side", NULL, B, &B, NULL));
  PetscCall(PetscOptionsReal("-omega_max", "Lowest omega is -omega_max", NULL, wmax, &wmax, NULL));
  PetscCall(PetscOptionsInt("-seed", "Seed of the sites", NULL, seed, &seed, NULL));
  PetscOptionsEnd();
  PetscCheck(L >= 2 && (M >> (L - 1)) >= 4 && M % (1 << (L - 1)) == 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "bench_typical_edge: -moments %" PetscInt_FMT " must halve -levels %" PetscInt_FMT " - 1 times to an even number >= 4", M, L);
  PetscCall(BenchSnapshotCreate(input, &snap));
  InmConfig *cfg = snap.cfg;
  Mat        D   = snap.D;
  PetscCall(InmKPMBounds(D, &lo, &hi));
  PetscCall(PetscTime(&t0));
  PetscCall(InmKPMLocalMoments(D, lo, hi, M, PetscMin(S, cfg->n), (unsigned long long)seed, 12, &loc));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "time,%" PetscInt_FMT ",%d,%.2f\n", cfg->n, size, (double)(t1 - t0)));
  for (PetscInt b = 0; b < B; b++) {
    const PetscReal w = -wmax + (b + 0.5) * (wmax - 0.5) / B; /* bins down from -0.5 */
    PetscReal       sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (PetscInt l = 0; l < L; l++) {
      PetscReal typ, mean;
      PetscCall(InmKPMTypicalDensityTruncated(&loc, M >> l, -w * w, &typ, &mean)); /* the first M / 2^l moments of every site */
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "typ,%" PetscInt_FMT ",%" PetscInt_FMT ",%.4f,%.6g,%.6g\n", cfg->n, M >> l, (double)w, (double)(typ / mean), (double)mean));
      const PetscReal x = PetscLogReal((PetscReal)(M >> l)), y = PetscLogReal(typ / mean);
      sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "slope,%" PetscInt_FMT ",%.4f,%.4f\n", cfg->n, (double)w, (double)((L * sxy - sx * sy) / (L * sxx - sx * sx))));
  }
  PetscCall(InmChebyshevMomentsDestroy(&loc));
  PetscCall(BenchSnapshotDestroy(&snap));
  PetscCall(InmFinalize());
  return 0;
}
