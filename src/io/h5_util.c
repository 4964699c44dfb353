/* HDF5 writing helpers (see inmvisc/h5util.h). */
#include <inmvisc/h5util.h>

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
