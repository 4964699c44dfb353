/* H5MD element writing (private to src/io). */
#pragma once
#include <inmvisc/config.h>
#include <inmvisc/h5util.h>

/* H5MD time-dependent element: group `name` with step [1], time [1], value [1 x dims]. */
PETSC_INTERN herr_t InmH5WriteElement(hid_t parent, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, long long step, double time, const char *unit);
/* /h5md with version [1, 1], author and creator. */
PETSC_INTERN herr_t InmH5MDWriteHeader(hid_t file);
/* /particles/all/box group with dimension 3 and periodic boundaries (open; close it). */
PETSC_INTERN hid_t InmH5MDCreateBox(hid_t all);
/* H5MD unit strings of a LAMMPS units style (lj when not metal). */
