/* See snapshot.h. */
#include "snapshot.h"

PetscErrorCode BenchSnapshotCreate(const char input[], BenchSnapshot *s)
{
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCheck(input && input[0], PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "benchmark: -input SNAPSHOT is required");
  PetscCall(InmPotentialCreateFromOptions(NULL, &s->pot));
  PetscCall(InmConfigRead(PETSC_COMM_WORLD, input, INM_FORMAT_AUTO, -1, &s->cfg));
  PetscCall(PetscTime(&t0));
  PetscCall(InmHessianGeneratorCreate(s->cfg, s->pot, PETSC_TRUE, &s->gen));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, s->gen, PETSC_DECIDE, &s->D, s->xi));
  PetscCall(PetscTime(&t1));
  s->assembly = t1 - t0;
  PetscFunctionReturn(0);
}

PetscErrorCode BenchSnapshotDestroy(BenchSnapshot *s)
{
  PetscFunctionBegin;
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&s->xi[c]));
  PetscCall(MatDestroy(&s->D));
  PetscCall(InmHessianGeneratorDestroy(&s->gen));
  PetscCall(InmConfigDestroy(&s->cfg));
  PetscCall(InmPotentialDestroy(&s->pot));
  PetscFunctionReturn(0);
}
