/* Kob–Andersen energy, forces and virial equal LAMMPS's own (independent route: LAMMPS's
 * lj/cut + shift and lj/gromacs, called through its library) on liquid snapshots made by
 * LAMMPS, in an orthogonal and a tilted box, to 1e-10 relative (issue #2). The only
 * differences allowed are summation order, ~1e-14 relative. */
#include "testlib.h"

static PetscErrorCode Compare(InmLammps lmp, InmPotential pot, const char *tag)
{
  InmConfig *c;
  PetscReal  e, el, W[6], Wl[6], *f, *fl;

  PetscFunctionBegin;
  PetscCall(InmLammpsGetConfig(lmp, &c));
  PetscCall(PetscMalloc2(3 * c->n, &f, 3 * c->n, &fl));
  PetscCall(InmLammpsEnergyForcesVirial(lmp, &el, fl, Wl));
  PetscCall(InmPotentialCompute(pot, c, &e, f, W));
  INM_TEST(PetscAbsReal(e - el) < 1e-10 * PetscAbsReal(el), "%s: energy %.15g vs LAMMPS %.15g (rel %.1e)", tag, (double)e, (double)el, (double)PetscAbsReal((e - el) / el));
  INM_TEST(InmMaxRelDiff(3 * c->n, f, fl) < 1e-10, "%s: forces, max rel diff %.1e", tag, (double)InmMaxRelDiff(3 * c->n, f, fl));
  INM_TEST(InmMaxRelDiff(6, W, Wl) < 1e-10, "%s: virial (%.6g %.6g %.6g %.6g %.6g %.6g), max rel diff %.1e", tag, (double)W[0], (double)W[1], (double)W[2], (double)W[3], (double)W[4], (double)W[5], (double)InmMaxRelDiff(6, W, Wl));
  PetscCall(PetscFree2(f, fl));
  PetscCall(InmConfigDestroy(&c));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(InmTestBegin(&argc, &argv));
  for (PetscInt smooth = 0; smooth < 2; smooth++) {
    InmPotential pot;
    InmLammps    lmp;
    char         tag[64];
    PetscCall(InmPotentialCreateKA((PetscBool)smooth, 2.0, &pot));
    PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
    PetscCall(InmLammpsQuickLiquid(lmp, pot, 500, 1.2, 2.0, 1.0, 500, 77 + (PetscInt)smooth));
    PetscCall(PetscSNPrintf(tag, sizeof(tag), "KA %s, orthogonal box", smooth ? "smooth" : "shifted"));
    PetscCall(Compare(lmp, pot, tag));
    /* tilt the box with remap and let atoms move so they cross the tilted faces */
    PetscCall(InmLammpsCommand(lmp, "change_box all triclinic"));
    PetscCall(InmLammpsCommand(lmp, "change_box all xy final 1.1 xz final -0.7 yz final 0.5 remap units box"));
    PetscCall(InmLammpsCommand(lmp, "run 100"));
    PetscCall(PetscSNPrintf(tag, sizeof(tag), "KA %s, tilted box", smooth ? "smooth" : "shifted"));
    PetscCall(Compare(lmp, pot, tag));
    PetscCall(InmLammpsClose(&lmp));
    PetscCall(InmPotentialDestroy(&pot));
  }
  return InmTestEnd();
}
