/* Reading what `prepare` wrote (h5md_trajectory.c), for the transport stage (one process):
 *   observables  /observables/NAME/{step, time, value[rows][width]}
 *   unwrapped    every frame of /particles/all: x + ix a + iy b + iz c, with the box of each
 *                frame (a, b, c its edges), for the MSD
 *   series       /particles/series/{velocity, force}[steps][k][3] with mass [k], species [k]
 *   info         the sizes and time steps of all three, read from the shapes and time axes
 *                only (a campaign's set-up reads it for every trajectory)
 * Errors name the file and the dataset. */
#include <inmvisc/io.h>
#include <inmvisc/h5util.h>

static PetscErrorCode ReadDataset(hid_t f, const char *path, const char *name, hid_t type, PetscInt expect, void *buf)
{
  hid_t    ds = H5Dopen2(f, name, H5P_DEFAULT), sp;
  hssize_t n;

  PetscFunctionBegin;
  PetscCheck(ds >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/%s: missing", path, name);
  sp = H5Dget_space(ds);
  n  = H5Sget_simple_extent_npoints(sp);
  H5Sclose(sp);
  if (n != expect) H5Dclose(ds);
  PetscCheck(n == expect, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/%s: holds %lld values, expected %" PetscInt_FMT, path, name, (long long)n, expect);
  if (H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
    H5Dclose(ds);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s:/%s: cannot read", path, name);
  }
  H5Dclose(ds);
  PetscFunctionReturn(0);
}

/* Rows (first dimension) and values per row of dataset name. */
static PetscErrorCode Shape(hid_t f, const char *path, const char *name, PetscInt *rows, PetscInt *width)
{
  hid_t   ds = H5Dopen2(f, name, H5P_DEFAULT), sp;
  hsize_t dims[4] = {0, 1, 1, 1};
  int     rank;

  PetscFunctionBegin;
  PetscCheck(ds >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/%s: missing", path, name);
  sp   = H5Dget_space(ds);
  rank = H5Sget_simple_extent_ndims(sp);
  H5Sget_simple_extent_dims(sp, dims, NULL);
  H5Sclose(sp);
  H5Dclose(ds);
  PetscCheck(rank >= 1 && rank <= 4, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/%s: %d dimensions", path, name, rank);
  *rows  = (PetscInt)dims[0];
  *width = (PetscInt)(dims[1] * dims[2] * dims[3]);
  PetscFunctionReturn(0);
}

static PetscErrorCode Open(const char path[], hid_t *f)
{
  PetscFunctionBegin;
  PetscCall(InmH5OpenRead(path, f));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryReadObservable(const char path[], const char name[], PetscInt *rows, PetscInt *width, PetscReal **time, PetscReal **value)
{
  hid_t    f;
  char     ds[256];
  PetscInt r2, w2;

  PetscFunctionBegin;
  PetscCall(Open(path, &f));
  PetscCall(PetscSNPrintf(ds, sizeof(ds), "observables/%s/value", name));
  PetscCall(Shape(f, path, ds, rows, width));
  PetscCall(PetscMalloc1(*rows * *width, value));
  PetscCall(PetscMalloc1(*rows, time));
  PetscCall(ReadDataset(f, path, ds, H5T_NATIVE_DOUBLE, *rows * *width, *value));
  PetscCall(PetscSNPrintf(ds, sizeof(ds), "observables/%s/time", name));
  PetscCall(Shape(f, path, ds, &r2, &w2));
  PetscCheck(r2 == *rows, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/%s: %" PetscInt_FMT " times for %" PetscInt_FMT " rows", path, ds, r2, *rows);
  PetscCall(ReadDataset(f, path, ds, H5T_NATIVE_DOUBLE, *rows, *time));
  H5Fclose(f);
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryReadUnwrapped(const char path[], PetscInt *nframes, PetscInt *natoms, PetscInt **type, PetscReal **time, PetscReal **xu)
{
  hid_t      f;
  PetscInt   nf, w, n;
  PetscReal *edges;
  int       *img, *sp;

  PetscFunctionBegin;
  PetscCall(Open(path, &f));
  PetscCall(Shape(f, path, "particles/all/position/value", &nf, &w));
  n = w / 3;
  PetscCall(PetscMalloc3(nf * 3 * n, xu, nf, time, n, type));
  PetscCall(PetscMalloc3(nf * 9, &edges, nf * 3 * n, &img, n, &sp));
  PetscCall(ReadDataset(f, path, "particles/all/position/value", H5T_NATIVE_DOUBLE, nf * 3 * n, *xu));
  PetscCall(ReadDataset(f, path, "particles/all/image/value", H5T_NATIVE_INT, nf * 3 * n, img));
  PetscCall(ReadDataset(f, path, "particles/all/box/edges/value", H5T_NATIVE_DOUBLE, nf * 9, edges));
  PetscCall(ReadDataset(f, path, "particles/all/position/time", H5T_NATIVE_DOUBLE, nf, *time));
  PetscCall(ReadDataset(f, path, "particles/all/species", H5T_NATIVE_INT, n, sp));
  H5Fclose(f);
  for (PetscInt i = 0; i < n; i++) (*type)[i] = sp[i];
  for (PetscInt k = 0; k < nf; k++) { /* x + i_a a + i_b b + i_c c with this frame's edges */
    const PetscReal *h = edges + 9 * k;
    for (PetscInt i = 0; i < n; i++)
      for (int c = 0; c < 3; c++) {
        const int *m = img + 3 * (k * n + i);
        (*xu)[3 * (k * n + i) + c] += m[0] * h[c] + m[1] * h[3 + c] + m[2] * h[6 + c];
      }
  }
  PetscCall(PetscFree3(edges, img, sp));
  *nframes = nf;
  *natoms  = n;
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryReadSeries(const char path[], PetscInt *nsteps, PetscInt *natoms, PetscReal **mass, PetscReal **time, PetscReal **v, PetscReal **force)
{
  hid_t    f;
  PetscInt ns, w, n;

  PetscFunctionBegin;
  PetscCall(Open(path, &f));
  if (H5Lexists(f, "particles/series", H5P_DEFAULT) <= 0) {
    H5Fclose(f);
    *nsteps = 0;
    PetscFunctionReturn(0);
  }
  PetscCall(Shape(f, path, "particles/series/velocity/value", &ns, &w));
  n = w / 3;
  PetscCall(PetscMalloc4(n, mass, ns, time, ns * 3 * n, v, ns * 3 * n, force));
  PetscCall(ReadDataset(f, path, "particles/series/mass", H5T_NATIVE_DOUBLE, n, *mass));
  PetscCall(ReadDataset(f, path, "particles/series/velocity/time", H5T_NATIVE_DOUBLE, ns, *time));
  PetscCall(ReadDataset(f, path, "particles/series/velocity/value", H5T_NATIVE_DOUBLE, ns * 3 * n, *v));
  PetscCall(ReadDataset(f, path, "particles/series/force/value", H5T_NATIVE_DOUBLE, ns * 3 * n, *force));
  H5Fclose(f);
  *nsteps = ns;
  *natoms = n;
  PetscFunctionReturn(0);
}

/* Spacing of the first two entries of the 1-D time dataset `name` (0 with fewer than 2). */
static PetscErrorCode TimeStep(hid_t f, const char *path, const char *name, PetscInt n, PetscReal *dt)
{
  PetscReal *t;

  PetscFunctionBegin;
  *dt = 0;
  if (n < 2) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(n, &t));
  PetscCall(ReadDataset(f, path, name, H5T_NATIVE_DOUBLE, n, t));
  *dt = t[1] - t[0];
  PetscCall(PetscFree(t));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryReadInfo(const char path[], InmTrajectoryInfo *info)
{
  hid_t      f;
  PetscInt   w, rows;
  PetscReal *edges;
  int       *sp;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(info, sizeof(*info)));
  PetscCall(Open(path, &f));
  PetscCall(Shape(f, path, "particles/all/position/value", &info->nframes, &w));
  info->natoms = w / 3;
  PetscCall(TimeStep(f, path, "particles/all/position/time", info->nframes, &info->dt_frame));
  PetscCall(PetscMalloc2(9 * info->nframes, &edges, info->natoms, &sp));
  PetscCall(ReadDataset(f, path, "particles/all/box/edges/value", H5T_NATIVE_DOUBLE, 9 * info->nframes, edges));
  info->volume = edges[0] * (edges[4] * edges[8] - edges[5] * edges[7]) - edges[1] * (edges[3] * edges[8] - edges[5] * edges[6]) + edges[2] * (edges[3] * edges[7] - edges[4] * edges[6]);
  PetscCall(ReadDataset(f, path, "particles/all/species", H5T_NATIVE_INT, info->natoms, sp));
  for (PetscInt i = 0; i < info->natoms; i++) info->ntypes = PetscMax(info->ntypes, sp[i]);
  PetscCall(PetscFree2(edges, sp));
  PetscCall(Shape(f, path, "observables/pressure_tensor/value", &info->rows, &w));
  PetscCheck(w == 6 && info->rows >= 2, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/observables/pressure_tensor: %" PetscInt_FMT " rows of %" PetscInt_FMT " values, expected at least 2 rows of 6", path, info->rows, w);
  PetscCall(TimeStep(f, path, "observables/pressure_tensor/time", info->rows, &info->dt_obs));
  if (H5Lexists(f, "particles/series", H5P_DEFAULT) > 0) {
    PetscCall(Shape(f, path, "particles/series/velocity/value", &rows, &w));
    info->nsteps = rows;
    PetscCall(TimeStep(f, path, "particles/series/velocity/time", rows, &info->dt_series));
  }
  H5Fclose(f);
  PetscFunctionReturn(0);
}
