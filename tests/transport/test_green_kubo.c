/* Green-Kubo viscosity with the time-decomposition plateau on stresses whose answer is exact.
 *
 * Each shear channel is an Ornstein-Uhlenbeck process sampled exactly (AR(1)):
 *   x_{i+1} = phi x_i + sqrt(s2 (1 - phi^2)) xi_i,  phi = exp(-dt/tau),  x_0 ~ N(0, s2),
 * so <x(t) x(0)> = s2 exp(-t/tau) and eta = V/(kB T) s2 tau exactly (three independent
 * channels xy, xz, yz). On the sampled ACF s2 phi^k the trapezoid rule gives
 * s2 tau (dt/2tau) coth(dt/2tau) = s2 tau (1 + (dt/tau)^2/12 + ...): +0.08% at dt/tau = 0.1,
 * far below the statistical error, so the continuum value is the reference.
 * Checks:
 *  1. one long series (40 segments of 400 tau): eta recovered within 3 reported errors, and
 *     the error is below 10% of eta (from the segment scatter the plateau's standard error is
 *     a few per cent here);
 *  2. Daivis-Evans traceless option: the diagonal stresses are three more independent OU
 *     processes of variance 2 s2 on top of a constant pressure (removed with the trace), so
 *     that N_a = s_aa - p has int <N_a N_a> = (4/3) s2 tau, as in an isotropic liquid; eta
 *     recovered within 3 errors;
 *  3. the reported error is honest: over 48 independent replicas the scatter of eta agrees with
 *     the rms reported error. With 48 replicas the sample standard deviation has a relative
 *     standard error 1/sqrt(2*47) = 10%, so the ratio must lie in [0.6, 1.6]. The lower side
 *     is wider than statistics alone: on these short segments (200 tau) the jackknife of the
 *     nonlinear fit overstates the error somewhat (ratio 0.83 over 48 other replicas,
 *     benchmarks/bench_gk_cutoff.c), which is the safe side; an understated error (ratio > 1)
 *     is what must not pass. The replica mean is within 3 standard errors of the exact eta.
 *     The fit has a small upward bias on this model (+1.3 +- 0.7% over 48 other replicas,
 *     +2.5% over 400 in an earlier measurement, against a 5% error of one estimate), close to
 *     the 2.3% that 3 standard errors of 48 replicas resolve: this seed's mean is 2.7 of them
 *     above. More replicas would turn this check into a measurement of that bias.
 *  4. the cutoff does not grow with the run length once eta(t) has levelled off (issue 17): the
 *     same process in 20 segments of 200, 800 and 3200 tau. Each eta within 3 of its errors of
 *     the exact value; t_cut of the longest below 3 times that of the shortest (medians over
 *     48 replicas 11 and 16 tau, and the largest 3200-tau t_cut over the smallest 200-tau one
 *     2.65; the spread rule alone moved the median 26 -> 403 tau, see
 *     benchmarks/bench_gk_cutoff.c); and the error falls with the data, below half from 200
 *     to 3200 tau (1/sqrt(16) = 0.25 expected, 0.24 measured in rms; with the spread rule alone
 *     the error did not fall at all).
 *  5. clear errors: segments of 2 tau (too short for the segments to agree even at the first
 *     lags), a running integral stopped at 0.9 tau (the fit would have to extrapolate most of
 *     the plateau), fewer than 4 segments, a NaN stress. */
#include "testlib.h"
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

/* nsteps samples of the stress tensor (xx yy zz xy xz yz): OU shear channels of variance s2;
 * diagonal channels OU of variance 2 s2 around the pressure P0 */
static void OUStress(gsl_rng *rng, PetscInt nsteps, PetscReal dt, PetscReal tau, PetscReal s2, PetscReal P0, PetscReal *stress)
{
  const PetscReal phi = PetscExpReal(-dt / tau);
  for (PetscInt c = 0; c < 6; c++) {
    const PetscReal var = c < 3 ? 2 * s2 : s2, sd = PetscSqrtReal(var * (1 - phi * phi));
    PetscReal       x   = gsl_ran_gaussian_ziggurat(rng, PetscSqrtReal(var));
    for (PetscInt i = 0; i < nsteps; i++) {
      stress[6 * i + c] = (c < 3 ? P0 : 0) + x;
      x                 = phi * x + gsl_ran_gaussian_ziggurat(rng, sd);
    }
  }
}

