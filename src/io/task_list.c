/* Task lists (see inmvisc/io.h): one snapshot or trajectory per line, read for the modes
 * campaigns and for `transport`. */
#include <inmvisc/io.h>
#include "text_lines.h"
#include <math.h>
#include <string.h>

PetscErrorCode InmTaskListRead(const char path[], PetscInt default_frame, PetscInt *ntasks, InmTask **tasks)
{
  InmTextFile tf;
  PetscBool   eof;
  PetscInt    n = 0, cap = 64;
  InmTask    *t;
  char        dir[PETSC_MAX_PATH_LEN] = "";
  const char *slash = strrchr(path, '/');

  PetscFunctionBegin;
  if (slash) PetscCall(PetscStrncpy(dir, path, PetscMin((size_t)(slash - path) + 2, sizeof(dir)))); /* keeps the '/' */
  PetscCall(InmTextOpen(path, &tf));
  PetscCall(PetscMalloc1(cap, &t));
  for (;;) {
    PetscCall(InmTextNextNonBlank(&tf, PETSC_TRUE, &eof));
    if (eof) break;
    PetscCheck(tf.ntok <= 3, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": %d columns; a task is 'path [frame|-] [T|-]'", path, tf.line, tf.ntok);
    if (n == cap) {
      InmTask *more;
      PetscCall(PetscMalloc1(2 * cap, &more));
      PetscCall(PetscArraycpy(more, t, n));
      PetscCall(PetscFree(t));
      t = more;
      cap *= 2;
    }
    if (tf.tok[0][0] == '/' || !dir[0]) PetscCall(PetscStrncpy(t[n].path, tf.tok[0], sizeof(t[n].path)));
    else PetscCall(PetscSNPrintf(t[n].path, sizeof(t[n].path), "%s%s", dir, tf.tok[0]));
    t[n].frame = default_frame;
    t[n].T     = (PetscReal)NAN;
    if (tf.ntok > 1 && strcmp(tf.tok[1], "-")) {
      PetscCall(InmTextInt(&tf, 1, &t[n].frame));
      PetscCheck(t[n].frame >= -1, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": frame %" PetscInt_FMT " (0-based, or -1 for the last)", path, tf.line, t[n].frame);
    }
    if (tf.ntok > 2 && strcmp(tf.tok[2], "-")) {
      PetscCall(InmTextReal(&tf, 2, &t[n].T));
      PetscCheck(t[n].T > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": temperature %g is not positive", path, tf.line, (double)t[n].T);
    }
    n++;
  }
  PetscCall(InmTextClose(&tf));
  PetscCheck(n > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no task in the list", path);
  *ntasks = n;
  *tasks  = t;
  PetscFunctionReturn(0);
}
