/* Fits of `viscosity` (paper App. I, Figs. 1d, 3a, 4; SPEC §10), all by weighted nonlinear
 * least squares in ln y (GSL multifit_nlinear, trust region) of a three-parameter model
 *   VFT:            ln y(T) = ln eta_0 + B / (T - T_0)                    (eta_GK, eta_ULINM, vtilde(0))
 *   entropy model:  ln eta  = ln A + B (T S_conf)^-lambda                  (Fig. 4, Adam-Gibbs with lambda)
 *   combined:       the same with S_conf = a ln f_u^L + b, a and b from the linear fit
 *                   S_conf = a ln f_u^L + b                                 (Fig. 4 inset)
 * with weights 1/sigma_ln^2, sigma_ln = dy / y (unit weights when a point has no error). Start:
 * VFT from the best linear fit over T_0 on a grid of [0, 0.98 min T); the entropy model from the
 * best linear fit over lambda on a grid of (0, 4]. Parameter errors from (J^T W J)^-1, scaled by
 * chi^2/dof when that exceeds 1 (scatter beyond the stated errors). Three parameters need four
 * temperatures (one degree of freedom); fewer is reported, not fitted. */
#include "viscosity_impl.h"
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_blas.h>
#include <math.h>

typedef enum { MODEL_VFT, MODEL_ENTROPY } Model;

typedef struct {
  Model            model;
  size_t           n;
  const PetscReal *x, *ly, *w; /* x: T (VFT) or T S_conf (entropy) */
} FitData;

/* value and gradient of the model at x for parameters p */
static PetscReal Eval(Model m, PetscReal x, const PetscReal p[3], PetscReal g[3])
{
  if (m == MODEL_VFT) {
    const PetscReal u = 1.0 / (x - p[2]);
    if (g) g[0] = 1, g[1] = u, g[2] = p[1] * u * u;
    return p[0] + p[1] * u;
  } else {
    const PetscReal u = PetscPowReal(x, -p[2]);
    if (g) g[0] = 1, g[1] = u, g[2] = -p[1] * PetscLogReal(x) * u;
    return p[0] + p[1] * u;
  }
}

static int Ff(const gsl_vector *xv, void *ctx, gsl_vector *f)
{
  const FitData *d = (const FitData *)ctx;
  PetscReal      p[3] = {gsl_vector_get(xv, 0), gsl_vector_get(xv, 1), gsl_vector_get(xv, 2)};
  for (size_t i = 0; i < d->n; i++) gsl_vector_set(f, i, PetscSqrtReal(d->w[i]) * (Eval(d->model, d->x[i], p, NULL) - d->ly[i]));
  return GSL_SUCCESS;
}

static int Fdf(const gsl_vector *xv, void *ctx, gsl_matrix *J)
{
  const FitData *d = (const FitData *)ctx;
  PetscReal      p[3] = {gsl_vector_get(xv, 0), gsl_vector_get(xv, 1), gsl_vector_get(xv, 2)}, g[3];
  for (size_t i = 0; i < d->n; i++) {
    (void)Eval(d->model, d->x[i], p, g);
    for (int k = 0; k < 3; k++) gsl_matrix_set(J, i, k, PetscSqrtReal(d->w[i]) * g[k]);
  }
  return GSL_SUCCESS;
}

/* The weighted linear fit of ly = a + B u(x; p2) at a fixed third parameter; returns chi^2. */
static PetscReal LinearStart(const FitData *d, PetscReal p2, PetscReal p[3])
{
  PetscReal sw = 0, su = 0, sy = 0, suu = 0, suy = 0, chi2 = 0, g[3], q[3] = {0, 1, p2};
  for (size_t i = 0; i < d->n; i++) {
    const PetscReal u = Eval(d->model, d->x[i], q, g);
    sw += d->w[i], su += d->w[i] * u, sy += d->w[i] * d->ly[i], suu += d->w[i] * u * u, suy += d->w[i] * u * d->ly[i];
  }
  p[1] = (sw * suy - su * sy) / (sw * suu - su * su);
  p[0] = (sy - p[1] * su) / sw;
  p[2] = p2;
  for (size_t i = 0; i < d->n; i++) chi2 += d->w[i] * PetscSqr(Eval(d->model, d->x[i], p, NULL) - d->ly[i]);
  return chi2;
}

