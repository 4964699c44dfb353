/* Reader of the per-snapshot modes files of modes_write.c (used to resume campaigns and to
 * gather their tasks into the results file). Runs on the calling rank only. */
#include <inmvisc/modes.h>
#include <inmvisc/h5util.h>
#include <math.h>

static const char *const GammaNames[INM_NCHANNEL] = {"gamma_xy", "gamma_xz", "gamma_yz", "gamma_bulk"};

static herr_t ReadDataset(hid_t file, const char *name, PetscReal *data)
{
  hid_t  ds = H5Dopen2(file, name, H5P_DEFAULT);
  herr_t st = ds < 0 ? -1 : H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  if (ds >= 0) H5Dclose(ds);
  return st;
}

/* The shapes of kpm/shear_moments [3][M], kpm/dos_moments [R][Md] and, if there, of
 * kpm/site_moments [K][Ms] (else 0, 0) (g: the group). */
static herr_t KPMShape(hid_t g, hsize_t dims[3][2])
{
  static const char *const names[3] = {"shear_moments", "dos_moments", "site_moments"};
  herr_t                   st       = 0;
  dims[2][0] = dims[2][1] = 0;
  for (int k = 0; k < 3 && !st; k++) {
    hid_t ds, sp;
    if (k == 2 && H5Lexists(g, names[k], H5P_DEFAULT) <= 0) break;
    ds = H5Dopen2(g, names[k], H5P_DEFAULT);
    sp = ds < 0 ? -1 : H5Dget_space(ds);
    if (sp < 0 || H5Sget_simple_extent_ndims(sp) != 2 || H5Sget_simple_extent_dims(sp, dims[k], NULL) < 0) st = -1;
    if (sp >= 0) H5Sclose(sp);
    if (ds >= 0) H5Dclose(ds);
  }
  if (!st && (dims[0][0] != 3 || dims[0][1] < 4 || dims[1][0] < 2 || dims[1][1] < 4 || (dims[2][0] && (dims[2][0] < 2 || dims[2][1] < 4)))) st = -1;
  return st;
}

herr_t InmModesReadKPM(hid_t loc, PetscInt n, InmModes *m)
{
  hid_t     g;
  hsize_t   dims[3][2];
  PetscReal bounds[2], *shear = NULL;
  herr_t    st = 0;

  if (H5Lexists(loc, "kpm", H5P_DEFAULT) <= 0) return 0; /* none: the modes alone */
  if ((g = H5Gopen2(loc, "kpm", H5P_DEFAULT)) < 0) return -1;
  st = KPMShape(g, dims);
  if (!st) st = ReadDataset(g, "bounds", bounds) < 0 || !(bounds[1] > bounds[0]) ? -1 : 0;
  if (!st) {
    InmChebyshevMoments *all[5] = {&m->kpm_shear[0], &m->kpm_shear[1], &m->kpm_shear[2], &m->kpm_dos, &m->kpm_sites};
    for (int c = 0; c < (dims[2][0] ? 5 : 4); c++) {
      const int d       = c < 3 ? 0 : c - 2; /* the dataset */
      all[c]->n         = n;
      all[c]->nmom      = (PetscInt)dims[d][1];
      all[c]->nvec      = c < 3 ? 1 : (PetscInt)dims[d][0];
      all[c]->center    = 0.5 * (bounds[0] + bounds[1]);
      all[c]->halfwidth = 0.5 * (bounds[1] - bounds[0]);
      if (PetscMalloc1(all[c]->nmom * all[c]->nvec, &all[c]->mu)) st = -1;
    }
    if (!st && PetscMalloc1(3 * dims[0][1], &shear)) st = -1;
    if (!st && (ReadDataset(g, "shear_moments", shear) < 0 || ReadDataset(g, "dos_moments", m->kpm_dos.mu) < 0)) st = -1;
    if (!st && dims[2][0] && ReadDataset(g, "site_moments", m->kpm_sites.mu) < 0) st = -1;
    for (int c = 0; c < 3 && !st; c++) PetscArraycpy(m->kpm_shear[c].mu, shear + c * dims[0][1], dims[0][1]);
    PetscFree(shear);
  }
  H5Gclose(g);
  return st;
}

