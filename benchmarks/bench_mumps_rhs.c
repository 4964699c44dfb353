/* Benchmark: the LDL^T of the block slicing (issue 3). One MUMPS LDL^T of D - sigma I for a
 * snapshot (src/eigen/mumps_ldlt.c), with the ordering of -ordering metis|mumps, then the
 * time per right-hand side of solves with 1 ... 256 vectors. The triangular solves stream
 * the whole factor once per call, so one vector at a time is bound by memory bandwidth; a
 * block reuses each entry of the factor for all its vectors.
 * Usage: mpiexec -n P bench_mumps_rhs -model ka -input SNAPSHOT [-sigma -20]
 *        [-ordering mumps -mat_mumps_icntl_7 4 ...] [-analysis_only]; prints the ordering,
 *        the factor's size and flops, the factorisation time and one line per block. */
#include "common/snapshot.h"
#include "../src/eigen/eigen_impl.h"

int main(int argc, char **argv)
{
  char                 input[PETSC_MAX_PATH_LEN] = "";
  const PetscInt       nrhs[] = {1, 8, 16, 32, 64, 128, 256};
  BenchSnapshot        snap;
  InmLDLT              f;
  InmLDLTInfo          info;
  Mat                  D;
  PetscReal            sigma = -20, *B, *X;
  PetscInt             below, m, n;
  PetscBool            analysis_only = PETSC_FALSE;
  PetscLogDouble       t0, t1;

  PetscCall(InmInitialize(&argc, &argv, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-input", input, sizeof(input), NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-sigma", &sigma, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-analysis_only", &analysis_only, NULL));
  PetscCall(BenchSnapshotCreate(input, &snap));
  D = snap.D;
  PetscCall(MatGetLocalSize(D, &m, NULL));
  PetscCall(MatGetSize(D, &n, NULL));
  {
    InmLDLTOptions lo; /* -ordering, -metis_* */
    PetscCall(InmLDLTOptionsDefault(&lo));
    PetscCall(InmLDLTOptionsRead(PETSC_COMM_WORLD, NULL, &lo));
    PetscCall(InmLDLTCreate(D, NULL, &lo, &f));
  }
  PetscCall(InmLDLTGetInfo(f, &info));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "n = %" PetscInt_FMT ": gather, %s ordering and analysis %.3f s (estimates: %.4g factor entries, %.4g flops)\n", n, info.ordering, info.analysis, (double)info.entries, (double)info.flops));
  if (!analysis_only) {
    PetscCall(PetscTime(&t0));
    PetscCall(InmLDLTFactor(f, sigma, &below));
    PetscCall(PetscTime(&t1));
    PetscCall(InmLDLTGetInfo(f, &info));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "sigma = %g: factorisation %.3f s, %.4g entries, %.4g flops, %.0f MB per rank at most; %" PetscInt_FMT " eigenvalues below\n", (double)sigma, t1 - t0, (double)info.entries, (double)info.flops, (double)info.memory, below));
    PetscCall(PetscMalloc2((size_t)m * nrhs[sizeof(nrhs) / sizeof(nrhs[0]) - 1], &B, (size_t)m * nrhs[sizeof(nrhs) / sizeof(nrhs[0]) - 1], &X));
    for (size_t k = 0; k < sizeof(nrhs) / sizeof(nrhs[0]); k++) {
      const PetscInt reps = nrhs[k] == 1 ? 20 : 1;
      for (PetscInt i = 0; i < m * nrhs[k]; i++) B[i] = InmHashUniform(7, (unsigned long long)i);
      PetscCall(PetscTime(&t0));
      for (PetscInt r = 0; r < reps; r++) PetscCall(InmLDLTSolve(f, nrhs[k], B, X));
      PetscCall(PetscTime(&t1));
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "right-hand sides %4" PetscInt_FMT ": %.2f ms per vector\n", nrhs[k], 1e3 * (t1 - t0) / (reps * nrhs[k])));
    }
    PetscCall(PetscFree2(B, X));
  }
  PetscCall(InmLDLTDestroy(&f));
  PetscCall(BenchSnapshotDestroy(&snap));
  PetscCall(InmFinalize());
  return 0;
}
