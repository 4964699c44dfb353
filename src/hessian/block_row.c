/* Sparse accumulator for one block row of the Hessian: columns in order of first
 * appearance, a position map over all atoms, and the row's affine force field. */
#include <inmvisc/potential.h>

PetscErrorCode InmBlockRowCreate(PetscInt natoms, InmBlockRow *row)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(row, sizeof(*row)));
  row->cap = 128;
  PetscCall(PetscMalloc2(row->cap, &row->col, 9 * row->cap, &row->blk));
  PetscCall(PetscMalloc1(natoms, &row->pos));
  for (PetscInt j = 0; j < natoms; j++) row->pos[j] = -1;
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockRowDestroy(InmBlockRow *row)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(row->col, row->blk));
  PetscCall(PetscFree(row->pos));
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockRowBegin(InmBlockRow *row, PetscInt i)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < row->n; k++) row->pos[row->col[k]] = -1;
  row->n   = 0;
  row->row = i;
  PetscCall(PetscMemzero(row->xi, sizeof(row->xi)));
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockRowGrow(InmBlockRow *row)
{
  PetscInt   cap = 2 * row->cap, *col;
  PetscReal *blk;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(cap, &col, 9 * cap, &blk));
  PetscCall(PetscArraycpy(col, row->col, row->n));
  PetscCall(PetscArraycpy(blk, row->blk, 9 * row->n));
  PetscCall(PetscFree2(row->col, row->blk));
  row->col = col;
  row->blk = blk;
  row->cap = cap;
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockRowSort(InmBlockRow *row)
{
  PetscReal tmp[9];

  PetscFunctionBegin;
  PetscCall(PetscSortIntWithDataArray(row->n, row->col, row->blk, 9 * sizeof(PetscReal), tmp));
  for (PetscInt k = 0; k < row->n; k++) row->pos[row->col[k]] = k;
  PetscFunctionReturn(0);
}