/* Fit model m to y(x) > 0 with errors dy in ln y. */
static PetscErrorCode FitLn(Model m, PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal dy[], VFit *fit)
{
  PetscReal *xx, *ly, *w, xmin = PETSC_MAX_REAL, best = PETSC_MAX_REAL, p[3] = {0, 0, 0};
  PetscInt   k = 0;
  PetscBool  errs = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(fit, sizeof(*fit)));
  PetscCall(PetscMalloc3(n, &xx, n, &ly, n, &w));
  for (PetscInt i = 0; i < n; i++)
    if (y[i] > 0 && PetscIsNormalReal(y[i]) && PetscIsNormalReal(x[i]) && x[i] > 0) {
      xx[k] = x[i];
      ly[k] = PetscLogReal(y[i]);
      w[k]  = dy[i] > 0 ? 1.0 / PetscSqr(dy[i] / y[i]) : 1;
      if (!(dy[i] > 0)) errs = PETSC_FALSE;
      xmin = PetscMin(xmin, x[i]);
      k++;
    }
  fit->npoints = k;
  if (k < 4) PetscCall(PetscSNPrintf(fit->why, sizeof(fit->why), "%d temperatures with a value; a three-parameter fit needs 4", (int)k));
  else {
    FitData                         d   = {m, (size_t)k, xx, ly, w};
    gsl_multifit_nlinear_fdf        fdf = {0};
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *ws  = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, (size_t)k, 3);
    gsl_vector                     *x0  = gsl_vector_alloc(3);
    gsl_matrix                     *cov = gsl_matrix_alloc(3, 3);
    int                             info, status;
    double                          chi2;
    if (!errs)
      for (PetscInt i = 0; i < k; i++) w[i] = 1;
    for (int g = 0; g < 40; g++) { /* the start: the best linear fit over the third parameter */
      PetscReal q[3], c2 = LinearStart(&d, m == MODEL_VFT ? 0.98 * xmin * g / 40.0 : 0.1 * (g + 1), q);
      if (c2 < best) best = c2, p[0] = q[0], p[1] = q[1], p[2] = q[2];
    }
    for (int i = 0; i < 3; i++) gsl_vector_set(x0, i, p[i]);
    fdf.f = Ff, fdf.df = Fdf, fdf.n = (size_t)k, fdf.p = 3, fdf.params = &d;
    gsl_multifit_nlinear_init(x0, &fdf, ws);
    status = gsl_multifit_nlinear_driver(200, 1e-12, 1e-12, 1e-14, NULL, NULL, &info, ws);
    gsl_blas_ddot(ws->f, ws->f, &chi2);
    gsl_multifit_nlinear_covar(ws->J, 0.0, cov);
    for (int i = 0; i < 3; i++) fit->p[i] = gsl_vector_get(ws->x, i);
    fit->chi2 = chi2;
    {
      const PetscReal s = k > 3 && (chi2 / (k - 3) > 1 || !errs) ? chi2 / (k - 3) : 1.0;
      for (int i = 0; i < 3; i++) fit->err[i] = PetscSqrtReal(s * gsl_matrix_get(cov, i, i));
    }
    fit->ok = (PetscBool)(status == GSL_SUCCESS && (m != MODEL_VFT || fit->p[2] < xmin));
    if (!fit->ok) PetscCall(PetscSNPrintf(fit->why, sizeof(fit->why), "%s", status != GSL_SUCCESS ? gsl_strerror(status) : "T_0 above the lowest temperature"));
    gsl_vector_free(x0);
    gsl_matrix_free(cov);
    gsl_multifit_nlinear_free(ws);
  }
  PetscCall(PetscFree3(xx, ly, w));
  PetscFunctionReturn(0);
}

PetscErrorCode InmFitVFT(PetscInt n, const PetscReal T[], const PetscReal y[], const PetscReal dy[], VFit *fit) { return FitLn(MODEL_VFT, n, T, y, dy, fit); }

