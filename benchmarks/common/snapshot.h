/* The dynamical matrix of one snapshot, as every benchmark that takes -input SNAPSHOT builds it
 * (bench_kpm, bench_mumps_rhs, bench_typical_edge): the potential of the options (-model ...),
 * the snapshot's last frame, the Hessian generator, D and Xi~ on PETSC_COMM_WORLD. */
#pragma once
#include <inmvisc.h>

typedef struct {
  InmPotential         pot;
  InmConfig           *cfg;
  InmHessianGenerator *gen;
  Mat                  D;
  Vec                  xi[INM_NCHANNEL];
  PetscLogDouble       assembly; /* seconds of the generator and D (the potential and file not counted) */
} BenchSnapshot;

PetscErrorCode BenchSnapshotCreate(const char input[], BenchSnapshot *s);
PetscErrorCode BenchSnapshotDestroy(BenchSnapshot *s);
