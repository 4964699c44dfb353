/* An FCC Lennard-Jones crystal at its energy minimum (analytic limit): the dynamical matrix
 * has no negative eigenvalue and exactly three zero modes (uniform translations), and the
 * three zero modes have participation ratio 1. The lattice constant is the minimum of the
 * energy per atom E(a) of the perfect lattice (golden-section search on our own energy),
 * where every atom is a centre of inversion so forces vanish by symmetry.
 * Zero threshold 1e-10 max|lambda|: round-off in D is ~1e-15 max|lambda|, and the smallest
 * non-zero mode of a 4x4x4 cell (a zone-boundary shear) is ~1e-2 max|lambda|.
 * The same crystal through every other solver has no unstable mode either. */
#include "testlib.h"

static PetscErrorCode EnergyPerAtom(InmPotential pot, PetscReal a, PetscReal *e)
{
  InmConfig *c;

  PetscFunctionBegin;
  PetscCall(InmTestFCC(4, a, 0.0, 0.0, 0.0, 1u, &c));
  PetscCall(InmPotentialCompute(pot, c, e, NULL, NULL));
  *e /= c->n;
  PetscCall(InmConfigDestroy(&c));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  InmPotential         pot;
  InmConfig           *c;
  InmHessianGenerator *gen;
  InmModes            *m;
  Mat                  D;
  Vec                  xi[INM_NCHANNEL];
  PetscReal            lo = 1.45, hi = 1.65, g = 0.5 * (PetscSqrtReal(5.0) - 1), lmax = 0, lminpos = PETSC_MAX_REAL, lmin = PETSC_MAX_REAL, fmax = 0, *f, Pz = 1;
  PetscInt             nzero = 0, nneg = 0;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmPotentialCreateLJ(1.0, 1.0, 2.5, 1.0, &pot));
  for (PetscInt it = 0; it < 60; it++) {
    PetscReal a1 = hi - g * (hi - lo), a2 = lo + g * (hi - lo), e1, e2;
    PetscCall(EnergyPerAtom(pot, a1, &e1));
    PetscCall(EnergyPerAtom(pot, a2, &e2));
    if (e1 < e2) hi = a2;
    else lo = a1;
  }
  PetscCall(InmTestFCC(4, 0.5 * (lo + hi), 0.0, 0.0, 0.0, 1u, &c));
  PetscCall(PetscMalloc1(3 * c->n, &f));
  PetscCall(InmPotentialCompute(pot, c, NULL, f, NULL));
  for (PetscInt k = 0; k < 3 * c->n; k++) fmax = PetscMax(fmax, PetscAbsReal(f[k]));
  INM_TEST(fmax < 1e-10, "perfect FCC at a = %.6f: max |f| = %.1e", (double)(0.5 * (lo + hi)), (double)fmax);
  PetscCall(InmHessianGeneratorCreate(c, pot, PETSC_TRUE, &gen));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, gen, PETSC_DECIDE, &D, xi));
  PetscCall(InmModesSolveLapack(D, xi, NULL, &m));
  for (PetscInt p = 0; p < m->nmodes; p++) lmax = PetscMax(lmax, PetscAbsReal(m->lambda[p]));
  for (PetscInt p = 0; p < m->nmodes; p++) {
    lmin = PetscMin(lmin, m->lambda[p]);
    if (PetscAbsReal(m->lambda[p]) <= 1e-10 * lmax) {
      nzero++;
      Pz = PetscMin(Pz, m->participation[p]);
    } else if (m->lambda[p] < 0) nneg++;
    else lminpos = PetscMin(lminpos, m->lambda[p]);
  }
  INM_TEST(m->nmodes == 3 * c->n, "%" PetscInt_FMT " modes for %" PetscInt_FMT " atoms", m->nmodes, c->n);
  INM_TEST(nneg == 0, "no negative eigenvalue (lowest %.3e, max %.3e)", (double)lmin, (double)lmax);
  INM_TEST(nzero == 3, "exactly three zero modes: %" PetscInt_FMT, nzero);
  INM_TEST(lminpos > 1e-4 * lmax, "gap above the zero modes: lowest non-zero %.3e = %.1e max", (double)lminpos, (double)(lminpos / lmax));
  INM_TEST(PetscAbsReal(Pz - 1) < 1e-8, "zero modes are uniform translations: P = %.12f", (double)Pz);
  PetscCall(PetscFree(f));
  PetscCall(InmModesDestroy(&m));
  /* every solver sees the crystal stable: the dense ones find no eigenvalue below the zero
   * threshold, the unstable-branch one (slepc) returns no mode at all */
  for (int k = 0; k < 4; k++) {
    const char *solvers[4] = {"scalapack", "elpa1", "elpa2", "slepc"};
    PetscInt    neg        = 0;
    InmEigenSolver es;
    PetscCall(InmEigenSolverCreate(PETSC_COMM_WORLD, &es));
    PetscCall(InmEigenSolverSetType(es, solvers[k]));
    PetscCall(InmModesCompute(PETSC_COMM_WORLD, c, pot, es, &m, NULL));
    PetscCall(InmEigenSolverDestroy(&es));
    for (PetscInt p = 0; p < m->nmodes; p++) neg += m->lambda[p] < -1e-10 * lmax;
    INM_TEST(neg == 0 && (k < 3 ? m->nmodes == 3 * c->n : m->nmodes == 0), "%s: no unstable mode in the crystal (%" PetscInt_FMT " modes returned)", solvers[k], m->nmodes);
    PetscCall(InmModesDestroy(&m));
  }
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) PetscCall(VecDestroy(&xi[ch]));
  PetscCall(MatDestroy(&D));
  PetscCall(InmHessianGeneratorDestroy(&gen));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&pot));
  return InmTestEnd();
}
