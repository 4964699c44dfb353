/* inmvisc/hessian.h — the dynamical matrix and the affine force field.
 *
 *   D = M^{-1/2} H M^{-1/2},   Xi~_i = Xi_i / sqrt(m_i)        (SPEC §4)
 *
 * Everything is produced by one block generator: "give me block rows i in rows[]",
 * used for the sparse PETSc matrix (rows distributed by atom) and, later, for a dense
 * block-cyclic layout. The generator holds a replicated configuration and a full
 * neighbour list over the Hessian range of the potential.
 */
#pragma once
#include <petscmat.h>
#include <inmvisc/potential.h>

typedef struct {
  InmConfig       *cfg;
  InmPotential     pot;
  InmNeighborList *nl;
  InmBlockRow      row;
  PetscBool        mass_weighted; /* PETSC_TRUE: emit D and Xi~; PETSC_FALSE: H and Xi */
  PetscReal       *isqrtm;        /* [n] 1/sqrt(m_i) */
} InmHessianGenerator;

/* Called for each generated row with columns sorted ascending. The row's blocks and xi are
 * already mass weighted if the generator is. */
typedef PetscErrorCode (*InmHessianRowFn)(void *ctx, const InmBlockRow *row);

PETSC_EXTERN PetscErrorCode InmHessianGeneratorCreate(InmConfig *cfg, InmPotential pot, PetscBool mass_weighted, InmHessianGenerator **gen);
PETSC_EXTERN PetscErrorCode InmHessianGeneratorRows(InmHessianGenerator *gen, PetscInt nrows, const PetscInt rows[], InmHessianRowFn fn, void *ctx);
PETSC_EXTERN PetscErrorCode InmHessianGeneratorDestroy(InmHessianGenerator **gen);

/* Assemble D (MATMPIBAIJ/MATSEQBAIJ, block size 3; atoms split over comm with PETSC_DECIDE
 * or the layout of nlocal atoms if nlocal != PETSC_DECIDE) and Xi~ per channel as Vecs of
 * the same row layout. xi may be NULL. */
PETSC_EXTERN PetscErrorCode InmDynamicalMatrixCreate(MPI_Comm comm, InmHessianGenerator *gen, PetscInt nlocal, Mat *D, Vec xi[INM_NCHANNEL]);
