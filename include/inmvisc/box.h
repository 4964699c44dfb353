/* inmvisc/box.h — periodic simulation cell, general triclinic.
 *
 * The cell is given by its three edge vectors a = cell[0], b = cell[1], c = cell[2]
 * (rows) and an origin; a point is r = origin + s0 a + s1 b + s2 c with fractional
 * s in [0,1). A LAMMPS box (xlo..zhi, xy, xz, yz) is a = (lx,0,0), b = (xy,ly,0),
 * c = (xz,yz,lz). Minimum-image vectors and perpendicular widths are computed here
 * so that every stage uses the same convention.
 */
#pragma once
#include <petscsys.h>

typedef struct {
  PetscReal origin[3];
  PetscReal cell[3][3];  /* rows: edge vectors a, b, c */
  PetscReal inv[3][3];   /* inverse of the matrix whose COLUMNS are a,b,c: s = inv (r - origin) */
  PetscReal volume;
  PetscReal width[3];    /* perpendicular distance between opposite faces, per edge */
} InmBox;

/* Fill inv, volume, width from origin and cell. Error if the cell is singular or left-handed. */
PETSC_EXTERN PetscErrorCode InmBoxSetUp(InmBox *box);
/* LAMMPS parameters to a box (restricted triclinic; xy=xz=yz=0 for orthogonal). */
PETSC_EXTERN PetscErrorCode InmBoxFromLammps(const PetscReal lo[3], const PetscReal hi[3], PetscReal xy, PetscReal xz, PetscReal yz, InmBox *box);
/* Cartesian <-> fractional. */
PETSC_EXTERN void InmBoxToFractional(const InmBox *box, const PetscReal r[3], PetscReal s[3]);
PETSC_EXTERN void InmBoxToCartesian(const InmBox *box, const PetscReal s[3], PetscReal r[3]);
/* Is the cell a LAMMPS restricted triclinic one (a along x, b in xy plane)? */
PETSC_EXTERN PetscBool InmBoxIsLammpsForm(const InmBox *box);
/* Smallest perpendicular width. */
PETSC_EXTERN PetscReal InmBoxMinWidth(const InmBox *box);
