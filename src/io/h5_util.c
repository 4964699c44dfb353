/* HDF5 writing helpers (see inmvisc/h5util.h). */
#include <inmvisc/h5util.h>
#include <inmvisc/sys.h>
#include <unistd.h>

herr_t InmH5Write(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data)
{
  hid_t  space = H5Screate_simple(rank, dims, NULL), ds;
  herr_t st;
  if (space < 0) return -1;
  ds = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st = ds < 0 ? -1 : H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  if (ds >= 0) H5Dclose(ds);
  H5Sclose(space);
  return st;
}

herr_t InmH5AttrString(hid_t obj, const char *name, const char *value)
{
  hid_t  type = H5Tcopy(H5T_C_S1), space = H5Screate(H5S_SCALAR), attr;
  herr_t st;
  H5Tset_size(type, strlen(value) ? strlen(value) : 1);
  attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  st   = attr < 0 ? -1 : H5Awrite(attr, type, value);
  if (attr >= 0) H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
  return st;
}

herr_t InmH5AttrNumber(hid_t obj, const char *name, hid_t type, const void *value)
{
  hid_t  space = H5Screate(H5S_SCALAR), attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  herr_t st    = attr < 0 ? -1 : H5Awrite(attr, type, value);
  if (attr >= 0) H5Aclose(attr);
  H5Sclose(space);
  return st;
}

herr_t InmH5ReadAttrString(hid_t obj, const char *name, char *value, size_t len)
{
  hid_t   attr, type, mem;
  size_t  size;
  herr_t  st;
  char   *buf;
  if (H5Aexists(obj, name) <= 0) return -1;
  attr = H5Aopen(obj, name, H5P_DEFAULT);
  if (attr < 0) return -1;
  type = H5Aget_type(attr);
  size = H5Tget_size(type);
  if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) > 0 || size + 1 > 65536) {
    H5Tclose(type);
    H5Aclose(attr);
    return -1;
  }
  mem = H5Tcopy(H5T_C_S1);
  H5Tset_size(mem, size + 1); /* room for the terminating zero */
  buf = (char *)calloc(size + 2, 1);
  st  = buf ? H5Aread(attr, mem, buf) : -1;
  if (st >= 0) snprintf(value, len, "%s", buf);
  free(buf);
  H5Tclose(mem);
  H5Tclose(type);
  H5Aclose(attr);
  return st;
}

herr_t InmH5ReadAttrNumber(hid_t obj, const char *name, hid_t type, void *value)
{
  hid_t  attr;
  herr_t st;
  if (H5Aexists(obj, name) <= 0) return -1;
  attr = H5Aopen(obj, name, H5P_DEFAULT);
  if (attr < 0) return -1;
  st = H5Aread(attr, type, value);
  H5Aclose(attr);
  return st;
}

hssize_t InmH5DatasetLength(hid_t loc, const char *name)
{
  hid_t    ds, sp;
  hssize_t n;
  if (H5Lexists(loc, name, H5P_DEFAULT) <= 0 || (ds = H5Dopen2(loc, name, H5P_DEFAULT)) < 0) return -1;
  sp = H5Dget_space(ds);
  n  = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
  if (sp >= 0) H5Sclose(sp);
  H5Dclose(ds);
  return n;
}

hid_t InmH5CreateExtendable(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, hsize_t chunk_rows)
{
  hsize_t cur[8] = {0}, max[8] = {H5S_UNLIMITED}, chunk[8] = {chunk_rows ? chunk_rows : 1};
  hid_t   space, plist, ds;
  if (rank > 7) return -1;
  for (int k = 0; k < rank; k++) cur[k + 1] = max[k + 1] = chunk[k + 1] = dims[k];
  space = H5Screate_simple(rank + 1, cur, max);
  plist = H5Pcreate(H5P_DATASET_CREATE);
  if (space < 0 || plist < 0 || H5Pset_chunk(plist, rank + 1, chunk) < 0) ds = -1;
  else ds = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
  if (plist >= 0) H5Pclose(plist);
  if (space >= 0) H5Sclose(space);
  return ds;
}

herr_t InmH5AppendRows(hid_t ds, hid_t type, hsize_t nrows, const void *data)
{
  hid_t   space = H5Dget_space(ds), file, mem;
  hsize_t dims[8], start[8] = {0}, count[8];
  int     rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
  herr_t  st;
  if (rank < 1 || rank > 8) return -1;
  H5Sget_simple_extent_dims(space, dims, NULL);
  H5Sclose(space);
  if (!nrows) return 0;
  start[0] = dims[0];
  count[0] = nrows;
  for (int k = 1; k < rank; k++) count[k] = dims[k];
  dims[0] += nrows;
  if (H5Dset_extent(ds, dims) < 0) return -1;
  file = H5Dget_space(ds);
  mem  = H5Screate_simple(rank, count, NULL);
  st   = H5Sselect_hyperslab(file, H5S_SELECT_SET, start, NULL, count, NULL);
  if (st >= 0) st = H5Dwrite(ds, type, mem, file, H5P_DEFAULT, data);
  H5Sclose(mem);
  H5Sclose(file);
  return st;
}

