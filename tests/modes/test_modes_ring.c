/* LAPACK modes against an analytic spectrum: a ring of N unit masses with springs k between
 * neighbours along x, and on-site springs ky, kz along y and z. D has eigenvalues
 *   x: 2k (1 - cos(2 pi q / N)), q = 0..N-1;   y: ky (N-fold);   z: kz (N-fold).
 * Projections (Gamma, summed over a degenerate subspace, which makes them basis-free):
 *   xi = cos(2 pi q0 i / N) e_x   -> sum over the q0 pair = |xi|^2 = N/2, other modes 0
 *   xi = e_y on every atom         -> sum over the ky subspace = N
 *   xi = (-1)^i e_x                -> the single mode q = N/2: Gamma = N, P = 1
 * Participation: any vector of a degenerate pair q is A cos(2 pi q i / N + phi), and
 * sum_i cos^4 = 3N/8 for every phi unless 4q = 0 mod N, so P = 2/3 whatever basis LAPACK
 * picks (N = 42: every q but 0 and N/2); the y and z modes of the N-fold subspaces are not
 * unique, so only their count is checked there.
 * Tolerance 1e-12 of max lambda: dsyevd is backward stable to ~n eps. Runs on any rank count;
 * results must equal the 1-rank ones (they are computed on rank 0 from the same matrix). */
#include "testlib.h"

#define NRING 42

