/* The orthogonal-dynamics memory kernel (src/transport/memory_kernel.c) against two models
 * whose kernel is known, each generated exactly (no integrator error) in 16 independent
 * groups of 64 one-dimensional trajectories; every quantity is computed per group, and its
 * statistical error is the spread of the 16 group values / sqrt(16) (Student t with 15
 * degrees of freedom: |t| > 3 has probability 0.9%). Each error is also compared with an a
 * priori estimate, so that a method that is merely noisy cannot pass on a wide error bar.
 *
 * (a) Free Langevin particle, m dv = -m gamma v dt + sqrt(2 m gamma kT) dW: v is sampled
 *     exactly (AR(1), phi = e^{-gamma dt}) and F_m = (p_{m+1} - p_m)/dt is the mean force of
 *     step m, so F contains the white noise and <F_m p_m> = -(dt/2)<F^2> != 0 (the implicit
 *     factor of (S3) matters). The kernel is 2 m gamma delta(t): int_0^inf Cbar_FF/kT dt =
 *     m gamma. On these data the algorithm gives exactly Cbar_0 dt/(2kT) = m (1 - phi)/dt and
 *     Cbar_{n>=1} = 0 in expectation (the terms cancel lag by lag), i.e. m gamma (1 -
 *     gamma dt/2 + ...): a -0.3% discretisation bias, added to the tolerance. A priori error:
 *     each lag n >= 1 adds noise of std (2 m gamma kT/dt)/sqrt(N) (products of two independent
 *     white forces over N samples), so over ncut lags int has relative error
 *     ~ 2 sqrt(ncut / N) = 0.7% for all data (N = 4.1e6, ncut = 50).
 *     GLE route (App. J): vtilde(0) = kT/D with D = int <v v> dt from the same trajectories
 *     (FFT autocorrelation); compared group by group (the difference's own spread is its
 *     error, since both come from the same data).
 * (b) Exponential memory, K(t) = c e^{-t/tau}, by Markovian embedding: m dv = z dt,
 *     dz = -(z/tau) dt - c v dt + sqrt(2 c kT/tau) dW; F = z, sampled with p at the same
 *     instant. (v, z) is a linear SDE: X_{k+1} = e^{A dt} X_k + L xi with the matrix
 *     exponential from GSL and L L^T = Sigma - e^{A dt} Sigma e^{A^T dt}, Sigma =
 *     diag(kT/m, c kT) the equilibrium covariance: exact at any dt. Mori's projection onto p
 *     gives i(1-P)L z = -z/tau, so Cbar_FF(t)/kT = c e^{-t/tau} exactly and int_0^{8 tau}
 *     = c tau (1 - e^{-8}); the propagator's O(dt^2) error, ((dt/tau)^2 ~ 4e-4), is far
 *     below the statistical one. Checks: the integral within 3 errors; the shape, every lag
 *     up to 3 tau within 4 of its own errors (150 lags: a 4-sigma excursion anywhere has
 *     probability ~1% for independent lags, less for these correlated ones); the plain force
 *     autocorrelation integrates to ~0 over the same range (int_0^T <F(0)F(t)> dt =
 *     <F(0) p(T)> - <F p> -> 0 for a bounded momentum; exactly m c [e^{AT}]_vz = -0.021 at
 *     T = 8 tau, within 3 errors plus 1e-3 c tau for the trapezoid rule), so a missing or
 *     wrong projection would be caught; and vtilde(0) = kT/D (D = kT/(c tau) for this GLE). A priori error of the
 *     integral: the random-force samples decorrelate over ~tau, so N dt/(2 tau) independent
 *     ones give ~ c tau sqrt(2 * 8 tau * 2 tau / (N dt)) ~ 1% of c tau (N = 3.1e6). */
#include "testlib.h"
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_linalg.h>

#define NGROUP 16
#define NTRAJ  64

typedef struct {
  PetscReal mean, err;
} Stat;

static Stat GroupStat(const PetscReal v[NGROUP])
{
  Stat      s = {0, 0};
  PetscReal ss = 0;
  for (PetscInt g = 0; g < NGROUP; g++) s.mean += v[g] / NGROUP;
  for (PetscInt g = 0; g < NGROUP; g++) ss += PetscSqr(v[g] - s.mean);
  s.err = PetscSqrtReal(ss / (NGROUP - 1) / NGROUP);
  return s;
}

