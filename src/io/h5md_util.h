/* H5MD element writing (private to src/io). */
#pragma once
#include <inmvisc/config.h>
#include <inmvisc/h5util.h>

/* H5MD time-dependent element: group `name` with step [1], time [1], value [1 x dims]. */
PETSC_INTERN herr_t InmH5WriteElement(hid_t parent, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, long long step, double time, const char *unit);
