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
 *
 * A list may hold some rows only (InmNeighborListBuildRows): the rows a rank's Hessian rows
 * read, so that no rank holds the list of all atoms (issue 18: at 10^6 KA atoms the full list
 * is 3.7 GB on every rank). Every row it holds is complete and in the order of the full
 * list's; the other rows are empty, and rev[k] is -1 where j's row is not held.
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
  PetscBool *listed; /* [n] the rows held; NULL: all of them */
  PetscInt   nlisted; /* rows held */
} InmNeighborList;

/* Build the list of all pairs closer than rc. rmin > 0: two atoms closer than rmin are an
 * error naming both ids. */
PETSC_EXTERN PetscErrorCode InmNeighborListBuild(const InmConfig *cfg, PetscReal rc, PetscReal rmin, InmNeighborList **nl);
/* The list of rows[0..nrows) and of the `shells` layers of atoms bonded to them (0: those
 * rows alone; 1: also their neighbours', e.g. the densities of EAM). Same checks as above. */
PETSC_EXTERN PetscErrorCode InmNeighborListBuildRows(const InmConfig *cfg, PetscReal rc, PetscReal rmin, PetscInt nrows, const PetscInt rows[], PetscInt shells, InmNeighborList **nl);
/* The checks of a build (box widths, finite positions, no two atoms closer than rmin), no list. */
PETSC_EXTERN PetscErrorCode InmNeighborListCheck(const InmConfig *cfg, PetscReal rc, PetscReal rmin);
PETSC_EXTERN PetscErrorCode InmNeighborListDestroy(InmNeighborList **nl);