PetscErrorCode InmModesRead(const char path[], InmModesInfo *info, InmModes **modes)
{
  hid_t       file;
  int         N = -1;
  hssize_t    nm;
  const char *missing = NULL;
  InmModes   *m = NULL;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(info, sizeof(*info)));
  PetscCall(InmH5OpenRead(path, &file));
  info->temperature = (PetscReal)NAN;
  info->mass_mean   = (PetscReal)NAN;
  if (InmH5ReadAttrNumber(file, "N", H5T_NATIVE_INT, &N) < 0 || N <= 0) missing = "attribute N";
  else if (InmH5ReadAttrNumber(file, "volume", H5T_NATIVE_DOUBLE, &info->volume) < 0) missing = "attribute volume";
  else if (InmH5ReadAttrString(file, "units", info->units, sizeof(info->units)) < 0) missing = "attribute units";
  else if ((nm = InmH5DatasetLength(file, "lambda")) < 0) missing = "dataset lambda";
  else {
    info->natoms = N;
    info->nmodes = (PetscInt)nm;
    if ((nm = InmH5DatasetLength(file, "vector_index")) > 0) info->nvec = (PetscInt)nm;
    if (H5Lexists(file, "kpm", H5P_DEFAULT) > 0) { /* the moments' shapes */
      hid_t   g = H5Gopen2(file, "kpm", H5P_DEFAULT);
      hsize_t dims[3][2];
      if (g < 0 || KPMShape(g, dims) < 0) missing = "group kpm of the right shape";
      else {
        info->kpm_shape[0] = (PetscInt)dims[0][1];
        info->kpm_shape[1] = (PetscInt)dims[1][0];
        info->kpm_shape[2] = (PetscInt)dims[1][1];
        info->kpm_shape[3] = (PetscInt)dims[2][0];
        info->kpm_shape[4] = (PetscInt)dims[2][1];
      }
      if (g >= 0) H5Gclose(g);
    }
    (void)InmH5ReadAttrNumber(file, "temperature", H5T_NATIVE_DOUBLE, &info->temperature);
    (void)InmH5ReadAttrNumber(file, "mass_mean", H5T_NATIVE_DOUBLE, &info->mass_mean);
    (void)InmH5ReadAttrString(file, "campaign_id", info->campaign, sizeof(info->campaign));
    (void)InmH5ReadAttrString(file, "source", info->source, sizeof(info->source));
    if (modes && !missing && !InmModesCreate(N, info->nmodes, &m)) {
      if (ReadDataset(file, "lambda", m->lambda) < 0) missing = "dataset lambda";
      else if (ReadDataset(file, "omega", m->omega) < 0) missing = "dataset omega";
      else if (ReadDataset(file, "participation", m->participation) < 0) missing = "dataset participation";
      for (PetscInt c = 0; c < INM_NCHANNEL && !missing; c++)
        if (ReadDataset(file, GammaNames[c], m->gamma[c]) < 0) missing = GammaNames[c];
      if (!missing && info->nvec > 0) { /* kept eigenvectors */
        hid_t ds = -1;
        m->nvec = info->nvec;
        if (PetscCalloc2(m->nvec, &m->vec_index, (size_t)m->nvec * 3 * N, &m->vectors)) missing = "memory for the eigenvectors";
        else if (ReadDataset(file, "vectors", m->vectors) < 0) missing = "dataset vectors";
        else if ((ds = H5Dopen2(file, "vector_index", H5P_DEFAULT)) < 0 || H5Dread(ds, INM_H5T_PETSCINT, H5S_ALL, H5S_ALL, H5P_DEFAULT, m->vec_index) < 0) missing = "dataset vector_index";
        if (ds >= 0) H5Dclose(ds);
      }
      if (!missing && InmModesReadKPM(file, 3 * N, m) < 0) missing = "group kpm of the right shape";
    }
  }
  H5Fclose(file);
  if (missing || (modes && !m)) PetscCall(InmModesDestroy(&m));
  PetscCheck(!missing, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: not a modes file of inmvisc (no %s, or of the wrong shape)", path, missing);
  PetscCheck(!modes || m, PETSC_COMM_SELF, PETSC_ERR_MEM, "%s: cannot allocate the modes of %d atoms", path, N);
  if (modes) *modes = m;
  PetscFunctionReturn(0);
}
