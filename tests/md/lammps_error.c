/* Sends LAMMPS a command it rejects; run by tests/common/expect_error.sh, which requires the
 * process to fail with exactly one line "inmvisc: error: LAMMPS: ERROR: ...". */
#include <inmvisc.h>

int main(int argc, char **argv)
{
  InmLammps lmp;

  PetscCall(InmInitialize(&argc, &argv, NULL));
  PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
  PetscCall(InmLammpsCommand(lmp, "units lj"));
  PetscCall(InmLammpsCommand(lmp, "pair_style no_such_style 2.5"));
  PetscCall(InmLammpsClose(&lmp));
  PetscCall(InmFinalize());
  return 0;
}
