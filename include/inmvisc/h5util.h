/* Small HDF5 reading and writing helpers shared by every file inmvisc writes (H5MD, modes, results).
 * Each returns a negative value on failure, as the HDF5 API does. */
#pragma once
#include <petscsys.h>
#include <hdf5.h>

/* A dataset of `rank` dims of native `type` under loc. */
PETSC_EXTERN herr_t InmH5Write(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data);
/* A scalar string / numeric attribute on obj. */
PETSC_EXTERN herr_t InmH5AttrString(hid_t obj, const char *name, const char *value);
PETSC_EXTERN herr_t InmH5AttrNumber(hid_t obj, const char *name, hid_t type, const void *value);
/* Read a fixed-length string attribute (into value[len]) or a numeric one; negative if absent. */
PETSC_EXTERN herr_t InmH5ReadAttrString(hid_t obj, const char *name, char *value, size_t len);
PETSC_EXTERN herr_t InmH5ReadAttrNumber(hid_t obj, const char *name, hid_t type, void *value);
/* Number of elements of dataset name under loc; negative if absent. */
PETSC_EXTERN hssize_t InmH5DatasetLength(hid_t loc, const char *name);
/* The HDF5 native type of PetscInt (32- or 64-bit PETSc builds). */
#define INM_H5T_PETSCINT (sizeof(PetscInt) == 8 ? H5T_NATIVE_LLONG : H5T_NATIVE_INT)
