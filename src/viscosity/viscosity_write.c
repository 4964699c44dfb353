/* The results file of `viscosity` (names fixed: `report` and other tools read them):
 *   /                          units, model, viscosity_unit, modes_files, transport_files
 *   /viscosity/ensembles/      per (T, N): temperature, N, nsamples, omega_c(_err), P_c,
 *                              omega_min, vtilde0(_err), eta_gk(_err), eta_shear_md(_err),
 *                              eta_C, eta_C_err, ratio_C, ratio_C_err for C in ULINM, UDINM,
 *                              unstable, stable, all (and interval_k), f_s, f_u, f_u_L, f_u_D
 *                              (+ _err), eta_routes [ens][4 routes][5 classes], [S_conf]
 *   /viscosity/samples/        per task: source, temperature, N, ensemble, eta_C, f_*
 *   /viscosity/fss/T_NNN/      finite-size scaling: omega (bin centres), N, P [size][bin],
 *                              count, exponent, exponent_err; omega_c, omega_c_err, P_c
 *   /viscosity/loss_modulus/   Omega, G2_C [ens][Omega]
 *   /viscosity/fits/vft_X/     eta_0, B, T_0 (+ _err), chi2, npoints, ok (X: eta_gk, eta_ULINM, vtilde0)
 *   /viscosity/fits/entropy_*  with -entropy or -sconf_table: sconf (a, b), eta_gk and combined (A, B, lambda)
 * Missing values are NaN. Written by rank 0 to OUTPUT.partial (renamed by the caller). */
#include "viscosity_impl.h"
#include <inmvisc/h5util.h>
#include <math.h>

static herr_t PutInts(hid_t g, const char *name, hsize_t n, const PetscInt *x) { return InmH5Write(g, name, INM_H5T_PETSCINT, 1, &n, x); }

static void ClassName(InmViscosity v, PetscInt c, char *buf, size_t len)
{
  if (c < INM_NCLASS) snprintf(buf, len, "%s", InmModeClassNames[c]);
  else snprintf(buf, len, "interval_%d", (int)(c - INM_NCLASS));
}

/* S_conf (column 1) or its error (column 2) at T, from -entropy or -sconf_table; NaN if none */
static PetscReal Sconf(InmViscosity v, PetscReal T, PetscInt column)
{
  for (PetscInt k = 0; k < v->nsconf; k++)
    if (PetscAbsReal(v->sconf[3 * k] - T) <= 1e-9 * T) return v->sconf[3 * k + column];
  return (PetscReal)NAN;
}

