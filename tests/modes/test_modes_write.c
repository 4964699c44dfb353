/* The modes file: datasets, lengths, values and attributes read back with the HDF5 API
 * equal what was written; a write into a missing directory fails and leaves neither the
 * file nor its .partial. */
#include "testlib.h"
#include <hdf5.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  InmConfig     *c;
  InmModes      *m;
  const char    *path = "modes_write_test.h5", *names[] = {"lambda", "omega", "participation", "gamma_xy", "gamma_xz", "gamma_yz", "gamma_bulk", "omega_thz"};
  PetscErrorCode ierr;
  PetscMPIInt    rank;
  const char    *msg;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(InmTestFCC(2, 1.6, 0.0, 0.0, 0.0, 1u, &c));
  PetscCall(PetscStrncpy(c->units, "metal", sizeof(c->units)));
  PetscCall(PetscMalloc1(3 * c->n, &c->v));
  for (PetscInt k = 0; k < 3 * c->n; k++) c->v[k] = (k % 5) - 2.0;
  PetscCall(InmModesCreate(c->n, 3 * c->n, &m));
  for (PetscInt p = 0; p < m->nmodes; p++) {
    m->lambda[p]        = p - 10.0;
    m->omega[p]         = p < 10 ? -PetscSqrtReal(10.0 - p) : PetscSqrtReal(p - 10.0);
    m->participation[p] = 1.0 / (p + 1);
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) m->gamma[ch][p] = ch + 0.5 * p;
  }
  PetscCall(InmModesWrite(PETSC_COMM_WORLD, path, c, m));
  if (rank == 0) {
    hid_t     f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    PetscReal buf[96], vol, T, Texp;
    int       N;
    INM_TEST(f >= 0, "%s opens", path);
    for (size_t d = 0; d < sizeof(names) / sizeof(names[0]); d++) {
      hid_t   ds = H5Dopen2(f, names[d], H5P_DEFAULT), sp = H5Dget_space(ds);
      hsize_t n  = 0;
      H5Sget_simple_extent_dims(sp, &n, NULL);
      H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
      INM_TEST(ds >= 0 && n == (hsize_t)m->nmodes && H5Aexists(ds, "units") > 0, "dataset %s: %d values with a units attribute", names[d], (int)n);
      if (d == 0) INM_TEST(InmMaxRelDiff(m->nmodes, buf, m->lambda) == 0, "lambda read back identical");
      if (d == 3) INM_TEST(InmMaxRelDiff(m->nmodes, buf, m->gamma[0]) == 0, "gamma_xy read back identical");
      if (d == 7) INM_TEST(PetscAbsReal(buf[20] - m->omega[20] / (2 * PETSC_PI)) < 1e-15, "omega_thz = omega / 2 pi");
      H5Sclose(sp);
      H5Dclose(ds);
    }
    {
      hid_t a = H5Aopen(f, "N", H5P_DEFAULT);
      H5Aread(a, H5T_NATIVE_INT, &N);
      H5Aclose(a);
      a = H5Aopen(f, "volume", H5P_DEFAULT);
      H5Aread(a, H5T_NATIVE_DOUBLE, &vol);
      H5Aclose(a);
      a = H5Aopen(f, "temperature", H5P_DEFAULT);
      H5Aread(a, H5T_NATIVE_DOUBLE, &T);
      H5Aclose(a);
    }
    PetscCall(InmConfigTemperature(c, &Texp));
    INM_TEST(N == c->n && vol == c->box.volume && T == Texp && H5Aexists(f, "units") > 0, "attributes N = %d, volume = %g, temperature = %g, units present", N, (double)vol, (double)T);
    H5Fclose(f);
    INM_TEST(access("modes_write_test.h5.partial", F_OK) != 0, "no .partial left after success");
  }
  PetscCall(InmTestErrorBegin());
  ierr = InmModesWrite(PETSC_COMM_WORLD, "/no_such_dir/m.h5", c, m);
  msg = InmTestErrorEnd(); /* the message is raised and printed on rank 0 only */
  INM_TEST(ierr != 0 && (rank != 0 || strstr(msg, "/no_such_dir/m.h5") != NULL), "write into a missing directory fails (every rank) with a message naming the file (rank 0)");
  INM_TEST(access("/no_such_dir/m.h5", F_OK) != 0 && access("/no_such_dir/m.h5.partial", F_OK) != 0, "and leaves nothing behind");
  PetscCall(InmModesDestroy(&m));
  PetscCall(InmConfigDestroy(&c));
  return InmTestEnd();
}
