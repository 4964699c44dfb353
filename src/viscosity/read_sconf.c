/* The configurational entropy per temperature for the entropy model of Fig. 4 (per atom, in
 * k_B), from either
 *   -entropy FILE.h5      the results of `inmvisc entropy`: /entropy/temperature, sconf, sconf_err
 *   -sconf_table FILE     one "T S_conf [error]" per line ('#' starts a comment), in the
 *                         model's units; errors name the line.
 * The computed file replaces the table when both are given. Rank 0. */
#include "viscosity_impl.h"
#include <inmvisc/h5util.h>
#include <math.h>

static PetscErrorCode ReadEntropyFile(InmViscosity v)
{
  hid_t      f;
  hssize_t   n;
  PetscReal *col[3] = {NULL, NULL, NULL};
  char       kind[64];
  const char *names[3] = {"entropy/temperature", "entropy/sconf", "entropy/sconf_err"};
  int        bad = 0;

  PetscFunctionBegin;
  InmH5FileAttrString(v->entropy_file, "inmvisc_output", kind, sizeof(kind));
  PetscCheck(!strcmp(kind, INM_OUTPUT_ENTROPY), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: not the results of inmvisc entropy (its kind is '%s')", v->entropy_file, kind);
  PetscCall(InmH5OpenRead(v->entropy_file, &f));
  n = InmH5DatasetLength(f, names[0]);
  for (int c = 0; c < 3 && !bad; c++) {
    hid_t ds;
    bad = n <= 0 || InmH5DatasetLength(f, names[c]) != n;
    if (bad) break;
    PetscCall(PetscMalloc1(n, &col[c]));
    ds  = H5Dopen2(f, names[c], H5P_DEFAULT);
    bad = ds < 0 || H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, col[c]) < 0;
    if (ds >= 0) H5Dclose(ds);
  }
  H5Fclose(f);
  if (bad)
    for (int c = 0; c < 3; c++) PetscCall(PetscFree(col[c]));
  PetscCheck(!bad, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no readable /entropy/temperature, sconf and sconf_err of one length", v->entropy_file);
  PetscCall(PetscMalloc1(3 * n, &v->sconf));
  for (hssize_t k = 0; k < n; k++)
    for (int c = 0; c < 3; c++) v->sconf[3 * k + c] = col[c][k];
  v->nsconf = (PetscInt)n;
  for (int c = 0; c < 3; c++) PetscCall(PetscFree(col[c]));
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityReadSconf(InmViscosity v)
{
  FILE    *fp;
  char     line[512];
  PetscInt lineno = 0, cap = 16;

  PetscFunctionBegin;
  if (v->entropy_file[0]) {
    if (v->sconf_file[0]) PetscCall(PetscPrintf(PETSC_COMM_SELF, "[viscosity] S_conf from %s, not from the table %s\n", v->entropy_file, v->sconf_file));
    PetscCall(ReadEntropyFile(v));
    PetscFunctionReturn(0);
  }
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