herr_t InmH5WriteString(hid_t loc, const char *name, const char *text)
{
  hid_t  type = H5Tcopy(H5T_C_S1);
  herr_t st;
  H5Tset_size(type, strlen(text) ? strlen(text) : 1);
  st = InmH5Write(loc, name, type, 0, NULL, text); /* rank 0: a scalar dataspace */
  H5Tclose(type);
  return st;
}

PetscErrorCode InmH5OpenRead(const char path[], hid_t *file)
{
  PetscFunctionBegin;
  PetscCall(InmCheckInputFile(path));
  *file = H5Fis_hdf5(path) > 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
  PetscCheck(*file >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: not an HDF5 file", path);
  PetscFunctionReturn(0);
}

void InmH5FileAttrString(const char path[], const char name[], char value[], size_t len)
{
  hid_t f = H5Fis_hdf5(path) > 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
  value[0] = '\0';
  if (f < 0) return;
  if (InmH5ReadAttrString(f, name, value, len) < 0) value[0] = '\0';
  H5Fclose(f);
}

hid_t InmH5CreateOutput(const char path[], const char kind[], hid_t fapl)
{
  hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (f >= 0 && InmH5AttrString(f, "inmvisc_output", kind) < 0) {
    H5Fclose(f);
    return -1;
  }
  return f;
}

PetscErrorCode InmCheckOutputKind(MPI_Comm comm, const char path[], const char kind[])
{
  PetscMPIInt rank;
  char        found[64] = "";
  int         exists = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0 && !access(path, F_OK)) {
    exists = 1;
    InmH5FileAttrString(path, "inmvisc_output", found, sizeof(found));
  }
  PetscCallMPI(MPI_Bcast(&exists, 1, MPI_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(found, sizeof(found), MPI_CHAR, 0, comm));
  PetscCheck(!exists || !strcmp(found, kind), comm, PETSC_ERR_FILE_UNEXPECTED, "%s: exists and is not an inmvisc %s file (%s%s%s): it is not replaced; remove it or choose another -output", path, kind, found[0] ? "it is a " : "", found[0] ? found : "it is not marked as one", found[0] ? " file" : "");
  PetscFunctionReturn(0);
}

herr_t InmH5Put(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, PetscBool write, const char *units)
{
  hid_t   space = H5Screate_simple(rank, dims, NULL), ds;
  herr_t  st    = 0;
  hsize_t n     = 1;
  for (int k = 0; k < rank; k++) n *= dims[k];
  ds = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (ds < 0) st = -1;
  if (ds >= 0 && units && InmH5AttrString(ds, "units", units) < 0) st = -1;
  if (ds >= 0 && write && n > 0 && H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) st = -1;
  if (ds >= 0 && H5Dclose(ds) < 0) st = -1;
  H5Sclose(space);
  return st;
}

herr_t InmH5WriteReals(hid_t loc, const char *name, int rank, const hsize_t *dims, const PetscReal *x, const char *units)
{
  herr_t st = InmH5Write(loc, name, H5T_NATIVE_DOUBLE, rank, dims, x);
  hid_t  ds;
  if (st < 0 || !units) return st;
  ds = H5Dopen2(loc, name, H5P_DEFAULT);
  st = ds < 0 ? -1 : InmH5AttrString(ds, "units", units);
  if (ds >= 0) H5Dclose(ds);
  return st;
}

PetscErrorCode InmH5CreateResults(const char output[], const char kind[], const char units[], const char input[], char partial[], size_t len, hid_t *file)
{
  herr_t st = 0;

  PetscFunctionBegin;
  PetscCall(InmPartialPath(output, partial, len));
  *file = InmH5CreateOutput(partial, kind, H5P_DEFAULT);
  PetscCheck(*file >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create", partial);
  st |= InmH5AttrString(*file, "units", units) < 0;
  st |= InmH5AttrString(*file, "version", INMVISC_VERSION) < 0;
  st |= InmH5AttrString(*file, "input", input) < 0;
  if (st) H5Fclose(*file);
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing failed (disk full or file system error)", partial);
  PetscFunctionReturn(0);
}
