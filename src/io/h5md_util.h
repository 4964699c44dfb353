/* Small HDF5 helpers shared by the H5MD reader and writer. */
#pragma once
#include <inmvisc/config.h>
#include <hdf5.h>

/* Write a dataset of `rank` dims of native type `type` under loc; returns < 0 on failure. */
PETSC_INTERN herr_t InmH5Write(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data);
PETSC_INTERN herr_t InmH5AttrString(hid_t obj, const char *name, const char *value);
/* H5MD time-dependent element: group `name` with step [1], time [1], value [1 x dims]. */
PETSC_INTERN herr_t InmH5WriteElement(hid_t parent, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, long long step, double time, const char *unit);
