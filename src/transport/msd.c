/* Mean-squared displacement and self-diffusion constant (SPEC §8; paper App. E).
 *
 *   MSD_S(k dt) = < |x_i(t0+k) - x_i(t0) - (R(t0+k) - R(t0))|^2 >_{i in S, origins t0}
 *   R(t) = sum_i m_i x_i(t) / sum_i m_i        (centre of mass of every atom, per frame)
 *   MSD -> 6 D t + c                           (Einstein, three dimensions)
 *
 * Removing R takes out a drift of the whole system (a thermostat's or the integrator's net
 * momentum), which would add (v_cm t)^2 to every MSD; for atoms that really diffuse it also
 * takes out their share of R's own random motion, an O(1/N) change (with equal masses and
 * one D, exactly a factor 1 - 1/N).
 *
 * Linear regime (documented rule): the local log-log slope over a factor two in time,
 *   alpha(k) = ln(MSD(2k) / MSD(k)) / ln 2,
 * is 2 in the ballistic regime, below 1 on a cage plateau and tends to 1 in the diffusive
 * regime. The window starts at the first lag k_a from which |alpha(k) - 1| <= slope_tol for
 * every k up to (nlag-1)/2 (the largest k whose 2k is a computed lag), and runs to the last
 * lag; MSD = 6 D t + c is fitted there by ordinary least squares (gsl_fit_linear); the
 * intercept c absorbs the ballistic and caged start (for Langevin dynamics, MSD =
 * 6D(t - tau(1 - e^{-t/tau})), so c = -6 D tau and the slope error is ~ e^{-t_a/tau}). When
 * the slope is off at the longest lags (still sub-diffusive, or noise there larger than the
 * tolerance) the last half of the lags is fitted instead and the set is flagged. */
#include <inmvisc/transport.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>

