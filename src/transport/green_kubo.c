/* Green-Kubo shear viscosity with the time-decomposition plateau (SPEC §8; paper Eq. 7).
 *
 *   eta(t) = V/(kB T) int_0^t <sigma_ab(s) sigma_ab(0)> ds, averaged over the channels of
 *            inmvisc/transport.h (xy, xz, yz; or Daivis-Evans over the traceless tensor).
 *
 * Time decomposition (Zhang, Otani & Maginn, J. Chem. Theory Comput. 11, 3537 (2015)):
 *  1. M independent segments (consecutive pieces of long trajectories, or whole independent
 *     trajectories) each give a running integral eta_i(t) (FFT autocorrelation of the segment,
 *     trapezoid rule);
 *  2. eta(t) = mean_i eta_i(t), s(t) = standard deviation across i (divisor M - 1);
 *  3. cutoff: t_spread is the last lag before s(t)/eta(t) first exceeds `tolerance` (their
 *     0.4; eta(t) <= 0 counts as exceeding): beyond it the mean is noise. Our addition:
 *     t_cut = min(t_spread, 4 t_level), t_level where eta(t) has levelled off (see
 *     GreenKuboLevelLag), so that t_cut does not grow with the run length;
 *  4. s(t) = a t^b by a straight-line fit of ln s against ln t over (0, t_cut];
 *  5. eta(t) = A alpha tau1 (1 - e^{-t/tau1}) + A (1 - alpha) tau2 (1 - e^{-t/tau2})
 *     fitted to the mean over (0, t_cut] with each residual weighted by 1/t^b, i.e. by
 *     1/s(t) up to a constant (their weighting: later times, whose mean is noisier, count
 *     less; weights 1/t^(2b) on the squared residuals, as PyLAT's sigma = s(t)), by GSL's
 *     trust-region Levenberg-Marquardt with 0 < alpha < 1 and 0 < tau1, tau2 < t_cut/2 (see
 *     DExpData); eta = A alpha tau1 + A (1 - alpha) tau2, the curve's t -> inf limit.
 * Uncertainty: delete-one jackknife over the M segments of the whole fit (the mean of the
 * other M - 1 running integrals refitted with the same t_cut and b),
 *   err^2 = (M-1)/M sum_j (eta_(j) - mean_j eta_(j))^2.
 * It propagates the segment-to-segment scatter through the fit, including the correlation of
 * a running integral along t that a least-squares covariance would ignore (which would
 * understate the error), and it is not tied to t_cut as s(t_cut)/sqrt(M) = tolerance
 * eta / sqrt(M) would be (an upper bound, since the fit leans on the earlier, quieter times).
 * Refused with a message rather than returned: fewer than 4 segments, fewer than 8 lags
 * before the cutoff, a fit that does not converge or gives a non-positive plateau, and a fit
 * whose plateau is an extrapolation — the fitted curve at t_cut still more than
 * max_extrapolation (default 5%) of eta below its limit (segments too short for the running
 * integral to level off: a term pinned at tau = t_cut/2 carrying more than ~40% of eta).
 * Measured on Ornstein-Uhlenbeck stresses (single exponential, tests/transport/
 * test_green_kubo.c's model; benchmarks/bench_gk_cutoff -M 20 -L 2000|32000 -R 48 -z 3|0),
 * 20 segments of 200 and of 3200 tau, 48 replicas each:
 *   rule            t_cut (median)   mean eta/exact     scatter      scatter/rms error
 *   spread alone    26, 403 tau      1.025, 1.027       6.7, 6.9%    0.97, 1.22
 *   with t_level    11, 16 tau       1.013, 1.004       4.6, 1.4%    0.83, 1.06
 * With the spread rule alone 16 times the data gave no better eta (the fit reads the noise
 * past the plateau as a slow second term, and its error is understated); with the levelling
 * rule the scatter falls as 1/sqrt of the data and t_cut moves by about tau ln 4. With tau up to t_cut instead of t_cut/2 in the fit,
 * the mean was 3.9% above and the scatter 30% larger (spread rule, 200 tau segments). */
