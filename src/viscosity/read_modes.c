/* The modes campaign results files that `viscosity` reads (layout in src/modes/campaign_results.c):
 * per task its N, nominal temperature, volume, mean mass and the per-mode lambda, omega,
 * participation and the three shear projections, whose mean is the Gamma of Eq. (1). Which
 * modes a file holds comes from its `modes` attribute: all 3N, the unstable branch (every
 * omega < 0), or the lowest -inm_nev (every omega up to the last one); a class of modes
 * outside that is reported missing, never summed as if empty. Rank 0 reads. */
#include "viscosity_impl.h"
#include <inmvisc/h5util.h>
#include <math.h>

/* n values of dataset name (of any stored type) into x as memory type `type`. */
static herr_t ReadArray(hid_t loc, const char *name, hsize_t n, hid_t type, void *x)
{
  hid_t  ds = H5Dopen2(loc, name, H5P_DEFAULT);
  herr_t st = ds < 0 ? -1 : 0;
  if (!st) {
    hid_t    sp = H5Dget_space(ds);
    hssize_t m  = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    st = m == (hssize_t)n ? H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) : -1;
    H5Dclose(ds);
  }
  return st;
}

static herr_t ReadReals(hid_t loc, const char *name, hsize_t n, PetscReal *x) { return ReadArray(loc, name, n, H5T_NATIVE_DOUBLE, x); }
static herr_t ReadInts(hid_t loc, const char *name, hsize_t n, PetscInt *x) { return ReadArray(loc, name, n, INM_H5T_PETSCINT, x); }

/* The fixed-length strings of dataset name, n of them, each into out[k][PETSC_MAX_PATH_LEN]. */
static herr_t ReadStrings(hid_t loc, const char *name, hsize_t n, char (*out)[PETSC_MAX_PATH_LEN])
{
  hid_t  ds = H5Dopen2(loc, name, H5P_DEFAULT), type;
  size_t w;
  char  *buf;
  herr_t st;
  if (ds < 0) return -1;
  type = H5Dget_type(ds);
  w    = H5Tget_size(type);
  buf  = (char *)calloc(n * w + 1, 1);
  st   = buf ? H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : -1;
  for (hsize_t k = 0; st >= 0 && k < n; k++) {
    size_t len = PetscMin(w, (size_t)PETSC_MAX_PATH_LEN - 1);
    memcpy(out[k], buf + k * w, len);
    out[k][len] = 0;
  }
  free(buf);
  H5Tclose(type);
  H5Dclose(ds);
  return st;
}

/* The KPM moments of a task group (-inm_kpm_moments), if any, as the mean of the three shear
 * channels' (the measure of the mean Gamma: moments are linear in it), and the density of
 * states'. */
static PetscErrorCode ReadKPM(hid_t g, VTask *t, const char **what)
{
  InmModes *m;

  PetscFunctionBegin;
  PetscCall(InmModesCreate(t->N, 0, &m));
  if (InmModesReadKPM(g, 3 * t->N, m) < 0) *what = "kpm/ (shear_moments [3][M], dos_moments, bounds) of a task";
  else if (m->kpm_shear[0].nmom) {
    PetscCall(InmKPMMean(3, m->kpm_shear, &t->kpm));
    t->dos         = m->kpm_dos; /* taken over */
    m->kpm_dos.mu  = NULL;
  }
  PetscCall(InmModesDestroy(&m));
  PetscFunctionReturn(0);
}

