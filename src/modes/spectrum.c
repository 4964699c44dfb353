/* Mode analysis of an ensemble (see inmvisc/spectrum.h for the definitions). */
#include <inmvisc/spectrum.h>

PetscErrorCode InmSpectrumCreate(PetscReal wmin, PetscReal wmax, PetscInt nbins, PetscReal omega_c, InmSpectrum **out)
{
  InmSpectrum *s;

  PetscFunctionBegin;
  PetscCheck(wmax > wmin && nbins > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "spectrum grid [%g, %g] with %" PetscInt_FMT " bins is empty", (double)wmin, (double)wmax, nbins);
  PetscCheck(omega_c >= 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "the mobility-edge frequency is given as |omega_c| >= 0 (got %g)", (double)omega_c);
  PetscCall(PetscNew(&s));
  s->nbins     = nbins;
  s->wmin      = wmin;
  s->wmax      = wmax;
  s->dw        = (wmax - wmin) / nbins;
  s->omega_c   = omega_c;
  s->min_count = 5;
  PetscCall(PetscCalloc4(nbins, &s->g, nbins, &s->P, nbins, &s->Gamma, nbins, &s->count));
  PetscCall(PetscCalloc4(nbins, &s->kcount, nbins, &s->kGamma, nbins, &s->typical, nbins, &s->typical_half));
  *out = s;
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectrumAdd(InmSpectrum *s, const InmModes *m, PetscReal zero_tol)
{
  const PetscReal z = InmModesZeroThreshold(m, zero_tol);

  PetscFunctionBegin;
  for (PetscInt p = 0; p < m->nmodes; p++) {
    const PetscReal w = m->omega[p];
    PetscInt        b;
    if (PetscAbsReal(m->lambda[p]) <= z) continue;
    if (w < 0) {
      s->n_unstable++;
      if (w < -s->omega_c) s->n_unstable_loc++;
    } else s->n_stable++;
    b = (PetscInt)PetscFloorReal((w - s->wmin) / s->dw);
    PetscCheck(b >= 0 && b <= s->nbins, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "mode omega = %g lies outside the spectrum grid [%g, %g]", (double)w, (double)s->wmin, (double)s->wmax);
    if (b == s->nbins) b--; /* omega = wmax exactly */
    s->count[b]++;
    s->P[b] += m->participation[p];
    s->Gamma[b] += (m->gamma[INM_CHANNEL_XY][p] + m->gamma[INM_CHANNEL_XZ][p] + m->gamma[INM_CHANNEL_YZ][p]) / 3.0;
  }
  /* g is normalised by the 3N - 3 non-zero modes of each sample */
  s->nonzero += 3.0 * m->natoms - 3.0;
  s->nsamples++;
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectrumReduce(MPI_Comm comm, InmSpectrum *s)
{
  PetscReal *buf;
  PetscInt   nb = s->nbins, k = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(7 * nb + 6, &buf));
  for (PetscInt b = 0; b < nb; b++) {
    buf[k++] = (PetscReal)s->count[b];
    buf[k++] = s->P[b];
    buf[k++] = s->Gamma[b];
    buf[k++] = s->kcount[b];
    buf[k++] = s->kGamma[b];
    buf[k++] = s->typical[b];
    buf[k++] = s->typical_half[b];
  }
  buf[k++] = s->nonzero;
  buf[k++] = s->n_stable;
  buf[k++] = s->n_unstable;
  buf[k++] = s->n_unstable_loc;
  buf[k++] = (PetscReal)s->nsamples;
  buf[k++] = s->ntypical;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, buf, (PetscMPIInt)k, MPIU_REAL, MPI_SUM, comm));
  k = 0;
  for (PetscInt b = 0; b < nb; b++) { /* counts are integers below 2^53: summed exactly */
    s->count[b]  = (PetscInt)buf[k++];
    s->P[b]      = buf[k++];
    s->Gamma[b]  = buf[k++];
    s->kcount[b] = buf[k++];
    s->kGamma[b]  = buf[k++];
    s->typical[b] = buf[k++];
    s->typical_half[b] = buf[k++];
  }
  s->nonzero        = buf[k++];
  s->n_stable       = buf[k++];
  s->n_unstable     = buf[k++];
  s->n_unstable_loc = buf[k++];
  s->nsamples       = (PetscInt)buf[k++];
  s->ntypical       = buf[k++];
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectrumFinish(InmSpectrum *s)
{
  PetscFunctionBegin;
  PetscCheck(s->nsamples > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "spectrum: no sample added");
  for (PetscInt b = 0; b < s->nbins; b++) {
    if (s->ntypical > 0) {
      s->typical[b] /= s->ntypical;
      s->typical_half[b] /= s->ntypical;
    }
    if (s->kcount[b] == 0) { /* the modes alone */
      s->g[b] = s->count[b] / (s->nonzero * s->dw);
      if (s->count[b]) {
        s->P[b] /= s->count[b];
        s->Gamma[b] /= s->count[b];
      }
    } else { /* with the KPM share (no P from it) */
      const PetscReal n = s->count[b] + s->kcount[b];
      s->g[b]           = n / (s->nonzero * s->dw);
      if (s->count[b]) s->P[b] /= s->count[b];
      s->Gamma[b] = n > 0 ? (s->Gamma[b] + s->kGamma[b]) / n : 0;
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectrumFractions(const InmSpectrum *s, PetscReal *fs, PetscReal *fu, PetscReal *fuL, PetscReal *fuD)
{
  PetscFunctionBegin;
  if (fs) *fs = s->n_stable / s->nonzero;
  if (fu) *fu = s->n_unstable / s->nonzero;
  if (fuL) *fuL = s->n_unstable_loc / s->nonzero;
  if (fuD) *fuD = (s->n_unstable - s->n_unstable_loc) / s->nonzero;
  PetscFunctionReturn(0);
}

/* Weighted least squares of g_b = a |omega_b| over the bins whose centres have
 * 0 < |omega| < omega_fit, weights 1/var with var = g_b / (nonzero dw) (Poisson counts). */
PetscErrorCode InmSpectrumLowFrequencySlope(const InmSpectrum *s, PetscReal omega_fit, PetscReal *a, PetscReal *a_err)
{
  PetscReal sxy = 0, sxx = 0;
  PetscInt  used = 0;

  PetscFunctionBegin;
  for (PetscInt b = 0; b < s->nbins; b++) {
    const PetscReal w = PetscAbsReal(s->wmin + (b + 0.5) * s->dw), var = PetscMax(s->count[b], 1) / PetscSqr(s->nonzero * s->dw);
    if (w <= 0 || w >= omega_fit) continue;
    sxy += w * s->g[b] / var;
    sxx += w * w / var;
    used++;
  }
  PetscCheck(used >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "low-frequency fit: only %" PetscInt_FMT " bins below |omega| = %g; use a finer grid or a larger range", used, (double)omega_fit);
  *a = sxy / sxx;
  if (a_err) *a_err = 1.0 / PetscSqrtReal(sxx);
  PetscFunctionReturn(0);
}

/* |omega_c| where the binned P(omega) of the unstable branch first reaches P_c coming from
 * the most unstable side (SPEC §6: localized modes, P ~ 1/N, lie below the edge), linearly
 * interpolated between the centres of the two bins that straddle it; bins with fewer than
 * min_count modes are skipped. 0 if P never reaches P_c below omega = 0 (all localized);
 * |lowest centre| if the first bin is already above it (none localized). */
PetscErrorCode InmSpectrumMobilityEdge(const InmSpectrum *s, PetscReal P_c, PetscReal *omega_c)
{
  PetscReal w_prev = 0, P_prev = -1;

  PetscFunctionBegin;
  *omega_c = 0;
  for (PetscInt b = 0; b < s->nbins; b++) {
    const PetscReal w = s->wmin + (b + 0.5) * s->dw;
    if (w >= 0) break;
    if (s->count[b] < s->min_count) continue;
    if (s->P[b] >= P_c) {
      *omega_c = P_prev < 0 ? PetscAbsReal(w) : PetscAbsReal(w_prev + (P_c - P_prev) * (w - w_prev) / (s->P[b] - P_prev));
      break;
    }
    w_prev = w;
    P_prev = s->P[b];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectrumTypicalEdge(const InmSpectrum *s, PetscReal *omega_c)
{
  PetscReal w_prev = 0, s_prev = 0;
  PetscBool have = PETSC_FALSE;

  PetscFunctionBegin;
  *omega_c = 0;
  if (s->ntypical <= 0) PetscFunctionReturn(0);
  for (PetscInt b = s->nbins - 1; b >= 0; b--) { /* from omega = 0 down */
    const PetscReal w = s->wmin + (b + 0.5) * s->dw;
    PetscReal       e;
    if (w >= 0 || s->typical[b] <= 0 || s->typical_half[b] <= 0) continue; /* no local density there */
    e = PetscLog2Real(s->typical[b] / s->typical_half[b]);
    if (e < -0.5) {
      *omega_c = have ? PetscAbsReal(w_prev + (-0.5 - s_prev) * (w - w_prev) / (e - s_prev)) : PetscAbsReal(w);
      break;
    }
    w_prev = w;
    s_prev = e;
    have   = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmSpectrumDestroy(InmSpectrum **s)
{
  PetscFunctionBegin;
  if (!*s) PetscFunctionReturn(0);
  PetscCall(PetscFree4((*s)->g, (*s)->P, (*s)->Gamma, (*s)->count));
  PetscCall(PetscFree4((*s)->kcount, (*s)->kGamma, (*s)->typical, (*s)->typical_half));
  PetscCall(PetscFree(*s));
  PetscFunctionReturn(0);
}
