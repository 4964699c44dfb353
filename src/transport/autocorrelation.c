/* Autocorrelation of real series by FFT (SPEC §8), and the trapezoid running integral.
 *
 *   C(k) = (n-k)^-1 sum_{i=0}^{n-k-1} x_i x_{i+k}
 *
 * With x zero-padded to L >= 2n points, the circular correlation
 * c(k) = sum_{i=0}^{L-1} x_i x_{(i+k) mod L} = IFFT(|FFT x|^2)(k) / L has no wrap-around term
 * for 0 <= k < n (x_{i+k} with i + k >= L would need i >= L - k > n - 1, where x_i = 0), so
 * c(k) is exactly the sum above; dividing by the n - k pairs gives the unbiased estimator. */
#include <inmvisc/transport.h>
#include <fftw3.h>

/* Smallest 2^a 3^b 5^c >= m: FFTW is fastest on such lengths. */
static PetscInt FFTLength(PetscInt m)
{
  for (PetscInt L = m;; L++) {
    PetscInt r = L;
    while (r % 2 == 0) r /= 2;
    while (r % 3 == 0) r /= 3;
    while (r % 5 == 0) r /= 5;
    if (r == 1) return L;
  }
}

PetscErrorCode InmAutocorrelation(PetscInt n, PetscInt nseries, const PetscReal x[], PetscInt step_stride, PetscInt series_stride, PetscInt nlag, PetscReal C[])
{
  PetscInt      L, nc;
  double       *buf;
  fftw_complex *spec;
  fftw_plan     fwd, bwd;
  PetscReal    *acc;

  PetscFunctionBegin;
  PetscCheck(n >= 1 && nseries >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "autocorrelation of %" PetscInt_FMT " series of %" PetscInt_FMT " samples: need at least one sample", nseries, n);
  PetscCheck(nlag >= 1 && nlag <= n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "autocorrelation to %" PetscInt_FMT " lags of a series of %" PetscInt_FMT " samples: need 1 <= nlag <= n", nlag, n);
  L  = FFTLength(2 * n);
  nc = L / 2 + 1;
  buf  = fftw_alloc_real((size_t)L);
  spec = fftw_alloc_complex((size_t)nc);
  PetscCheck(buf && spec, PETSC_COMM_SELF, PETSC_ERR_MEM, "autocorrelation: cannot allocate FFT buffers of %" PetscInt_FMT " points", L);
  /* FFTW_ESTIMATE plans without touching the buffers (measuring would overwrite them) */
  fwd = fftw_plan_dft_r2c_1d((int)L, buf, spec, FFTW_ESTIMATE);
  bwd = fftw_plan_dft_c2r_1d((int)L, spec, buf, FFTW_ESTIMATE);
  PetscCheck(fwd && bwd, PETSC_COMM_SELF, PETSC_ERR_LIB, "FFTW could not plan a transform of length %" PetscInt_FMT, L);
  PetscCall(PetscCalloc1(nlag, &acc));
  for (PetscInt s = 0; s < nseries; s++) {
    const PetscReal *xs = x + (size_t)s * series_stride;
    for (PetscInt i = 0; i < n; i++) {
      buf[i] = xs[(size_t)i * step_stride];
      PetscCheck(!PetscIsInfOrNanReal(buf[i]), PETSC_COMM_SELF, PETSC_ERR_FP, "autocorrelation: sample %" PetscInt_FMT " of series %" PetscInt_FMT " is %g", i, s, (double)buf[i]);
    }
    for (PetscInt i = n; i < L; i++) buf[i] = 0;
    fftw_execute(fwd);
    for (PetscInt k = 0; k < nc; k++) { /* |X_k|^2; re, im interleaved (fftw_complex may be C99 complex here) */
      double *z = (double *)&spec[k];
      z[0]      = z[0] * z[0] + z[1] * z[1];
      z[1]      = 0;
    }
    fftw_execute(bwd); /* unnormalised: L times the circular correlation */
    for (PetscInt k = 0; k < nlag; k++) acc[k] += buf[k];
  }
  for (PetscInt k = 0; k < nlag; k++) C[k] = acc[k] / ((PetscReal)L * (n - k) * nseries);
  PetscCall(PetscFree(acc));
  fftw_destroy_plan(fwd);
  fftw_destroy_plan(bwd);
  fftw_free(buf);
  fftw_free(spec);
  PetscFunctionReturn(0);
}

void InmRunningIntegral(PetscInt n, const PetscReal f[], PetscReal dt, PetscReal integral[])
{
  if (n < 1) return;
  integral[0] = 0;
  for (PetscInt k = 1; k < n; k++) integral[k] = integral[k - 1] + 0.5 * dt * (f[k - 1] + f[k]);
}
