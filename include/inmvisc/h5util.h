/* Small HDF5 reading and writing helpers shared by every file inmvisc writes (H5MD, modes, results).
 * Each returns a negative value on failure, as the HDF5 API does. */
#pragma once
#include <petscsys.h>
#include <hdf5.h>

/* A dataset of `rank` dims of native `type` under loc. */
PETSC_EXTERN herr_t InmH5Write(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data);
/* A dataset of `rank` dims of PetscReal with the string attribute "units" (none if units is NULL). */
/* A dataset of rank dims created here (collectively, in a parallel file), with a units
 * attribute if units, and its data written by this rank if write (independent I/O). */
PETSC_EXTERN herr_t InmH5Put(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, PetscBool write, const char *units);
PETSC_EXTERN herr_t InmH5WriteReals(hid_t loc, const char *name, int rank, const hsize_t *dims, const PetscReal *x, const char *units);
/* A scalar string dataset (for texts longer than an attribute may hold). */
PETSC_EXTERN herr_t InmH5WriteString(hid_t loc, const char *name, const char *text);
/* A scalar string / numeric attribute on obj. */
PETSC_EXTERN herr_t InmH5AttrString(hid_t obj, const char *name, const char *value);
PETSC_EXTERN herr_t InmH5AttrNumber(hid_t obj, const char *name, hid_t type, const void *value);
/* Read a fixed-length string attribute (into value[len]) or a numeric one; negative if absent. */
PETSC_EXTERN herr_t InmH5ReadAttrString(hid_t obj, const char *name, char *value, size_t len);
PETSC_EXTERN herr_t InmH5ReadAttrNumber(hid_t obj, const char *name, hid_t type, void *value);
/* The root string attribute `name` of the file at path into value: "" unless path is an HDF5
 * file that has it. */
PETSC_EXTERN void InmH5FileAttrString(const char path[], const char name[], char value[], size_t len);
/* Number of elements of dataset name under loc; negative if absent. */
PETSC_EXTERN hssize_t InmH5DatasetLength(hid_t loc, const char *name);
/* A chunked dataset of `rank` + 1 dims whose first (row) axis starts empty and grows without
 * bound; dims are the sizes of the other axes. Returns the open dataset or a negative value. */
PETSC_EXTERN hid_t InmH5CreateExtendable(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, hsize_t chunk_rows);
/* Append nrows rows (each the size of the dataset's other axes) to an extendable dataset. */
PETSC_EXTERN herr_t InmH5AppendRows(hid_t ds, hid_t type, hsize_t nrows, const void *data);
/* The HDF5 native type of PetscInt (32- or 64-bit PETSc builds). */
#define INM_H5T_PETSCINT (sizeof(PetscInt) == 8 ? H5T_NATIVE_LLONG : H5T_NATIVE_INT)

/* Open an existing HDF5 file read-only into *file: a missing path, a directory or an
 * unreadable file is said as such (InmCheckInputFile), anything else that HDF5 cannot open as
 * "not an HDF5 file"; HDF5's own error printing is left as it was. */
PETSC_EXTERN PetscErrorCode InmH5OpenRead(const char path[], hid_t *file);

/* Outputs and their kinds. Every HDF5 file inmvisc writes names its kind in the root
 * attribute "inmvisc_output" (INM_OUTPUT_*). The rule for an output path that exists, the
 * same for every command and checked before any work: a file of the same kind (an earlier
 * output of the same command) is replaced, through FILE.partial and a rename; anything else
 * (another kind, another program's file, a text file, a file from before the attribute) is
 * refused with one line. Campaign results (modes over many snapshots, prepare) keep their
 * stricter rule: only the same campaign's file, which counts as finished. */
#define INM_OUTPUT_SNAPSHOT   "snapshot"
#define INM_OUTPUT_TRAJECTORY "trajectory"
#define INM_OUTPUT_MODES      "modes"
#define INM_OUTPUT_CAMPAIGN   "modes campaign"
#define INM_OUTPUT_TRANSPORT  "transport"
#define INM_OUTPUT_VISCOSITY  "viscosity"
#define INM_OUTPUT_ENTROPY    "entropy"
/* H5Fcreate(path, TRUNC, default, fapl) that also writes the kind (negative on failure). */
PETSC_EXTERN hid_t InmH5CreateOutput(const char path[], const char kind[], hid_t fapl);
/* A results file of `kind` at OUTPUT.partial (its name into partial[len]; the caller renames
 * it with InmCommitFile), with the root attributes units, version and input. */
PETSC_EXTERN PetscErrorCode InmH5CreateResults(const char output[], const char kind[], const char units[], const char input[], char partial[], size_t len, hid_t *file);
/* Collective (rank 0 looks): the rule above for the output `path` of `kind`. */
PETSC_EXTERN PetscErrorCode InmCheckOutputKind(MPI_Comm comm, const char path[], const char kind[]);
