/* MSD and self-diffusion on trajectories whose answer is known.
 *
 * 1. Random walks: 240 walkers of type 1 (mass 1, D = 0.5) and 160 of type 2 (mass 3,
 *    D = 0.2), Gaussian steps of variance 2 D dt per component, 4000 frames at dt = 0.1, MSD to
 *    lag 100 from every origin. Removing the centre of mass also removes each walker's share
 *    of R's own random motion; exactly (R = sum m_j x_j / M):
 *      E|dx_i - dR|^2 = 6 t [D_i (1 - 2 m_i/M) + sum_j m_j^2 D_j / M^2]
 *    (-0.1% for type 1, +0.1% for type 2 here), which is the reference.
 *    Statistical error, computed not guessed: for one coordinate with steps of variance s^2,
 *    the squared displacements of two windows of lags k1, k2 whose origins differ by d are
 *    Gaussian with Cov = 2 (s^2 ov)^2, ov their overlap in steps, so
 *      Cov(rho(k1), rho(k2)) = 2 s^4 / (N1 N2) sum_d npairs(d) ov(d)^2
 *    (N_k origins of lag k, npairs(d) origin pairs at distance d); the MSD of a set of N walkers
 *    has 3/N of that, and D = slope/6 with the least-squares slope sum_k w_k MSD(k) over the
 *    fit window, so var D = w^T Cov w / 36 (the O(1/N) correlation through R is neglected).
 *    (Checked once against 60 independent replicas of 200 walkers, 2000 frames, lags 1..60:
 *    scatter 0.0039 +- 9% against 0.0044 from the formula.) That gives sigma_D = 0.6-0.9% here;
 *    D must lie within 3 sigma of the reference, for every set
 *    (all atoms, type 1, type 2), for origins every frame and every 10th frame.
 * 2. A uniform drift of every atom (v = 5 per unit time, 2000 length units over the run
 *    against diffusive displacements of ~30) changes nothing once R is removed: the MSDs agree
 *    to 1e-10 of their largest value (positions ~2000 in double carry ~2e-13 absolute error,
 *    i.e. ~1e-12 relative to the smallest displacement, of lag 1).
 * 3. The window rule on the exact Langevin MSD 6 D (t - tau (1 - e^{-t/tau})): the window
 *    starts at the first lag where ln(MSD(2k)/MSD(k))/ln 2 <= 1.1 (t = 8 tau), and D is exact
 *    to 1e-5 (the e^{-t/tau} term left in the window moves the slope by ~3e-7 relative);
 *    a sub-diffusive MSD ~ t^0.5 falls back to the last half of the lags and says so.
 * 4. A type outside 1..ntypes is refused naming the atom. */
#include "testlib.h"
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

/* var of the least-squares slope of the MSD of Nw walkers (step variance s2 per component)
 * over lags ka..kb, origins every `stride` of n frames, frame spacing dt */
static PetscReal SlopeVariance(PetscInt ka, PetscInt kb, PetscInt n, PetscInt stride, PetscReal dt, PetscReal s2, PetscInt Nw)
{
  PetscInt  m = kb - ka + 1;
  PetscReal tbar = 0, stt = 0, var = 0;
  for (PetscInt k = ka; k <= kb; k++) tbar += k * dt / m;
  for (PetscInt k = ka; k <= kb; k++) stt += PetscSqr(k * dt - tbar);
  for (PetscInt k1 = ka; k1 <= kb; k1++) {
    const PetscInt N1 = (n - 1 - k1) / stride + 1;
    for (PetscInt k2 = ka; k2 <= kb; k2++) {
      const PetscInt N2 = (n - 1 - k2) / stride + 1;
      PetscReal      c = 0;
      /* origins a*stride, b*stride; d = (b - a) stride; overlap nonzero for -k2 < d < k1 */
      for (PetscInt j = -(k2 / stride) - 1; j * stride < k1; j++) {
        const PetscInt d = j * stride, ov = PetscMin(k1, d + k2) - PetscMax(0, d);
        const PetscInt np = PetscMin(N1, N2 - j) - PetscMax(0, -j);
        if (ov > 0 && np > 0) c += (PetscReal)np * ov * ov;
      }
      c *= 2 * s2 * s2 / ((PetscReal)N1 * N2);
      var += (k1 * dt - tbar) * (k2 * dt - tbar) / (stt * stt) * c;
    }
  }
  return 3.0 * var / Nw;
}

