/* Small HDF5 reading and writing helpers shared by every file inmvisc writes (H5MD, modes, results).
 * Each returns a negative value on failure, as the HDF5 API does. */
#pragma once
#include <petscsys.h>
#include <hdf5.h>

/* A dataset of `rank` dims of native `type` under loc. */
PETSC_EXTERN herr_t InmH5Write(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data);
/* A scalar string dataset (for texts longer than an attribute may hold). */
PETSC_EXTERN herr_t InmH5WriteString(hid_t loc, const char *name, const char *text);
/* A scalar string / numeric attribute on obj. */
PETSC_EXTERN herr_t InmH5AttrString(hid_t obj, const char *name, const char *value);
PETSC_EXTERN herr_t InmH5AttrNumber(hid_t obj, const char *name, hid_t type, const void *value);
/* Read a fixed-length string attribute (into value[len]) or a numeric one; negative if absent. */
PETSC_EXTERN herr_t InmH5ReadAttrString(hid_t obj, const char *name, char *value, size_t len);
PETSC_EXTERN herr_t InmH5ReadAttrNumber(hid_t obj, const char *name, hid_t type, void *value);
/* Number of elements of dataset name under loc; negative if absent. */
PETSC_EXTERN hssize_t InmH5DatasetLength(hid_t loc, const char *name);
/* A chunked dataset of `rank` + 1 dims whose first (row) axis starts empty and grows without
 * bound; dims are the sizes of the other axes. Returns the open dataset or a negative value. */
PETSC_EXTERN hid_t InmH5CreateExtendable(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, hsize_t chunk_rows);
/* Append nrows rows (each the size of the dataset's other axes) to an extendable dataset. */
PETSC_EXTERN herr_t InmH5AppendRows(hid_t ds, hid_t type, hsize_t nrows, const void *data);
/* The HDF5 native type of PetscInt (32- or 64-bit PETSc builds). */
#define INM_H5T_PETSCINT (sizeof(PetscInt) == 8 ? H5T_NATIVE_LLONG : H5T_NATIVE_INT)
