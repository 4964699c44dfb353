/* Bad EAM input (SPEC §13): each gives its error code and a message naming the file and the
 * problem. The bad files are made from the real CuZr_mm.eam.fs. */
#include "testlib.h"

static PetscErrorCode Expect(PetscErrorCode ierr, PetscErrorCode code, const char *msg, const char *a, const char *b, const char *what)
{
  PetscFunctionBegin;
  INM_TEST(ierr == code && strstr(msg, a) && strstr(msg, b), "%s: error %d \"%s\"", what, (int)ierr, msg);
  PetscFunctionReturn(0);
}

/* Copy the first `lines` lines of src to dst, replacing line `bad` (1-based, 0 = none) by `text`. */
static PetscErrorCode CopyLines(const char *src, const char *dst, long lines, long bad, const char *text)
{
  FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
  char  buf[65536];
  long  k = 0;

  PetscFunctionBegin;
  PetscCheck(in && out, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot copy %s to %s", src, dst);
  while (fgets(buf, sizeof(buf), in) && k < lines) {
    k++;
    fputs(k == bad ? text : buf, out);
  }
  fclose(in);
  fclose(out);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char    *cuzr = INM_LAMMPS_POTENTIALS "/CuZr_mm.eam.fs", *el[2] = {"Cu", "Zr"}, *bad[2] = {"Cu", "Xx"};
  InmPotential   pot = NULL;
  InmConfig     *c;
  PetscErrorCode ierr;
  const char    *msg;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmTestErrorBegin());
  ierr = InmPotentialCreateEAM("no_such_file.eam.fs", "eam/fs", 2, el, &pot);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_OPEN, msg, "no_such_file.eam.fs", "cannot open", "missing file"));

  PetscCall(CopyLines(cuzr, "truncated.eam.fs", 3000, 0, ""));
  PetscCall(InmTestErrorBegin());
  ierr = InmPotentialCreateEAM("./truncated.eam.fs", "eam/fs", 2, el, &pot);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_UNEXPECTED, msg, "truncated.eam.fs:3001", "file ends inside", "truncated setfl"));

  PetscCall(CopyLines(cuzr, "nonnumeric.eam.fs", 1000000, 20, "1.0 2.0 abc 4.0 5.0\n"));
  PetscCall(InmTestErrorBegin());
  ierr = InmPotentialCreateEAM("./nonnumeric.eam.fs", "eam/fs", 2, el, &pot);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_UNEXPECTED, msg, "nonnumeric.eam.fs:20", "'abc'", "non-numeric value"));

  PetscCall(CopyLines(cuzr, "nan.eam.fs", 1000000, 20, "1.0 nan 3.0 4.0 5.0\n"));
  PetscCall(InmTestErrorBegin());
  ierr = InmPotentialCreateEAM("./nan.eam.fs", "eam/fs", 2, el, &pot);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_UNEXPECTED, msg, "nan.eam.fs:20", "not a finite number", "NaN value"));

  PetscCall(CopyLines(cuzr, "header.eam.fs", 1000000, 5, "10000 0.03 ten 7.6e-4 7.6\n"));
  PetscCall(InmTestErrorBegin());
  ierr = InmPotentialCreateEAM("./header.eam.fs", "eam/fs", 2, el, &pot);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_UNEXPECTED, msg, "header.eam.fs:5", "Nrho drho Nr dr cutoff", "malformed header"));

  PetscCall(InmTestErrorBegin());
  ierr = InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, bad, &pot);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_USER_INPUT, msg, "element 'Xx' is not in this setfl file", "(it has Cu Zr)", "unknown element"));

  PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, el, &pot));
  PetscCall(InmTestFCC(3, 5.0, 0.0, 0.0, 0.0, 1u, &c));
  PetscCall(PetscStrncpy(c->source, "three_types.data", sizeof(c->source)));
  for (PetscInt i = 0; i < c->n; i++) c->mass[i] = 0; /* no masses in the file: the elements' */
  c->type[7] = 3;
  PetscCall(InmTestErrorBegin());
  ierr = pot->ops.check_config(pot, c);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_UNEXPECTED, msg, "three_types.data: atom id 8 has type 3", "does not define", "type not in the potential"));
  PetscCall(InmConfigDestroy(&c));

  /* masses: the setfl's (as LAMMPS's EAM); a file's own must agree (issue 17) */
  PetscCall(InmTestFCC(3, 5.0, 0.0, 0.0, 0.0, 1u, &c)); /* types 1 and 2, every mass 1.0 */
  PetscCall(PetscStrncpy(c->source, "unit_masses.data", sizeof(c->source)));
  PetscCall(InmTestErrorBegin());
  ierr = pot->ops.check_config(pot, c);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_UNEXPECTED, msg, "unit_masses.data: atom id 1 (type 1) has mass 1", "type 1 is Cu, of mass 63.546", "data-file masses 1.0 against the setfl's"));
  for (PetscInt i = 0; i < c->n; i++) c->mass[i] = c->type[i] == 1 ? 63.546 : 91.224;
  ierr = pot->ops.check_config(pot, c);
  INM_TEST(!ierr && c->mass[0] == pot->type_mass[c->type[0]], "Cu and Zr masses as in the setfl file accepted");
  PetscCall(InmPotentialDestroy(&pot));
  {
    const char *swapped[2] = {"Zr", "Cu"};
    PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, swapped, &pot));
  }
  PetscCall(InmTestErrorBegin());
  ierr = pot->ops.check_config(pot, c);
  msg  = InmTestErrorEnd();
  PetscCall(Expect(ierr, PETSC_ERR_FILE_UNEXPECTED, msg, "has mass 63.546, but type 1 is Zr, of mass 91.224", "check -eam_elements", "-eam_elements Zr,Cu on a Cu,Zr file"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&pot));
  return InmTestEnd();
}
