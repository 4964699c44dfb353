/* EAM setfl tables and their LAMMPS splines (private to src/potential). */
#pragma once
#include <inmvisc/potential.h>

#define EAM_MAXEL 8

typedef PetscReal EamSpline[7]; /* per knot: c0..c2 derivative, c3..c6 value (LAMMPS layout) */

typedef struct {
  char       path[PETSC_MAX_PATH_LEN];
  PetscBool  fs;                        /* eam/fs: density depends on both elements */
  PetscInt   nel;                       /* elements in the file */
  char       element[EAM_MAXEL][16];
  PetscReal  mass[EAM_MAXEL];
  PetscInt   nrho, nr;
  PetscReal  drho, dr, cut, rhomax;
  PetscReal *frho[EAM_MAXEL];           /* [nrho + 1], 1-based as in LAMMPS */
  PetscReal *rhor[EAM_MAXEL][EAM_MAXEL]; /* fs: [block of element a][function b]; alloy: [a][0] */
  PetscReal *z2r[EAM_MAXEL][EAM_MAXEL];  /* r phi(r), a >= b */
} EamSetfl;

/* Read a setfl file (eam/alloy or eam/fs layout). A bare name not found is looked up in the
 * LAMMPS potentials folder. */
PETSC_INTERN PetscErrorCode EamSetflRead(const char path[], PetscBool fs, EamSetfl *s);
PETSC_INTERN PetscErrorCode EamSetflFree(EamSetfl *s);
/* LAMMPS's spline of n tabulated values f[1..n] on spacing delta (PairEAM::interpolate). */
PETSC_INTERN PetscErrorCode EamSplineCreate(PetscInt n, PetscReal delta, const PetscReal f[], EamSpline **spline);