#include <inmvisc/transport.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit_nlinear.h>

PetscErrorCode InmGreenKuboOptionsDefault(InmGreenKuboOptions *opt)
{
  PetscFunctionBegin;
  opt->channels          = INM_GK_SHEAR;
  opt->nsegments         = 1;
  opt->nlag              = 0;
  opt->tolerance         = 0.4;
  opt->level_sigma       = 3.0;
  opt->max_extrapolation = 0.05;
  PetscFunctionReturn(0);
}

PetscErrorCode InmGreenKuboRunningIntegrals(PetscInt nsteps, const PetscReal stress[], PetscReal dt, PetscReal volume, PetscReal kT, InmGreenKuboChannels channels, PetscInt nseg, PetscInt nlag, PetscReal eta_t[])
{
  const PetscInt nch = channels == INM_GK_TRACELESS ? 6 : 3;
  /* eta = V/kT (1/W) sum_c w_c I_c; the channels are scaled by sqrt(w_c) so the averaged
   * autocorrelation is (1/nch) sum_c w_c C_c: W = 3 (w = 1) or W = 10 (w = 2 off-diagonal, 1 on
   * N_a; see inmvisc/transport.h) */
  const PetscReal W = channels == INM_GK_TRACELESS ? 10.0 : 3.0, factor = volume / kT * nch / W;
  PetscInt        L;
  PetscReal      *buf, *C;

  PetscFunctionBegin;
  PetscCheck(dt > 0 && volume > 0 && kT > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: need dt, V and kB T > 0 (got %g, %g, %g)", (double)dt, (double)volume, (double)kT);
  PetscCheck(nseg >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: %" PetscInt_FMT " segments per trajectory", nseg);
  L = nsteps / nseg;
  PetscCheck(nlag >= 2 && nlag <= L, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: running integral to %" PetscInt_FMT " lags, but a segment (%" PetscInt_FMT " steps / %" PetscInt_FMT " segments) has %" PetscInt_FMT " steps", nlag, nsteps, nseg, L);
  for (size_t q = 0; q < (size_t)nseg * L * 6; q++) {
    static const char *const comp[6] = {"xx", "yy", "zz", "xy", "xz", "yz"};
    PetscCheck(!PetscIsInfOrNanReal(stress[q]), PETSC_COMM_SELF, PETSC_ERR_FP, "Green-Kubo: stress %s at step %" PetscInt_FMT " is %g", comp[q % 6], (PetscInt)(q / 6), (double)stress[q]);
  }
  PetscCall(PetscMalloc2((size_t)nch * L, &buf, nlag, &C));
  for (PetscInt s = 0; s < nseg; s++) {
    const PetscReal *seg = stress + (size_t)s * L * 6;
    for (PetscInt i = 0; i < L; i++) {
      const PetscReal *sg = seg + (size_t)6 * i;
      if (channels == INM_GK_TRACELESS) {
        const PetscReal p = (sg[0] + sg[1] + sg[2]) / 3.0;
        for (PetscInt c = 0; c < 3; c++) buf[(size_t)c * L + i] = PETSC_SQRT2 * sg[3 + c];
        for (PetscInt c = 0; c < 3; c++) buf[(size_t)(3 + c) * L + i] = sg[c] - p;
      } else
        for (PetscInt c = 0; c < 3; c++) buf[(size_t)c * L + i] = sg[3 + c];
    }
    PetscCall(InmAutocorrelation(L, nch, buf, 1, L, nlag, C));
    InmRunningIntegral(nlag, C, dt, eta_t + (size_t)s * nlag);
    for (PetscInt k = 0; k < nlag; k++) eta_t[(size_t)s * nlag + k] *= factor;
  }
  PetscCall(PetscFree2(buf, C));
  PetscFunctionReturn(0);
}

/* ---- double-exponential least squares (GSL) ----
 * Fitted in bounded variables q = (A, v, u1, u2): alpha = S(v), tau_i = (t_cut/2) S(u_i),
 * S(z) = 1/(1 + e^-z), i.e. 0 < alpha < 1 (the two terms are fractions of one plateau, as in
 * Zhang et al. and PyLAT) and 0 < tau_i < t_cut/2, so that each term has relaxed to at least
 * 1 - e^-2 = 86% inside the fitted range and its plateau is set by data. Without an upper
 * bound a noise-driven upward drift of the mean near t_cut is fitted as a small second term
 * whose tau_2 runs away, and A (1 - alpha) tau_2 turns the plateau into garbage (seen on
 * Ornstein-Uhlenbeck data, tau_2 ~ 1e12); a curve that is genuinely still rising at t_cut
 * pins a large term at the bound and is refused by the extrapolation test. */
typedef struct {
  size_t           n;
  const PetscReal *t, *y;
  PetscReal        tcut;
} DExpData;

/* S(z) with z clamped to [-25, 25]: beyond, S is at its bound to 1e-11 and flat, so a
 * parameter that the data push to a bound (a term that is not needed) stops there instead of
 * drifting for ever; the chain-rule factor is zero there (see DExpDF). */
#define DEXP_ZMAX 25.0
static double Logistic(double z)
{
  return 1.0 / (1.0 + exp(-PetscClipInterval(z, -DEXP_ZMAX, DEXP_ZMAX)));
}

/* natural parameters x = (A, alpha, tau1, tau2) from the fitted ones */
static void DExpNatural(const double q[4], double tcut, double x[4])
{
  x[0] = q[0];
  x[1] = Logistic(q[1]);
  x[2] = 0.5 * tcut * Logistic(q[2]);
  x[3] = 0.5 * tcut * Logistic(q[3]);
}

static double DExpModel(double t, const double x[4])
{
  return x[0] * x[1] * x[2] * -expm1(-t / x[2]) + x[0] * (1 - x[1]) * x[3] * -expm1(-t / x[3]);
}

static int DExpF(const gsl_vector *qv, void *ctx, gsl_vector *f)
{
  const DExpData *d = (const DExpData *)ctx;
  double          x[4];
  DExpNatural(qv->data, d->tcut, x);
  for (size_t i = 0; i < d->n; i++) gsl_vector_set(f, i, DExpModel(d->t[i], x) - d->y[i]);
  return GSL_SUCCESS;
}

static int DExpDF(const gsl_vector *qv, void *ctx, gsl_matrix *J)
{
  const DExpData *d = (const DExpData *)ctx;
  double          x[4];
  DExpNatural(qv->data, d->tcut, x);
  {
    const double A = x[0], al = x[1], t1 = x[2], t2 = x[3];
    /* chain rule: dalpha/dv = alpha (1 - alpha), dtau/du = tau (1 - tau/(t_cut/2)) */
    const double *q = qv->data;
    const double  dal = PetscAbsReal(q[1]) < DEXP_ZMAX ? al * (1 - al) : 0, dt1 = PetscAbsReal(q[2]) < DEXP_ZMAX ? t1 * (1 - 2 * t1 / d->tcut) : 0, dt2 = PetscAbsReal(q[3]) < DEXP_ZMAX ? t2 * (1 - 2 * t2 / d->tcut) : 0;
    for (size_t i = 0; i < d->n; i++) {
      const double t = d->t[i], e1 = exp(-t / t1), e2 = exp(-t / t2), g1 = -expm1(-t / t1), g2 = -expm1(-t / t2);
      gsl_matrix_set(J, i, 0, al * t1 * g1 + (1 - al) * t2 * g2);
      gsl_matrix_set(J, i, 1, (A * t1 * g1 - A * t2 * g2) * dal);
      /* d/dtau [tau (1 - e^{-t/tau})] = 1 - e^{-t/tau} - (t/tau) e^{-t/tau} */
      gsl_matrix_set(J, i, 2, A * al * (g1 - t / t1 * e1) * dt1);
      gsl_matrix_set(J, i, 3, A * (1 - al) * (g2 - t / t2 * e2) * dt2);
    }
  }
  return GSL_SUCCESS;
}

static PetscReal DExpPlateau(const double x[4]);

/* Fit from q0 into q (bounded variables); returns the GSL status (GSL's error handler must be
 * off). GSL stops on a small step (xtol) or a small scaled gradient (gtol; its ftol test is not
 * implemented). When a term is not needed (single-exponential data) a parameter can creep along
 * a flat valley (alpha -> 0 with tau1 -> 0) for thousands of iterations without changing the
 * curve: after each block of 200 iterations the fit is also accepted once the plateau and the
 * cost have stopped changing (relative 1e-9 and 1e-12 over the block). */
static int DExpFit(gsl_multifit_nlinear_workspace *w, DExpData *d, gsl_vector *wts, const double q0[4], double q[4])
{
  gsl_multifit_nlinear_fdf fdf;
  gsl_vector_const_view    qv = gsl_vector_const_view_array(q0, 4);
  int                      status, info;
  double                   x[4], eta_prev = 0, cost_prev = 0;

  fdf.f      = DExpF;
  fdf.df     = DExpDF;
  fdf.fvv    = NULL;
  fdf.n      = d->n;
  fdf.p      = 4;
  fdf.params = d;
  status     = gsl_multifit_nlinear_winit(&qv.vector, wts, &fdf, w);
  if (status) return status;
  for (PetscInt block = 0; block < 25; block++) {
    double eta, cost;
    status = gsl_multifit_nlinear_driver(200, 1e-8, 6e-6, 0, NULL, NULL, &info, w);
    if (status != GSL_EMAXITER) break;
    DExpNatural(w->x->data, d->tcut, x);
    eta  = DExpPlateau(x);
    cost = gsl_blas_dnrm2(gsl_multifit_nlinear_residual(w));
    if (block > 0 && PetscAbsReal(eta - eta_prev) <= 1e-9 * PetscAbsReal(eta) && PetscAbsReal(cost - cost_prev) <= 1e-12 * cost) {
      status = GSL_SUCCESS;
      break;
    }
    eta_prev  = eta;
    cost_prev = cost;
  }
  for (PetscInt k = 0; k < 4; k++) q[k] = gsl_vector_get(w->x, k);
  return status;
}

static PetscReal DExpPlateau(const double x[4])
{
  return x[0] * x[1] * x[2] + x[0] * (1 - x[1]) * x[3];
}

/* Step 3b, the levelling-off lag. With long or many segments s(t) is small and the spread
 * rule alone puts t_cut deep into the lags where the running integral has long levelled off
 * and only adds noise, which the fit then takes for a slow second term (KA at T = 2, 8 x 500
 * tau: t_cut 55-68 tau and eta 11% high, against a 1-3 tau window). The plateau is reached
 * once eta(t) stops changing by more than its own standard error: with
 *   d_i(k) = eta_i(2k) - eta_i(k),  D(k) = mean_i d_i,  se(k) = sd_i(d_i) / sqrt(M),
 * lag k passes when |D(k)| <= z se(k), and t_level = k0 dt for the first k0 >= 1 such that
 * every k in [k0, 2 k0] passes (persistence over a doubling, so that a zero crossing of an
 * oscillating integral is not taken for a plateau). All data up to 4 k0 are then shown flat,
 * and t_cut = 4 t_level: it moves with the decay of the stress correlation, not with the run
 * length (only as the logarithm of the precision, through z se(k), for an exponential tail).
 * z = 3 by default: with z = 2 one chance excursion among the many correlated tests of a
 * doubling restarts the search, and t_cut had a long upper tail (48 OU replicas of 20 x 3200
 * tau: median 17, maximum 75 tau; z = 3: 16 and 24 tau) for the same eta statistics.
 * Returns 0 if no such k0 has 4 k0 < nlag. */
static PetscInt GreenKuboLevelLag(PetscInt M, PetscInt nlag, const PetscReal eta_t[], PetscReal z)
{
  const PetscInt kmax = (nlag - 1) / 2; /* tests need eta(2k) */
  PetscInt       run  = 0;              /* consecutive passing lags ending at k */

  for (PetscInt k = 1; k <= kmax; k++) {
    PetscReal D = 0, v = 0;
    for (PetscInt i = 0; i < M; i++) D += (eta_t[(size_t)i * nlag + 2 * k] - eta_t[(size_t)i * nlag + k]) / M;
    for (PetscInt i = 0; i < M; i++) v += PetscSqr(eta_t[(size_t)i * nlag + 2 * k] - eta_t[(size_t)i * nlag + k] - D) / (M - 1);
    run = PetscAbsReal(D) <= z * PetscSqrtReal(v / M) ? run + 1 : 0;
    /* the lags k - run + 1 .. k all pass: k0 = k/2 is the first lag whose doubling they cover */
    if (run > 0 && 2 * (k - run + 1) <= k) return k - run + 1;
  }
  return 0;
}

PetscErrorCode InmGreenKuboFit(PetscInt M, PetscInt nlag, const PetscReal eta_t[], PetscReal dt, const InmGreenKuboOptions *opt, InmGreenKubo **out)
{
  InmGreenKubo                   *gk;
  PetscInt                        kc, n, ns = 0, nfail = 0;
  PetscReal                      *t, *y, *lt, *ls, plateau0, tau0, b, q0[4], q[4], x[4], jsum = 0, jsum2 = 0;
  gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
  gsl_multifit_nlinear_workspace *w;
  gsl_vector                     *wts;
  gsl_error_handler_t            *handler;
  DExpData                        d;
  double                          c0, c1, cov00, cov01, cov11, sumsq;
  int                             status;

  PetscFunctionBegin;
  PetscCheck(M >= 4, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo time decomposition needs at least 4 independent segments (got %" PetscInt_FMT "): use more trajectories or more segments per trajectory", M);
  PetscCheck(nlag >= 10 && dt > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: %" PetscInt_FMT " lags of dt = %g: need at least 10 lags and dt > 0", nlag, (double)dt);
  PetscCheck(opt->tolerance > 0 && opt->max_extrapolation > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: the cutoff tolerance (%g) and the allowed extrapolation (%g) must be positive", (double)opt->tolerance, (double)opt->max_extrapolation);
  PetscCall(PetscNew(&gk));
  gk->nseg = M;
  gk->nlag = nlag;
  gk->dt   = dt;
  PetscCall(PetscCalloc2(nlag, &gk->mean, nlag, &gk->std));
  for (PetscInt i = 0; i < M; i++)
    for (PetscInt k = 0; k < nlag; k++) {
      const PetscReal v = eta_t[(size_t)i * nlag + k];
      PetscCheck(!PetscIsInfOrNanReal(v), PETSC_COMM_SELF, PETSC_ERR_FP, "Green-Kubo: running integral of segment %" PetscInt_FMT " is %g at lag %" PetscInt_FMT, i, (double)v, k);
      gk->mean[k] += v / M;
    }
  for (PetscInt i = 0; i < M; i++)
    for (PetscInt k = 0; k < nlag; k++) gk->std[k] += PetscSqr(eta_t[(size_t)i * nlag + k] - gk->mean[k]) / (M - 1);
  for (PetscInt k = 0; k < nlag; k++) gk->std[k] = PetscSqrtReal(gk->std[k]);

  /* 3. cutoff: lags 1..kc-1 satisfy s <= tolerance * eta */
  for (kc = 1; kc < nlag; kc++)
    if (gk->mean[kc] <= 0 || gk->std[kc] > opt->tolerance * gk->mean[kc]) break;
  n            = kc - 1;
  gk->t_spread = n * dt;
  PetscCheck(n >= 8, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: the segments disagree (s(t)/eta(t) > %g) already at t = %g, leaving %" PetscInt_FMT " lags to fit (need 8): the series is too short or too noisy", (double)opt->tolerance, (double)(kc * dt), n);
  /* 3b. ... and no later than 4 t_level (see GreenKuboLevelLag) */
  {
    const PetscInt kl = opt->level_sigma > 0 ? GreenKuboLevelLag(M, nlag, eta_t, opt->level_sigma) : 0;
    gk->t_level       = kl * dt;
    if (kl > 0) n = PetscMin(n, PetscMax(4 * kl, 8));
  }
  gk->ncut  = n;
  gk->t_cut = n * dt;

  /* 4. s(t) = a t^b over (0, t_cut] */
  PetscCall(PetscMalloc4(n, &t, n, &y, n, &lt, n, &ls));
  for (PetscInt k = 1; k <= n; k++) {
    t[k - 1] = k * dt;
    y[k - 1] = gk->mean[k];
    if (gk->std[k] > 0) {
      lt[ns] = PetscLogReal(k * dt);
      ls[ns] = PetscLogReal(gk->std[k]);
      ns++;
    }
  }
  PetscCheck(ns >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "Green-Kubo: the %" PetscInt_FMT " segments have identical running integrals; they are not independent", M);
  handler = gsl_set_error_handler_off();
  status  = gsl_fit_linear(lt, 1, ls, 1, (size_t)ns, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  gsl_set_error_handler(handler);
  PetscCheck(status == GSL_SUCCESS, PETSC_COMM_SELF, PETSC_ERR_LIB, "Green-Kubo: power-law fit of s(t) failed: %s", gsl_strerror(status));
  b                  = c1;
  gk->s_prefactor    = PetscExpReal(c0);
  gk->s_exponent     = b;

  /* 5. initial guess: plateau = eta(t_cut), tau0 where eta first reaches (1 - 1/e) of it;
   * two times either side of tau0 so that the two exponentials start distinct */
  plateau0 = y[n - 1];
  tau0     = t[n - 1];
  for (PetscInt k = 0; k < n; k++)
    if (y[k] >= (1 - PetscExpReal(-1.0)) * plateau0) {
      tau0 = t[k];
      break;
    }
  x[1] = 0.5;
  x[2] = PetscMin(0.5 * tau0, 0.2 * gk->t_cut);
  x[3] = PetscMin(2.0 * tau0, 0.4 * gk->t_cut);
  x[0] = plateau0 / (x[1] * x[2] + (1 - x[1]) * x[3]);
  q0[0] = x[0];
  q0[1] = 0;
  q0[2] = PetscLogReal(x[2] / (0.5 * gk->t_cut - x[2]));
  q0[3] = PetscLogReal(x[3] / (0.5 * gk->t_cut - x[3]));

  handler = gsl_set_error_handler_off();
  w       = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, (size_t)n, 4);
  wts     = gsl_vector_alloc((size_t)n);
  if (!w || !wts) {
    gsl_set_error_handler(handler);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_MEM, "Green-Kubo: cannot allocate the fit of %" PetscInt_FMT " points", n);
  }
  /* squared residuals weighted by 1/t^(2b): each residual by 1/t^b ~ 1/s(t) */
  for (PetscInt k = 0; k < n; k++) gsl_vector_set(wts, (size_t)k, PetscPowReal(t[k], -2 * b));
  d.n    = (size_t)n;
  d.t    = t;
  d.y    = y;
  d.tcut = gk->t_cut;
  status = DExpFit(w, &d, wts, q0, q);
  if (status == GSL_SUCCESS) {
    /* jackknife: the mean without segment j, refitted from the full fit */
    for (PetscInt j = 0; j < M; j++) {
      double qj[4], xj[4];
      for (PetscInt k = 1; k <= n; k++) y[k - 1] = (M * gk->mean[k] - eta_t[(size_t)j * nlag + k]) / (M - 1);
      if (DExpFit(w, &d, wts, q, qj) != GSL_SUCCESS) nfail++;
      else {
        PetscReal e;
        DExpNatural(qj, gk->t_cut, xj);
        e = DExpPlateau(xj);
        jsum += e;
        jsum2 += e * e;
      }
    }
  }
  gsl_multifit_nlinear_free(w);
  gsl_vector_free(wts);
  gsl_set_error_handler(handler);
  PetscCheck(status == GSL_SUCCESS, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED, "Green-Kubo: the double-exponential fit of eta(t) over (0, %g] did not converge (%s)", (double)gk->t_cut, gsl_strerror(status));
  DExpNatural(q, gk->t_cut, x);
  gk->A     = x[0];
  gk->alpha = x[1];
  gk->tau1  = x[2];
  gk->tau2  = x[3];
  gk->eta   = DExpPlateau(x);
  PetscCheck(gk->tau1 > 0 && gk->tau2 > 0 && gk->eta > 0 && !PetscIsInfOrNanReal(gk->eta), PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED, "Green-Kubo: the double-exponential fit over (0, %g] is unphysical (A = %g, alpha = %g, tau1 = %g, tau2 = %g, eta = %g)", (double)gk->t_cut, (double)gk->A, (double)gk->alpha, (double)gk->tau1, (double)gk->tau2, (double)gk->eta);
  gk->extrapolation = (gk->eta - DExpModel(gk->t_cut, x)) / gk->eta;
  PetscCheck(gk->extrapolation <= opt->max_extrapolation, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: eta(t) has not levelled off by t_cut = %g: the fitted plateau %g lies %.0f%% above the curve at t_cut (allowed %.0f%%; decay times %g, %g); use longer segments or more lags", (double)gk->t_cut, (double)gk->eta, (double)(100 * gk->extrapolation), (double)(100 * opt->max_extrapolation), (double)gk->tau1, (double)gk->tau2);
  PetscCheck(nfail == 0, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED, "Green-Kubo: %" PetscInt_FMT " of the %" PetscInt_FMT " jackknife refits did not converge; the fit is not stable enough to give an error", nfail, M);
  jsum /= M;
  gk->eta_err = PetscSqrtReal(PetscMax(0.0, (M - 1.0) * (jsum2 / M - jsum * jsum)));
  PetscCall(PetscFree4(t, y, lt, ls));
  *out = gk;
  PetscFunctionReturn(0);
}

PetscErrorCode InmGreenKuboCompute(PetscInt ntraj, PetscInt nsteps, const PetscReal stress[], PetscReal dt, PetscReal volume, PetscReal kT, const InmGreenKuboOptions *opt, InmGreenKubo **gk)
{
  const PetscInt nseg = opt->nsegments, M = ntraj * nseg;
  PetscInt       nlag;
  PetscReal     *eta_t;

  PetscFunctionBegin;
  PetscCheck(ntraj >= 1 && nseg >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Green-Kubo: %" PetscInt_FMT " trajectories of %" PetscInt_FMT " segments", ntraj, nseg);
  nlag = opt->nlag > 0 ? opt->nlag : (nsteps / nseg) / 2;
  PetscCall(PetscMalloc1((size_t)M * PetscMax(nlag, 1), &eta_t));
  for (PetscInt r = 0; r < ntraj; r++) PetscCall(InmGreenKuboRunningIntegrals(nsteps, stress + (size_t)r * nsteps * 6, dt, volume, kT, opt->channels, nseg, nlag, eta_t + (size_t)r * nseg * nlag));
  PetscCall(InmGreenKuboFit(M, nlag, eta_t, dt, opt, gk));
  PetscCall(PetscFree(eta_t));
  PetscFunctionReturn(0);
}

PetscErrorCode InmGreenKuboDestroy(InmGreenKubo **gk)
{
  PetscFunctionBegin;
  if (!*gk) PetscFunctionReturn(0);
  PetscCall(PetscFree2((*gk)->mean, (*gk)->std));
  PetscCall(PetscFree(*gk));
  PetscFunctionReturn(0);
}

PetscReal InmShearModulusInfinite(PetscInt rows, const PetscReal stress[], PetscReal volume, PetscReal kT, PetscReal nktv2p)
{
  PetscReal G = 0;
  for (PetscInt q = 0; q < rows; q++)
    for (int c = 3; c < 6; c++) G += stress[6 * q + c] * stress[6 * q + c] / (3.0 * rows);
  return G * (volume / kT / nktv2p);
}
