/* H5MD 1.1 writer for one configuration (de Buyl, Colberg & Höfling, H5MD specification):
 *   /h5md                      attribute version = [1, 1]; groups author, creator (name, version)
 *   /particles/all/box         attributes dimension = 3, boundary = ["periodic" x 3];
 *                              edges: time-dependent [frames][3][3], rows = edge vectors a, b, c;
 *                              origin: [3] (an inmvisc extension: the corner the edges start from)
 *   /particles/all/{position, velocity, force}  time-dependent [frames][N][3] (double)
 *   /particles/all/image       time-dependent [frames][N][3] (int)
 *   /particles/all/{species, id}  time-dependent [frames][N] (int; species = LAMMPS type)
 *   /particles/all/mass        time-dependent [frames][N] (double)
 * Each time-dependent element has step [frames] (int64), time [frames] (double) and value;
 * value datasets with a dimension carry a `unit` attribute; /particles/all has the LAMMPS
 * units style as attribute `inmvisc_units`. Written to PATH.partial, renamed when complete. */
#include <inmvisc/io.h>
#include "h5md_util.h"

herr_t InmH5WriteElement(hid_t parent, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, long long step, double time, const char *unit)
{
  hid_t   g = H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), ds;
  hsize_t one = 1, vdims[4] = {1, 0, 0, 0};
  herr_t  st = 0;
  if (g < 0) return -1;
  for (int k = 0; k < rank; k++) vdims[k + 1] = dims[k];
  st |= InmH5Write(g, "step", H5T_NATIVE_LLONG, 1, &one, &step) < 0;
  st |= InmH5Write(g, "time", H5T_NATIVE_DOUBLE, 1, &one, &time) < 0;
  st |= InmH5Write(g, "value", type, rank + 1, vdims, data) < 0;
  if (unit && !st) {
    ds = H5Dopen2(g, "value", H5P_DEFAULT);
    st |= ds < 0 || InmH5AttrString(ds, "unit", unit) < 0;
    if (ds >= 0) H5Dclose(ds);
  }
  H5Gclose(g);
  return st ? -1 : 0;
}

