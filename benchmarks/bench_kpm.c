/* Benchmark: Eq. (1)'s class sums and the density of states by the kernel polynomial method
 * (issue 18), against the exact sums that NumPy eigh of the same D gives (benchmarks/run_kpm.sh).
 *
 * Input: -input SNAPSHOT (H5MD, the last frame), KA. For the classes of Eq. (1) as lambda
 * intervals, with -omega_c and -omega_min given,
 *   ULINM lambda < -omega_c^2, UDINM [-omega_c^2, -omega_min^2), unstable lambda < -omega_min^2,
 *   stable lambda >= omega_min^2,
 * it prints S_C = sum_p Gamma_p / lambda_p^2 (Gamma the mean of the xy, xz, yz channels) by
 *   kpm:     -kpm_moments Chebyshev moments of each channel's Xi~ measure, Jackson kernel;
 *   windows: the same plus the eigenpairs within InmKPMWindow of every cut (-omega_c^2,
 *            -omega_min^2, +omega_min^2), found by the block slicing over those intervals
 *            (-inm_unstable_interval), InmKPMClassSum;
 * and f_u by the stochastic KPM count below 0 (-kpm_vectors x -kpm_dos_moments), with the
 * time of every stage (D assembly, bounds, moments, window solves, sums) as CSV rows
 *   kpm,<what>,<N>,<ranks>,<value>,<error>,<seconds>
 * on stdout, and the peak RSS (largest rank, and summed). -windows 0 skips the windows; with -unstable the whole unstable branch by the block slicing is timed too (what
 * Figs. 1-3 need beside g(omega): P and Gamma of every unstable mode). */
#include "common/snapshot.h"
#include <sys/resource.h>

#define NCLS 4

static void Row(const char *what, PetscInt N, PetscMPIInt size, PetscReal value, PetscReal err, PetscLogDouble sec)
{
  PetscPrintf(PETSC_COMM_WORLD, "kpm,%s,%" PetscInt_FMT ",%d,%.12g,%.6g,%.3f\n", what, N, size, (double)value, (double)err, (double)sec);
}

/* The eigenpairs of D in [a, b] (block slicing over the interval), their Gamma the mean of the
 * three shear channels, appended to (wl, wg)[*nw]. */
