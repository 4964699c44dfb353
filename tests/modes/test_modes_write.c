/* The modes file, read back with the HDF5 API (any rank count; rank 0 reads):
 *  - metal units with velocities: every dataset (lambda, omega, omega_thz, participation,
 *    gamma_xy/xz/yz/bulk) has nmodes values identical to what was written and its units
 *    attribute; root attributes N, volume, temperature, units, source, inmvisc_version, modes;
 *  - lj units without velocities: lj unit strings, no temperature, no omega_thz;
 *  - failures leave nothing behind and never damage an existing file: a missing directory
 *    (creation fails), modes of another configuration (refused before writing), and a
 *    target that cannot be replaced (a directory: the complete .partial is discarded). */
#include "testlib.h"
#include <hdf5.h>
#include <sys/stat.h>
#include <unistd.h>

static PetscBool ReadString(hid_t obj, const char *name, char *buf, size_t len)
{
  hid_t   a, t;
  size_t  sz;
  herr_t  st;
  buf[0] = '\0';
  if (H5Aexists(obj, name) <= 0) return PETSC_FALSE;
  a  = H5Aopen(obj, name, H5P_DEFAULT);
  t  = H5Aget_type(a);
  sz = H5Tget_size(t);
  if (H5Tget_class(t) != H5T_STRING || sz + 1 > len) {
    H5Tclose(t);
    H5Aclose(a);
    return PETSC_FALSE;
  }
  st      = H5Aread(a, t, buf);
  buf[sz] = '\0';
  H5Tclose(t);
  H5Aclose(a);
  return st >= 0 ? PETSC_TRUE : PETSC_FALSE;
}

static PetscBool ReadNumber(hid_t obj, const char *name, hid_t type, void *value)
{
  hid_t  a;
  herr_t st;
  if (H5Aexists(obj, name) <= 0) return PETSC_FALSE;
  a  = H5Aopen(obj, name, H5P_DEFAULT);
  st = H5Aread(a, type, value);
  H5Aclose(a);
  return st >= 0 ? PETSC_TRUE : PETSC_FALSE;
}

