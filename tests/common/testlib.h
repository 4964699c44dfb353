/* Test helpers: checks that count, and the independent routes physics tests compare with.
 * A test program calls InmTestBegin, any number of INM_TEST checks, and ends with
 * return InmTestEnd(); which prints "N passed, M failed" on rank 0 and returns non-zero
 * if any check failed on any rank. */
#pragma once
#include <inmvisc.h>

PETSC_EXTERN PetscErrorCode InmTestBegin(int *argc, char ***argv);
PETSC_EXTERN int            InmTestEnd(void);
PETSC_EXTERN void           InmTestRecord(PetscBool ok, const char *file, int line, const char *fmt, ...);
/* INM_TEST(cond, "what was checked, with numbers %g", x) */
#define INM_TEST(cond, ...) InmTestRecord((cond) ? PETSC_TRUE : PETSC_FALSE, __FILE__, __LINE__, __VA_ARGS__)

/* max_k |a_k - b_k| / max_k |b_k| */
PETSC_EXTERN PetscReal InmMaxRelDiff(PetscInt n, const PetscReal a[], const PetscReal b[]);

/* Finite-difference checks of a potential on a configuration (any rank count; serial work).
 * Hessian: central differences of the potential's own forces with step h, compared with
 * the analytic H (not mass weighted): relerr = max|H - H_fd| / max|H|; asym = max|H - H^T| /
 * max|H|; rowsum = max_i |sum_j H_ij| / max|H| (acoustic sum rule). */
PETSC_EXTERN PetscErrorCode InmTestHessianFD(InmPotential pot, InmConfig *cfg, PetscReal h, PetscReal *relerr, PetscReal *asym, PetscReal *rowsum);
/* Affine force field: Xi of channel c against (f(+h) - f(-h)) / 2h under box deformation of
 * strain h with remap (atoms move affinely). relerr = max|Xi - Xi_fd| / max|Xi|. */
PETSC_EXTERN PetscErrorCode InmTestAffineFD(InmPotential pot, InmConfig *cfg, InmChannel c, PetscReal h, PetscReal *relerr);
/* Smallest |r - rc| over all pairs (to choose a finite-difference step below it). */
PETSC_EXTERN PetscErrorCode InmTestMinCutoffGap(InmPotential pot, InmConfig *cfg, PetscReal rc, PetscReal *gap);

/* An FCC lattice of 4 n^3 atoms with lattice constant a (LJ units, masses 1), every atom
 * displaced uniformly in [-jitter, jitter]^3 with a seeded generator, box tilted by
 * tilt*(a n) in xy, xz, yz (0 = orthogonal). The first round(frac_b * N) atoms in a seeded
 * random order get type 2, the rest type 1. */
/* A liquid snapshot from LAMMPS (InmLammpsQuickLiquid on comm: lattice, melt at Tm, `steps`
 * at T) as a configuration. */
PETSC_EXTERN PetscErrorCode InmTestQuickLiquid(MPI_Comm comm, InmPotential pot, PetscInt natoms, PetscReal density, PetscReal Tm, PetscReal T, PetscInt steps, PetscInt seed, InmConfig **cfg);
/* A KA liquid of natoms at rho = 1.2, T = 1 (LAMMPS, melted at T = 3, 1000 + 1000 steps, seed
 * 17), its D and Xi~ on PETSC_COMM_WORLD and every mode by LAPACK: the reference of the
 * spectral tests (tests/eigen). */
typedef struct {
  InmPotential         pot;
  InmConfig           *c;
  InmHessianGenerator *gen;
  Mat                  D;
  Vec                  xi[INM_NCHANNEL];
  InmModes            *full;
} InmTestKALiquid;
PETSC_EXTERN PetscErrorCode InmTestKALiquidCreate(PetscInt natoms, InmTestKALiquid *t);
PETSC_EXTERN PetscErrorCode InmTestKALiquidDestroy(InmTestKALiquid *t);
/* Eq. (1)'s sum over the modes of a lambda interval [lo, hi) for channel c: sum Gamma_p^c / lambda_p^2. */
PETSC_EXTERN PetscReal InmTestClassSum(const InmModes *m, PetscInt c, PetscReal lo, PetscReal hi);
PETSC_EXTERN PetscErrorCode InmTestFCC(PetscInt n, PetscReal a, PetscReal jitter, PetscReal tilt, PetscReal frac_b, unsigned seed, InmConfig **cfg);

/* Capture the message of the next error raised: InmTestErrorBegin() pushes a handler that
 * keeps the first (PETSC_ERROR_INITIAL) message and prints nothing; InmTestErrorEnd() pops
 * it and returns that message ("" if none). */
PETSC_EXTERN PetscErrorCode InmTestErrorBegin(void);
PETSC_EXTERN const char    *InmTestErrorEnd(void);

/* Energy, forces and pair virial of `pot` on the current state of a LAMMPS instance against
 * LAMMPS's own, each to `tol` relative; records three checks labelled `tag`. */
PETSC_EXTERN PetscErrorCode InmTestCompareWithLammps(InmLammps lmp, InmPotential pot, PetscReal tol, const char *tag);
