/* inmvisc/neighbor.h — full neighbour lists by linked cells, O(N), triclinic periodic box.
 *
 * Cells are parallelepipeds in fractional coordinates with perpendicular width >= r_c,
 * so two atoms closer than r_c sit in the same or adjacent cells; the 27 stencil cells
 * are visited with an explicit periodic image shift, so every (i, j, image) is seen once.
 * A box whose smallest perpendicular width is below 2 r_c is refused: there, an atom
 * could meet two images of a neighbour and the Hessian block H_ij would be ambiguous.
 *
 * The list is "full": (i,j) and (j,i) both appear. For entry k of atom i,
 * d[3k..3k+2] = r_j - r_i (the minimum-image connecting vector), r[k] = |d|,
 * and rev[k] is the entry of (j,i) in j's list.
 */
#pragma once
#include <inmvisc/config.h>

typedef struct {
  PetscInt   n;      /* atoms */
  PetscReal  rc;     /* list cutoff */
  PetscInt  *start;  /* [n+1] CSR offsets */
  PetscInt  *j;      /* [nnz] neighbour index */
  PetscInt  *rev;    /* [nnz] index of the reverse entry */
  PetscReal *d;      /* [3 nnz] r_j - r_i */
  PetscReal *r;      /* [nnz] |d| */
} InmNeighborList;

/* Build the list of all pairs closer than rc. rmin > 0: two atoms closer than rmin are an
 * error naming both ids. */
PETSC_EXTERN PetscErrorCode InmNeighborListBuild(const InmConfig *cfg, PetscReal rc, PetscReal rmin, InmNeighborList **nl);
PETSC_EXTERN PetscErrorCode InmNeighborListDestroy(InmNeighborList **nl);
