/* -sconf_table FILE: the configurational entropy per temperature for the entropy model of
 * Fig. 4, one "T S_conf [error]" per line ('#' starts a comment), in the model's units (per
 * atom, in k_B). Errors name the line. Rank 0. */
#include "viscosity_impl.h"
#include <math.h>

PetscErrorCode InmViscosityReadSconf(InmViscosity v)
{
  FILE    *fp;
  char     line[512];
  PetscInt lineno = 0, cap = 16;

  PetscFunctionBegin;
  if (!v->sconf_file[0]) PetscFunctionReturn(0);
  fp = fopen(v->sconf_file, "r");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot open the S_conf table", v->sconf_file);
  PetscCall(PetscMalloc1(3 * cap, &v->sconf));
  while (fgets(line, sizeof(line), fp)) {
    double x[3] = {0, 0, 0};
    char  *hash = strchr(line, '#'), extra[8];
    int    got;
    lineno++;
    if (hash) *hash = 0;
    got = sscanf(line, "%lf %lf %lf %7s", &x[0], &x[1], &x[2], extra);
    if (got <= 0) continue;
    if (got < 2 || got > 3 || !(x[0] > 0) || !isfinite(x[1]) || !(x[2] >= 0)) {
      fclose(fp);
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%d: want 'T S_conf [error]' with T > 0 and error >= 0", v->sconf_file, (int)lineno);
    }
    if (v->nsconf == cap) {
      PetscReal *more;
      PetscCall(PetscMalloc1(6 * cap, &more));
      PetscCall(PetscArraycpy(more, v->sconf, 3 * cap));
      PetscCall(PetscFree(v->sconf));
      v->sconf = more;
      cap *= 2;
    }
    for (int k = 0; k < 3; k++) v->sconf[3 * v->nsconf + k] = x[k];
    v->nsconf++;
  }
  fclose(fp);
  PetscCheck(v->nsconf > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no 'T S_conf' line", v->sconf_file);
  PetscFunctionReturn(0);
}
