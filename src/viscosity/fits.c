/* Vogel-Fulcher-Tammann fits (paper App. I, Fig. 1d, 3a; SPEC §10):
 *   ln y(T) = a + B / (T - T_0)         (y = eta_0 exp(B / (T - T_0)), a = ln eta_0)
 * by weighted nonlinear least squares in ln y (GSL multifit_nlinear, trust region), weights
 * 1/sigma_ln^2 with sigma_ln = dy / y (unit weights when a point has no error). Start: the
 * best linear fit of a and B over T_0 on a grid of [0, 0.98 min T). Parameter errors from the
 * covariance (J^T W J)^-1,
 * scaled by chi^2/dof when that exceeds 1 (scatter beyond the stated errors). Needs four
 * temperatures (three parameters and one degree of freedom); fewer is reported, not fitted. */
#include "viscosity_impl.h"
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_blas.h>
#include <math.h>

typedef struct {
  size_t          n;
  const PetscReal *T, *ly, *w;
} VFTData;

static int VFTf(const gsl_vector *x, void *ctx, gsl_vector *f)
{
  const VFTData *d = (const VFTData *)ctx;
  const double   a = gsl_vector_get(x, 0), B = gsl_vector_get(x, 1), T0 = gsl_vector_get(x, 2);
  for (size_t i = 0; i < d->n; i++) gsl_vector_set(f, i, PetscSqrtReal(d->w[i]) * (a + B / (d->T[i] - T0) - d->ly[i]));
  return GSL_SUCCESS;
}

static int VFTdf(const gsl_vector *x, void *ctx, gsl_matrix *J)
{
  const VFTData *d = (const VFTData *)ctx;
  const double   B = gsl_vector_get(x, 1), T0 = gsl_vector_get(x, 2);
  for (size_t i = 0; i < d->n; i++) {
    const double sw = PetscSqrtReal(d->w[i]), u = 1.0 / (d->T[i] - T0);
    gsl_matrix_set(J, i, 0, sw);
    gsl_matrix_set(J, i, 1, sw * u);
    gsl_matrix_set(J, i, 2, sw * B * u * u);
  }
  return GSL_SUCCESS;
}

/* weighted linear fit of ly = a + B u at fixed T0; returns chi^2 */
static PetscReal LinearStart(const VFTData *d, PetscReal T0, PetscReal *a, PetscReal *B)
{
  PetscReal sw = 0, su = 0, sy = 0, suu = 0, suy = 0, chi2 = 0;
  for (size_t i = 0; i < d->n; i++) {
    const PetscReal u = 1.0 / (d->T[i] - T0);
    sw += d->w[i], su += d->w[i] * u, sy += d->w[i] * d->ly[i], suu += d->w[i] * u * u, suy += d->w[i] * u * d->ly[i];
  }
  *B = (sw * suy - su * sy) / (sw * suu - su * su);
  *a = (sy - *B * su) / sw;
  for (size_t i = 0; i < d->n; i++) chi2 += d->w[i] * PetscSqr(*a + *B / (d->T[i] - T0) - d->ly[i]);
  return chi2;
}