static PetscErrorCode Window(MPI_Comm comm, InmHessianGenerator *gen, Mat D, Vec xi[INM_NCHANNEL], PetscReal a, PetscReal b, PetscInt *nw, PetscReal **wl, PetscReal **wg)
{
  InmEigenOptions o;
  InmModes       *m;

  PetscFunctionBegin;
  PetscCall(InmEigenOptionsDefault(&o));
  o.unstable.has_interval = PETSC_TRUE; /* -inm_unstable_interval a,b */
  o.unstable.interval[0]  = a;
  o.unstable.interval[1]  = b;
  PetscCall(InmModesSolveBlockSlicing(comm, gen, D, xi, &o, &m));
  PetscCall(PetscRealloc(sizeof(PetscReal) * (*nw + m->nmodes + 1), wl));
  PetscCall(PetscRealloc(sizeof(PetscReal) * (*nw + m->nmodes + 1), wg));
  for (PetscInt p = 0; p < m->nmodes; p++) {
    (*wl)[*nw + p] = m->lambda[p];
    (*wg)[*nw + p] = (m->gamma[0][p] + m->gamma[1][p] + m->gamma[2][p]) / 3;
  }
  *nw += m->nmodes;
  PetscCall(InmModesDestroy(&m));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char                 input[PETSC_MAX_PATH_LEN] = "";
  PetscInt             M = 2048, Md = 256, R = 10, block = 12, nw = 0;
  PetscReal            wc = 10.6, wmin = 3.8, lo, hi, *wl = NULL, *wg = NULL;
  PetscBool            unstable = PETSC_FALSE, windows = PETSC_TRUE;
  PetscMPIInt          size;
  BenchSnapshot        snap;
  InmChebyshevMoments  ch[3], mean, dos;
  PetscLogDouble       t0, t1;
  const char          *names[NCLS] = {"ULINM", "UDINM", "unstable", "stable"};
  PetscReal            clo[NCLS], chi[NCLS];

  PetscCall(InmInitialize(&argc, &argv, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "KPM benchmark", NULL);
  PetscCall(PetscOptionsString("-input", "Snapshot (H5MD)", NULL, input, input, sizeof(input), NULL));
  PetscCall(PetscOptionsInt("-kpm_moments", "Chebyshev moments per shear channel", NULL, M, &M, NULL));
  PetscCall(PetscOptionsInt("-kpm_dos_moments", "Chebyshev moments per random vector", NULL, Md, &Md, NULL));
  PetscCall(PetscOptionsInt("-kpm_vectors", "Random vectors of the density of states", NULL, R, &R, NULL));
  PetscCall(PetscOptionsInt("-kpm_block", "Random vectors per sparse-times-dense product", NULL, block, &block, NULL));
  PetscCall(PetscOptionsReal("-omega_c", "Mobility edge", NULL, wc, &wc, NULL));
  PetscCall(PetscOptionsReal("-omega_min", "Lowest frequency the box holds", NULL, wmin, &wmin, NULL));
  PetscCall(PetscOptionsBool("-windows", "Also the sums with the eigenpairs near the cuts (block slicing of three intervals)", NULL, windows, &windows, NULL));
  PetscCall(PetscOptionsBool("-unstable", "Also time the whole unstable branch by the block slicing", NULL, unstable, &unstable, NULL));
  PetscOptionsEnd();
  clo[0] = -PETSC_INFINITY, chi[0] = -wc * wc;
  clo[1] = -wc * wc, chi[1] = -wmin * wmin;
  clo[2] = -PETSC_INFINITY, chi[2] = -wmin * wmin;
  clo[3] = wmin * wmin, chi[3] = PETSC_INFINITY;
  PetscCall(BenchSnapshotCreate(input, &snap));
  InmConfig           *cfg = snap.cfg;
  InmHessianGenerator *gen = snap.gen;
  Mat                  D   = snap.D;
  Vec                 *xi  = snap.xi;
  Row("assembly", cfg->n, size, 0, 0, snap.assembly);

  PetscCall(PetscTime(&t0));
  PetscCall(InmKPMBounds(D, &lo, &hi));
  PetscCall(PetscTime(&t1));
  Row("bounds_lo", cfg->n, size, lo, 0, t1 - t0);
  Row("bounds_hi", cfg->n, size, hi, 0, 0);

  /* the three channels one vector at a time (a MatMult per step each), then as one block
   * (a sparse-times-dense product per step): the ratio of the two rows, in one run */
  PetscCall(PetscTime(&t0));
  for (int c = 0; c < 3; c++) PetscCall(InmKPMMoments(D, xi[c], lo, hi, M, &ch[c]));
  PetscCall(PetscTime(&t1));
  Row("shear_moments_one_by_one", cfg->n, size, (PetscReal)M, 0, t1 - t0);
  {
    InmChebyshevMoments cb[3];
    PetscReal           dmax = 0;
    PetscCall(PetscTime(&t0));
    PetscCall(InmKPMMomentsBlock(D, 3, xi, lo, hi, M, cb));
    PetscCall(PetscTime(&t1));
    for (int c = 0; c < 3; c++) {
      for (PetscInt k = 0; k < M; k++) dmax = PetscMax(dmax, PetscAbsReal(cb[c].mu[k] - ch[c].mu[k]) / ch[c].mu[0]);
      PetscCall(InmChebyshevMomentsDestroy(&cb[c]));
    }
    Row("shear_moments", cfg->n, size, (PetscReal)M, dmax, t1 - t0); /* error: the largest change of a moment / mu_0 */
  }
  PetscCall(InmKPMMean(3, ch, &mean));

  PetscCall(PetscTime(&t0));
  PetscCall(InmKPMStochasticMoments(D, lo, hi, Md, R, 1ULL, 1, &dos));
  PetscCall(PetscTime(&t1));
  Row("dos_moments_one_by_one", cfg->n, size, (PetscReal)Md, 0, t1 - t0);
  PetscCall(InmChebyshevMomentsDestroy(&dos));
  PetscCall(PetscTime(&t0));
  PetscCall(InmKPMStochasticMoments(D, lo, hi, Md, R, 1ULL, block, &dos));
  PetscCall(PetscTime(&t1));
  {
    PetscReal fu, fe;
    PetscCall(InmKPMIntegral(&dos, -PETSC_INFINITY, 0, 0, &fu, &fe, NULL));
    Row("f_u", cfg->n, size, fu / (3 * cfg->n - 3), fe / (3 * cfg->n - 3), t1 - t0);
  }

  PetscCall(PetscTime(&t0));
  for (int k = 0; k < NCLS; k++) {
    PetscReal s, e;
    char      what[64];
    PetscCall(InmKPMIntegral(&mean, clo[k], chi[k], -2, &s, NULL, &e));
    PetscCall(PetscSNPrintf(what, sizeof(what), "S_%s_kpm", names[k]));
    Row(what, cfg->n, size, s, e, 0);
  }
  PetscCall(PetscTime(&t1));
  Row("kpm_sums", cfg->n, size, 0, 0, t1 - t0);

  if (windows) {
  PetscCall(PetscTime(&t0));
  {
    const PetscReal cuts[3] = {-wc * wc, -wmin * wmin, wmin * wmin};
    for (int k = 0; k < 3; k++) {
      const PetscReal w = InmKPMWindow(&mean, cuts[k], PETSC_INFINITY);
      Row("window_over_sigma", cfg->n, size, w / InmKPMResolution(&mean, cuts[k]), 0, 0);
      PetscCall(Window(PETSC_COMM_WORLD, gen, D, xi, cuts[k] - w, cuts[k] + w, &nw, &wl, &wg));
    }
  }
  PetscCall(PetscTime(&t1));
  Row("window_solves", cfg->n, size, (PetscReal)nw, 0, t1 - t0);
  PetscCall(PetscTime(&t0));
  for (int k = 0; k < NCLS; k++) {
    PetscReal s, e;
    char      what[64];
    PetscCall(InmKPMClassSum(&mean, clo[k], chi[k], -2, InmKPMWindow(&mean, clo[k], chi[k]), nw, wl, wg, &s, &e));
    PetscCall(PetscSNPrintf(what, sizeof(what), "S_%s_windows", names[k]));
    Row(what, cfg->n, size, s, e, 0);
  }
  PetscCall(PetscTime(&t1));
  Row("window_sums", cfg->n, size, 0, 0, t1 - t0);
  }

  if (unstable) {
    InmModes *m;
    PetscCall(PetscTime(&t0));
    PetscCall(InmModesSolveBlockSlicing(PETSC_COMM_WORLD, gen, D, xi, NULL, &m));
    PetscCall(PetscTime(&t1));
    Row("unstable_branch", cfg->n, size, (PetscReal)m->nmodes, 0, t1 - t0);
    PetscCall(InmModesDestroy(&m));
  }

  {
    struct rusage ru;
    double        mine, most, all;
    getrusage(RUSAGE_SELF, &ru);
    mine = ru.ru_maxrss / 1048576.0; /* GiB */
    PetscCallMPI(MPI_Allreduce(&mine, &most, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD));
    PetscCallMPI(MPI_Allreduce(&mine, &all, 1, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD));
    Row("peak_rss_gib_rank", cfg->n, size, most, 0, 0);
    Row("peak_rss_gib_sum", cfg->n, size, all, 0, 0);
  }
  PetscCall(PetscFree(wl));
  PetscCall(PetscFree(wg));
  for (int c = 0; c < 3; c++) PetscCall(InmChebyshevMomentsDestroy(&ch[c]));
  PetscCall(InmChebyshevMomentsDestroy(&mean));
  PetscCall(InmChebyshevMomentsDestroy(&dos));
  PetscCall(BenchSnapshotDestroy(&snap));
  PetscCall(InmFinalize());
  return 0;
}
