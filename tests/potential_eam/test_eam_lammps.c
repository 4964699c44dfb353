/* EAM energy, forces and virial equal LAMMPS's own pair_style eam/fs and eam/alloy (an
 * independent implementation of the same setfl splines) on liquids LAMMPS made, in an
 * orthogonal and a tilted box, to 1e-10 relative (issue #2; the only difference allowed is
 * summation order, ~1e-14). */
#include "testlib.h"

int main(int argc, char **argv)
{
  const char *cuzr[2] = {"Cu", "Zr"}, *cuni[2] = {"Cu", "Ni"};
  struct {
    const char *file, *style, *const *el, *tag;
    PetscReal   density;
  } cases[2] = {
    {"CuZr_mm.eam.fs",  "eam/fs",    cuzr, "CuZr eam/fs",    0.0  },
    {"CuNi.eam.alloy",  "eam/alloy", cuni, "CuNi eam/alloy", 0.085},
  };

  PetscCall(InmTestBegin(&argc, &argv));
  for (int k = 0; k < 2; k++) {
    InmPotential pot;
    InmLammps    lmp;
    char         tag[96];
    PetscCall(InmPotentialCreateEAM(cases[k].file, cases[k].style, 2, cases[k].el, &pot));
    PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
    PetscCall(InmLammpsQuickLiquid(lmp, pot, 432, cases[k].density, 3000, 2000, 300, 11 + k));
    PetscCall(PetscSNPrintf(tag, sizeof(tag), "%s, orthogonal box", cases[k].tag));
    PetscCall(InmTestCompareWithLammps(lmp, pot, 1e-10, tag));
    PetscCall(InmLammpsCommand(lmp, "change_box all triclinic"));
    PetscCall(InmLammpsCommand(lmp, "change_box all xy final 3.1 xz final -2.2 yz final 1.4 remap units box"));
    PetscCall(InmLammpsCommand(lmp, "run 50"));
    PetscCall(PetscSNPrintf(tag, sizeof(tag), "%s, tilted box", cases[k].tag));
    PetscCall(InmTestCompareWithLammps(lmp, pot, 1e-10, tag));
    PetscCall(InmLammpsClose(&lmp));
    PetscCall(InmPotentialDestroy(&pot));
  }
  return InmTestEnd();
}
