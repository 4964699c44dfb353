/* Per-snapshot modes file (SPEC §2, §6): HDF5, one 1-D dataset of length nmodes per
 * per-mode quantity (lambda, omega, omega_thz for metal units, participation, gamma_xy,
 * gamma_xz, gamma_yz, gamma_bulk), each with a `units` attribute; N, volume, temperature
 * (when the snapshot has velocities), units, source, the version and a note on which
 * modes are held as root attributes. The modes are replicated on every rank, so rank 0
 * writes the whole (small) file serially to PATH.partial and renames it when complete;
 * a failure removes the .partial and leaves nothing at PATH (SPEC §13). */
#include <inmvisc/modes.h>
#include <inmvisc/h5util.h>

/* A 1-D double dataset with its units attribute; negative on failure. */
static herr_t Dataset(hid_t file, const char *name, hsize_t n, const PetscReal *data, const char *units)
{
  herr_t st = InmH5Write(file, name, H5T_NATIVE_DOUBLE, 1, &n, data);
  hid_t  ds = st < 0 ? -1 : H5Dopen2(file, name, H5P_DEFAULT);
  st        = ds < 0 ? -1 : InmH5AttrString(ds, "units", units);
  if (ds >= 0 && H5Dclose(ds) < 0) st = -1;
  return st;
}

herr_t InmModesWriteVectors(hid_t loc, const InmModes *m)
{
  hsize_t dims[3] = {(hsize_t)m->nvec, (hsize_t)m->natoms, 3}, nv = (hsize_t)m->nvec;
  herr_t  st      = InmH5Write(loc, "vectors", H5T_NATIVE_DOUBLE, 3, dims, m->vectors);
  hid_t   ds;
  if (st >= 0) st = InmH5Write(loc, "vector_index", INM_H5T_PETSCINT, 1, &nv, m->vec_index);
  if (st >= 0 && (ds = H5Dopen2(loc, "vectors", H5P_DEFAULT)) >= 0) {
    st = InmH5AttrString(ds, "units", "1 (mass-weighted eigenvector: e_i of atom i at [k][i][:], |v| = 1, largest component positive; mode vector_index[k])");
    H5Dclose(ds);
  }
  return st;
}

herr_t InmModesWriteKPM(hid_t loc, const InmModes *m, const PetscInt shape[INM_KPM_SHAPE], PetscBool write)
{
  const hsize_t ds[2] = {3, (hsize_t)shape[0]}, dd[2] = {(hsize_t)shape[1], (hsize_t)shape[2]}, dl[2] = {(hsize_t)shape[3], (hsize_t)shape[4]}, two = 2;
  PetscReal    *shear = NULL, bounds[2] = {0, 0};
  hid_t         g;
  herr_t        st = 0;

  if (!shape[0]) return 0;
  if (write) {
    const InmChebyshevMoments *d = &m->kpm_dos;
    if (m->kpm_shear[0].nmom != shape[0] || d->nvec != shape[1] || d->nmom != shape[2] || m->kpm_sites.nvec != shape[3] || m->kpm_sites.nmom != shape[4] || PetscMalloc1(3 * ds[1], &shear)) return -1;
    for (int c = 0; c < 3; c++) PetscArraycpy(shear + c * ds[1], m->kpm_shear[c].mu, ds[1]);
    bounds[0] = d->center - d->halfwidth;
    bounds[1] = d->center + d->halfwidth;
  }
  g = H5Gcreate2(loc, "kpm", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) st = -1;
  else {
    st |= InmH5Put(g, "shear_moments", H5T_NATIVE_DOUBLE, 2, ds, shear, write, NULL) < 0;
    st |= InmH5Put(g, "dos_moments", H5T_NATIVE_DOUBLE, 2, dd, write ? m->kpm_dos.mu : NULL, write, NULL) < 0;
    st |= InmH5Put(g, "bounds", H5T_NATIVE_DOUBLE, 1, &two, bounds, write, NULL) < 0;
    if (shape[3]) st |= InmH5Put(g, "site_moments", H5T_NATIVE_DOUBLE, 2, dl, write ? m->kpm_sites.mu : NULL, write, NULL) < 0;
    st |= InmH5AttrString(g, "about", "Chebyshev moments mu_k = x^T T_k((D - c) / h) x, c +- h = bounds (lambda units): shear_moments[channel xy, xz, yz][k] from x = Xi~ (Gamma units), dos_moments[vector][k] from random +-1 vectors (mu_0 = 3N), site_moments[atom][k] local densities of random atoms (its three rows; mu_0 = 3); Jackson kernel, src/eigen/kpm.c") < 0;
    st |= H5Gclose(g) < 0;
  }
  PetscFree(shear);
  return st ? -1 : 0;
}

/* Rank 0's part, given the collective sums (the temperature T, if the configuration has
 * velocities, and the mean mass). Everything that can fail for reasons other than the file
 * (allocation) is done before the file is created, so no HDF5 handle is left open. */