PetscErrorCode InmDiffusionFit(PetscInt nlag, const PetscReal msd[], PetscReal dt, PetscReal slope_tol, PetscReal *D, PetscReal *intercept, PetscInt *klo, PetscInt *khi, PetscBool *fallback)
{
  const PetscInt       kmax = nlag - 1, kh = kmax / 2;
  PetscInt             ka, n;
  PetscReal           *t;
  double               c0, c1, cov00, cov01, cov11, sumsq;
  gsl_error_handler_t *handler;
  int                  status;

  PetscFunctionBegin;
  PetscCheck(nlag >= 8, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "diffusion fit: the MSD has %" PetscInt_FMT " lags; need at least 8", nlag);
  PetscCheck(dt > 0 && slope_tol > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "diffusion fit: need dt > 0 and a slope tolerance > 0 (got %g, %g)", (double)dt, (double)slope_tol);
  for (PetscInt k = 1; k < nlag; k++) PetscCheck(msd[k] > 0 && !PetscIsInfOrNanReal(msd[k]), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "diffusion fit: MSD(%g) = %g is not positive (atoms that do not move?)", (double)(k * dt), (double)msd[k]);
  /* walk down from the longest lags while the slope stays within the tolerance */
  ka = kh + 1;
  for (PetscInt k = kh; k >= 1; k--) {
    const PetscReal alpha = PetscLogReal(msd[2 * k] / msd[k]) / PetscLogReal(2.0);
    if (PetscAbsReal(alpha - 1) > slope_tol) break;
    ka = k;
  }
  *fallback = ka > kh ? PETSC_TRUE : PETSC_FALSE;
  if (*fallback) ka = kh;
  n = kmax - ka + 1;
  PetscCall(PetscMalloc1(n, &t));
  for (PetscInt k = ka; k <= kmax; k++) t[k - ka] = k * dt;
  handler = gsl_set_error_handler_off();
  status  = gsl_fit_linear(t, 1, msd + ka, 1, (size_t)n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  gsl_set_error_handler(handler);
  PetscCall(PetscFree(t));
  PetscCheck(status == GSL_SUCCESS, PETSC_COMM_SELF, PETSC_ERR_LIB, "diffusion fit over lags %" PetscInt_FMT "..%" PetscInt_FMT " failed: %s", ka, kmax, gsl_strerror(status));
  *D         = c1 / 6.0;
  *intercept = c0;
  *klo       = ka;
  *khi       = kmax;
  PetscFunctionReturn(0);
}

PetscErrorCode InmMSDCompute(PetscInt nframes, PetscInt natoms, const PetscReal x[], const PetscInt type[], PetscInt ntypes, const PetscReal mass[], PetscReal dt, PetscInt nlag, PetscInt origin_stride, PetscReal slope_tol, InmMSD **out)
{
  InmMSD    *m;
  PetscReal *R, *sum, mtot = 0;
  PetscInt  *norig;

  PetscFunctionBegin;
  PetscCheck(natoms >= 1 && ntypes >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MSD of %" PetscInt_FMT " atoms of %" PetscInt_FMT " types", natoms, ntypes);
  PetscCheck(nlag >= 8 && nlag <= nframes, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MSD to %" PetscInt_FMT " lags from %" PetscInt_FMT " frames: need 8 <= nlag <= nframes", nlag, nframes);
  PetscCheck(origin_stride >= 1 && dt > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MSD: origin stride %" PetscInt_FMT " and frame spacing %g must be positive", origin_stride, (double)dt);
  for (PetscInt i = 0; i < natoms; i++) PetscCheck(type[i] >= 1 && type[i] <= ntypes, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MSD: atom %" PetscInt_FMT " has type %" PetscInt_FMT ", outside 1..%" PetscInt_FMT, i, type[i], ntypes);
  if (mass)
    for (PetscInt s = 0; s < ntypes; s++) PetscCheck(mass[s] > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MSD: mass of type %" PetscInt_FMT " is %g", s + 1, (double)mass[s]);
  for (size_t q = 0; q < (size_t)nframes * natoms * 3; q++) PetscCheck(!PetscIsInfOrNanReal(x[q]), PETSC_COMM_SELF, PETSC_ERR_FP, "MSD: position of atom %" PetscInt_FMT " in frame %" PetscInt_FMT " is %g", (PetscInt)((q / 3) % (size_t)natoms), (PetscInt)(q / (3 * (size_t)natoms)), (double)x[q]);

  PetscCall(PetscNew(&m));
  m->nsets = ntypes + 1;
  m->nlag  = nlag;
  m->dt    = dt;
  PetscCall(PetscCalloc3((size_t)m->nsets * nlag, &m->msd, m->nsets, &m->count, m->nsets, &m->D));
  PetscCall(PetscCalloc4(m->nsets, &m->intercept, m->nsets, &m->klo, m->nsets, &m->khi, m->nsets, &m->fallback));
  PetscCall(PetscCalloc3((size_t)nframes * 3, &R, (size_t)m->nsets * nlag, &sum, nlag, &norig));
  for (PetscInt i = 0; i < natoms; i++) {
    m->count[0]++;
    m->count[type[i]]++;
    mtot += mass ? mass[type[i] - 1] : 1.0;
  }
  for (PetscInt f = 0; f < nframes; f++) {
    const PetscReal *xf = x + (size_t)f * natoms * 3;
    for (PetscInt i = 0; i < natoms; i++) {
      const PetscReal mi = mass ? mass[type[i] - 1] : 1.0;
      for (PetscInt a = 0; a < 3; a++) R[3 * f + a] += mi * xf[3 * i + a] / mtot;
    }
  }
  for (PetscInt t0 = 0; t0 < nframes; t0 += origin_stride) {
    const PetscReal *x0 = x + (size_t)t0 * natoms * 3;
    for (PetscInt k = 1; k < nlag && t0 + k < nframes; k++) {
      const PetscReal *xk = x + (size_t)(t0 + k) * natoms * 3;
      PetscReal        dR[3];
      for (PetscInt a = 0; a < 3; a++) dR[a] = R[3 * (t0 + k) + a] - R[3 * t0 + a];
      for (PetscInt i = 0; i < natoms; i++) {
        const PetscReal dx = xk[3 * i] - x0[3 * i] - dR[0], dy = xk[3 * i + 1] - x0[3 * i + 1] - dR[1], dz = xk[3 * i + 2] - x0[3 * i + 2] - dR[2];
        const PetscReal d2 = dx * dx + dy * dy + dz * dz;
        sum[k] += d2;
        sum[(size_t)type[i] * nlag + k] += d2;
      }
      norig[k]++;
    }
  }
  for (PetscInt s = 0; s < m->nsets; s++) {
    if (!m->count[s]) { /* a type with no atoms: no MSD, D = 0 */
      m->klo[s] = m->khi[s] = -1;
      continue;
    }
    for (PetscInt k = 1; k < nlag; k++) m->msd[(size_t)s * nlag + k] = sum[(size_t)s * nlag + k] / ((PetscReal)norig[k] * m->count[s]);
    PetscCall(InmDiffusionFit(nlag, m->msd + (size_t)s * nlag, dt, slope_tol, &m->D[s], &m->intercept[s], &m->klo[s], &m->khi[s], &m->fallback[s]));
  }
  PetscCall(PetscFree3(R, sum, norig));
  *out = m;
  PetscFunctionReturn(0);
}

PetscErrorCode InmMSDDestroy(InmMSD **m)
{
  PetscFunctionBegin;
  if (!*m) PetscFunctionReturn(0);
  PetscCall(PetscFree3((*m)->msd, (*m)->count, (*m)->D));
  PetscCall(PetscFree4((*m)->intercept, (*m)->klo, (*m)->khi, (*m)->fallback));
  PetscCall(PetscFree(*m));
  PetscFunctionReturn(0);
}