/* One file's tasks appended to v->tasks; *what names the first missing or malformed part. */
static PetscErrorCode ReadFile(InmViscosity v, PetscInt f, const char path[], const char **what)
{
  hid_t     file, tab;
  char      units[16] = "", model[64] = "", modes[256] = "";
  hssize_t  n;
  PetscInt *N = NULL, *nm = NULL, *frame = NULL, coverage;
  PetscReal *T = NULL, *V = NULL, *mb = NULL;
  char     (*src)[PETSC_MAX_PATH_LEN] = NULL;
  VTask    *more;

  PetscFunctionBegin;
  *what = NULL;
  PetscCall(InmH5OpenRead(path, &file));
  if (InmH5ReadAttrString(file, "units", units, sizeof(units)) < 0 || InmH5ReadAttrString(file, "modes", modes, sizeof(modes)) < 0 || (tab = H5Gopen2(file, "modes/tasks", H5P_DEFAULT)) < 0) {
    H5Fclose(file);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: not a modes campaign results file (no /modes/tasks or no units and modes attributes); make one with inmvisc modes -input A,B,... or -input_list", path);
  }
  (void)InmH5ReadAttrString(file, "model", model, sizeof(model));
  if (strstr(modes, "all 3N")) coverage = 0;
  else if (strstr(modes, "unstable branch")) coverage = 1;
  else if (strstr(modes, "-inm_nev lowest")) coverage = 2;
  else if (strstr(modes, "no modes")) coverage = 3; /* -inm_solver kpm: the moments only */
  else {
    H5Gclose(tab);
    H5Fclose(file);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: cannot tell which modes the file holds (attribute modes: '%s')", path, modes);
  }
  if (f == 0) {
    PetscCall(PetscStrncpy(v->units, units, sizeof(v->units)));
    PetscCall(PetscStrncpy(v->model, model, sizeof(v->model)));
  } else {
    PetscCheck(!strcmp(units, v->units) && !strcmp(model, v->model), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: model %s in %s units, but %s is model %s in %s units: one analysis needs one model", path, model, units, v->modes_files[0], v->model, v->units);
  }
  n = InmH5DatasetLength(tab, "N");
  if (n <= 0) *what = "/modes/tasks/N";
  else {
    PetscCall(PetscMalloc6(n, &N, n, &nm, n, &frame, n, &T, n, &V, n, &mb));
    PetscCall(PetscMalloc1(n, &src));
    if (ReadInts(tab, "N", n, N) < 0) *what = "/modes/tasks/N";
    else if (ReadInts(tab, "nmodes", n, nm) < 0) *what = "/modes/tasks/nmodes";
    else if (ReadInts(tab, "frame", n, frame) < 0) *what = "/modes/tasks/frame";
    else if (ReadReals(tab, "temperature_nominal", n, T) < 0) *what = "/modes/tasks/temperature_nominal";
    else if (ReadReals(tab, "volume", n, V) < 0) *what = "/modes/tasks/volume";
    else if (ReadReals(tab, "mass_mean", n, mb) < 0) *what = "/modes/tasks/mass_mean (files of inmvisc before 2026-12: run modes again)";
    else if (ReadStrings(tab, "source", n, src) < 0) *what = "/modes/tasks/source";
  }
  H5Gclose(tab);
  if (!*what) {
    PetscCall(PetscMalloc1(v->ntasks + n, &more));
    if (v->ntasks) PetscCall(PetscArraycpy(more, v->tasks, v->ntasks));
    PetscCall(PetscFree(v->tasks));
    v->tasks = more;
    for (hssize_t k = 0; k < n && !*what; k++) {
      VTask *t = &v->tasks[v->ntasks];
      char   name[48];
      hid_t  g;
      PetscReal *gam[3];
      PetscCall(PetscMemzero(t, sizeof(*t)));
      PetscCall(PetscStrncpy(t->source, src[k], sizeof(t->source)));
      t->N = N[k]; t->nmodes = nm[k]; t->frame = frame[k]; t->T = T[k]; t->volume = V[k]; t->mass_mean = mb[k];
      PetscCheck(t->T > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: task %d (%s) has no nominal temperature: give one per line of the task list ('path frame T')", path, (int)k, t->source);
      PetscCheck(t->mass_mean > 0 && t->volume > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: task %d (%s): volume %g and mean mass %g must be positive", path, (int)k, t->source, (double)t->volume, (double)t->mass_mean);
      PetscCall(PetscSNPrintf(name, sizeof(name), "modes/task_%06d", (int)k));
      g = H5Gopen2(file, name, H5P_DEFAULT);
      if (g < 0) {
        *what = "a /modes/task_NNNNNN group";
        break;
      }
      PetscCall(PetscMalloc4(t->nmodes, &t->lambda, t->nmodes, &t->omega, t->nmodes, &t->P, t->nmodes, &t->gamma));
      PetscCall(PetscMalloc3(t->nmodes, &gam[0], t->nmodes, &gam[1], t->nmodes, &gam[2]));
      v->ntasks++; /* owns its arrays from here */
      if (ReadReals(g, "lambda", t->nmodes, t->lambda) < 0) *what = "lambda of a task";
      else if (ReadReals(g, "omega", t->nmodes, t->omega) < 0) *what = "omega of a task";
      else if (ReadReals(g, "participation", t->nmodes, t->P) < 0) *what = "participation of a task";
      else if (ReadReals(g, "gamma_xy", t->nmodes, gam[0]) < 0 || ReadReals(g, "gamma_xz", t->nmodes, gam[1]) < 0 || ReadReals(g, "gamma_yz", t->nmodes, gam[2]) < 0) *what = "gamma_xy, gamma_xz, gamma_yz of a task";
      else PetscCall(ReadKPM(g, t, what));
      H5Gclose(g);
      if (!*what) {
        PetscReal lmax = 0;
        for (PetscInt p = 0; p < t->nmodes; p++) {
          t->gamma[p] = (gam[0][p] + gam[1][p] + gam[2][p]) / 3.0; /* isotropy: the three shear channels are one (SPEC §4) */
          lmax        = PetscMax(lmax, PetscAbsReal(t->lambda[p]));
        }
        t->zero     = 1e-9 * lmax; /* the zero-mode rule of `modes` (-inm_zero_tol default) */
        t->cover_hi = coverage == 0 ? PETSC_INFINITY : coverage == 1 ? 0.0 : coverage == 3 || !t->nmodes ? -PETSC_INFINITY : t->omega[t->nmodes - 1];
      }
      PetscCall(PetscFree3(gam[0], gam[1], gam[2]));
    }
  }
  H5Fclose(file);
  PetscCall(PetscFree6(N, nm, frame, T, V, mb));
  PetscCall(PetscFree(src));
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityReadModes(InmViscosity v)
{
  PetscFunctionBegin;
  for (PetscInt f = 0; f < v->nmodes_files; f++) {
    const char *what;
    PetscCall(ReadFile(v, f, v->modes_files[f], &what));
    PetscCheck(!what, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no %s, or of the wrong size", v->modes_files[f], what);
  }
  PetscCall(InmUnitsGet(v->units, &v->u));
  /* ensembles: distinct (T, N), sorted by T then N */
  PetscCall(PetscCalloc1(v->ntasks, &v->ens));
  for (PetscInt k = 0; k < v->ntasks; k++) {
    VTask   *t = &v->tasks[k];
    PetscInt e;
    for (e = 0; e < v->nens; e++)
      if (v->ens[e].N == t->N && PetscAbsReal(v->ens[e].T - t->T) <= 1e-9 * t->T) break;
    if (e == v->nens) {
      v->ens[e].T = t->T;
      v->ens[e].N = t->N;
      v->nens++;
    }
    v->ens[e].ntasks++;
  }
  for (PetscInt a = 0; a < v->nens; a++) /* insertion sort: few ensembles */
    for (PetscInt b = a; b > 0 && (v->ens[b].T < v->ens[b - 1].T || (v->ens[b].T == v->ens[b - 1].T && v->ens[b].N < v->ens[b - 1].N)); b--) {
      VEnsemble x    = v->ens[b];
      v->ens[b]      = v->ens[b - 1];
      v->ens[b - 1]  = x;
    }
  for (PetscInt e = 0; e < v->nens; e++) {
    VEnsemble *E = &v->ens[e];
    PetscCall(PetscMalloc1(E->ntasks, &E->task));
    E->ntasks = 0;
    for (PetscInt k = 0; k < v->ntasks; k++)
      if (v->tasks[k].N == E->N && PetscAbsReal(E->T - v->tasks[k].T) <= 1e-9 * E->T) {
        v->tasks[k].ens          = e;
        E->task[E->ntasks++]     = k;
        E->volume += v->tasks[k].volume;
        E->mass_mean += v->tasks[k].mass_mean;
      }
    E->volume /= E->ntasks;
    E->mass_mean /= E->ntasks;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityReadTypicalEdge(InmViscosity v, VEnsemble *E)
{
  PetscFunctionBegin;
  for (PetscInt f = 0; f < v->nmodes_files; f++) {
    const char *path = v->modes_files[f];
    hid_t       file, ens;
    hsize_t     n;
    PetscInt   *N;
    PetscReal  *T, *wc;
    herr_t      st = 0;
    PetscInt    hit = -1;
    PetscCall(InmH5OpenRead(path, &file));
    ens = H5Lexists(file, "modes/ensembles", H5P_DEFAULT) > 0 ? H5Gopen2(file, "modes/ensembles", H5P_DEFAULT) : -1;
    if (ens < 0 || H5Lexists(ens, "omega_c_typical", H5P_DEFAULT) <= 0) {
      if (ens >= 0) H5Gclose(ens);
      H5Fclose(file);
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/modes/ensembles/omega_c_typical: missing (-omega_c_typical needs a modes campaign with -inm_kpm_sites K)", path);
    }
    {
      hid_t ds = H5Dopen2(ens, "N", H5P_DEFAULT), sp = H5Dget_space(ds);
      n = (hsize_t)H5Sget_simple_extent_npoints(sp);
      H5Sclose(sp);
      H5Dclose(ds);
    }
    PetscCall(PetscMalloc3(n, &N, n, &T, n, &wc));
    st |= ReadInts(ens, "N", n, N) < 0;
    st |= ReadReals(ens, "temperature_nominal", n, T) < 0;
    st |= ReadReals(ens, "omega_c_typical", n, wc) < 0;
    H5Gclose(ens);
    H5Fclose(file);
    for (hsize_t k = 0; !st && k < n; k++)
      if (N[k] == E->N && PetscAbsReal(T[k] - E->T) <= 1e-9 * E->T) hit = (PetscInt)k;
    if (hit >= 0) E->omega_c = wc[hit];
    PetscCall(PetscFree3(N, T, wc));
    PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s:/modes/ensembles: cannot read N, temperature_nominal and omega_c_typical", path);
    if (hit < 0) continue;
    PetscCheck(E->omega_c > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: T = %g, N = %" PetscInt_FMT ": the typical density of states has no edge (its exponent never falls below -1/2); give -omega_c or -P_c", path, (double)E->T, E->N);
    PetscFunctionReturn(0);
  }
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: no ensemble T = %g, N = %" PetscInt_FMT " in /modes/ensembles for -omega_c_typical", v->modes_files[0], (double)E->T, E->N);
}
