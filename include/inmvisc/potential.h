/* inmvisc/potential.h — interatomic potentials behind one small interface (CoMD style).
 *
 * A potential provides energy, forces, virial and, for the Hessian, the 3x3 blocks of
 * one row at a time. Blocks are accumulated into an InmBlockRow together with the
 * connecting vector of each contribution, from which the affine force field follows
 * (SPEC §4): under x_a -> x_a + eps x_b every atom moves by u_j = eps (r_j)_b e_a, and
 *     Xi_i = d f_i / d eps = - sum_contrib H_ij^(c) (d_ij^(c))_b e_a
 * with d_ij^(c) the vector from i to j along the path of that contribution (the bond
 * itself, or i -> common neighbour -> j for EAM second-neighbour terms).
 *
 * Conventions: virial[6] = (xx, yy, zz, xy, xz, yz) = sum_pairs (r_i - r_j)_a f_ij,b as
 * LAMMPS tallies it (energy units; pressure = (N kT + tr W/3)/V).
 */
#pragma once
#include <petscviewer.h>
#include <inmvisc/neighbor.h>

/* Affine channels: simple shear xy, xz, yz (x_a += eps x_b) and bulk (r += eps r). */
typedef enum { INM_CHANNEL_XY, INM_CHANNEL_XZ, INM_CHANNEL_YZ, INM_CHANNEL_BULK, INM_NCHANNEL } InmChannel;
PETSC_EXTERN const char *const InmChannelNames[]; /* "xy","xz","yz","bulk" */

/* One block row of the Hessian (not mass weighted) under accumulation. */
typedef struct {
  PetscInt   row;              /* atom i */
  PetscInt   n;                /* distinct columns so far */
  PetscInt   cap;
  PetscInt  *col;              /* [cap] column atoms, in order of first appearance */
  PetscReal *blk;              /* [9 cap] row-major 3x3 blocks */
  PetscInt  *pos;              /* [natoms] slot of column j in col[], or -1 */
  PetscReal  xi[INM_NCHANNEL][3]; /* affine force field of atom i per channel */
} InmBlockRow;

PETSC_EXTERN PetscErrorCode InmBlockRowCreate(PetscInt natoms, InmBlockRow *row);
PETSC_EXTERN PetscErrorCode InmBlockRowDestroy(InmBlockRow *row);
/* Start row i (clears the previous row's columns in O(previous n)). */
PETSC_EXTERN PetscErrorCode InmBlockRowBegin(InmBlockRow *row, PetscInt i);
/* Grow storage; called by InmBlockRowAdd when full. */
PETSC_EXTERN PetscErrorCode InmBlockRowGrow(InmBlockRow *row);
/* Make room for `need` blocks (a column index and 9 values each) in arrays holding `used`. */
PETSC_EXTERN PetscErrorCode InmBlockArraysReserve(PetscInt used, PetscInt need, PetscInt *cap, PetscInt **col, PetscReal **blk);
/* Sort columns ascending (blocks follow). */
PETSC_EXTERN PetscErrorCode InmBlockRowSort(InmBlockRow *row);

/* H_ij += s*K with connecting vector d = r_j - r_i along this contribution's path. */
static inline PetscErrorCode InmBlockRowAdd(InmBlockRow *row, PetscInt j, PetscReal s, const PetscReal K[9], const PetscReal d[3])
{
  PetscInt   p = row->pos[j];
  PetscReal *B;

  PetscFunctionBegin;
  if (p < 0) {
    if (row->n == row->cap) PetscCall(InmBlockRowGrow(row));
    p           = row->n++;
    row->pos[j] = p;
    row->col[p] = j;
    PetscCall(PetscArrayzero(row->blk + 9 * p, 9));
  }
  B = row->blk + 9 * p;
  for (PetscInt a = 0; a < 9; a++) B[a] += s * K[a];
  /* Xi_i -= H^(c) u, u = d_b e_a per channel; bulk u = d (SPEC §4). */
  for (PetscInt g = 0; g < 3; g++) {
    const PetscReal *Kg = K + 3 * g;
    row->xi[INM_CHANNEL_XY][g] -= s * Kg[0] * d[1];
    row->xi[INM_CHANNEL_XZ][g] -= s * Kg[0] * d[2];
    row->xi[INM_CHANNEL_YZ][g] -= s * Kg[1] * d[2];
    row->xi[INM_CHANNEL_BULK][g] -= s * (Kg[0] * d[0] + Kg[1] * d[1] + Kg[2] * d[2]);
  }
  PetscFunctionReturn(0);
}

typedef struct _p_InmPotential *InmPotential;

/* What kind of model a potential is, for what depends on it beyond forces (the MD presets of
 * src/md/presets.c): Lennard-Jones pair liquids (KA, LJ; LAMMPS lj units) or EAM alloys
 * (metal units). */
typedef enum { INM_POTENTIAL_LJ, INM_POTENTIAL_EAM } InmPotentialFamily;

