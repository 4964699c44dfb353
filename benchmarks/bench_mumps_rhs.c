/* Benchmark: why the block slicing solves blocks of right-hand sides (issue 3).
 * One MUMPS LDL^T of D - sigma I for a snapshot, then the time per right-hand side of
 * MatSolve (one vector) and MatMatSolve with 8 ... 256 vectors. The triangular solves
 * stream the whole factor once per call, so one vector at a time is bound by memory
 * bandwidth; a block reuses each entry of the factor for all its vectors.
 * Usage: mpiexec -n P bench_mumps_rhs -model ka -input SNAPSHOT [-sigma -20]
 *        [-mat_mumps_icntl_7 4 ...]; prints the factorisation time and one line per block. */
#include <inmvisc.h>
#include "../src/eigen/eigen_impl.h"

int main(int argc, char **argv)
{
  char                 input[PETSC_MAX_PATH_LEN] = "";
  const PetscInt       nrhs[] = {1, 8, 16, 32, 64, 128, 256};
  InmPotential         pot;
  InmConfig           *cfg;
  InmHessianGenerator *gen;
  Mat                  D, S, F;
  Vec                  xi[INM_NCHANNEL];
  PetscReal            sigma = -20;
  PetscInt             below, m, n;
  PetscLogDouble       t0, t1;

  PetscCall(InmInitialize(&argc, &argv, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-input", input, sizeof(input), NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-sigma", &sigma, NULL));
  PetscCheck(input[0], PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "bench_mumps_rhs needs -input SNAPSHOT");
  PetscCall(InmPotentialCreateFromOptions(NULL, &pot));
  PetscCall(InmConfigRead(PETSC_COMM_WORLD, input, INM_FORMAT_AUTO, -1, &cfg));
  PetscCall(InmHessianGeneratorCreate(cfg, pot, PETSC_TRUE, &gen));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, gen, PETSC_DECIDE, &D, xi));
  PetscCall(InmSymmetricCopy(D, &S));
  PetscCall(PetscTime(&t0));
  PetscCall(InmShiftedFactor(S, sigma, NULL, &F, &below));
  PetscCall(PetscTime(&t1));
  PetscCall(MatGetLocalSize(S, &m, NULL));
  PetscCall(MatGetSize(S, &n, NULL));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "n = %" PetscInt_FMT ", sigma = %g: factorisation %.3f s, %" PetscInt_FMT " eigenvalues below\n", n, (double)sigma, t1 - t0, below));
  for (size_t k = 0; k < sizeof(nrhs) / sizeof(nrhs[0]); k++) {
    Mat      B, X;
    PetscInt reps = nrhs[k] == 1 ? 20 : 1;
    PetscCall(MatCreateDense(PETSC_COMM_WORLD, m, PETSC_DECIDE, n, nrhs[k], NULL, &B));
    PetscCall(MatSetRandom(B, NULL));
    PetscCall(MatDuplicate(B, MAT_DO_NOT_COPY_VALUES, &X));
    PetscCall(PetscTime(&t0));
    if (nrhs[k] == 1) {
      Vec b, x;
      PetscCall(MatCreateVecs(S, &x, &b));
      PetscCall(VecSetRandom(b, NULL));
      for (PetscInt r = 0; r < reps; r++) PetscCall(MatSolve(F, b, x));
      PetscCall(VecDestroy(&b));
      PetscCall(VecDestroy(&x));
    } else PetscCall(MatMatSolve(F, B, X));
    PetscCall(PetscTime(&t1));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "right-hand sides %4" PetscInt_FMT ": %.2f ms per vector\n", nrhs[k], 1e3 * (t1 - t0) / (reps * nrhs[k])));
    PetscCall(MatDestroy(&B));
    PetscCall(MatDestroy(&X));
  }
  PetscCall(MatDestroy(&F));
  PetscCall(MatDestroy(&S));
  PetscCall(MatDestroy(&D));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&xi[c]));
  PetscCall(InmHessianGeneratorDestroy(&gen));
  PetscCall(InmConfigDestroy(&cfg));
  PetscCall(InmPotentialDestroy(&pot));
  PetscCall(InmFinalize());
  return 0;
}
