/* The transport results files that `viscosity` reads (layout in src/transport/transport_campaign.c):
 * per (T, N) vtilde(0) by both routes, omega_min from the bulk and from the shear modulus,
 * Green-Kubo eta and shear MD in the reported unit. A quantity the file has as 0 (not
 * computed: no memory-kernel series, no -bulk_modulus, no -shear_rates) becomes NaN. Rank 0. */
#include "viscosity_impl.h"
#include <inmvisc/h5util.h>
#include <math.h>

static herr_t ReadColumn(hid_t g, const char *name, hsize_t n, hsize_t stride, PetscReal *x, PetscBool *present)
{
  hid_t    ds = H5Dopen2(g, name, H5P_DEFAULT), sp;
  hssize_t m;
  PetscReal *buf;
  herr_t   st;
  *present = PETSC_FALSE;
  if (ds < 0) return 0; /* absent: NaN */
  sp = H5Dget_space(ds);
  m  = H5Sget_simple_extent_npoints(sp);
  H5Sclose(sp);
  if (m <= 0 || m % (hssize_t)n) {
    H5Dclose(ds);
    return -1;
  }
  buf = (PetscReal *)malloc(sizeof(PetscReal) * (size_t)m);
  st  = buf ? H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : -1;
  for (hsize_t k = 0; st >= 0 && k < n; k++) x[k * stride] = buf[k * (hsize_t)(m / (hssize_t)n)]; /* first column of a [n][rates] table */
  free(buf);
  H5Dclose(ds);
  *present = (PetscBool)(st >= 0);
  return st;
}

static PetscErrorCode ReadFile(InmViscosity v, const char path[])
{
  hid_t       file, g;
  char        units[16] = "";
  hssize_t    n;
  VTransport *more, *t;
  PetscInt   *N;
  herr_t      st = 0;
  const struct {
    const char *name;
    size_t      off;
  } cols[] = {
    {"temperature_nominal", offsetof(VTransport, T)},        {"vtilde0_D", offsetof(VTransport, vt[0])},           {"vtilde0_D_err", offsetof(VTransport, vt_err[0])},
    {"vtilde0_kernel", offsetof(VTransport, vt[1])},          {"vtilde0_kernel_err", offsetof(VTransport, vt_err[1])}, {"omega_min", offsetof(VTransport, wmin[0])},
    {"omega_min_shear", offsetof(VTransport, wmin[1])},       {"eta_reported", offsetof(VTransport, eta_gk)},         {"eta_reported_err", offsetof(VTransport, eta_gk_err)},
    {"eta_shear_md", offsetof(VTransport, eta_md)},           {"eta_shear_md_err", offsetof(VTransport, eta_md_err)},
  };

  PetscFunctionBegin;
  PetscCall(InmH5OpenRead(path, &file));
  g = H5Gopen2(file, "transport/ensembles", H5P_DEFAULT);
  if (g < 0 || InmH5ReadAttrString(file, "units", units, sizeof(units)) < 0 || (n = InmH5DatasetLength(g, "N")) <= 0) {
    if (g >= 0) H5Gclose(g);
    H5Fclose(file);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: not a transport results file (no /transport/ensembles/N or units attribute); make one with inmvisc transport", path);
  }
  if (strcmp(units, v->units)) {
    H5Gclose(g);
    H5Fclose(file);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s is in %s units but the modes (%s, model %s) are in %s units: the two files are of different models", path, units, v->modes_files[0], v->model, v->units);
  }
  PetscCall(PetscMalloc1(v->ntr + n, &more));
  if (v->ntr) PetscCall(PetscArraycpy(more, v->tr, v->ntr));
  PetscCall(PetscFree(v->tr));
  v->tr = more;
  t     = v->tr + v->ntr;
  PetscCall(PetscMalloc1(n, &N));
  for (hssize_t k = 0; k < n; k++) {
    t[k].vt[0] = t[k].vt[1] = t[k].vt_err[0] = t[k].vt_err[1] = t[k].wmin[0] = t[k].wmin[1] = (PetscReal)NAN;
    t[k].eta_gk = t[k].eta_gk_err = t[k].eta_md = t[k].eta_md_err = (PetscReal)NAN;
  }
  {
    hid_t ds = H5Dopen2(g, "N", H5P_DEFAULT);
    st |= ds < 0 || H5Dread(ds, INM_H5T_PETSCINT, H5S_ALL, H5S_ALL, H5P_DEFAULT, N) < 0;
    if (ds >= 0) H5Dclose(ds);
  }
  for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]) && !st; c++) {
    PetscBool present;
    st |= ReadColumn(g, cols[c].name, (hsize_t)n, sizeof(VTransport) / sizeof(PetscReal), (PetscReal *)((char *)t + cols[c].off), &present) < 0;
  }
  H5Gclose(g);
  H5Fclose(file);
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: a dataset of /transport/ensembles is unreadable or of the wrong size", path);
  for (hssize_t k = 0; k < n; k++) {
    t[k].N = N[k];
    for (int r = 0; r < 2; r++) {
      if (!(t[k].vt[r] > 0)) t[k].vt[r] = t[k].vt_err[r] = (PetscReal)NAN; /* not computed */
      if (!(t[k].wmin[r] > 0)) t[k].wmin[r] = (PetscReal)NAN;
    }
    if (!(t[k].eta_md > 0)) t[k].eta_md = t[k].eta_md_err = (PetscReal)NAN;
  }
  v->ntr += n;
  PetscCall(PetscFree(N));
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityReadTransport(InmViscosity v)
{
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCheck(sizeof(VTransport) % sizeof(PetscReal) == 0 && offsetof(VTransport, N) == sizeof(PetscReal) && sizeof(PetscInt) <= sizeof(PetscReal), PETSC_COMM_SELF, PETSC_ERR_PLIB, "VTransport layout");
  for (PetscInt f = 0; f < v->ntransport_files && !ierr; f++) ierr = ReadFile(v, v->transport_files[f]);
  PetscCall(ierr);
  /* match: the same T and N, else the same T and the largest N (transport coefficients are
   * intensive; a modes ensemble of another size uses them) */
  for (PetscInt e = 0; e < v->nens; e++) {
    VEnsemble *E = &v->ens[e];
    E->tr        = NULL;
    for (PetscInt k = 0; k < v->ntr; k++) {
      const VTransport *t = &v->tr[k];
      if (PetscAbsReal(t->T - E->T) > 1e-9 * E->T) continue;
      if (!E->tr || t->N == E->N || (E->tr->N != E->N && t->N > E->tr->N)) E->tr = t;
    }
  }
  PetscFunctionReturn(0);
}