typedef struct {
  /* Check the configuration's types against the potential; may set cfg masses if unknown. */
  PetscErrorCode (*check_config)(InmPotential, InmConfig *);
  /* Energy, forces [3N] (overwritten) and virial[6]; any output may be NULL. */
  PetscErrorCode (*compute)(InmPotential, const InmConfig *, const InmNeighborList *, PetscReal *energy, PetscReal *f, PetscReal virial[6]);
  /* Per-configuration work before rows are asked for (EAM: densities, F', F''). May be NULL. */
  PetscErrorCode (*hessian_prepare)(InmPotential, const InmConfig *, const InmNeighborList *);
  /* Add every contribution to Hessian row i (row already begun). */
  PetscErrorCode (*hessian_row)(InmPotential, const InmConfig *, const InmNeighborList *, PetscInt i, InmBlockRow *);
  PetscErrorCode (*view)(InmPotential, PetscViewer);
  PetscErrorCode (*destroy)(InmPotential);
} InmPotentialOps;

struct _p_InmPotential {
  InmPotentialOps ops;
  char            name[64];     /* "ka", "eam/fs", ... */
  InmPotentialFamily family;
  char            units[16];    /* LAMMPS units style */
  PetscReal       cutoff;       /* range of the pair/density functions */
  PetscReal       rmin;         /* closest physical approach; closer is an input error */
  PetscInt        hessian_shells; /* bonds beyond atom i whose neighbour rows its Hessian row
                                     reads: 0 for pair potentials, 1 for EAM (rho_c of each
                                     neighbour c needs c's whole row) */
  PetscInt        ntypes;       /* types the potential defines (1..ntypes) */
  PetscReal       type_mass[INM_MAX_TYPES + 1]; /* default masses, 0 = none */
  char            lammps_pair[PETSC_MAX_PATH_LEN * 2]; /* LAMMPS pair_style + pair_coeff (+ pair_modify) lines giving the same forces */
  void           *data;
};

/* Kob–Andersen LJ mixture, LJ units. smooth = PETSC_TRUE: LAMMPS lj/gromacs switching
 * between r1 = ka_inner * sigma_ab and rc = 2.5 sigma_ab (phi, phi', phi'' continuous). */
PETSC_EXTERN PetscErrorCode InmPotentialCreateKA(PetscBool smooth, PetscReal inner, InmPotential *pot);
/* Plain Lennard-Jones, one type (eps, sigma, rc, shifted), for crystals and tests. */
PETSC_EXTERN PetscErrorCode InmPotentialCreateLJ(PetscReal eps, PetscReal sigma, PetscReal rc, PetscReal mass, InmPotential *pot);
/* EAM from a setfl file: style "eam/alloy" or "eam/fs"; elements maps types 1..n to file elements. */
PETSC_EXTERN PetscErrorCode InmPotentialCreateEAM(const char path[], const char style[], PetscInt nel, const char *const elements[], InmPotential *pot);
/* From options: -model ka|lj|eam, -ka_cutoff shift|smooth, -eam_file, -eam_style, -eam_elements. */
PETSC_EXTERN PetscErrorCode InmPotentialCreateFromOptions(const char prefix[], InmPotential *pot);
PETSC_EXTERN PetscErrorCode InmPotentialDestroy(InmPotential *pot);
/* The options InmPotentialCreateFromOptions reads (they are part of every campaign's identity). */
PETSC_EXTERN const char *const InmPotentialOptionNames[];
PETSC_EXTERN const PetscInt    InmPotentialNumOptions;
PETSC_EXTERN PetscErrorCode InmPotentialView(InmPotential pot, PetscViewer viewer);

/* Convenience: build the neighbour list, check, compute energy/forces/virial. */
PETSC_EXTERN PetscErrorCode InmPotentialCompute(InmPotential pot, InmConfig *cfg, PetscReal *energy, PetscReal *f, PetscReal virial[6]);

/* Tally a central pair force: f_i += fr d, f_j -= fr d (f may be NULL) and the virial
 * W_ab -= fr d_a d_b, with d = r_j - r_i and fr = (d psi/dr) / r (LAMMPS's convention). */
static inline void InmPairTally(PetscReal *f, PetscInt i, PetscInt j, PetscReal fr, const PetscReal d[3], PetscReal W[6])
{
  if (f)
    for (PetscInt c = 0; c < 3; c++) {
      f[3 * i + c] += fr * d[c];
      f[3 * j + c] -= fr * d[c];
    }
  W[0] -= fr * d[0] * d[0];
  W[1] -= fr * d[1] * d[1];
  W[2] -= fr * d[2] * d[2];
  W[3] -= fr * d[0] * d[1];
  W[4] -= fr * d[0] * d[2];
  W[5] -= fr * d[1] * d[2];
}

/* Pair stiffness block K = phi'' rr^T + (phi'/r)(I - rr^T) for a bond of length r along d. */
static inline void InmPairStiffness(PetscReal d1, PetscReal d2, const PetscReal d[3], PetscReal r, PetscReal K[9])
{
  const PetscReal ir = 1.0 / r, t = d1 * ir, u[3] = {d[0] * ir, d[1] * ir, d[2] * ir};
  for (PetscInt a = 0; a < 3; a++)
    for (PetscInt b = 0; b < 3; b++) K[3 * a + b] = (d2 - t) * u[a] * u[b] + (a == b ? t : 0.0);
}
