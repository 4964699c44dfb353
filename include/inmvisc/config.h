/* inmvisc/config.h — one configuration (snapshot) of N atoms.
 *
 * Atoms are stored sorted by id (id[i] ascending). Types are 1-based as in LAMMPS.
 * Positions are Cartesian and need not be wrapped into the box; image flags, when
 * known, give the unwrapped position x + ix a + iy b + iz c.
 */
#pragma once
#include <inmvisc/sys.h>
#include <inmvisc/box.h>
#include <inmvisc/units.h>

#define INM_MAX_TYPES 16

typedef struct {
  PetscInt   n;        /* number of atoms */
  PetscInt   ntypes;   /* number of atom types (types are 1..ntypes) */
  PetscInt  *id;       /* [n] atom ids, ascending */
  PetscInt  *type;     /* [n] 1-based types */
  PetscReal *mass;     /* [n] per-atom mass */
  PetscReal *x;        /* [3n] positions */
  PetscReal *v;        /* [3n] velocities, or NULL */
  PetscReal *f;        /* [3n] forces as read from the file, or NULL */
  PetscInt  *image;    /* [3n] image flags, or NULL */
  PetscReal  type_mass[INM_MAX_TYPES + 1]; /* mass per type, index 1..ntypes; 0 = unknown */
  InmBox     box;
  PetscInt   step;
  PetscReal  time;
  char       units[16];   /* LAMMPS units style: "lj", "metal", or "" if unknown */
  char       model[32];   /* the potential that made it (InmPotential name), or "" if unknown */
  char       source[PETSC_MAX_PATH_LEN]; /* file it came from, for messages */
} InmConfig;

/* Allocate arrays for n atoms (v, f, image only when the flags say so). Zeroes everything. */
PETSC_EXTERN PetscErrorCode InmConfigCreate(PetscInt n, PetscBool with_v, PetscBool with_f, PetscBool with_image, InmConfig **cfg);
PETSC_EXTERN PetscErrorCode InmConfigDestroy(InmConfig **cfg);
PETSC_EXTERN PetscErrorCode InmConfigDuplicate(const InmConfig *in, InmConfig **out);
/* Sort atoms by id; error (naming the file) on duplicate ids. */
PETSC_EXTERN PetscErrorCode InmConfigSortById(InmConfig *cfg);
/* Broadcast a configuration held on root to every rank of comm (others pass *cfg = NULL). */
PETSC_EXTERN PetscErrorCode InmConfigBcast(MPI_Comm comm, PetscMPIInt root, InmConfig **cfg);
/* Per-atom masses from type_mass (error naming the type if a mass is unknown). */
PETSC_EXTERN PetscErrorCode InmConfigSetMassesFromTypes(InmConfig *cfg);
/* Kinetic temperature from velocities, 3N-3 degrees of freedom, k_B in the config's units. */
PETSC_EXTERN PetscErrorCode InmConfigTemperature(const InmConfig *cfg, PetscReal *T);
