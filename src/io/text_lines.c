/* Line-by-line text reading for the LAMMPS readers (see text_lines.h). Numbers are parsed
 * with strtod/strtol and must use the whole token; NaN and Inf are rejected. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "text_lines.h"
#include <inmvisc/sys.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

PetscErrorCode InmTextOpen(const char path[], InmTextFile *tf)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(tf, sizeof(*tf)));
  tf->path = path;
  PetscCall(InmCheckInputFile(path));
  tf->fp = fopen(path, "r");
  PetscCheck(tf->fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot open: %s", path, strerror(errno));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTextClose(InmTextFile *tf)
{
  PetscFunctionBegin;
  if (tf->fp) fclose(tf->fp);
  tf->fp = NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode InmTextNext(InmTextFile *tf, PetscBool strip_comment, PetscBool *eof)
{
  char  *s, *save = NULL;
  size_t len;

  PetscFunctionBegin;
  tf->ntok = 0;
  *eof     = PETSC_FALSE;
  if (!fgets(tf->buf, sizeof(tf->buf), tf->fp)) {
    PetscCheck(!ferror(tf->fp), PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s:%" PetscInt_FMT ": read error", tf->path, tf->line + 1);
    *eof = PETSC_TRUE;
    PetscFunctionReturn(0);
  }
  tf->line++;
  len = strlen(tf->buf);
  PetscCheck(len < sizeof(tf->buf) - 1 || tf->buf[len - 1] == '\n', PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": line longer than %d characters", tf->path, tf->line, (int)sizeof(tf->buf) - 2);
  while (len && (tf->buf[len - 1] == '\n' || tf->buf[len - 1] == '\r')) tf->buf[--len] = '\0';
  memcpy(tf->copy, tf->buf, len + 1);
  if (strip_comment && (s = strchr(tf->buf, '#'))) *s = '\0';
  for (s = strtok_r(tf->buf, " \t", &save); s; s = strtok_r(NULL, " \t", &save)) {
    PetscCheck(tf->ntok < INM_TEXT_MAXTOK, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": more than %d columns", tf->path, tf->line, INM_TEXT_MAXTOK);
    tf->tok[tf->ntok++] = s;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmTextNextNonBlank(InmTextFile *tf, PetscBool strip_comment, PetscBool *eof)
{
  PetscFunctionBegin;
  do PetscCall(InmTextNext(tf, strip_comment, eof));
  while (!*eof && tf->ntok == 0);
  PetscFunctionReturn(0);
}

PetscBool InmTextIsNumber(const InmTextFile *tf, int k)
{
  char *end;
  if (k >= tf->ntok) return PETSC_FALSE;
  (void)strtod(tf->tok[k], &end);
  return (*end == '\0' && end != tf->tok[k]) ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode InmTextReal(InmTextFile *tf, int k, PetscReal *x)
{
  char *end;

  PetscFunctionBegin;
  PetscCheck(k < tf->ntok, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": expected at least %d columns, found %d", tf->path, tf->line, k + 1, tf->ntok);
  errno = 0;
  *x    = strtod(tf->tok[k], &end);
  PetscCheck(*end == '\0' && end != tf->tok[k], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": column %d, '%s' is not a number", tf->path, tf->line, k + 1, tf->tok[k]);
  PetscCheck(!PetscIsInfOrNanReal(*x) && errno != ERANGE, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": column %d, '%s' is not a finite number", tf->path, tf->line, k + 1, tf->tok[k]);
  PetscFunctionReturn(0);
}

PetscErrorCode InmTextInt(InmTextFile *tf, int k, PetscInt *i)
{
  char *end;
  long  v;

  PetscFunctionBegin;
  PetscCheck(k < tf->ntok, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": expected at least %d columns, found %d", tf->path, tf->line, k + 1, tf->ntok);
  errno = 0;
  v     = strtol(tf->tok[k], &end, 10);
  PetscCheck(*end == '\0' && end != tf->tok[k] && errno != ERANGE && v >= PETSC_MIN_INT && v <= PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": column %d, '%s' is not an integer", tf->path, tf->line, k + 1, tf->tok[k]);
  *i = (PetscInt)v;
  PetscFunctionReturn(0);
}
