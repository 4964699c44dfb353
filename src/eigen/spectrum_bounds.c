/* Bounds and counts of the spectrum of D without eigenvectors, shared by the unstable-branch
 * solvers (slepc_unstable.c, block_slicing.c), KPM's checks and the tests:
 *   Gershgorin:  every eigenvalue lies in [min_i (D_ii - R_i), max_i (D_ii + R_i)],
 *                R_i = sum_{j != i} |D_ij|
 *   inertia:     #{lambda < sigma} = the negative pivots of one LDL^T of D - sigma I
 *                (Sylvester's law of inertia; mumps_ldlt.c)
 * and D as point AIJ marked symmetric, the operator SLEPc and MUMPS take. */
#include "eigen_impl.h"

PetscErrorCode InmGershgorinBounds(Mat D, PetscReal *lo, PetscReal *hi)
{
  PetscInt  rstart, rend;
  PetscReal b[2] = {PETSC_MAX_REAL, PETSC_MAX_REAL}, g[2];
  MPI_Comm  comm;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)D, &comm));
  PetscCall(MatGetOwnershipRange(D, &rstart, &rend));
  for (PetscInt r = rstart; r < rend; r++) {
    PetscInt           nc;
    const PetscInt    *c;
    const PetscScalar *v;
    PetscReal          diag = 0, off = 0;
    PetscCall(MatGetRow(D, r, &nc, &c, &v));
    for (PetscInt k = 0; k < nc; k++) {
      if (c[k] == r) diag = v[k];
      else off += PetscAbsScalar(v[k]);
    }
    PetscCall(MatRestoreRow(D, r, &nc, &c, &v));
    b[0] = PetscMin(b[0], diag - off);
    b[1] = PetscMin(b[1], -(diag + off)); /* min of -upper = -max upper */
  }
  PetscCallMPI(MPI_Allreduce(b, g, 2, MPIU_REAL, MPI_MIN, comm));
  *lo = g[0];
  *hi = -g[1];
  PetscFunctionReturn(0);
}

/* D as MATAIJ marked symmetric: the operator of SLEPc's slicing (whose MUMPS, through
 * PETSc, takes point AIJ and gives the inertia of an LDL^T), and of the block slicing's
 * products with D. */
PetscErrorCode InmSymmetricCopy(Mat D, Mat *S)
{
  PetscFunctionBegin;
  PetscCall(MatConvert(D, MATAIJ, MAT_INITIAL_MATRIX, S));
  PetscCall(MatSetOption(*S, MAT_SYMMETRIC, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode InmCountEigenvaluesBelow(Mat D, PetscReal sigma, PetscInt *count)
{
  PetscFunctionBegin;
  PetscCall(InmLDLTCountBelow(D, sigma, NULL, count));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLDLTCountBelow(Mat D, PetscReal sigma, const InmLDLTOptions *o, PetscInt *count)
{
  InmLDLT f;

  PetscFunctionBegin;
  PetscCall(InmLDLTCreate(D, "inm_slice_", o, &f));
  PetscCall(InmLDLTFactor(f, sigma, count));
  PetscCall(InmLDLTDestroy(&f));
  PetscFunctionReturn(0);
}