static herr_t Ensembles(InmViscosity v, hid_t top)
{
  const InmUnits *u  = v->u;
  const PetscInt  ne = v->nens, nc = InmViscosityNumClasses(v);
  const hsize_t   n  = (hsize_t)ne;
  hid_t           g  = H5Gcreate2(top, "ensembles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  herr_t          st = g < 0 ? -1 : 0;
  PetscReal      *col = (PetscReal *)malloc(sizeof(PetscReal) * (n * 4 * INM_NCLASS + 1));
  PetscInt       *icol = (PetscInt *)malloc(sizeof(PetscInt) * (n + 1));
  if (!col || !icol) st = -1;
#define COLUMN(name, expr, unit) \
  do { \
    for (PetscInt e = 0; e < ne && !st; e++) { \
      const VEnsemble *E = &v->ens[e]; \
      (void)E; \
      col[e] = (expr); \
    } \
    if (!st) st = InmH5WriteReals(g, name, 1, &n, col, unit); \
  } while (0)
  if (!st) {
    for (PetscInt e = 0; e < ne; e++) icol[e] = v->ens[e].N;
    st |= PutInts(g, "N", n, icol) < 0;
    for (PetscInt e = 0; e < ne; e++) icol[e] = v->ens[e].ntasks;
    st |= PutInts(g, "nsamples", n, icol) < 0;
  }
  COLUMN("temperature", E->T, u->temperature);
  COLUMN("omega_c", E->omega_c, u->omega);
  COLUMN("omega_c_err", E->omega_c_err, u->omega);
  COLUMN("P_c", E->P_c, "1");
  COLUMN("omega_min", E->omega_min, u->omega);
  COLUMN("vtilde0", E->vtilde0, u->vtilde);
  COLUMN("vtilde0_err", E->vtilde0_err, u->vtilde);
  COLUMN("eta_gk", E->tr ? E->tr->eta_gk : (PetscReal)NAN, u->visc_reported);
  COLUMN("eta_gk_err", E->tr ? E->tr->eta_gk_err : (PetscReal)NAN, u->visc_reported);
  COLUMN("eta_shear_md", E->tr ? E->tr->eta_md : (PetscReal)NAN, u->visc_reported);
  COLUMN("eta_shear_md_err", E->tr ? E->tr->eta_md_err : (PetscReal)NAN, u->visc_reported);
  if (v->nsconf) COLUMN("S_conf", Sconf(v, E->T, 1), "kB per atom");
  if (v->nsconf) COLUMN("S_conf_err", Sconf(v, E->T, 2), "kB per atom");
  for (PetscInt c = 0; c < nc && !st; c++) {
    char cn[32], name[64];
    ClassName(v, c, cn, sizeof(cn));
    snprintf(name, sizeof(name), "eta_%s", cn);
    COLUMN(name, E->eta[c], u->visc_reported);
    snprintf(name, sizeof(name), "eta_%s_err", cn);
    COLUMN(name, E->eta_err[c], u->visc_reported);
    snprintf(name, sizeof(name), "ratio_%s", cn);
    COLUMN(name, E->tr && E->tr->eta_gk > 0 ? E->eta[c] / E->tr->eta_gk : (PetscReal)NAN, "1");
    snprintf(name, sizeof(name), "ratio_%s_err", cn);
    COLUMN(name, E->tr && E->tr->eta_gk > 0 ? E->eta[c] / E->tr->eta_gk * PetscSqrtReal(PetscSqr(E->eta_err[c] / E->eta[c]) + PetscSqr(E->tr->eta_gk_err / E->tr->eta_gk)) : (PetscReal)NAN, "1");
    if (c >= INM_NCLASS) { /* the interval's omega range on its eta_interval_k dataset */
      hid_t ds;
      snprintf(name, sizeof(name), "eta_%s", cn);
      ds = H5Dopen2(g, name, H5P_DEFAULT);
      if (ds >= 0) {
        snprintf(name, sizeof(name), "[%g, %g)", (double)v->intervals[2 * (c - INM_NCLASS)], (double)v->intervals[2 * (c - INM_NCLASS) + 1]);
        st |= InmH5AttrString(ds, "omega_range", name) < 0;
        H5Dclose(ds);
      }
    }
  }
  {
    const char *fn[4] = {"f_s", "f_u", "f_u_L", "f_u_D"};
    for (int q = 0; q < 4 && !st; q++) {
      char name[32];
      COLUMN(fn[q], E->f[q], "1");
      snprintf(name, sizeof(name), "%s_err", fn[q]);
      COLUMN(name, E->f_err[q], "1");
    }
  }
#undef COLUMN
  if (!st) {
    const hsize_t d3[3] = {n, 4, INM_NCLASS};
    for (PetscInt e = 0; e < ne; e++)
      for (int r = 0; r < 4; r++)
        for (int c = 0; c < INM_NCLASS; c++) col[(e * 4 + r) * INM_NCLASS + c] = v->ens[e].eta_routes[r][c];
    st |= InmH5WriteReals(g, "eta_routes", 3, d3, col, u->visc_reported) < 0;
    if (!st) {
      hid_t ds = H5Dopen2(g, "eta_routes", H5P_DEFAULT);
      st |= ds < 0 || InmH5AttrString(ds, "routes", "vtilde0 (D, bulk), (D, shear), (kernel, bulk), (kernel, shear) of the transport file; classes ULINM, UDINM, unstable, stable, all; NaN where the file lacks the input") < 0;
      if (ds >= 0) H5Dclose(ds);
    }
  }
  free(col);
  free(icol);
  if (g >= 0) st |= H5Gclose(g) < 0;
  return st;
}

static herr_t Samples(InmViscosity v, hid_t top)
{
  const PetscInt nt = v->ntasks, nc = InmViscosityNumClasses(v);
  const hsize_t  n  = (hsize_t)nt;
  hid_t          g  = H5Gcreate2(top, "samples", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), type;
  herr_t         st = g < 0 ? -1 : 0;
  PetscReal     *col  = (PetscReal *)malloc(sizeof(PetscReal) * (n + 1));
  PetscInt      *icol = (PetscInt *)malloc(sizeof(PetscInt) * (n + 1));
  char          *names = (char *)calloc(n * PETSC_MAX_PATH_LEN + 1, 1);
  if (!col || !icol || !names) st = -1;
  for (PetscInt k = 0; k < nt && !st; k++) {
    strncpy(names + k * PETSC_MAX_PATH_LEN, v->tasks[k].source, PETSC_MAX_PATH_LEN - 1);
    icol[k] = v->tasks[k].N;
    col[k]  = v->tasks[k].T;
  }
  if (!st) {
    type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, PETSC_MAX_PATH_LEN);
    st |= InmH5Write(g, "source", type, 1, &n, names) < 0;
    H5Tclose(type);
    st |= PutInts(g, "N", n, icol) < 0;
    st |= InmH5WriteReals(g, "temperature", 1, &n, col, v->u->temperature) < 0;
    for (PetscInt k = 0; k < nt; k++) icol[k] = v->tasks[k].ens;
    st |= PutInts(g, "ensemble", n, icol) < 0;
  }
  for (PetscInt c = 0; c < nc && !st; c++) {
    char cn[32], name[64];
    ClassName(v, c, cn, sizeof(cn));
    snprintf(name, sizeof(name), "eta_%s", cn);
    for (PetscInt k = 0; k < nt; k++) col[k] = v->eta_sample[k * nc + c];
    st |= InmH5WriteReals(g, name, 1, &n, col, v->u->visc_reported) < 0;
  }
  {
    const char *fn[4] = {"f_s", "f_u", "f_u_L", "f_u_D"};
    for (int q = 0; q < 4 && !st; q++) {
      for (PetscInt k = 0; k < nt; k++) col[k] = v->fr_sample[4 * k + q];
      st |= InmH5WriteReals(g, fn[q], 1, &n, col, "1") < 0;
    }
  }
  free(col);
  free(icol);
  free(names);
  if (g >= 0) st |= H5Gclose(g) < 0;
  return st;
}

