/* Mode analysis against spectra whose answers are known exactly:
 *  - modes placed at the quantiles of g(omega) = |omega| / W^2 on [-W, W] (two samples):
 *    int g = 1 to round-off, and the low-frequency fit g = a |omega| returns a = 1/W^2
 *    within its reported error (deterministic quantiles: the error bar is conservative);
 *  - the three zero modes are left out of everything, as SPEC §4 requires;
 *  - fractions f_s, f_u, f_u^L, f_u^D equal the counts placed on each side of 0 and of
 *    -omega_c, over 3N - 3;
 *  - binned P and Gamma equal the values placed in each bin (Gamma: mean of the shear
 *    channels, the bulk channel ignored);
 *  - the mobility edge: with P = 0.1 + 0.5 (omega + W) / W on the unstable side, P crosses
 *    P_c = 0.35 at omega = -W/2 exactly; the bin means sit at the bins' centroids, which the
 *    density |omega| moves from the centres by dw^2 / (12 |omega|) = 2e-3 here, so the
 *    interpolated edge must be within 1e-2 of W/2. */
#include "testlib.h"

int main(int argc, char **argv)
{
  const PetscInt  N = 3335, nz = 3 * N - 3, half = nz / 2; /* 10002 non-zero modes */
  const PetscReal W = 20.0, wc = 0.5 * W;
  InmSpectrum    *s;
  InmModes       *m;
  PetscReal       integral = 0, a, aerr, fs, fu, fuL, fuD, expL = 0;
  PetscReal       Pbad = 0, Gbad = 0;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmModesCreate(N, 3 * N, &m));
  /* three zero modes first, then the quantiles of |omega|/W^2 on each side */
  for (PetscInt k = 0; k < 3; k++) m->lambda[k] = m->omega[k] = 0;
  for (PetscInt k = 0; k < half; k++) {
    const PetscReal w = W * PetscSqrtReal((k + 0.5) / half);
    PetscInt        pu = 3 + 2 * k, ps = 4 + 2 * k;
    m->omega[pu] = -w;
    m->omega[ps] = w;
    expL += w > wc;
  }
  for (PetscInt p = 3; p < 3 * N; p++) {
    const PetscReal w = m->omega[p];
    m->lambda[p]        = w < 0 ? -w * w : w * w;
    m->participation[p] = w < 0 ? 0.25 : 0.6;
    m->gamma[INM_CHANNEL_XY][p]   = 1.0;
    m->gamma[INM_CHANNEL_XZ][p]   = 2.0;
    m->gamma[INM_CHANNEL_YZ][p]   = 3.0 + (w < 0 ? 3.0 : 0.0);
    m->gamma[INM_CHANNEL_BULK][p] = 1e6;
  }
  PetscCall(InmSpectrumCreate(-W, W, 80, wc, &s));
  PetscCall(InmSpectrumAdd(s, m, 1e-12));
  PetscCall(InmSpectrumAdd(s, m, 1e-12)); /* a second, identical sample: averages unchanged */
  PetscCall(InmSpectrumFinish(s));
  for (PetscInt b = 0; b < s->nbins; b++) {
    const PetscReal wb = s->wmin + (b + 0.5) * s->dw;
    integral += s->g[b] * s->dw;
    if (s->count[b]) {
      Pbad = PetscMax(Pbad, PetscAbsReal(s->P[b] - (wb < 0 ? 0.25 : 0.6)));
      Gbad = PetscMax(Gbad, PetscAbsReal(s->Gamma[b] - (wb < 0 ? 3.0 : 2.0)));
    }
  }
  INM_TEST(PetscAbsReal(integral - 1) < 1e-14 && s->nsamples == 2, "int g domega = %.16f over 2 samples (zero modes excluded)", (double)integral);
  /* bin means are sums of up to ~500 equal values divided by their count: round-off <= n eps ~ 6e-14 */
  INM_TEST(Pbad < 1e-13 && Gbad < 1e-13, "binned P and Gamma equal the values placed (max errors %.1e, %.1e)", (double)Pbad, (double)Gbad);
  PetscCall(InmSpectrumFractions(s, &fs, &fu, &fuL, &fuD));
  INM_TEST(PetscAbsReal(fs - (PetscReal)half / nz) < 1e-15 && PetscAbsReal(fu - (PetscReal)half / nz) < 1e-15, "f_s = %.6f, f_u = %.6f (each %" PetscInt_FMT "/%" PetscInt_FMT ")", (double)fs, (double)fu, half, nz);
  INM_TEST(PetscAbsReal(fuL - expL / nz) < 1e-15 && PetscAbsReal(fuL + fuD - fu) < 1e-15, "f_u^L = %.6f (modes below -omega_c: %g), f_u^D = %.6f, f_u^L + f_u^D = f_u", (double)fuL, (double)expL, (double)fuD);
  PetscCall(InmSpectrumLowFrequencySlope(s, 0.5 * W, &a, &aerr));
  INM_TEST(PetscAbsReal(a - 1 / (W * W)) < 3 * aerr && aerr < 0.05 * a, "g = a|omega| near 0: a = %.6g +- %.2g, exact 1/W^2 = %.6g", (double)a, (double)aerr, (double)(1 / (W * W)));
  PetscCall(InmSpectrumDestroy(&s));
  for (PetscInt p = 3; p < 3 * N; p++)
    if (m->omega[p] < 0) m->participation[p] = 0.1 + 0.5 * (m->omega[p] + W) / W;
  PetscCall(InmSpectrumCreate(-W, W, 80, 0, &s));
  PetscCall(InmSpectrumAdd(s, m, 1e-12));
  PetscCall(InmSpectrumFinish(s));
  {
    PetscReal wcut;
    PetscCall(InmSpectrumMobilityEdge(s, 0.35, &wcut));
    INM_TEST(PetscAbsReal(wcut - 0.5 * W) < 1e-2, "mobility edge where P(omega) crosses P_c = 0.35: |omega_c| = %.5f, exact %.5f", (double)wcut, (double)(0.5 * W));
    PetscCall(InmSpectrumMobilityEdge(s, 0.9, &wcut));
    INM_TEST(wcut == 0, "P never reaches P_c = 0.9 below 0: omega_c = 0 (all unstable modes localized)");
  }
  { /* the typical-DOS edge: an exponent e(omega) = log2(typical / typical_half) of 0 above
     * omega = -8 and (omega + 8) / 4 below crosses -1/2 at omega = -10, exactly where the
     * linear interpolation between bin centres puts it; noise above omega = 0 is not read */
    PetscReal wcut;
    PetscCall(InmSpectrumTypicalEdge(s, &wcut));
    INM_TEST(wcut == 0, "no local densities: no typical-DOS edge (omega_c = %g)", (double)wcut);
    s->ntypical = 1;
    for (PetscInt b = 0; b < s->nbins; b++) {
      const PetscReal w = s->wmin + (b + 0.5) * s->dw;
      s->typical_half[b] = 0.5;
      s->typical[b]      = w >= 0 ? 0.01 : 0.5 * PetscPowReal(2.0, w < -8 ? (w + 8) / 4 : 0);
    }
    PetscCall(InmSpectrumTypicalEdge(s, &wcut));
    INM_TEST(PetscAbsReal(wcut - 10) < 1e-12, "typical-DOS edge where log2(typical / typical_half) first falls below -1/2 from omega = 0: |omega_c| = %.12f, exact 10 (bins %g wide)", (double)wcut, (double)s->dw);
    for (PetscInt b = 0; b < s->nbins; b++) s->typical[b] = s->typical_half[b] * 0.8; /* e = -0.32 everywhere */
    PetscCall(InmSpectrumTypicalEdge(s, &wcut));
    INM_TEST(wcut == 0, "the exponent never falls below -1/2: no edge (omega_c = %g)", (double)wcut);
  }
  PetscCall(InmSpectrumDestroy(&s));
  PetscCall(InmModesDestroy(&m));
  return InmTestEnd();
}
