/* setfl files (LAMMPS pair_style eam/alloy and eam/fs; DYNAMO format):
 *   lines 1-3   comments
 *   line 4      Nelements Element1 Element2 ...
 *   line 5      Nrho drho Nr dr cutoff
 *   per element a line "Z mass a0 lattice", then F(rho) (Nrho values), then rho(r)
 *               (Nr values; eam/fs: Nelements blocks of Nr values, the density that an atom
 *               of this element produces at an atom of element 1, 2, ...)
 *   then r phi(r) for every element pair a >= b (Nr values each).
 * Each block of numbers starts on a new line and may spread over any number of lines
 * (surplus numbers on a block's last line are ignored, as LAMMPS does).
 *
 * LAMMPS's spline (PairEAM::interpolate) for values f_m on knots m = 1..n of spacing delta:
 *   slope s_1 = f_2 - f_1, s_2 = (f_3 - f_1)/2, s_{n-1} = (f_n - f_{n-2})/2, s_n = f_n - f_{n-1},
 *   s_m = [(f_{m-2} - f_{m+2}) + 8 (f_{m+1} - f_{m-1})] / 12 otherwise;
 *   c4_m = 3 (f_{m+1} - f_m) - 2 s_m - s_{m+1},  c3_m = s_m + s_{m+1} - 2 (f_{m+1} - f_m)
 *   (c3_n = c4_n = 0), c5 = s, c6 = f, and the derivative c2 = s/delta, c1 = 2 c4/delta,
 *   c0 = 3 c3/delta: value ((c3 p + c4) p + c5) p + c6, derivative (c0 p + c1) p + c2 at
 *   fractional position p in [0, 1] of knot m. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "eam_impl.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  FILE       *fp;
  const char *path;
  PetscInt    line;
  char        buf[65536];
} SetflFile;

static PetscErrorCode NextLine(SetflFile *f, const char *expect)
{
  PetscFunctionBegin;
  PetscCheck(fgets(f->buf, sizeof(f->buf), f->fp), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends where %s was expected (truncated setfl file?)", f->path, f->line + 1, expect);
  f->line++;
  PetscFunctionReturn(0);
}

/* n numbers starting on the next line, spread over as many lines as needed. */
static PetscErrorCode Grab(SetflFile *f, PetscInt n, PetscReal *list, const char *what)
{
  PetscInt i = 0;

  PetscFunctionBegin;
  while (i < n) {
    char *s, *end;
    PetscCheck(fgets(f->buf, sizeof(f->buf), f->fp), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends inside %s: %" PetscInt_FMT " of %" PetscInt_FMT " numbers read (truncated setfl file?)", f->path, f->line + 1, what, i, n);
    f->line++;
    s = f->buf;
    while (i < n) {
      s += strspn(s, " \t\r\n\f");
      if (!*s) break;
      errno   = 0;
      list[i] = strtod(s, &end);
      PetscCheck(end != s && (*end == '\0' || strchr(" \t\r\n\f", *end)), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": '%.*s' in %s is not a number", f->path, f->line, (int)strcspn(s, " \t\r\n"), s, what);
      PetscCheck(!PetscIsInfOrNanReal(list[i]) && errno != ERANGE, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": '%.*s' in %s is not a finite number", f->path, f->line, (int)strcspn(s, " \t\r\n"), s, what);
      i++;
      s = end;
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode EamSetflRead(const char path[], PetscBool fs, EamSetfl *s)
{
  SetflFile f = {NULL, NULL, 0, ""};
  char      what[96], *tok, *save = NULL;
  int       nread;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->fs = fs;
  PetscCall(PetscStrncpy(s->path, path, sizeof(s->path)));
  f.fp = fopen(path, "r");
  if (!f.fp && !strchr(path, '/')) { /* a bare name: the lammps-data potentials folder */
    PetscCall(PetscSNPrintf(s->path, sizeof(s->path), "%s/%s", INM_LAMMPS_POTENTIALS, path));
    f.fp = fopen(s->path, "r");
  }
  PetscCheck(f.fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot open the EAM file: %s%s", path, strerror(errno), strchr(path, '/') ? "" : " (also looked in " INM_LAMMPS_POTENTIALS ")");
  f.path = s->path;
  for (int k = 0; k < 3; k++) PetscCall(NextLine(&f, "a comment line"));
  PetscCall(NextLine(&f, "the line \"Nelements Element1 ...\""));
  tok = strtok_r(f.buf, " \t\r\n", &save);
  PetscCheck(tok && sscanf(tok, "%" PetscInt_FMT, &s->nel) == 1 && s->nel >= 1 && s->nel <= EAM_MAXEL, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:4: expected \"Nelements Element1 ...\" with 1 <= Nelements <= %d", f.path, EAM_MAXEL);
  for (PetscInt e = 0; e < s->nel; e++) {
    tok = strtok_r(NULL, " \t\r\n", &save);
    PetscCheck(tok, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:4: %" PetscInt_FMT " elements announced, %" PetscInt_FMT " named", f.path, s->nel, e);
    PetscCall(PetscStrncpy(s->element[e], tok, sizeof(s->element[e])));
  }
  PetscCall(NextLine(&f, "the line \"Nrho drho Nr dr cutoff\""));
  nread = sscanf(f.buf, "%" PetscInt_FMT " %lf %" PetscInt_FMT " %lf %lf", &s->nrho, &s->drho, &s->nr, &s->dr, &s->cut);
  PetscCheck(nread == 5 && s->nrho > 5 && s->nr > 5 && s->drho > 0 && s->dr > 0 && s->cut > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:5: expected \"Nrho drho Nr dr cutoff\" (positive, Nrho and Nr > 5)", f.path);
  s->rhomax = (s->nrho - 1) * s->drho;
  for (PetscInt a = 0; a < s->nel; a++) {
    PetscInt z;
    PetscCall(NextLine(&f, "the element line \"Z mass a0 lattice\""));
    PetscCheck(sscanf(f.buf, "%" PetscInt_FMT " %lf", &z, &s->mass[a]) == 2 && s->mass[a] > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": expected \"Z mass a0 lattice\" for element %s", f.path, f.line, s->element[a]);
    PetscCall(PetscCalloc1(s->nrho + 1, &s->frho[a]));
    PetscCall(PetscSNPrintf(what, sizeof(what), "F(rho) of %s", s->element[a]));
    PetscCall(Grab(&f, s->nrho, s->frho[a] + 1, what));
    for (PetscInt b = 0; b < (fs ? s->nel : 1); b++) {
      PetscCall(PetscCalloc1(s->nr + 1, &s->rhor[a][b]));
      PetscCall(PetscSNPrintf(what, sizeof(what), "rho(r) of %s%s%s", s->element[a], fs ? " at " : "", fs ? s->element[b] : ""));
      PetscCall(Grab(&f, s->nr, s->rhor[a][b] + 1, what));
    }
  }
  for (PetscInt a = 0; a < s->nel; a++)
    for (PetscInt b = 0; b <= a; b++) {
      PetscCall(PetscCalloc1(s->nr + 1, &s->z2r[a][b]));
      PetscCall(PetscSNPrintf(what, sizeof(what), "r*phi(r) of %s-%s", s->element[a], s->element[b]));
      PetscCall(Grab(&f, s->nr, s->z2r[a][b] + 1, what));
    }
  fclose(f.fp);
  PetscFunctionReturn(0);
}

PetscErrorCode EamSetflFree(EamSetfl *s)
{
  PetscFunctionBegin;
  for (PetscInt a = 0; a < s->nel; a++) {
    PetscCall(PetscFree(s->frho[a]));
    for (PetscInt b = 0; b < s->nel; b++) {
      PetscCall(PetscFree(s->rhor[a][b]));
      PetscCall(PetscFree(s->z2r[a][b]));
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode EamSplineCreate(PetscInt n, PetscReal delta, const PetscReal f[], EamSpline **out)
{
  EamSpline *c;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(n + 1, &c));
  for (PetscInt m = 1; m <= n; m++) c[m][6] = f[m];
  c[1][5]     = c[2][6] - c[1][6];
  c[2][5]     = 0.5 * (c[3][6] - c[1][6]);
  c[n - 1][5] = 0.5 * (c[n][6] - c[n - 2][6]);
  c[n][5]     = c[n][6] - c[n - 1][6];
  for (PetscInt m = 3; m <= n - 2; m++) c[m][5] = ((c[m - 2][6] - c[m + 2][6]) + 8.0 * (c[m + 1][6] - c[m - 1][6])) / 12.0;
  for (PetscInt m = 1; m <= n - 1; m++) {
    c[m][4] = 3.0 * (c[m + 1][6] - c[m][6]) - 2.0 * c[m][5] - c[m + 1][5];
    c[m][3] = c[m][5] + c[m + 1][5] - 2.0 * (c[m + 1][6] - c[m][6]);
  }
  c[n][4] = c[n][3] = 0.0;
  for (PetscInt m = 1; m <= n; m++) {
    c[m][2] = c[m][5] / delta;
    c[m][1] = 2.0 * c[m][4] / delta;
    c[m][0] = 3.0 * c[m][3] / delta;
  }
  *out = c;
  PetscFunctionReturn(0);
}
