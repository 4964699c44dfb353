/* The ensemble spectra and fractions from KPM moments, where a snapshot's modes end (SPEC §6;
 * issue 18): for -inm_solver slicing beyond omega = 0, for -inm_solver kpm everywhere.
 *
 * An omega bin [a, b) is the lambda interval [a^2, b^2) for a >= 0 and [-a^2, -b^2) for b <= 0
 * (split at 0 otherwise). Its share of the density of states is the KPM count over that
 * interval (InmKPMIntegral, power 0: closed form), the mean over the random vectors; its share
 * of the Gamma-weighted measure is the same integral of the mean of the three shear channels'
 * measures. Gamma(omega) is their ratio, g(omega) the count per unit omega over 3N - 3, as for
 * the modes (spectrum.c). The three translational zero modes at lambda = 0 are in the density
 * of states, broadened like every mode: their own measure, moments 3 T_k(x_0) with x_0 the
 * image of lambda = 0, is taken off every bin and fraction, so that g integrates to 1 over the
 * 3N - 3 others. P(omega) needs eigenvectors: the bins hold none from KPM; with the
 * local densities of random atoms (-inm_kpm_sites) every bin gets rho_typ / rho_mean instead
 * (the bin means of both, InmKPMTypicalDensity), beside P where the modes give it too. */
#include <inmvisc/spectrum.h>

/* The KPM integral (power 0) of measure cm over the lambda image of omega in [a, b). */
static PetscErrorCode OmegaIntegral(const InmChebyshevMoments *cm, PetscReal a, PetscReal b, PetscReal *v)
{
  PetscReal x;

  PetscFunctionBegin;
  *v = 0;
  if (a < 0) { /* the part below omega = 0 */
    const PetscReal top = PetscMin(b, 0);
    PetscCall(InmKPMIntegral(cm, a > -PETSC_INFINITY ? -a * a : -PETSC_INFINITY, -top * top, 0, &x, NULL, NULL));
    *v += x;
  }
  if (b > 0) {
    const PetscReal bot = PetscMax(a, 0);
    PetscCall(InmKPMIntegral(cm, bot * bot, b < PETSC_INFINITY ? b * b : PETSC_INFINITY, 0, &x, NULL, NULL));
    *v += x;
  }
  PetscFunctionReturn(0);
}

/* The count of the density of states over omega in [a, b), less the zero modes'. */
static PetscErrorCode NonzeroCount(const InmChebyshevMoments *dos, const InmChebyshevMoments *zero, PetscReal a, PetscReal b, PetscReal *n)
{
  PetscReal z;

  PetscFunctionBegin;
  PetscCall(OmegaIntegral(dos, a, b, n));
  PetscCall(OmegaIntegral(zero, a, b, &z));
  *n -= z;
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectrumAddKPM(InmSpectrum *s, const InmModes *m, PetscReal w_from)
{
  InmChebyshevMoments zero, gamma;

  PetscFunctionBegin;
  if (m->kpm_sites.nmom) { /* rho_typ / rho_mean per bin: the bin means of both densities, 8 points each; from all the moments and from the first half */
    for (PetscInt b = 0; b < s->nbins; b++)
      for (int half = 0; half < 2; half++) {
        PetscReal typ = 0, mean = 0;
        for (int j = 0; j < 8; j++) {
          const PetscReal w = s->wmin + (b + (j + 0.5) / 8) * s->dw;
          PetscReal       t, d;
          PetscCall(InmKPMTypicalDensityTruncated(&m->kpm_sites, half ? m->kpm_sites.nmom / 2 : m->kpm_sites.nmom, w < 0 ? -w * w : w * w, &t, &d));
          typ += t;
          mean += d;
        }
        (half ? s->typical_half : s->typical)[b] += mean > 0 ? typ / mean : 0;
      }
    s->ntypical++;
  }
  if (!m->kpm_dos.nmom || !m->kpm_shear[0].nmom) PetscFunctionReturn(0);
  PetscCall(InmKPMZeroModes(&m->kpm_dos, &zero));
  PetscCall(InmKPMMean(3, m->kpm_shear, &gamma)); /* the measure of the channels' mean Gamma */
  for (PetscInt b = 0; b < s->nbins; b++) {
    const PetscReal a = s->wmin + b * s->dw, e = a + s->dw;
    PetscReal       n, g;
    if (a + 0.5 * s->dw < w_from) continue;
    PetscCall(NonzeroCount(&m->kpm_dos, &zero, a, e, &n));
    PetscCall(OmegaIntegral(&gamma, a, e, &g));
    s->kcount[b] += n;
    s->kGamma[b] += g;
  }
  PetscCall(InmChebyshevMomentsDestroy(&gamma));
  { /* the fractions, beyond w_from */
    PetscReal below, below_loc, above;
    PetscCall(NonzeroCount(&m->kpm_dos, &zero, -PETSC_INFINITY, 0, &below));
    PetscCall(NonzeroCount(&m->kpm_dos, &zero, -PETSC_INFINITY, -s->omega_c, &below_loc));
    PetscCall(NonzeroCount(&m->kpm_dos, &zero, 0, PETSC_INFINITY, &above));
    if (w_from < 0) {
      s->n_unstable += below;
      s->n_unstable_loc += below_loc;
    }
    if (w_from <= 0) s->n_stable += above;
  }
  PetscCall(InmChebyshevMomentsDestroy(&zero));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesKPMSummary(const InmModes *m, PetscReal *fu, PetscReal *fu_err, PetscReal gamma_mean[2])
{
  const PetscReal     dof = 3.0 * m->natoms - 3.0;
  PetscReal           n[2], err;
  InmChebyshevMoments gamma;

  PetscFunctionBegin;
  PetscCheck(m->kpm_dos.nmom && m->kpm_shear[0].nmom, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "KPM summary of modes without moments");
  PetscCall(InmKPMCountNonzero(&m->kpm_dos, -PETSC_INFINITY, 0, &n[0], &err)); /* with the error from the random vectors */
  PetscCall(InmKPMCountNonzero(&m->kpm_dos, 0, PETSC_INFINITY, &n[1], NULL));
  *fu     = n[0] / dof;
  *fu_err = err / dof;
  PetscCall(InmKPMMean(3, m->kpm_shear, &gamma));
  for (int k = 0; k < 2; k++) {
    PetscReal g;
    PetscCall(InmKPMIntegral(&gamma, k ? 0 : -PETSC_INFINITY, k ? PETSC_INFINITY : 0, 0, &g, NULL, NULL));
    gamma_mean[k] = g / n[k];
  }
  PetscCall(InmChebyshevMomentsDestroy(&gamma));
  PetscFunctionReturn(0);
}
