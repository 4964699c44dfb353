/* Per-snapshot modes file (SPEC §6, issue #2): HDF5, one 1-D dataset per per-mode quantity,
 * each with a `units` attribute; N, volume, temperature, units, source and the version as
 * root attributes. Rank 0 writes PATH.partial and renames it when complete, so a failure
 * never leaves a file at PATH (SPEC §13). */
#include <inmvisc/modes.h>
#include <inmvisc/h5util.h>

static herr_t Dataset(hid_t file, const char *name, hsize_t n, const PetscReal *data, const char *units)
{
  herr_t st = InmH5Write(file, name, H5T_NATIVE_DOUBLE, 1, &n, data);
  hid_t  ds = st < 0 ? -1 : H5Dopen2(file, name, H5P_DEFAULT);
  st        = ds < 0 ? -1 : InmH5AttrString(ds, "units", units);
  if (ds >= 0) H5Dclose(ds);
  return st;
}

/* Units of lambda, omega, gamma in a LAMMPS units style. */
static PetscErrorCode ModeUnits(const char style[], const char **lam, const char **om, const char **gam)
{
  PetscBool metal;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(style, "metal", &metal));
  *lam = metal ? "ps^-2" : "tau^-2";
  *om  = metal ? "rad/ps" : "rad/tau";
  *gam = metal ? "eV^2/(A^2 amu)" : "epsilon^2/(sigma^2 m)";
  PetscFunctionReturn(0);
}

/* Rank 0's part; returns a message on failure. */
static PetscErrorCode WriteRoot(const char path[], const char partial[], const InmConfig *cfg, const InmModes *m)
{
  const char *ul = NULL, *uo = NULL, *ug = NULL, *names[INM_NCHANNEL] = {"gamma_xy", "gamma_xz", "gamma_yz", "gamma_bulk"};
  hid_t       file;
  herr_t      st = 0;
  int         N  = (int)cfg->n;
  PetscBool   metal;
  PetscReal   T;

  PetscFunctionBegin;
  PetscCall(ModeUnits(cfg->units, &ul, &uo, &ug));
  PetscCall(PetscStrcmp(cfg->units, "metal", &metal));
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  file = H5Fcreate(partial, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  PetscCheck(file >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create the HDF5 file", partial);
  st |= InmH5AttrNumber(file, "N", H5T_NATIVE_INT, &N) < 0;
  st |= InmH5AttrNumber(file, "volume", H5T_NATIVE_DOUBLE, &cfg->box.volume) < 0;
  if (cfg->v) {
    PetscCall(InmConfigTemperature(cfg, &T));
    st |= InmH5AttrNumber(file, "temperature", H5T_NATIVE_DOUBLE, &T) < 0;
  }
  st |= InmH5AttrString(file, "units", cfg->units[0] ? cfg->units : "unknown") < 0;
  st |= InmH5AttrString(file, "source", cfg->source[0] ? cfg->source : "unknown") < 0;
  st |= InmH5AttrString(file, "inmvisc_version", INMVISC_VERSION) < 0;
  if (m->nmodes == 3 * m->natoms) st |= InmH5AttrString(file, "modes", "all 3N modes in ascending lambda, the three zero modes included; spectra are normalised by 3N-3") < 0;
  else st |= InmH5AttrString(file, "modes", "a part of the spectrum only, ascending lambda (the unstable branch from -inm_solver slepc, or the lowest -inm_nev modes)") < 0;
  st |= Dataset(file, "lambda", (hsize_t)m->nmodes, m->lambda, ul) < 0;
  st |= Dataset(file, "omega", (hsize_t)m->nmodes, m->omega, uo) < 0;
  st |= Dataset(file, "participation", (hsize_t)m->nmodes, m->participation, "1") < 0;
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) st |= Dataset(file, names[c], (hsize_t)m->nmodes, m->gamma[c], ug) < 0;
  if (metal) {
    PetscReal *thz;
    PetscCall(PetscMalloc1(m->nmodes, &thz));
    for (PetscInt p = 0; p < m->nmodes; p++) thz[p] = m->omega[p] / (2 * PETSC_PI);
    st |= Dataset(file, "omega_thz", (hsize_t)m->nmodes, thz, "THz") < 0;
    PetscCall(PetscFree(thz));
  }
  st |= H5Fclose(file) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing the modes failed (disk full or file system error)", path);
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesWrite(MPI_Comm comm, const char path[], const InmConfig *cfg, const InmModes *modes)
{
  char           partial[PETSC_MAX_PATH_LEN];
  PetscMPIInt    rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.write, 0, 0, 0, 0));
  PetscCall(InmPartialPath(path, partial, sizeof(partial)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) ierr = WriteRoot(path, partial, cfg, modes);
  if (ierr) PetscCall(InmDiscardFile(PETSC_COMM_SELF, path));
  PetscCall(InmCheckCollective(comm, 0, ierr));
  PetscCall(InmCommitFile(comm, path));
  PetscCall(PetscLogEventEnd(INM_EVENTS.write, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
