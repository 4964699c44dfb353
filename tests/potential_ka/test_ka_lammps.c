/* Kob–Andersen energy, forces and virial equal LAMMPS's own (independent route: LAMMPS's
 * lj/cut + shift and lj/gromacs, called through its library) on liquid snapshots made by
 * LAMMPS, in an orthogonal and a tilted box, to 1e-10 relative (issue #2). The only
 * differences allowed are summation order, ~1e-14 relative. */
#include "testlib.h"

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
    PetscCall(InmTestCompareWithLammps(lmp, pot, 1e-10, tag));
    /* tilt the box with remap and let atoms move so they cross the tilted faces */
    PetscCall(InmLammpsCommand(lmp, "change_box all triclinic"));
    PetscCall(InmLammpsCommand(lmp, "change_box all xy final 1.1 xz final -0.7 yz final 0.5 remap units box"));
    PetscCall(InmLammpsCommand(lmp, "run 100"));
    PetscCall(PetscSNPrintf(tag, sizeof(tag), "KA %s, tilted box", smooth ? "smooth" : "shifted"));
    PetscCall(InmTestCompareWithLammps(lmp, pot, 1e-10, tag));
    PetscCall(InmLammpsClose(&lmp));
    PetscCall(InmPotentialDestroy(&pot));
  }
  return InmTestEnd();
}
