/* The dynamical matrix and affine field built on all ranks equal, row for row, the ones
 * built on one rank (PETSC_COMM_SELF) from the same configuration: distribution by atom
 * must not change a single entry. Run on 2 ranks (and more with --oversubscribe). */
#include "testlib.h"

int main(int argc, char **argv)
{
  InmPotential         pot;
  InmConfig           *c;
  InmHessianGenerator *g1, *gp;
  Mat                  D1, Dp;
  Vec                  x1[INM_NCHANNEL], xp[INM_NCHANNEL];
  PetscInt             rstart, rend, N3;
  PetscReal            dmax = 0, vmax = 0, xmax = 0;
  PetscMPIInt          size;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &pot));
  PetscCall(InmTestFCC(4, PetscCbrtReal(4.0 / 1.2), 0.12, 0.1, 0.2, 5u, &c));
  PetscCall(InmHessianGeneratorCreate(c, pot, PETSC_TRUE, &g1));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_SELF, g1, PETSC_DECIDE, &D1, x1));
  PetscCall(InmHessianGeneratorCreate(c, pot, PETSC_TRUE, &gp));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, gp, PETSC_DECIDE, &Dp, xp));
  PetscCall(MatGetSize(Dp, &N3, NULL));
  PetscCall(MatGetOwnershipRange(Dp, &rstart, &rend));
  for (PetscInt r = rstart; r < rend; r++) {
    PetscInt           n1, np;
    const PetscInt    *c1, *cp;
    const PetscScalar *v1, *vp;
    PetscCall(MatGetRow(D1, r, &n1, &c1, &v1));
    PetscCall(MatGetRow(Dp, r, &np, &cp, &vp));
    if (n1 != np) dmax = PETSC_MAX_REAL;
    else
      for (PetscInt k = 0; k < n1; k++) {
        if (c1[k] != cp[k]) dmax = PETSC_MAX_REAL;
        dmax = PetscMax(dmax, PetscAbsReal(v1[k] - vp[k]));
        vmax = PetscMax(vmax, PetscAbsReal(v1[k]));
      }
    PetscCall(MatRestoreRow(Dp, r, &np, &cp, &vp));
    PetscCall(MatRestoreRow(D1, r, &n1, &c1, &v1));
  }
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) {
    const PetscScalar *a1, *ap;
    PetscCall(VecGetArrayRead(x1[ch], &a1));
    PetscCall(VecGetArrayRead(xp[ch], &ap));
    for (PetscInt r = rstart; r < rend; r++) xmax = PetscMax(xmax, PetscAbsReal(a1[r] - ap[r - rstart]));
    PetscCall(VecRestoreArrayRead(xp[ch], &ap));
    PetscCall(VecRestoreArrayRead(x1[ch], &a1));
  }
  INM_TEST(N3 == 3 * c->n, "global size %" PetscInt_FMT " = 3N", N3);
  INM_TEST(rstart % 3 == 0 && rend % 3 == 0, "rows [%" PetscInt_FMT ", %" PetscInt_FMT ") split by whole atoms on %d ranks", rstart, rend, size);
  INM_TEST(dmax == 0.0 && vmax > 0, "D on %d ranks equals D on one rank: max difference %g (max entry %g)", size, (double)dmax, (double)vmax);
  INM_TEST(xmax == 0.0, "Xi~ on %d ranks equals Xi~ on one rank: max difference %g", size, (double)xmax);
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) {
    PetscCall(VecDestroy(&x1[ch]));
    PetscCall(VecDestroy(&xp[ch]));
  }
  PetscCall(MatDestroy(&D1));
  PetscCall(MatDestroy(&Dp));
  PetscCall(InmHessianGeneratorDestroy(&g1));
  PetscCall(InmHessianGeneratorDestroy(&gp));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&pot));
  return InmTestEnd();
}