/* D = int_0^{(nlag-1) dt} <v(0) v(t)> dt of the NTRAJ step-major velocity series v[M][NTRAJ] */
static PetscErrorCode DiffusionFromVACF(PetscInt M, const PetscReal v[], PetscReal dt, PetscInt nlag, PetscReal *D)
{
  PetscReal *C, *run;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(nlag, &C, nlag, &run));
  PetscCall(InmAutocorrelation(M, NTRAJ, v, NTRAJ, 1, nlag, C));
  InmRunningIntegral(nlag, C, dt, run);
  *D = run[nlag - 1];
  PetscCall(PetscFree2(C, run));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  gsl_rng *rng;

  PetscCall(InmTestBegin(&argc, &argv));
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 2014);

  /* (a) free Langevin particle */
  {
    const PetscReal m = 2.0, gamma = 1.5, kT = 0.8, dt = 0.004, phi = PetscExpReal(-gamma * dt);
    const PetscInt  M = 4000, ncorr = 50, nv = 1168; /* kernel to 0.3/gamma, VACF to 7/gamma (e^-7 = 0.09% left) */
    PetscReal      *p, *F, *v, Cff[50], vt[NGROUP], gle[NGROUP], c0[NGROUP], rest[NGROUP];
    Stat            s, sg, s0, sr;
    const PetscReal apriori = 2 * PetscSqrtReal((PetscReal)ncorr / ((PetscReal)NGROUP * NTRAJ * M)) * m * gamma;

    PetscCall(PetscMalloc3((size_t)(M + 1) * NTRAJ, &p, (size_t)M * NTRAJ, &F, (size_t)M * NTRAJ, &v));
    for (PetscInt g = 0; g < NGROUP; g++) {
      PetscReal D;
      for (PetscInt j = 0; j < NTRAJ; j++) {
        PetscReal vj = gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(kT / m));
        for (PetscInt k = 0; k <= M; k++) {
          p[(size_t)k * NTRAJ + j] = m * vj;
          if (k < M) v[(size_t)k * NTRAJ + j] = vj;
          vj = phi * vj + gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(kT / m * (1 - phi * phi)));
        }
      }
      for (size_t q = 0; q < (size_t)M * NTRAJ; q++) F[q] = (p[q + NTRAJ] - p[q]) / dt;
      PetscCall(InmMemoryKernel(PETSC_COMM_SELF, NTRAJ, M, F, p, dt, ncorr, Cff));
      PetscCall(InmMemoryKernelIntegral(ncorr, Cff, dt, kT, ncorr, &vt[g], NULL));
      c0[g]   = 0.5 * dt * Cff[0] / kT;
      rest[g] = vt[g] - c0[g];
      PetscCall(DiffusionFromVACF(M, v, dt, nv, &D));
      gle[g] = vt[g] - kT / D;
    }
    s  = GroupStat(vt);
    sg = GroupStat(gle);
    s0 = GroupStat(c0);
    sr = GroupStat(rest);
    INM_TEST(PetscAbsReal(s.mean - m * gamma) < 3 * s.err + 0.5 * gamma * dt * m * gamma && s.err < 2 * apriori, "Langevin: int_0^inf Cbar_FF/kT dt = %.4f +- %.4f, exact m gamma = %.4f (a priori error %.4f; discretisation bias -%.4f)", (double)s.mean, (double)s.err, (double)(m * gamma), (double)apriori, (double)(0.5 * gamma * dt * m * gamma));
    INM_TEST(PetscAbsReal(s0.mean - m * (1 - phi) / dt) < 3 * s0.err && PetscAbsReal(sr.mean) < 3 * sr.err, "Langevin: the delta at t = 0 carries %.5f +- %.5f (m(1-phi)/dt = %.5f), lags >= 1 add %.5f +- %.5f (0: white random force)", (double)s0.mean, (double)s0.err, (double)(m * (1 - phi) / dt), (double)sr.mean, (double)sr.err);
    INM_TEST(PetscAbsReal(sg.mean) < 3 * sg.err + 0.5 * gamma * dt * m * gamma, "Langevin, GLE route (App. J): vtilde(0) - kT/D = %.4f +- %.4f (D from the velocity autocorrelation)", (double)sg.mean, (double)sg.err);
    PetscCall(PetscFree3(p, F, v));
  }

  /* (b) exponential memory kernel */
  {
    const PetscReal m = 1.0, kT = 1.0, c = 3.0, tau = 0.5, dt = 0.01;
    const PetscInt  M = 3000, ncorr = 401, nshape = 151, nv = 701; /* kernel to 8 tau; VACF to 7 (decay e^-t) */
    const PetscReal exact = c * tau * -expm1(-8.0), apriori = c * tau * PetscSqrtReal(2 * 8 * tau * 2 * tau / ((PetscReal)NGROUP * NTRAJ * M * dt));
    PetscReal      *p, *F, *v, *Cff, *Cg, *Cf, vt[NGROUP], gle[NGROUP], ff[NGROUP], worst = 0, worst_rel = 0;
    double          E[4], Lc[4], ffexact;
    Stat            s, sg, sf;

    /* exact one-step propagator of X = (v, z): e^{A dt} and the Cholesky factor of its noise */
    {
      gsl_matrix *A = gsl_matrix_alloc(2, 2), *eA = gsl_matrix_alloc(2, 2), *Q = gsl_matrix_alloc(2, 2);
      const double Sig[2] = {kT / m, c * kT};
      gsl_matrix_set(A, 0, 0, 0);
      gsl_matrix_set(A, 0, 1, dt / m);
      gsl_matrix_set(A, 1, 0, -c * dt);
      gsl_matrix_set(A, 1, 1, -dt / tau);
      /* int_0^T <F(0) F(t)> dt = <F(0) p(T)> = m <z(0) v(T)> = m [e^{AT}]_vz c kT */
      gsl_matrix_scale(A, (ncorr - 1));
      PetscCheck(gsl_linalg_exponential_ss(A, eA, GSL_PREC_DOUBLE) == GSL_SUCCESS, PETSC_COMM_SELF, PETSC_ERR_LIB, "matrix exponential failed");
      ffexact = m * c * gsl_matrix_get(eA, 0, 1);
      gsl_matrix_scale(A, 1.0 / (ncorr - 1));
      PetscCheck(gsl_linalg_exponential_ss(A, eA, GSL_PREC_DOUBLE) == GSL_SUCCESS, PETSC_COMM_SELF, PETSC_ERR_LIB, "matrix exponential failed");
      for (PetscInt a = 0; a < 2; a++)
        for (PetscInt b = 0; b < 2; b++) {
          double q = (a == b ? Sig[a] : 0);
          for (PetscInt k = 0; k < 2; k++) q -= gsl_matrix_get(eA, a, k) * Sig[k] * gsl_matrix_get(eA, b, k);
          gsl_matrix_set(Q, a, b, q);
          E[2 * a + b] = gsl_matrix_get(eA, a, b);
        }
      PetscCheck(gsl_linalg_cholesky_decomp1(Q) == GSL_SUCCESS, PETSC_COMM_SELF, PETSC_ERR_LIB, "noise covariance not positive definite");
      Lc[0] = gsl_matrix_get(Q, 0, 0);
      Lc[1] = 0;
      Lc[2] = gsl_matrix_get(Q, 1, 0);
      Lc[3] = gsl_matrix_get(Q, 1, 1);
      gsl_matrix_free(A);
      gsl_matrix_free(eA);
      gsl_matrix_free(Q);
    }
    PetscCall(PetscMalloc3((size_t)M * NTRAJ, &p, (size_t)M * NTRAJ, &F, (size_t)M * NTRAJ, &v));
    PetscCall(PetscMalloc3(ncorr, &Cff, (size_t)NGROUP * nshape, &Cg, ncorr, &Cf));
    for (PetscInt g = 0; g < NGROUP; g++) {
      PetscReal D, fint[401];
      for (PetscInt j = 0; j < NTRAJ; j++) {
        double x0 = gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(kT / m)), x1 = gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(c * kT));
        for (PetscInt k = 0; k < M; k++) {
          const double n0 = gsl_ran_gaussian_ziggurat(rng, 1.0), n1 = gsl_ran_gaussian_ziggurat(rng, 1.0);
          const double y0 = E[0] * x0 + E[1] * x1 + Lc[0] * n0, y1 = E[2] * x0 + E[3] * x1 + Lc[2] * n0 + Lc[3] * n1;
          v[(size_t)k * NTRAJ + j] = x0;
          p[(size_t)k * NTRAJ + j] = m * x0;
          F[(size_t)k * NTRAJ + j] = x1;
          x0                       = y0;
          x1                       = y1;
        }
      }
      PetscCall(InmMemoryKernel(PETSC_COMM_SELF, NTRAJ, M, F, p, dt, ncorr, Cff));
      PetscCall(InmMemoryKernelIntegral(ncorr, Cff, dt, kT, ncorr, &vt[g], NULL));
      for (PetscInt k = 0; k < nshape; k++) Cg[g * nshape + k] = Cff[k] / kT;
      PetscCall(InmAutocorrelation(M, NTRAJ, F, NTRAJ, 1, ncorr, Cf));
      InmRunningIntegral(ncorr, Cf, dt, fint);
      ff[g] = fint[ncorr - 1] / kT;
      PetscCall(DiffusionFromVACF(M, v, dt, nv, &D));
      gle[g] = vt[g] - kT / D;
    }
    for (PetscInt k = 0; k < nshape; k++) {
      PetscReal col[NGROUP];
      Stat      sk;
      for (PetscInt g = 0; g < NGROUP; g++) col[g] = Cg[g * nshape + k];
      sk        = GroupStat(col);
      worst     = PetscMax(worst, PetscAbsReal(sk.mean - c * PetscExpReal(-k * dt / tau)) / sk.err);
      worst_rel = PetscMax(worst_rel, PetscAbsReal(sk.mean - c * PetscExpReal(-k * dt / tau)) / c);
    }
    s  = GroupStat(vt);
    sg = GroupStat(gle);
    sf = GroupStat(ff);
    INM_TEST(PetscAbsReal(s.mean - exact) < 3 * s.err && s.err < 2 * apriori, "exponential memory: int_0^{8 tau} Cbar_FF/kT dt = %.4f +- %.4f, exact c tau (1 - e^-8) = %.4f (a priori error %.4f)", (double)s.mean, (double)s.err, (double)exact, (double)apriori);
    INM_TEST(worst < 4, "exponential memory: Cbar_FF(t)/kT = c e^{-t/tau} for t <= 3 tau within %.2f errors (largest deviation %.4f of c)", (double)worst, (double)worst_rel);
    INM_TEST(PetscAbsReal(sf.mean - ffexact) < 3 * sf.err + 1e-3 * c * tau, "without the projection: int_0^{8 tau} <F(0) F(t)>/kT dt = %.4f +- %.4f (exact m c [e^{AT}]_vz = %.4f), i.e. ~0, not c tau = %.2f", (double)sf.mean, (double)sf.err, (double)ffexact, (double)(c * tau));
    INM_TEST(PetscAbsReal(sg.mean) < 3 * sg.err, "exponential memory, GLE route: vtilde(0) - kT/D = %.4f +- %.4f", (double)sg.mean, (double)sg.err);
    PetscCall(PetscFree3(p, F, v));
    PetscCall(PetscFree3(Cff, Cg, Cf));
  }

  /* bad input */
  {
    PetscReal      F[20], p[20], C[5];
    PetscErrorCode ierr;
    const char    *msg;
    for (PetscInt k = 0; k < 20; k++) F[k] = p[k] = 1.0;
    PetscCall(InmTestErrorBegin());
    ierr = InmMemoryKernel(PETSC_COMM_SELF, 2, 10, F, p, 0.01, 10, C);
    msg  = InmTestErrorEnd();
    INM_TEST(ierr && strstr(msg, "need 2 <= ncorr < nsteps"), "as many lags as steps refused: \"%s\"", msg);
    p[13] = NAN;
    PetscCall(InmTestErrorBegin());
    ierr = InmMemoryKernel(PETSC_COMM_SELF, 2, 10, F, p, 0.01, 5, C);
    msg  = InmTestErrorEnd();
    INM_TEST(ierr == PETSC_ERR_FP && strstr(msg, "trajectory 1 at step 6"), "NaN momentum refused, naming trajectory and step: \"%s\"", msg);
  }
  gsl_rng_free(rng);
  return InmTestEnd();
}