int main(int argc, char **argv)
{
  const PetscInt  N = NRING, q0 = 3;
  const PetscReal k = 1.7, ky = 0.9, kz = 2.3;
  Mat             D;
  Vec             xi[INM_NCHANNEL];
  InmModes       *m, *m5;
  PetscReal       exact[3 * NRING], lmax = 0, err = 0, gsum[3] = {0, 0, 0}, gother = 0, Palt = 0, P23 = 0;
  PetscInt        nl = PETSC_DECIDE, Ng = N, rstart, rend;
  PetscErrorCode  ierr;
  const char     *msg;
  InmEigenOptions eo; /* what the solve is told: -inm_nev, -inm_max_memory_gb */

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(PetscSplitOwnership(PETSC_COMM_WORLD, &nl, &Ng));
  PetscCall(MatCreateBAIJ(PETSC_COMM_WORLD, 3, 3 * nl, 3 * nl, 3 * N, 3 * N, 3, NULL, 3, NULL, &D));
  PetscCall(MatGetOwnershipRange(D, &rstart, &rend));
  for (PetscInt i = rstart / 3; i < rend / 3; i++) {
    const PetscReal diag[9] = {2 * k, 0, 0, 0, ky, 0, 0, 0, kz}, off[9] = {-k, 0, 0, 0, 0, 0, 0, 0, 0};
    const PetscInt  l = (i + N - 1) % N, r = (i + 1) % N;
    PetscCall(MatSetValuesBlocked(D, 1, &i, 1, &i, diag, INSERT_VALUES));
    PetscCall(MatSetValuesBlocked(D, 1, &i, 1, &l, off, INSERT_VALUES));
    PetscCall(MatSetValuesBlocked(D, 1, &i, 1, &r, off, INSERT_VALUES));
  }
  PetscCall(MatAssemblyBegin(D, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(D, MAT_FINAL_ASSEMBLY));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
    PetscCall(MatCreateVecs(D, NULL, &xi[c]));
    PetscCall(VecSet(xi[c], 0));
  }
  for (PetscInt i = rstart / 3; i < rend / 3; i++) {
    PetscCall(VecSetValue(xi[0], 3 * i, PetscCosReal(2 * PETSC_PI * q0 * i / N), INSERT_VALUES));
    PetscCall(VecSetValue(xi[1], 3 * i + 1, 1.0, INSERT_VALUES));
    PetscCall(VecSetValue(xi[2], 3 * i, i % 2 ? -1.0 : 1.0, INSERT_VALUES));
  }
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
    PetscCall(VecAssemblyBegin(xi[c]));
    PetscCall(VecAssemblyEnd(xi[c]));
  }
  PetscCall(InmModesSolveLapack(D, xi, NULL, &m));
  for (PetscInt q = 0; q < N; q++) {
    exact[q]         = 2 * k * (1 - PetscCosReal(2 * PETSC_PI * q / N));
    exact[N + q]     = ky;
    exact[2 * N + q] = kz;
  }
  PetscCall(PetscSortReal(3 * N, exact));
  for (PetscInt p = 0; p < 3 * N; p++) lmax = PetscMax(lmax, PetscAbsReal(exact[p]));
  for (PetscInt p = 0; p < 3 * N; p++) err = PetscMax(err, PetscAbsReal(m->lambda[p] - exact[p]));
  INM_TEST(m->nmodes == 3 * N && err < 1e-12 * lmax, "eigenvalues of the ring equal the analytic ones: max error %.1e of max %.3g", (double)err, (double)lmax);
  for (PetscInt p = 0; p < m->nmodes; p++) {
    const PetscReal l = m->lambda[p], lq0 = 2 * k * (1 - PetscCosReal(2 * PETSC_PI * q0 / N));
    if (PetscAbsReal(l - lq0) < 1e-9) gsum[0] += m->gamma[0][p];
    else gother = PetscMax(gother, m->gamma[0][p]);
    if (PetscAbsReal(l - ky) < 1e-9) gsum[1] += m->gamma[1][p];
    if (PetscAbsReal(l - 4 * k) < 1e-9) {
      gsum[2] += m->gamma[2][p];
      Palt = m->participation[p];
    }
    if (l < 4 * k - 1e-9 && l > 1e-9 && PetscAbsReal(l - ky) > 1e-9 && PetscAbsReal(l - kz) > 1e-9) P23 = PetscMax(P23, PetscAbsReal(m->participation[p] - 2.0 / 3.0));
    if (PetscAbsReal(m->omega[p] - PetscSqrtReal(l)) > 1e-14 * PetscSqrtReal(lmax)) err = PETSC_MAX_REAL;
  }
  INM_TEST(PetscAbsReal(gsum[0] - N / 2.0) < 1e-10 * N && gother < 1e-10, "Gamma of a q0 = %" PetscInt_FMT " cosine field: %.12g on its pair (exact %g), at most %.1e elsewhere", q0, (double)gsum[0], N / 2.0, (double)gother);
  INM_TEST(PetscAbsReal(gsum[1] - N) < 1e-10 * N, "Gamma of a uniform y field over the ky subspace: %.12g (exact %d)", (double)gsum[1], (int)N);
  INM_TEST(PetscAbsReal(gsum[2] - N) < 1e-10 * N && PetscAbsReal(Palt - 1) < 1e-12, "zone-boundary mode q = N/2: Gamma %.12g (exact %d), P = %.15f (exact 1)", (double)gsum[2], (int)N, (double)Palt);
  INM_TEST(err < PETSC_MAX_REAL, "omega = sqrt(lambda) for lambda >= 0");
  INM_TEST(P23 < 1e-12, "P = 2/3 for every mode of a degenerate ring pair, whatever the basis: max error %.1e", (double)P23);

  /* the nev lowest only (dsyevr) equal the first nev of the full solve */
  PetscCall(InmEigenOptionsDefault(&eo));
  eo.nev = 5;
  PetscCall(InmModesSolveLapack(D, xi, &eo, &m5));
  INM_TEST(m5->nmodes == 5 && InmMaxRelDiff(5, m5->lambda, m->lambda) < 1e-12 * lmax / PetscMax(m->lambda[4], 1e-300) + 1e-12, "-inm_nev 5 gives the 5 lowest: %.6g %.6g %.6g %.6g %.6g", (double)m5->lambda[0], (double)m5->lambda[1], (double)m5->lambda[2], (double)m5->lambda[3], (double)m5->lambda[4]);

  /* a solve larger than the memory allowed is refused before it starts */
  eo.nev           = 0;
  eo.max_memory_gb = 1e-9; /* -inm_max_memory_gb */
  PetscCall(InmTestErrorBegin());
  ierr = InmModesSolveLapack(D, xi, &eo, &m5);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr == PETSC_ERR_MEM && strstr(msg, "dense LAPACK solve of n = 126 needs about") && strstr(msg, "-inm_solver slepc"), "memory guard: \"%s\"", msg);

  PetscCall(InmModesDestroy(&m));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&xi[c]));
  PetscCall(MatDestroy(&D));
  return InmTestEnd();
}