PetscErrorCode InmFitVFT(PetscInt n, const PetscReal T[], const PetscReal y[], const PetscReal dy[], VFit *fit)
{
  PetscReal *ly, *w, Tmin = PETSC_MAX_REAL, best = PETSC_MAX_REAL, a = 0, B = 0, T0 = 0;
  PetscInt   m = 0;
  PetscBool  errs = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(fit, sizeof(*fit)));
  PetscCall(PetscMalloc2(n, &ly, n, &w));
  {
    PetscReal *TT;
    PetscCall(PetscMalloc1(n, &TT));
    for (PetscInt i = 0; i < n; i++)
      if (y[i] > 0 && PetscIsNormalReal(y[i])) {
        TT[m] = T[i];
        ly[m] = PetscLogReal(y[i]);
        w[m]  = dy[i] > 0 ? 1.0 / PetscSqr(dy[i] / y[i]) : 0;
        if (!(dy[i] > 0)) errs = PETSC_FALSE;
        Tmin = PetscMin(Tmin, T[i]);
        m++;
      }
    fit->npoints = m;
    if (m < 4) {
      PetscCall(PetscSNPrintf(fit->why, sizeof(fit->why), "%d temperatures with a value; a VFT fit needs 4", (int)m));
      PetscCall(PetscFree(TT));
      PetscCall(PetscFree2(ly, w));
      PetscFunctionReturn(0);
    }
    if (!errs)
      for (PetscInt i = 0; i < m; i++) w[i] = 1;
    {
      VFTData                                d = {(size_t)m, TT, ly, w};
      gsl_multifit_nlinear_fdf               fdf;
      gsl_multifit_nlinear_parameters        par = gsl_multifit_nlinear_default_parameters();
      gsl_multifit_nlinear_workspace        *ws  = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, (size_t)m, 3);
      gsl_vector                            *x   = gsl_vector_alloc(3);
      gsl_matrix                            *cov = gsl_matrix_alloc(3, 3);
      int                                    info, status;
      double                                 chi2;
      for (int k = 0; k < 40; k++) { /* start: the best linear fit over T_0 in [0, 0.98 Tmin) */
        const PetscReal t0 = 0.98 * Tmin * k / 40.0;
        PetscReal       aa, bb, c2 = LinearStart(&d, t0, &aa, &bb);
        if (c2 < best) best = c2, a = aa, B = bb, T0 = t0;
      }
      gsl_vector_set(x, 0, a);
      gsl_vector_set(x, 1, B);
      gsl_vector_set(x, 2, T0);
      fdf.f = VFTf, fdf.df = VFTdf, fdf.fvv = NULL, fdf.n = (size_t)m, fdf.p = 3, fdf.params = &d;
      gsl_multifit_nlinear_init(x, &fdf, ws);
      status = gsl_multifit_nlinear_driver(200, 1e-10, 1e-10, 1e-12, NULL, NULL, &info, ws);
      gsl_blas_ddot(ws->f, ws->f, &chi2);
      gsl_multifit_nlinear_covar(ws->J, 0.0, cov);
      for (int i = 0; i < 3; i++) fit->p[i] = gsl_vector_get(ws->x, i);
      fit->chi2 = chi2;
      {
        const PetscReal s = m > 3 && (chi2 / (m - 3) > 1 || !errs) ? chi2 / (m - 3) : 1.0;
        for (int i = 0; i < 3; i++) fit->err[i] = PetscSqrtReal(s * gsl_matrix_get(cov, i, i));
      }
      fit->ok = (PetscBool)(status == GSL_SUCCESS && fit->p[2] < Tmin);
      if (!fit->ok) PetscCall(PetscSNPrintf(fit->why, sizeof(fit->why), "%s", status != GSL_SUCCESS ? gsl_strerror(status) : "T_0 above the lowest temperature"));
      gsl_vector_free(x);
      gsl_matrix_free(cov);
      gsl_multifit_nlinear_free(ws);
    }
    PetscCall(PetscFree(TT));
  }
  PetscCall(PetscFree2(ly, w));
  PetscFunctionReturn(0);
}

/* eta_GK, eta_ULINM and vtilde(0) against T, each at the largest N of its temperature. */
PetscErrorCode InmViscosityFits(InmViscosity v)
{
  PetscReal *T, *y[3], *dy[3];
  PetscInt   n = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(v->nens, &T));
  for (int q = 0; q < 3; q++) PetscCall(PetscMalloc2(v->nens, &y[q], v->nens, &dy[q]));
  for (PetscInt e = 0; e < v->nens; e++) {
    const VEnsemble *E = &v->ens[e];
    if (e + 1 < v->nens && v->ens[e + 1].T == E->T) continue; /* the largest N at T comes last */
    T[n]     = E->T;
    y[0][n]  = E->tr ? E->tr->eta_gk : (PetscReal)NAN;
    dy[0][n] = E->tr ? E->tr->eta_gk_err : (PetscReal)NAN;
    y[1][n]  = E->eta[INM_CLASS_ULINM];
    dy[1][n] = E->eta_err[INM_CLASS_ULINM];
    y[2][n]  = E->vtilde0;
    dy[2][n] = E->vtilde0_err;
    n++;
  }
  for (int q = 0; q < 3; q++) PetscCall(InmFitVFT(n, T, y[q], dy[q], &v->fits[q]));
  PetscCall(PetscFree(T));
  for (int q = 0; q < 3; q++) PetscCall(PetscFree2(y[q], dy[q]));
  PetscFunctionReturn(0);
}