int main(int argc, char **argv)
{
  const PetscReal     tau = 0.5, dt = 0.05, s2 = 2.5, V = 1000, kT = 1.5, eta0 = V / kT * s2 * tau;
  const PetscInt      M = 40, L = 4000; /* 40 segments of 400 tau */
  PetscReal          *stress;
  gsl_rng            *rng;
  InmGreenKuboOptions opt;
  InmGreenKubo       *gk;
  PetscErrorCode      ierr;
  const char         *msg;

  PetscCall(InmTestBegin(&argc, &argv));
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 2015);
  PetscCall(PetscMalloc1((size_t)20 * 32000 * 6, &stress)); /* the longest series, check 4 */
  PetscCall(InmGreenKuboOptionsDefault(&opt));

  /* 1. one trajectory cut into M segments */
  OUStress(rng, M * L, dt, tau, s2, 0, stress);
  opt.nsegments = M;
  PetscCall(InmGreenKuboCompute(1, M * L, stress, dt, V, kT, &opt, &gk));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "     shear: eta = %.2f +- %.2f (exact %.2f), t_cut = %.2f (%.1f tau), s(t) ~ t^%.2f, A = %.4g alpha = %.3f tau1 = %.3f tau2 = %.3f, extrapolation %.1e\n", (double)gk->eta, (double)gk->eta_err, (double)eta0, (double)gk->t_cut, (double)(gk->t_cut / tau), (double)gk->s_exponent, (double)gk->A, (double)gk->alpha, (double)gk->tau1, (double)gk->tau2, (double)gk->extrapolation));
  INM_TEST(PetscAbsReal(gk->eta - eta0) < 3 * gk->eta_err, "OU shear stress: eta = %.2f +- %.2f, exact V s2 tau / kT = %.2f (%.1f errors)", (double)gk->eta, (double)gk->eta_err, (double)eta0, (double)(PetscAbsReal(gk->eta - eta0) / gk->eta_err));
  INM_TEST(gk->eta_err > 0 && gk->eta_err < 0.1 * eta0, "its error is %.1f%% of eta", (double)(100 * gk->eta_err / eta0));
  INM_TEST(gk->nlag == L / 2 && gk->nseg == M && PetscAbsReal(gk->mean[gk->ncut] - gk->eta) < 0.1 * eta0 && gk->std[gk->ncut] <= opt.tolerance * gk->mean[gk->ncut], "mean running integral %.2f and s(t) %.2f at t_cut returned (%" PetscInt_FMT " lags, %" PetscInt_FMT " segments)", (double)gk->mean[gk->ncut], (double)gk->std[gk->ncut], gk->nlag, gk->nseg);
  {
    PetscReal f;
    PetscCall(InmGreenKuboDestroy(&gk));

    /* 2. Daivis-Evans on the same kind of data, with a large constant pressure */
    opt.channels = INM_GK_TRACELESS;
    OUStress(rng, M * L, dt, tau, s2, 300.0, stress);
    PetscCall(InmGreenKuboCompute(1, M * L, stress, dt, V, kT, &opt, &gk));
    INM_TEST(PetscAbsReal(gk->eta - eta0) < 3 * gk->eta_err && gk->eta_err < 0.1 * eta0, "Daivis-Evans traceless tensor (pressure 300 removed): eta = %.2f +- %.2f, exact %.2f", (double)gk->eta, (double)gk->eta_err, (double)eta0);
    PetscCall(InmGreenKuboDestroy(&gk));
    opt.channels = INM_GK_SHEAR;

    {
      const InmUnits *u;
      PetscCall(InmUnitsGet("metal", &u));
      f   = InmUnitsGreenKuboToReported(u);
      msg = u->visc_reported;
    }
    INM_TEST(PetscAbsReal(f / 6.241509074e-11 - 1) < 1e-9 && !strcmp(msg, "mPa s"), "metal units: 1 bar^2 A^3 ps/eV = %.10e mPa s", (double)f);
  }

  /* 3. replicas: is the reported error the real scatter? */
  {
    const PetscInt R = 48, Mr = 20, Lr = 2000;
    PetscReal      sum = 0, sum2 = 0, err2 = 0, sd, rms;
    opt.nsegments = Mr;
    for (PetscInt r = 0; r < R; r++) {
      OUStress(rng, Mr * Lr, dt, tau, s2, 0, stress);
      PetscCall(InmGreenKuboCompute(1, Mr * Lr, stress, dt, V, kT, &opt, &gk));
      sum += gk->eta;
      sum2 += gk->eta * gk->eta;
      err2 += gk->eta_err * gk->eta_err;
      PetscCall(InmGreenKuboDestroy(&gk));
    }
    sum /= R;
    sd  = PetscSqrtReal((sum2 - R * sum * sum) / (R - 1));
    rms = PetscSqrtReal(err2 / R);
    INM_TEST(sd / rms > 0.6 && sd / rms < 1.6, "48 replicas (20 segments of 200 tau): scatter of eta %.2f vs rms reported error %.2f (ratio %.2f)", (double)sd, (double)rms, (double)(sd / rms));
    INM_TEST(PetscAbsReal(sum - eta0) < 3 * sd / PetscSqrtReal(R), "replica mean %.2f +- %.2f, exact %.2f", (double)sum, (double)(sd / PetscSqrtReal(R)), (double)eta0);
  }

  /* 4. run length */
  {
    const PetscInt Ms = 20, Ls[3] = {2000, 8000, 32000};
    PetscReal      tcut[3], err[3];
    opt.nsegments = Ms;
    for (PetscInt l = 0; l < 3; l++) {
      OUStress(rng, Ms * Ls[l], dt, tau, s2, 0, stress);
      PetscCall(InmGreenKuboCompute(1, Ms * Ls[l], stress, dt, V, kT, &opt, &gk));
      tcut[l] = gk->t_cut;
      err[l]  = gk->eta_err;
      INM_TEST(PetscAbsReal(gk->eta - eta0) < 3 * gk->eta_err, "20 segments of %.0f tau: eta = %.1f +- %.1f (exact %.1f), t_cut = %.1f tau (spread rule %.1f tau, levelled from %.1f tau)", (double)(Ls[l] * dt / tau), (double)gk->eta, (double)gk->eta_err, (double)eta0, (double)(gk->t_cut / tau), (double)(gk->t_spread / tau), (double)(gk->t_level / tau));
      PetscCall(InmGreenKuboDestroy(&gk));
    }
    INM_TEST(tcut[2] < 3 * tcut[0] && err[2] < 0.5 * err[0], "16 times longer segments: t_cut x %.2f (< 3), error x %.2f (< 0.5)", (double)(tcut[2] / tcut[0]), (double)(err[2] / err[0]));
  }

  /* 5. errors */
  opt.nsegments = 40;
  OUStress(rng, 40 * 20, dt, tau, s2, 0, stress);
  PetscCall(InmTestErrorBegin());
  ierr = InmGreenKuboCompute(1, 40 * 20, stress, dt, V, kT, &opt, &gk); /* 40 segments of 2 tau: 20 steps, 10 lags */
  msg  = InmTestErrorEnd();
  INM_TEST(ierr && strstr(msg, "too short or too noisy"), "segments of 2 tau refused: \"%s\"", msg);
  opt.nlag = 10; /* long segments, but the running integral stops at 0.9 tau, far below its plateau */
  OUStress(rng, M * L, dt, tau, s2, 0, stress);
  PetscCall(InmTestErrorBegin());
  ierr = InmGreenKuboCompute(1, M * L, stress, dt, V, kT, &opt, &gk);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr && strstr(msg, "has not levelled off"), "running integral cut at 0.9 tau refused: \"%s\"", msg);
  opt.nlag = 0;
  opt.nsegments = 3;
  PetscCall(InmTestErrorBegin());
  ierr = InmGreenKuboCompute(1, 3 * L, stress, dt, V, kT, &opt, &gk);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr && strstr(msg, "at least 4 independent segments (got 3)"), "3 segments refused: \"%s\"", msg);
  opt.nsegments     = 10;
  stress[6 * 77 + 4] = NAN;
  PetscCall(InmTestErrorBegin());
  ierr = InmGreenKuboCompute(1, 10 * L, stress, dt, V, kT, &opt, &gk);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr == PETSC_ERR_FP && strstr(msg, "stress xz at step 77 is nan"), "NaN stress refused: \"%s\"", msg);

  PetscCall(PetscFree(stress));
  gsl_rng_free(rng);
  return InmTestEnd();
}