static PetscErrorCode WriteRoot(const char path[], const char partial[], const InmConfig *cfg, PetscReal T, PetscReal mbar, const InmModes *m, const char campaign[])
{
  const char *names[INM_NCHANNEL] = {"gamma_xy", "gamma_xz", "gamma_yz", "gamma_bulk"};
  const InmUnits *u;
  hid_t       file;
  herr_t      st = 0;
  int         N     = (int)cfg->nglobal;
  PetscReal  *thz   = NULL;
  hsize_t     nm    = (hsize_t)m->nmodes;

  PetscFunctionBegin;
  PetscCheck(m->natoms == cfg->nglobal, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP, "%s: the modes are of %" PetscInt_FMT " atoms but the configuration %s has %" PetscInt_FMT, path, m->natoms, cfg->source[0] ? cfg->source : "(unnamed)", cfg->nglobal);
  PetscCall(InmUnitsGet(cfg->units, &u));
  if (u->has_thz) {
    PetscCall(PetscMalloc1(m->nmodes, &thz));
    for (PetscInt p = 0; p < m->nmodes; p++) thz[p] = m->omega[p] / (2 * PETSC_PI);
  }

  file = InmH5CreateOutput(partial, INM_OUTPUT_MODES, H5P_DEFAULT);
  if (file >= 0) {
    st |= InmH5AttrNumber(file, "N", H5T_NATIVE_INT, &N) < 0;
    st |= InmH5AttrNumber(file, "volume", H5T_NATIVE_DOUBLE, &cfg->box.volume) < 0;
    st |= InmH5AttrNumber(file, "mass_mean", H5T_NATIVE_DOUBLE, &mbar) < 0;
    if (cfg->v) st |= InmH5AttrNumber(file, "temperature", H5T_NATIVE_DOUBLE, &T) < 0;
    st |= InmH5AttrString(file, "units", cfg->units[0] ? cfg->units : "unknown") < 0;
    st |= InmH5AttrString(file, "source", cfg->source[0] ? cfg->source : "unknown") < 0;
    st |= InmH5AttrString(file, "inmvisc_version", INMVISC_VERSION) < 0;
    if (campaign) st |= InmH5AttrString(file, "campaign_id", campaign) < 0;
    if (m->unstable_count >= 0) {
      int nu = (int)m->unstable_count;
      st |= InmH5AttrNumber(file, "unstable_count", H5T_NATIVE_INT, &nu) < 0; /* Sylvester inertia at -delta */
    }
    if (!m->nmodes && m->kpm_shear[0].nmom) st |= InmH5AttrString(file, "modes", "no modes: the KPM moments only (-inm_solver kpm), group kpm") < 0;
    else if (m->nmodes == 3 * m->natoms) st |= InmH5AttrString(file, "modes", "all 3N modes in ascending lambda, the three zero modes included; spectra are normalised by 3N-3") < 0;
    else st |= InmH5AttrString(file, "modes", "a part of the spectrum only, ascending lambda (the unstable branch from -inm_solver slepc, or the lowest -inm_nev modes)") < 0;
    st |= Dataset(file, "lambda", nm, m->lambda, u->lambda) < 0;
    st |= Dataset(file, "omega", nm, m->omega, u->omega) < 0;
    if (u->has_thz) st |= Dataset(file, "omega_thz", nm, thz, "THz") < 0;
    st |= Dataset(file, "participation", nm, m->participation, "1") < 0;
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) st |= Dataset(file, names[c], nm, m->gamma[c], u->gamma) < 0;
    if (m->nvec) st |= InmModesWriteVectors(file, m) < 0;
    {
      const PetscInt shape[INM_KPM_SHAPE] = {m->kpm_shear[0].nmom, m->kpm_dos.nvec, m->kpm_dos.nmom, m->kpm_sites.nvec, m->kpm_sites.nmom};
      st |= InmModesWriteKPM(file, m, shape, PETSC_TRUE) < 0;
    }
    st |= H5Fclose(file) < 0;
  }
  PetscCall(PetscFree(thz));
  PetscCheck(file >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create the HDF5 file %s (does the directory exist and is it writable?)", path, partial);
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing the modes failed (disk full or file system error)", path);
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesWrite(MPI_Comm comm, const char path[], const InmConfig *cfg, const InmModes *modes)
{
  PetscFunctionBegin;
  PetscCall(InmModesWriteTagged(comm, path, cfg, modes, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesWriteTagged(MPI_Comm comm, const char path[], const InmConfig *cfg, const InmModes *modes, const char campaign[])
{
  char           partial[PETSC_MAX_PATH_LEN];
  PetscMPIInt    rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.write, 0, 0, 0, 0));
  PetscCall(InmPartialPath(path, partial, sizeof(partial)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  {
    PetscReal T = 0, mbar; /* collective on a distributed configuration */
    if (cfg->v) PetscCall(InmConfigTemperature(cfg, &T));
    PetscCall(InmConfigMeanMass(cfg, &mbar)); /* the m of nu = vtilde(0)/m in Eq. (1) (SPEC §9) */
    if (rank == 0) ierr = WriteRoot(path, partial, cfg, T, mbar, modes, campaign);
  }
  if (rank == 0 && ierr) (void)InmDiscardFile(PETSC_COMM_SELF, path);
  ierr = InmCheckCollective(comm, 0, ierr); /* rank 0 reported it; the others return silently */
  if (!ierr) {
    ierr = InmCommitFile(comm, path);
    if (ierr) (void)InmDiscardFile(comm, path);
  }
  (void)PetscLogEventEnd(INM_EVENTS.write, 0, 0, 0, 0);
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