int main(int argc, char **argv)
{
  const PetscInt  N = 400, nf = 4000, nlag = 101;
  const PetscReal dt = 0.1, Dt[2] = {0.5, 0.2}, mt[2] = {1.0, 3.0};
  PetscReal      *x, *msd0, Deff[3], Mtot = 0, sum_m2D = 0;
  PetscInt       *type, Nt[2] = {0, 0};
  gsl_rng        *rng;
  InmMSD         *m;
  PetscErrorCode  ierr;
  const char     *msg;

  PetscCall(InmTestBegin(&argc, &argv));
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 1905);
  PetscCall(PetscMalloc3((size_t)nf * N * 3, &x, N, &type, 3 * nlag, &msd0));
  for (PetscInt i = 0; i < N; i++) {
    type[i] = i % 5 < 3 ? 1 : 2;
    Nt[type[i] - 1]++;
    for (PetscInt a = 0; a < 3; a++) x[3 * i + a] = 10 * gsl_rng_uniform(rng);
  }
  for (PetscInt f = 1; f < nf; f++)
    for (PetscInt i = 0; i < N; i++)
      for (PetscInt a = 0; a < 3; a++) x[((size_t)f * N + i) * 3 + a] = x[((size_t)(f - 1) * N + i) * 3 + a] + gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(2 * Dt[type[i] - 1] * dt));
  /* reference with the centre of mass removed */
  for (PetscInt s = 0; s < 2; s++) Mtot += Nt[s] * mt[s];
  for (PetscInt s = 0; s < 2; s++) sum_m2D += Nt[s] * mt[s] * mt[s] * Dt[s] / (Mtot * Mtot);
  for (PetscInt s = 0; s < 2; s++) Deff[s + 1] = Dt[s] * (1 - 2 * mt[s] / Mtot) + sum_m2D;
  Deff[0] = (Nt[0] * Deff[1] + Nt[1] * Deff[2]) / N;

  for (PetscInt pass = 0; pass < 2; pass++) {
    const PetscInt stride = pass ? 10 : 1;
    PetscCall(InmMSDCompute(nf, N, x, type, 2, mt, dt, nlag, stride, 0.1, &m));
    for (PetscInt s = 0; s < 3; s++) {
      PetscReal sig;
      if (s == 0) /* all atoms: MSD_all = (N1 MSD_1 + N2 MSD_2)/N */
        sig = PetscSqrtReal((PetscSqr((PetscReal)Nt[0]) * SlopeVariance(m->klo[0], m->khi[0], nf, stride, dt, 2 * Dt[0] * dt, Nt[0]) + PetscSqr((PetscReal)Nt[1]) * SlopeVariance(m->klo[0], m->khi[0], nf, stride, dt, 2 * Dt[1] * dt, Nt[1])) / (N * N)) / 6;
      else sig = PetscSqrtReal(SlopeVariance(m->klo[s], m->khi[s], nf, stride, dt, 2 * Dt[s - 1] * dt, Nt[s - 1])) / 6;
      INM_TEST(PetscAbsReal(m->D[s] - Deff[s]) < 3 * sig && !m->fallback[s] && m->klo[s] == 1 && m->count[s] == (s ? Nt[s - 1] : N), "random walk, origins every %" PetscInt_FMT ", %s: D = %.5f, expected %.5f +- %.5f (%.1f sigma), window lags %" PetscInt_FMT "..%" PetscInt_FMT, stride, s == 0 ? "all atoms" : s == 1 ? "type 1" : "type 2", (double)m->D[s], (double)Deff[s], (double)sig, (double)(PetscAbsReal(m->D[s] - Deff[s]) / sig), m->klo[s], m->khi[s]);
    }
    if (!pass) PetscCall(PetscArraycpy(msd0, m->msd, 3 * nlag));
    PetscCall(InmMSDDestroy(&m));
  }

  /* 2. uniform drift */
  for (PetscInt f = 0; f < nf; f++)
    for (PetscInt i = 0; i < N; i++) {
      x[((size_t)f * N + i) * 3 + 0] += 5.0 * f * dt;
      x[((size_t)f * N + i) * 3 + 1] -= 2.0 * f * dt;
    }
  PetscCall(InmMSDCompute(nf, N, x, type, 2, mt, dt, nlag, 1, 0.1, &m));
  INM_TEST(InmMaxRelDiff(3 * nlag, m->msd, msd0) < 1e-10, "uniform drift (5, -2, 0) of every atom removed: MSDs equal to %.1e of the largest", (double)InmMaxRelDiff(3 * nlag, m->msd, msd0));
  PetscCall(InmMSDDestroy(&m));

  /* 3. the window rule on exact curves */
  {
    const PetscInt  n = 2001;
    const PetscReal D = 0.3, tau = 1.0, h = 0.05;
    PetscReal      *y, Dfit, c;
    PetscInt        klo, khi, kexp = -1;
    PetscBool       fb;
    PetscCall(PetscMalloc1(n, &y));
    for (PetscInt k = 0; k < n; k++) y[k] = 6 * D * (k * h - tau * -expm1(-k * h / tau));
    for (PetscInt k = 1; 2 * k < n && kexp < 0; k++)
      if (PetscLogReal(y[2 * k] / y[k]) / PetscLogReal(2.0) <= 1.1) kexp = k;
    PetscCall(InmDiffusionFit(n, y, h, 0.1, &Dfit, &c, &klo, &khi, &fb));
    INM_TEST(klo == kexp && khi == n - 1 && !fb && PetscAbsReal(klo * h - 8 * tau) < 0.1, "Langevin MSD: window from t = %.2f (= %.2f tau, where the local slope reaches 1.1) to %.0f", (double)(klo * h), (double)(klo * h / tau), (double)(khi * h));
    INM_TEST(PetscAbsReal(Dfit / D - 1) < 1e-5, "Langevin MSD: D = %.8f, exact %.8f; intercept %.5f (-6 D tau = %.5f)", (double)Dfit, (double)D, (double)c, (double)(-6 * D * tau));
    for (PetscInt k = 0; k < n; k++) y[k] = PetscSqrtReal(k * h);
    PetscCall(InmDiffusionFit(n, y, h, 0.1, &Dfit, &c, &klo, &khi, &fb));
    INM_TEST(fb && klo == (n - 1) / 2 && khi == n - 1, "sub-diffusive MSD ~ t^0.5: flagged, last half of the lags fitted (%" PetscInt_FMT "..%" PetscInt_FMT ")", klo, khi);
    PetscCall(PetscFree(y));
  }

  /* 4. bad input */
  type[17] = 3;
  PetscCall(InmTestErrorBegin());
  ierr = InmMSDCompute(nf, N, x, type, 2, mt, dt, nlag, 1, 0.1, &m);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr && strstr(msg, "atom 17 has type 3, outside 1..2"), "type out of range refused: \"%s\"", msg);

  PetscCall(PetscFree3(x, type, msd0));
  gsl_rng_free(rng);
  return InmTestEnd();
}
