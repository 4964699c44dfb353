/* Internals of the sparse eigen-solvers (src/eigen): the spectral density estimate that
 * places the shifts, and one shift of the block shift-and-invert Lanczos slicing. */
#pragma once
#include <inmvisc/eigen.h>

/* A deterministic number in [-1, 1] from (seed, i): random start vectors that do not
 * depend on how rows are split over ranks. */
PETSC_EXTERN PetscReal InmHashUniform(unsigned long long seed, unsigned long long i);

/* D as AIJ marked symmetric (spectrum_bounds.c). */
PETSC_EXTERN PetscErrorCode InmSymmetricCopy(Mat D, Mat *S);

/* The group readers of solver_options.c, for InmEigenSolverSetFromOptions. */
PETSC_EXTERN PetscErrorCode InmDenseOptionsRead(MPI_Comm comm, const char prefix[], InmDenseOptions *o);
PETSC_EXTERN PetscErrorCode InmUnstableOptionsRead(MPI_Comm comm, const char prefix[], InmUnstableOptions *o);
PETSC_EXTERN PetscErrorCode InmBlockSlicingOptionsRead(MPI_Comm comm, const char prefix[], InmBlockSlicingOptions *o);
PETSC_EXTERN PetscErrorCode InmKPMOptionsRead(MPI_Comm comm, const char prefix[], InmKPMOptions *o);
/* MUMPS LDL^T of D - sigma I, ordered by METIS on the atom graph (mumps_ldlt.c). Create
 * gathers the pattern and analyses it once; Factor then takes any shift and gives the
 * number of eigenvalues of D below it; Solve overwrites nothing of B and takes local rows
 * (column-major, leading dimension the local row count). Options, with the prefix:
 * -ordering metis|mumps, -mat_mumps_icntl_<k>, -mat_mumps_cntl_<k>, -metis_<option>. */
/* Y = (D (x) I_k) X for k vectors interleaved in X (block_product.c; D BAIJ, 3 x 3 blocks):
 * Create takes X, any vector of that layout (local size k times D's local rows; those it is
 * applied to must have the same). Width: the k to use for k vectors (zero ones added where
 * the product is faster so). */
typedef struct _n_InmBlockProduct *InmBlockProduct;
PETSC_EXTERN PetscInt       InmBlockProductWidth(PetscInt k);
PETSC_EXTERN PetscErrorCode InmBlockProductCreate(Mat D, PetscInt k, Vec X, InmBlockProduct *bp);
PETSC_EXTERN PetscErrorCode InmBlockProductApply(InmBlockProduct bp, Vec X, Vec Y);
PETSC_EXTERN PetscErrorCode InmBlockProductDestroy(InmBlockProduct *bp);

typedef struct _n_InmLDLT *InmLDLT;
typedef struct {
  char           ordering[8];     /* METIS or MUMPS */
  PetscReal      entries, flops;  /* in the factor (all ranks); of the last factorisation */
  PetscReal      memory;          /* MB, the largest of the ranks */
  PetscReal      estimate;        /* MB, this rank's need for a factorisation (MUMPS's estimate) */
  PetscLogDouble analysis, factor; /* seconds */
} InmLDLTInfo;
/* o: the ordering options (read with the prefix if NULL); MUMPS's controls are read with the
 * prefix here, as PETSc's own MUMPS interface reads them when it factors. */
PETSC_EXTERN PetscErrorCode InmLDLTCreate(Mat D, const char prefix[], const InmLDLTOptions *o, InmLDLT *f);
/* The eigenvalues of D below sigma from one LDL^T (InmCountEigenvaluesBelow with given ordering
 * options; MUMPS's controls with the block slicing's prefix -inm_slice_). */
PETSC_EXTERN PetscErrorCode InmLDLTCountBelow(Mat D, PetscReal sigma, const InmLDLTOptions *o, PetscInt *count);
PETSC_EXTERN PetscErrorCode InmLDLTFactor(InmLDLT f, PetscReal sigma, PetscInt *below);
PETSC_EXTERN PetscErrorCode InmLDLTSolve(InmLDLT f, PetscInt nrhs, const PetscReal *B, PetscReal *X);
PETSC_EXTERN PetscErrorCode InmLDLTGetInfo(InmLDLT f, InmLDLTInfo *info);
PETSC_EXTERN PetscErrorCode InmLDLTDestroy(InmLDLT *f);

/* One shift of the block slicing (shift_invert_lanczos.c). The run reports the eigenpairs of
 * D in its cell (lo, hi]; lo = -PETSC_INFINITY for the lowest cell. */
typedef struct {
  /* set by the caller */
  PetscInt  index;        /* the shift's number: the seed of its start block */
  PetscReal sigma;        /* the shift */
  PetscReal lo, hi;       /* the cell */
  PetscInt  known;        /* eigenvalues in the cell if known (a gap re-solved), else -1 */
  PetscInt  expect;       /* estimated eigenvalues within reach: the first convergence check */
  /* results */
  PetscInt   below;       /* eigenvalues of D below sigma (the inertia of its factorisation) */
  PetscInt   nfound;      /* converged eigenpairs in the cell */
  PetscReal *lambda, *s2, *s4, *proj[INM_NCHANNEL]; /* [nfound], ascending lambda; the sums
                                                     * and projections of InmModesSetMode */
  PetscReal *vectors;     /* [nfound][nloc] local rows, only if asked for */
  PetscBool  complete;    /* the stopping rule was met (else the dimension cap was reached) */
  PetscInt   dim;         /* Krylov dimension at the end */
  PetscReal  residual;    /* max |D x - lambda x| over the cell's pairs */
  PetscLogDouble tfactor, tkrylov;
} InmShiftRun;

/* What every run of one solve shares (one per rank group). */
typedef struct {
  MPI_Comm   comm;          /* the group */
  Mat        S;             /* D on the group, AIJ, symmetric */
  InmLDLT    ldlt;          /* its factorisation, analysed once for every shift */
  PetscInt   natoms, nloc;  /* atoms; local rows (3 per local atom) */
  PetscReal *xi;            /* [INM_NCHANNEL][nloc] Xi~, local rows */
  PetscReal *zero;          /* [3][nloc] orthonormal translational zero modes to deflate, or NULL */
  PetscInt   block;         /* block size b */
  PetscInt   max_dim;       /* Krylov dimension cap */
  PetscReal  tol;           /* |T x - mu x| <= tol |mu|, T = (D - sigma)^-1 */
  PetscReal  scale;         /* max|lambda| bound: residuals are reported relative to it */
  PetscBool  partial;       /* reorthogonalise against the whole basis only when needed */
  PetscBool  keep_vectors;
  PetscBool  monitor;
  const InmEigenOptions *options; /* of the solve: the factorisations' ordering, the memory limit */
} InmShiftRunContext;

PETSC_EXTERN PetscInt       InmShiftRunFirstCheck(PetscInt b, PetscInt expect);
PETSC_EXTERN PetscErrorCode InmShiftRunSolve(const InmShiftRunContext *ctx, InmShiftRun *run);
PETSC_EXTERN PetscErrorCode InmShiftRunReset(InmShiftRun *run);
