/* FFT autocorrelation against the direct O(n^2) sum
 *   C(k) = (n-k)^-1 sum_{i=0}^{n-k-1} x_i x_{i+k},
 * on three short series with a non-zero mean (so nothing is hidden by a mean of zero), n = 257
 * (padding 514 -> FFT length 540, not a power of two), every lag up to n - 1, where any
 * wrap-around of the circular correlation would show. Tolerance 1e-12 of C(0): the FFT's
 * round-off is ~ eps log2(L) sum x^2 ~ 1e-14 n C(0) on the unnormalised sum, divided by the
 * n - k pairs, i.e. at most ~1e-14 C(0) for k < n/2 and up to n times that at the last lags;
 * so lags up to n/2 are held to 1e-12 C(0) and the last ones to 1e-12 of their own sum n C(0).
 * Also: both input layouts give the same numbers, the trapezoid running integral of a linear
 * function is exact, and bad arguments and NaN samples are refused with a message. */
#include "testlib.h"
#include <gsl/gsl_rng.h>

int main(int argc, char **argv)
{
  const PetscInt n = 257, ns = 3;
  PetscReal      x[3 * 257], xt[3 * 257], Cfft[257], Ct[257], Cdir[257], errh = 0, errl = 0;
  gsl_rng       *rng;
  PetscErrorCode ierr;
  const char    *msg;

  PetscCall(InmTestBegin(&argc, &argv));
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 12345);
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt s = 0; s < ns; s++) x[i * ns + s] = 0.7 + (s + 1) * (gsl_rng_uniform(rng) - 0.5); /* interleaved [n][ns] */
  for (PetscInt k = 0; k < n; k++) {
    PetscReal acc = 0;
    for (PetscInt s = 0; s < ns; s++) {
      PetscReal a = 0;
      for (PetscInt i = 0; i + k < n; i++) a += x[i * ns + s] * x[(i + k) * ns + s];
      acc += a / (n - k);
    }
    Cdir[k] = acc / ns;
  }
  PetscCall(InmAutocorrelation(n, ns, x, ns, 1, n, Cfft));
  for (PetscInt k = 0; k < n; k++) {
    const PetscReal e = PetscAbsReal(Cfft[k] - Cdir[k]) / Cdir[0];
    if (k <= n / 2) errh = PetscMax(errh, e);
    else errl = PetscMax(errl, e * (n - k) / n);
  }
  INM_TEST(errh < 1e-12, "FFT autocorrelation = direct sum to %.1e of C(0) for lags 0..n/2 (3 series, n = 257)", (double)errh);
  INM_TEST(errl < 1e-12, "and to %.1e of the sum n C(0) at the last lags (no wrap-around)", (double)errl);
  INM_TEST(PetscAbsReal(Cfft[n - 1] - Cdir[n - 1]) < 1e-12 * n * Cdir[0], "last lag C(n-1) = mean_s x_0 x_(n-1) = %.15f (direct %.15f)", (double)Cfft[n - 1], (double)Cdir[n - 1]);

  /* the same series stored one after another */
  for (PetscInt s = 0; s < ns; s++)
    for (PetscInt i = 0; i < n; i++) xt[s * n + i] = x[i * ns + s];
  PetscCall(InmAutocorrelation(n, ns, xt, 1, n, 100, Ct));
  INM_TEST(InmMaxRelDiff(100, Ct, Cfft) < 1e-14, "series-major layout gives the same C(k) (max rel. diff. %.1e)", (double)InmMaxRelDiff(100, Ct, Cfft));

  {
    PetscReal f[11], integ[11], bad = 0;
    for (PetscInt k = 0; k < 11; k++) f[k] = 2.0 + 3.0 * (0.1 * k);
    InmRunningIntegral(11, f, 0.1, integ);
    for (PetscInt k = 0; k < 11; k++) bad = PetscMax(bad, PetscAbsReal(integ[k] - (2.0 * 0.1 * k + 1.5 * PetscSqr(0.1 * k))));
    INM_TEST(bad < 1e-14, "trapezoid running integral of 2 + 3t is 2t + 1.5t^2 (max error %.1e)", (double)bad);
  }

  PetscCall(InmTestErrorBegin());
  ierr = InmAutocorrelation(n, ns, x, ns, 1, n + 1, Cfft);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr && strstr(msg, "need 1 <= nlag <= n"), "more lags than samples refused: \"%s\"", msg);
  x[5 * ns + 1] = NAN;
  PetscCall(InmTestErrorBegin());
  ierr = InmAutocorrelation(n, ns, x, ns, 1, 10, Cfft);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr == PETSC_ERR_FP && strstr(msg, "sample 5 of series 1 is nan"), "NaN sample refused, naming it: \"%s\"", msg);
  gsl_rng_free(rng);
  return InmTestEnd();
}