/* S = a ln f + b by weighted linear least squares (weights 1/dS^2, or 1): p[0] = a, p[1] = b. */
static PetscErrorCode FitLinear(PetscInt n, const PetscReal lf[], const PetscReal S[], const PetscReal dS[], VFit *fit)
{
  PetscReal sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, chi2 = 0, det;
  PetscInt  k = 0;
  PetscBool errs = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(fit, sizeof(*fit)));
  for (PetscInt i = 0; i < n; i++)
    if (PetscIsNormalReal(lf[i]) && PetscIsNormalReal(S[i]) && !(dS[i] > 0)) errs = PETSC_FALSE;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal w;
    if (!PetscIsNormalReal(lf[i]) || !PetscIsNormalReal(S[i])) continue;
    w = errs ? 1.0 / PetscSqr(dS[i]) : 1;
    sw += w, sx += w * lf[i], sy += w * S[i], sxx += w * lf[i] * lf[i], sxy += w * lf[i] * S[i];
    k++;
  }
  fit->npoints = k;
  if (k < 3) {
    PetscCall(PetscSNPrintf(fit->why, sizeof(fit->why), "%d temperatures with S_conf and f_u^L; the linear fit needs 3", (int)k));
    PetscFunctionReturn(0);
  }
  det    = sw * sxx - sx * sx;
  fit->p[0] = (sw * sxy - sx * sy) / det;
  fit->p[1] = (sxx * sy - sx * sxy) / det;
  for (PetscInt i = 0; i < n; i++)
    if (PetscIsNormalReal(lf[i]) && PetscIsNormalReal(S[i])) chi2 += (errs ? 1.0 / PetscSqr(dS[i]) : 1) * PetscSqr(fit->p[0] * lf[i] + fit->p[1] - S[i]);
  fit->chi2 = chi2;
  {
    const PetscReal s = chi2 / (k - 2) > 1 || !errs ? chi2 / (k - 2) : 1.0;
    fit->err[0] = PetscSqrtReal(s * sw / det);
    fit->err[1] = PetscSqrtReal(s * sxx / det);
  }
  fit->ok = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* eta_GK, eta_ULINM and vtilde(0) against T, each at the largest N of its temperature; with a
 * -sconf_table, the entropy model of Fig. 4. */
PetscErrorCode InmViscosityFits(InmViscosity v)
{
  PetscReal *T, *y[3], *dy[3], *S, *dS, *lf, *TS;
  PetscInt   n = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(v->nens, &T, v->nens, &S, v->nens, &dS, v->nens, &lf));
  PetscCall(PetscMalloc1(v->nens, &TS));
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
    S[n] = dS[n] = (PetscReal)NAN;
    for (PetscInt k = 0; k < v->nsconf; k++)
      if (PetscAbsReal(v->sconf[3 * k] - E->T) <= 1e-9 * E->T) S[n] = v->sconf[3 * k + 1], dS[n] = v->sconf[3 * k + 2];
    lf[n] = E->f[2] > 0 ? PetscLogReal(E->f[2]) : (PetscReal)NAN;
    TS[n] = T[n] * S[n];
    n++;
  }
  for (int q = 0; q < 3; q++) PetscCall(InmFitVFT(n, T, y[q], dy[q], &v->fits[q]));
  if (v->nsconf) {
    PetscCall(FitLinear(n, lf, S, dS, &v->fits[3]));                   /* S_conf = a ln f_u^L + b */
    PetscCall(FitLn(MODEL_ENTROPY, n, TS, y[0], dy[0], &v->fits[4])); /* eta_GK against T S_conf */
    if (v->fits[3].ok) {
      for (PetscInt i = 0; i < n; i++) TS[i] = T[i] * (v->fits[3].p[0] * lf[i] + v->fits[3].p[1]);
      PetscCall(FitLn(MODEL_ENTROPY, n, TS, y[0], dy[0], &v->fits[5])); /* against T (a ln f_u^L + b) */
    } else PetscCall(PetscSNPrintf(v->fits[5].why, sizeof(v->fits[5].why), "no S_conf(f_u^L) fit"));
  }
  PetscCall(PetscFree4(T, S, dS, lf));
  PetscCall(PetscFree(TS));
  for (int q = 0; q < 3; q++) PetscCall(PetscFree2(y[q], dy[q]));
  PetscFunctionReturn(0);
}
