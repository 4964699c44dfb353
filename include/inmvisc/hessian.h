/* inmvisc/hessian.h — the dynamical matrix and the affine force field.
 *
 *   D = ftm2v M^{-1/2} H M^{-1/2},   Xi~_i = Xi_i / sqrt(m_i)        (SPEC §4)
 *
 * ftm2v = 1/mvv2e converts force/(length mass) to 1/time^2 in the potential's units style
 * (1 for lj; 1/1.0364269e-4 = 9648.5 for metal, so lambda is in ps^-2 and omega in rad/ps).
 * Xi~ stays in force/sqrt(mass) (metal: eV/(A sqrt(amu))), so Gamma = (v . Xi~)^2 is in
 * force^2/mass; Eq. (1) applies the same conversion where it combines Gamma with lambda.
 *
 * Everything is produced by one block generator: "give me block rows i in rows[]",
 * used for the sparse PETSc matrix (rows distributed by atom) and, later, for a dense
 * block-cyclic layout. The generator reads a replicated configuration (positions, types,
 * masses: 50 bytes an atom) or a distributed one (config.h: this rank's atoms and a halo;
 * rows are then local atoms, and the rows it emits are in global indices); the neighbour
 * list over the Hessian range of the potential is built per request for the rows asked for
 * and their halo, and freed after it.
 */
#pragma once
#include <petscmat.h>
#include <inmvisc/potential.h>

typedef struct {
  InmConfig       *cfg;
  InmPotential     pot;
  InmNeighborList *nl;            /* during InmHessianGeneratorRows only */
  PetscInt         listed;        /* entries of the last request's list (its memory: 48 B each) */
  InmBlockRow      row;
  InmBlockRow      global;        /* a distributed configuration's row in global indices */
  PetscBool        mass_weighted; /* PETSC_TRUE: emit D and Xi~; PETSC_FALSE: H and Xi */
  PetscReal       *isqrtm;        /* [n] 1/sqrt(m_i) */
  PetscReal        ftm2v;         /* 1/mvv2e of the potential's units style */
} InmHessianGenerator;

/* Called for each generated row with columns sorted ascending. The row's blocks and xi are
 * already mass weighted if the generator is. */
typedef PetscErrorCode (*InmHessianRowFn)(void *ctx, const InmBlockRow *row);

PETSC_EXTERN PetscErrorCode InmHessianGeneratorCreate(InmConfig *cfg, InmPotential pot, PetscBool mass_weighted, InmHessianGenerator **gen);
PETSC_EXTERN PetscErrorCode InmHessianGeneratorRows(InmHessianGenerator *gen, PetscInt nrows, const PetscInt rows[], InmHessianRowFn fn, void *ctx);
PETSC_EXTERN PetscErrorCode InmHessianGeneratorDestroy(InmHessianGenerator **gen);

/* Assemble D (MATMPIBAIJ/MATSEQBAIJ, block size 3; atoms split over comm with PETSC_DECIDE
 * or the layout of nlocal atoms if nlocal != PETSC_DECIDE) and Xi~ per channel as Vecs of
 * the same row layout. xi may be NULL. On a distributed configuration, comm is the one it
 * spans, and each rank's rows are its owned atoms (nlocal PETSC_DECIDE or cfg->nowned). */
PETSC_EXTERN PetscErrorCode InmDynamicalMatrixCreate(MPI_Comm comm, InmHessianGenerator *gen, PetscInt nlocal, Mat *D, Vec xi[INM_NCHANNEL]);
