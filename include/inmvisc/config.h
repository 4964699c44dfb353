/* inmvisc/config.h — one configuration (snapshot) of N atoms.
 *
 * Atoms are stored sorted by id (id[i] ascending). Types are 1-based as in LAMMPS.
 * Positions are Cartesian and need not be wrapped into the box; image flags, when
 * known, give the unwrapped position x + ix a + iy b + iz c.
 *
 * A configuration is replicated (every rank holds all N atoms: n = nowned = nglobal) or
 * distributed over a communicator (InmConfigDistribute, config_distribute.c): a rank holds
 * the atoms it owns, 0..nowned-1, then a halo of the others' atoms near them, nowned..n-1.
 * The owned atoms of all ranks, in rank order, are the global atom order (a spatial one:
 * row i of D is atom gidx^-1(i)); gidx[k] is local atom k's global index, and rank r owns
 * the global indices rstart .. rstart + nowned - 1.
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
  PetscInt   nglobal;  /* atoms in the whole configuration (= n when replicated) */
  PetscInt   nowned;   /* atoms 0..nowned-1 are this rank's (= n when replicated) */
  PetscInt   rstart;   /* global index of local atom 0 (0 when replicated) */
  PetscInt  *gidx;     /* [n] global index of each local atom; NULL when replicated */
  MPI_Comm   comm;     /* the communicator a distributed configuration spans (not owned) */
} InmConfig;

/* Allocate arrays for n atoms (v, f, image only when the flags say so). Zeroes everything. */
PETSC_EXTERN PetscErrorCode InmConfigCreate(PetscInt n, PetscBool with_v, PetscBool with_f, PetscBool with_image, InmConfig **cfg);
PETSC_EXTERN PetscErrorCode InmConfigDestroy(InmConfig **cfg);
PETSC_EXTERN PetscErrorCode InmConfigDuplicate(const InmConfig *in, InmConfig **out);
/* Sort atoms by id; error (naming the file) on duplicate ids. */
PETSC_EXTERN PetscErrorCode InmConfigSortById(InmConfig *cfg);
/* Everything but the atoms (types, box, step, time, masses per type, units, model, source):
 * copied from in to out, or broadcast from root's c to every rank's. */
PETSC_EXTERN PetscErrorCode InmConfigCopyHeader(const InmConfig *in, InmConfig *out);
PETSC_EXTERN PetscErrorCode InmConfigBcastHeader(MPI_Comm comm, PetscMPIInt root, InmConfig *c);
/* Broadcast a configuration held on root to every rank of comm (others pass *cfg = NULL). */
PETSC_EXTERN PetscErrorCode InmConfigBcast(MPI_Comm comm, PetscMPIInt root, InmConfig **cfg);
/* A slice of the atoms (any subset, each atom on one rank of comm; nglobal set) becomes a
 * distributed configuration: atoms sorted by space into cells at least `halo` wide, cells
 * dealt to ranks in order so each rank holds a compact region, then every atom within one
 * cell of a rank's region copied to it as halo. halo is the reach of a Hessian row (the
 * potential's (hessian_shells + 1) x cutoff). Collective. */
PETSC_EXTERN PetscErrorCode InmConfigDistribute(MPI_Comm comm, PetscReal halo, InmConfig **cfg);
/* PETSC_TRUE if cfg is distributed (InmConfigDistribute). */
PETSC_EXTERN PetscBool InmConfigIsDistributed(const InmConfig *cfg);
/* Sum over the configuration's atoms of a per-atom value summed locally over the owned atoms:
 * *global = local on a replicated configuration, the sum over ranks on a distributed one. */
PETSC_EXTERN PetscErrorCode InmConfigSumOwned(const InmConfig *cfg, PetscReal local, PetscReal *global);
/* Mean atomic mass over all atoms (collective on a distributed configuration). */
PETSC_EXTERN PetscErrorCode InmConfigMeanMass(const InmConfig *cfg, PetscReal *m);
/* Per-atom masses from type_mass (error naming the type if a mass is unknown). */
PETSC_EXTERN PetscErrorCode InmConfigSetMassesFromTypes(InmConfig *cfg);
/* Kinetic temperature from velocities, 3N-3 degrees of freedom, k_B in the config's units
 * (collective on a distributed configuration). */
PETSC_EXTERN PetscErrorCode InmConfigTemperature(const InmConfig *cfg, PetscReal *T);
