/* Line-by-line text reading with positions for error messages, shared by the LAMMPS
 * data and dump readers: every error names the file and the line. */
#pragma once
#include <inmvisc/config.h>
#include <stdio.h>

#define INM_TEXT_MAXTOK 64

typedef struct {
  FILE       *fp;
  const char *path;
  PetscInt    line;                 /* number of the current line, 1-based */
  char        buf[8192];
  char        copy[8192];           /* the line before tokenizing, for messages */
  char       *tok[INM_TEXT_MAXTOK];
  int         ntok;
} InmTextFile;

PETSC_INTERN PetscErrorCode InmTextOpen(const char path[], InmTextFile *tf);
PETSC_INTERN PetscErrorCode InmTextClose(InmTextFile *tf);
/* Next line split on white space, text after '#' dropped if strip_comment. *eof at the end. */
PETSC_INTERN PetscErrorCode InmTextNext(InmTextFile *tf, PetscBool strip_comment, PetscBool *eof);
/* Next line that has at least one token. */
PETSC_INTERN PetscErrorCode InmTextNextNonBlank(InmTextFile *tf, PetscBool strip_comment, PetscBool *eof);
/* Token k as a finite real / an integer, or an error naming file, line and column. */
PETSC_INTERN PetscErrorCode InmTextReal(InmTextFile *tf, int k, PetscReal *x);
PETSC_INTERN PetscErrorCode InmTextInt(InmTextFile *tf, int k, PetscInt *i);
/* Is token k a number? (no error) */
PETSC_INTERN PetscBool InmTextIsNumber(const InmTextFile *tf, int k);