herr_t InmH5MDWriteHeader(hid_t f)
{
  hid_t   g = H5Gcreate2(f, "h5md", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), grp;
  hsize_t two = 2;
  int     version[2] = {1, 1};
  herr_t  st = g < 0;
  if (st) return -1;
  {
    hid_t sp = H5Screate_simple(1, &two, NULL), a = H5Acreate2(g, "version", H5T_NATIVE_INT, sp, H5P_DEFAULT, H5P_DEFAULT);
    st |= H5Awrite(a, H5T_NATIVE_INT, version) < 0;
    H5Aclose(a);
    H5Sclose(sp);
  }
  grp = H5Gcreate2(g, "author", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st |= InmH5AttrString(grp, "name", "inmvisc") < 0;
  H5Gclose(grp);
  grp = H5Gcreate2(g, "creator", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st |= InmH5AttrString(grp, "name", "inmvisc") < 0;
  st |= InmH5AttrString(grp, "version", INMVISC_VERSION) < 0;
  H5Gclose(grp);
  H5Gclose(g);
  return st ? -1 : 0;
}

hid_t InmH5MDCreateBox(hid_t all)
{
  hid_t   box = H5Gcreate2(all, "box", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), st3, sp3, b;
  hsize_t n3 = 3;
  char    bnd[3][9] = {"periodic", "periodic", "periodic"};
  int     three = 3;
  herr_t  st;
  if (box < 0) return -1;
  st  = InmH5AttrNumber(box, "dimension", H5T_NATIVE_INT, &three) < 0;
  st3 = H5Tcopy(H5T_C_S1);
  sp3 = H5Screate_simple(1, &n3, NULL);
  H5Tset_size(st3, 9);
  b = H5Acreate2(box, "boundary", st3, sp3, H5P_DEFAULT, H5P_DEFAULT);
  st |= b < 0 || H5Awrite(b, st3, bnd) < 0;
  if (b >= 0) H5Aclose(b);
  H5Sclose(sp3);
  H5Tclose(st3);
  if (st) {
    H5Gclose(box);
    return -1;
  }
  return box;
}

static PetscErrorCode WriteFile(const char partial[], const InmConfig *c)
{
  hid_t       f, g, grp, box;
  herr_t      st = 0;
  hsize_t     d3[2] = {(hsize_t)c->n, 3}, d1 = (hsize_t)c->n, d33[2] = {3, 3}, n3 = 3;
  const InmUnits *u;
  int            *ibuf;

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(c->units, &u));
  f     = InmH5CreateOutput(partial, INM_OUTPUT_SNAPSHOT, H5P_DEFAULT);
  PetscCheck(f >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create the HDF5 file", partial);
  st |= InmH5MDWriteHeader(f) < 0;
  grp = H5Gcreate2(f, "particles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g   = H5Gcreate2(grp, "all", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose(grp);
  st |= g < 0;
  st |= InmH5AttrString(g, "inmvisc_units", c->units[0] ? c->units : "unknown") < 0;
  box = InmH5MDCreateBox(g);
  st |= box < 0;
  st |= InmH5WriteElement(box, "edges", H5T_NATIVE_DOUBLE, 2, d33, c->box.cell, c->step, c->time, u->length) < 0;
  st |= InmH5Write(box, "origin", H5T_NATIVE_DOUBLE, 1, &n3, c->box.origin) < 0;
  H5Gclose(box);
  st |= InmH5WriteElement(g, "position", H5T_NATIVE_DOUBLE, 2, d3, c->x, c->step, c->time, u->length) < 0;
  if (c->v) st |= InmH5WriteElement(g, "velocity", H5T_NATIVE_DOUBLE, 2, d3, c->v, c->step, c->time, u->velocity) < 0;
  if (c->f) st |= InmH5WriteElement(g, "force", H5T_NATIVE_DOUBLE, 2, d3, c->f, c->step, c->time, u->force) < 0;
  st |= InmH5WriteElement(g, "mass", H5T_NATIVE_DOUBLE, 1, &d1, c->mass, c->step, c->time, u->mass) < 0;
  PetscCall(PetscMalloc1(3 * c->n, &ibuf));
  for (PetscInt i = 0; i < c->n; i++) ibuf[i] = (int)c->type[i];
  st |= InmH5WriteElement(g, "species", H5T_NATIVE_INT, 1, &d1, ibuf, c->step, c->time, NULL) < 0;
  for (PetscInt i = 0; i < c->n; i++) ibuf[i] = (int)c->id[i];
  st |= InmH5WriteElement(g, "id", H5T_NATIVE_INT, 1, &d1, ibuf, c->step, c->time, NULL) < 0;
  if (c->image) {
    for (PetscInt k = 0; k < 3 * c->n; k++) ibuf[k] = (int)c->image[k];
    st |= InmH5WriteElement(g, "image", H5T_NATIVE_INT, 2, d3, ibuf, c->step, c->time, NULL) < 0;
  }
  PetscCall(PetscFree(ibuf));
  H5Gclose(g);
  if (c->model[0]) { /* the potential that made it, read back into cfg->model (the modes model rule) */
    hid_t par = H5Gcreate2(f, "parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), inm = par < 0 ? -1 : H5Gcreate2(par, "inmvisc", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    st |= inm < 0 || InmH5AttrString(inm, "model", c->model) < 0;
    if (inm >= 0) H5Gclose(inm);
    if (par >= 0) H5Gclose(par);
  }
  st |= H5Fclose(f) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing the H5MD file failed (disk full or file system error)", partial);
  PetscFunctionReturn(0);
}

PetscErrorCode InmWriteH5MD(const char path[], const InmConfig *cfg)
{
  char           partial[PETSC_MAX_PATH_LEN];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.write, 0, 0, 0, 0));
  PetscCall(InmCheckWritable(PETSC_COMM_SELF, path));
  PetscCall(InmPartialPath(path, partial, sizeof(partial)));
  ierr = WriteFile(partial, cfg);
  if (ierr) {
    PetscCall(InmDiscardFile(PETSC_COMM_SELF, path));
    return ierr;
  }
  PetscCall(InmCommitFile(PETSC_COMM_SELF, path));
  PetscCall(PetscLogEventEnd(INM_EVENTS.write, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
