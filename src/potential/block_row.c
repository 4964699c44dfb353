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

PetscErrorCode InmBlockArraysReserve(PetscInt used, PetscInt need, PetscInt *cap, PetscInt **col, PetscReal **blk)
{
  PetscInt   ncap, *c;
  PetscReal *b;

  PetscFunctionBegin;
  if (need <= *cap) PetscFunctionReturn(0);
  ncap = PetscMax(2 * *cap, need);
  PetscCall(PetscMalloc2(ncap, &c, 9 * ncap, &b));
  PetscCall(PetscArraycpy(c, *col, used));
  PetscCall(PetscArraycpy(b, *blk, 9 * used));
  PetscCall(PetscFree2(*col, *blk));
  *col = c;
  *blk = b;
  *cap = ncap;
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockRowGrow(InmBlockRow *row)
{
  PetscFunctionBegin;
  PetscCall(InmBlockArraysReserve(row->n, row->n + 1, &row->cap, &row->col, &row->blk));
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