static herr_t Fss(InmViscosity v, hid_t top)
{
  hid_t  g  = H5Gcreate2(top, "fss", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  herr_t st = g < 0 ? -1 : 0;
  st |= g >= 0 && InmH5AttrString(g, "method", "s(omega) = d ln P / d ln N per bin (least squares over the sizes); omega_c where s first rises through -1/2 from the most unstable side; P_c = P(omega_c) at the largest N; error: bootstrap over samples and half a bin width") < 0;
  for (PetscInt k = 0; k < v->nfss && !st; k++) {
    const VFss *f = &v->fss[k];
    char        name[32];
    hid_t       h;
    hsize_t     nb = (hsize_t)f->nbins, d2[2] = {(hsize_t)f->nsizes, (hsize_t)f->nbins}, ns = (hsize_t)f->nsizes;
    PetscReal  *w  = (PetscReal *)malloc(sizeof(PetscReal) * nb);
    snprintf(name, sizeof(name), "T_%03d", (int)k);
    h = H5Gcreate2(g, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (h < 0 || !w) st = -1;
    for (hsize_t b = 0; w && b < nb; b++) w[b] = f->wlo + (b + 0.5) * f->dw;
    if (!st) {
      st |= InmH5AttrNumber(h, "temperature", H5T_NATIVE_DOUBLE, &f->T) < 0;
      st |= InmH5AttrNumber(h, "omega_c", H5T_NATIVE_DOUBLE, &f->omega_c) < 0;
      st |= InmH5AttrNumber(h, "omega_c_err", H5T_NATIVE_DOUBLE, &f->omega_c_err) < 0;
      st |= InmH5AttrNumber(h, "P_c", H5T_NATIVE_DOUBLE, &f->P_c) < 0;
      st |= InmH5AttrNumber(h, "bin_width", H5T_NATIVE_DOUBLE, &f->dw) < 0;
      st |= InmH5WriteReals(h, "omega", 1, &nb, w, v->u->omega) < 0;
      st |= PutInts(h, "N", ns, f->sizes) < 0;
      st |= InmH5WriteReals(h, "P", 2, d2, f->P, "1") < 0;
      st |= InmH5Write(h, "count", INM_H5T_PETSCINT, 2, d2, f->count) < 0;
      st |= InmH5WriteReals(h, "exponent", 1, &nb, f->s, "1") < 0;
      st |= InmH5WriteReals(h, "exponent_err", 1, &nb, f->s_err, "1") < 0;
    }
    if (h >= 0) st |= H5Gclose(h) < 0;
    free(w);
  }
  if (g >= 0) st |= H5Gclose(g) < 0;
  return st;
}

static herr_t Loss(InmViscosity v, hid_t top)
{
  const PetscInt ng = (PetscInt)v->grid[2], nc = InmViscosityNumClasses(v);
  hid_t          g  = H5Gcreate2(top, "loss_modulus", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  herr_t         st = g < 0 ? -1 : 0;
  hsize_t        n = (hsize_t)ng, d2[2] = {(hsize_t)v->nens, (hsize_t)ng};
  PetscReal     *x = (PetscReal *)malloc(sizeof(PetscReal) * (size_t)(v->nens * ng + ng));
  if (!x) st = -1;
  for (PetscInt q = 0; q < ng && !st; q++) x[q] = v->grid[0] * PetscPowReal(v->grid[1] / v->grid[0], (PetscReal)q / (ng - 1));
  if (!st) st |= InmH5WriteReals(g, "Omega", 1, &n, x, v->u->omega) < 0;
  for (PetscInt c = 0; c < nc && !st; c++) {
    char cn[32], name[64];
    ClassName(v, c, cn, sizeof(cn));
    snprintf(name, sizeof(name), "G2_%s", cn);
    for (PetscInt e = 0; e < v->nens; e++)
      for (PetscInt q = 0; q < ng; q++) x[e * ng + q] = v->ens[e].G2[c * ng + q];
    st |= InmH5WriteReals(g, name, 2, d2, x, v->u->pressure) < 0;
  }
  free(x);
  if (g >= 0) st |= H5Gclose(g) < 0;
  return st;
}

static herr_t Fits(InmViscosity v, hid_t top)
{
  static const struct {
    const char *name, *model, *pn[3];
  } F[6] = {
    {"vft_eta_gk", "eta = eta_0 exp(B / (T - T_0)), least squares in ln eta", {"eta_0", "B", "T_0"}},
    {"vft_eta_ULINM", "eta = eta_0 exp(B / (T - T_0)), least squares in ln eta", {"eta_0", "B", "T_0"}},
    {"vft_vtilde0", "vtilde(0) = eta_0 exp(B / (T - T_0)), least squares in ln vtilde(0)", {"eta_0", "B", "T_0"}},
    {"entropy_sconf", "S_conf = a ln f_u^L + b, linear least squares", {"a", "b", NULL}},
    {"entropy_eta_gk", "eta_GK = A exp(B / (T S_conf)^lambda), least squares in ln eta", {"A", "B", "lambda"}},
    {"entropy_combined", "eta_GK = A exp(B / (T (a ln f_u^L + b))^lambda) with a, b of entropy_sconf", {"A", "B", "lambda"}},
  };
  hid_t  g  = H5Gcreate2(top, "fits", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  herr_t st = g < 0 ? -1 : 0;
  for (int q = 0; q < (v->nsconf ? 6 : 3) && !st; q++) {
    const VFit *f = &v->fits[q];
    hid_t       h = H5Gcreate2(g, F[q].name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int         ok = f->ok ? 1 : 0, np = (int)f->npoints;
    if (h < 0) {
      st = -1;
      break;
    }
    st |= InmH5AttrString(h, "model", F[q].model) < 0;
    st |= InmH5AttrNumber(h, "ok", H5T_NATIVE_INT, &ok) < 0;
    st |= InmH5AttrNumber(h, "npoints", H5T_NATIVE_INT, &np) < 0;
    if (f->ok) {
      for (int k = 0; k < 3 && F[q].pn[k]; k++) {
        char      en[32];
        PetscReal x = f->p[k], dx = f->err[k];
        if (k == 0 && q != 3) x = PetscExpReal(f->p[0]), dx = x * f->err[0]; /* fitted as its logarithm */
        snprintf(en, sizeof(en), "%s_err", F[q].pn[k]);
        st |= InmH5AttrNumber(h, F[q].pn[k], H5T_NATIVE_DOUBLE, &x) < 0;
        st |= InmH5AttrNumber(h, en, H5T_NATIVE_DOUBLE, &dx) < 0;
      }
      st |= InmH5AttrNumber(h, "chi2", H5T_NATIVE_DOUBLE, &f->chi2) < 0;
    } else st |= InmH5AttrString(h, "not_fitted", f->why) < 0;
    st |= H5Gclose(h) < 0;
  }
  if (g >= 0) st |= H5Gclose(g) < 0;
  return st;
}

PetscErrorCode InmViscosityWrite(InmViscosity v)
{
  char        partial[PETSC_MAX_PATH_LEN], list[4096] = "";
  hid_t       f, top;
  herr_t      st = 0;

  PetscFunctionBegin;
  PetscCall(InmPartialPath(v->output, partial, sizeof(partial)));
  f = InmH5CreateOutput(partial, INM_OUTPUT_VISCOSITY, H5P_DEFAULT);
  PetscCheck(f >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create", partial);
  st |= InmH5AttrString(f, "units", v->units) < 0;
  st |= InmH5AttrString(f, "model", v->model) < 0;
  st |= InmH5AttrString(f, "viscosity_unit", v->u->visc_reported) < 0;
  st |= InmH5AttrString(f, "inmvisc_version", INMVISC_VERSION) < 0;
  for (PetscInt k = 0; k < v->nmodes_files; k++) {
    PetscCall(PetscStrlcat(list, k ? "," : "", sizeof(list)));
    PetscCall(PetscStrlcat(list, v->modes_files[k], sizeof(list)));
  }
  st |= InmH5AttrString(f, "modes_files", list) < 0;
  list[0] = 0;
  for (PetscInt k = 0; k < v->ntransport_files; k++) {
    PetscCall(PetscStrlcat(list, k ? "," : "", sizeof(list)));
    PetscCall(PetscStrlcat(list, v->transport_files[k], sizeof(list)));
  }
  st |= InmH5AttrString(f, "transport_files", list) < 0;
  top = H5Gcreate2(f, "viscosity", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st |= top < 0;
  if (!st) st |= Ensembles(v, top) < 0;
  if (!st) st |= Samples(v, top) < 0;
  if (!st) st |= Fss(v, top) < 0;
  if (!st) st |= Loss(v, top) < 0;
  if (!st) st |= Fits(v, top) < 0;
  if (top >= 0) H5Gclose(top);
  st |= H5Fclose(f) < 0;
  if (st) (void)remove(partial);
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing failed (disk full or file system error)", partial);
  PetscFunctionReturn(0);
}