/* Dataset `name`: 1-D of n doubles equal to expect[] (bitwise), with units attribute `units`. */
static void CheckDataset(hid_t f, const char *tag, const char *name, PetscInt n, const PetscReal *expect, const char *units)
{
  char      u[128];
  hid_t     ds, sp;
  hsize_t   dims[2] = {0, 0};
  int       rank    = -1;
  PetscReal buf[256];
  PetscBool ok;

  if (H5Lexists(f, name, H5P_DEFAULT) <= 0) {
    INM_TEST(PETSC_FALSE, "%s: dataset %s present", tag, name);
    return;
  }
  ds   = H5Dopen2(f, name, H5P_DEFAULT);
  sp   = H5Dget_space(ds);
  rank = H5Sget_simple_extent_ndims(sp);
  H5Sget_simple_extent_dims(sp, dims, NULL);
  ok = (PetscBool)(rank == 1 && dims[0] == (hsize_t)n && n <= 256 && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
  if (ok) ok = (PetscBool)(InmMaxRelDiff(n, buf, expect) == 0);
  INM_TEST(ok, "%s: dataset %s is 1-D of %d values read back identical", tag, name, (int)dims[0]);
  INM_TEST(ReadString(ds, "units", u, sizeof(u)) && !strcmp(u, units), "%s: %s units \"%s\" (expected \"%s\")", tag, name, u, units);
  H5Sclose(sp);
  H5Dclose(ds);
}

static PetscErrorCode FillModes(PetscInt natoms, PetscInt nmodes, InmModes **out)
{
  InmModes *m;

  PetscFunctionBegin;
  PetscCall(InmModesCreate(natoms, nmodes, &m));
  for (PetscInt p = 0; p < m->nmodes; p++) {
    m->lambda[p]        = 0.37 * p - 10.0;
    m->omega[p]         = m->lambda[p] < 0 ? -PetscSqrtReal(-m->lambda[p]) : PetscSqrtReal(m->lambda[p]);
    m->participation[p] = 1.0 / (p + 1);
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) m->gamma[ch][p] = ch + 0.5 * p + 1e-3 * p * p;
  }
  *out = m;
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  InmConfig     *c, *clj;
  InmModes      *m, *mlj, *mwrong;
  char           path[64], pathlj[64], dirpath[64], partial[80], keep[80]; /* per rank count: ctest -j safe */
  const char    *gnames[INM_NCHANNEL] = {"gamma_xy", "gamma_xz", "gamma_yz", "gamma_bulk"};
  PetscErrorCode ierr;
  PetscMPIInt    rank;
  const char    *msg;
  PetscReal      thz[256];

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  {
    PetscMPIInt size;
    PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
    PetscCall(PetscSNPrintf(path, sizeof(path), "modes_write_np%d.h5", (int)size));
    PetscCall(PetscSNPrintf(pathlj, sizeof(pathlj), "modes_write_lj_np%d.h5", (int)size));
    PetscCall(PetscSNPrintf(dirpath, sizeof(dirpath), "modes_write_dir_np%d", (int)size));
    PetscCall(PetscSNPrintf(partial, sizeof(partial), "%s.partial", path));
    PetscCall(PetscSNPrintf(keep, sizeof(keep), "%s/keep", dirpath));
  }

  /* metal units, with velocities */
  PetscCall(InmTestFCC(2, 1.6, 0.0, 0.0, 0.0, 1u, &c));
  PetscCall(PetscStrncpy(c->units, "metal", sizeof(c->units)));
  PetscCall(PetscStrncpy(c->source, "fcc_test.dump", sizeof(c->source)));
  PetscCall(PetscMalloc1(3 * c->n, &c->v));
  for (PetscInt k = 0; k < 3 * c->n; k++) c->v[k] = (k % 5) - 2.0;
  PetscCall(FillModes(c->n, 3 * c->n, &m));
  for (PetscInt p = 0; p < m->nmodes; p++) thz[p] = m->omega[p] / (2 * PETSC_PI);
  PetscCall(InmModesWrite(PETSC_COMM_WORLD, path, c, m));
  if (rank == 0) {
    hid_t     f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    PetscReal vol = 0, T = -1, Texp;
    int       N   = 0;
    char      s[PETSC_MAX_PATH_LEN];

    INM_TEST(f >= 0, "%s opens", path);
    CheckDataset(f, "metal", "lambda", m->nmodes, m->lambda, "ps-2");
    CheckDataset(f, "metal", "omega", m->nmodes, m->omega, "rad ps-1");
    CheckDataset(f, "metal", "omega_thz", m->nmodes, thz, "THz");
    CheckDataset(f, "metal", "participation", m->nmodes, m->participation, "1");
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) CheckDataset(f, "metal", gnames[ch], m->nmodes, m->gamma[ch], "eV2 A-2 amu-1");
    PetscCall(InmConfigTemperature(c, &Texp));
    INM_TEST(ReadNumber(f, "N", H5T_NATIVE_INT, &N) && N == c->n, "attribute N = %d", N);
    INM_TEST(ReadNumber(f, "volume", H5T_NATIVE_DOUBLE, &vol) && vol == c->box.volume, "attribute volume = %g", (double)vol);
    INM_TEST(ReadNumber(f, "temperature", H5T_NATIVE_DOUBLE, &T) && T == Texp, "attribute temperature = %g (InmConfigTemperature %g)", (double)T, (double)Texp);
    INM_TEST(ReadString(f, "units", s, sizeof(s)) && !strcmp(s, "metal"), "attribute units = \"%s\"", s);
    INM_TEST(ReadString(f, "source", s, sizeof(s)) && !strcmp(s, "fcc_test.dump"), "attribute source = \"%s\"", s);
    INM_TEST(ReadString(f, "inmvisc_version", s, sizeof(s)) && !strcmp(s, INMVISC_VERSION), "attribute inmvisc_version = \"%s\"", s);
    INM_TEST(ReadString(f, "modes", s, sizeof(s)) && strstr(s, "all 3N modes"), "attribute modes = \"%s\"", s);
    H5Fclose(f);
    INM_TEST(access(partial, F_OK) != 0, "no .partial left after success");
  }

  /* lj units, no velocities, part of the spectrum */
  PetscCall(InmTestFCC(2, 1.6, 0.0, 0.0, 0.0, 1u, &clj));
  PetscCall(PetscStrncpy(clj->units, "lj", sizeof(clj->units)));
  PetscCall(FillModes(clj->n, 10, &mlj));
  PetscCall(InmModesWrite(PETSC_COMM_WORLD, pathlj, clj, mlj));
  if (rank == 0) {
    hid_t f = H5Fopen(pathlj, H5F_ACC_RDONLY, H5P_DEFAULT);
    char  s[PETSC_MAX_PATH_LEN];
    INM_TEST(f >= 0, "%s opens", pathlj);
    CheckDataset(f, "lj", "lambda", 10, mlj->lambda, "tau-2");
    CheckDataset(f, "lj", "omega", 10, mlj->omega, "rad tau-1");
    CheckDataset(f, "lj", "participation", 10, mlj->participation, "1");
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) CheckDataset(f, "lj", gnames[ch], 10, mlj->gamma[ch], "epsilon2 sigma-2 m-1");
    INM_TEST(H5Lexists(f, "omega_thz", H5P_DEFAULT) == 0 && H5Aexists(f, "temperature") == 0, "lj without velocities: no omega_thz, no temperature");
    INM_TEST(ReadString(f, "units", s, sizeof(s)) && !strcmp(s, "lj"), "attribute units = \"%s\"", s);
    INM_TEST(ReadString(f, "modes", s, sizeof(s)) && strstr(s, "a part of the spectrum"), "attribute modes = \"%s\"", s);
    H5Fclose(f);
  }

  /* a missing directory: creation fails, every rank returns an error, nothing is left */
  PetscCall(InmTestErrorBegin());
  ierr = InmModesWrite(PETSC_COMM_WORLD, "/no_such_dir/m.h5", c, m);
  msg  = InmTestErrorEnd(); /* raised and printed on rank 0 only */
  INM_TEST(ierr != 0 && (rank != 0 || (strstr(msg, "/no_such_dir/m.h5") && strstr(msg, "cannot create"))), "write into a missing directory fails on every rank, rank 0 naming the file: \"%s\"", msg);
  INM_TEST(access("/no_such_dir/m.h5", F_OK) != 0 && access("/no_such_dir/m.h5.partial", F_OK) != 0, "and leaves nothing behind");

  /* modes of another configuration: refused, and the existing file at PATH is untouched */
  PetscCall(FillModes(c->n + 1, 5, &mwrong));
  PetscCall(InmTestErrorBegin());
  ierr = InmModesWrite(PETSC_COMM_WORLD, path, c, mwrong);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr != 0 && (rank != 0 || strstr(msg, "modes are of 33 atoms but the configuration fcc_test.dump has 32")), "modes of 33 atoms with a 32-atom configuration refused: \"%s\"", msg);
  if (rank == 0) {
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    INM_TEST(f >= 0 && access(partial, F_OK) != 0, "the earlier %s is intact and no .partial is left", path);
    if (f >= 0) {
      CheckDataset(f, "after failure", "lambda", m->nmodes, m->lambda, "ps-2");
      H5Fclose(f);
    }
  }

  /* the final rename fails (PATH is a non-empty directory): the complete .partial is removed */
  if (rank == 0) {
    FILE *fp;
    (void)mkdir(dirpath, 0755);
    fp = fopen(keep, "w");
    if (fp) fclose(fp);
  }
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(InmTestErrorBegin());
  ierr = InmModesWrite(PETSC_COMM_WORLD, dirpath, c, m);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr != 0 && (rank != 0 || strstr(msg, dirpath)), "a target that cannot be replaced fails on every rank: \"%s\"", msg);
  if (rank == 0) {
    char dpartial[80];
    PetscCall(PetscSNPrintf(dpartial, sizeof(dpartial), "%s.partial", dirpath));
    INM_TEST(access(dpartial, F_OK) != 0 && access(keep, F_OK) == 0, "and the written .partial is discarded, the target untouched");
    (void)remove(keep);
    (void)rmdir(dirpath);
  }

  PetscCall(InmModesDestroy(&m));
  PetscCall(InmModesDestroy(&mlj));
  PetscCall(InmModesDestroy(&mwrong));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmConfigDestroy(&clj));
  return InmTestEnd();
}
