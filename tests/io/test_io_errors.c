/* Every file-related bad input of SPEC §13 gives its error code and one message naming the
 * file, the place (line or dataset) and the problem. One case per check. */
#include "testlib.h"
#include <hdf5.h>
#include <math.h>

static const char *head = "bad\n\n5 atoms\n2 atom types\n0 6 xlo xhi\n0 6 ylo yhi\n0 6 zlo zhi\n\nMasses\n\n1 1.0\n2 1.0\n\nAtoms # atomic\n\n";
static const char *good_atoms = "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 0.5\n3 1 3.5 2.0 0.5\n4 1 0.5 4.0 3.0\n5 2 4.5 4.5 4.5\n";
static const char *dump_head = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n5\nITEM: BOX BOUNDS pp pp pp\n0 6\n0 6\n0 6\nITEM: ATOMS id type x y z\n";

static PetscErrorCode Write(const char *path, const char *a, const char *b, const char *c)
{
  FILE *fp = fopen(path, "w");

  PetscFunctionBegin;
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  fputs(a, fp);
  if (b) fputs(b, fp);
  if (c) fputs(c, fp);
  fclose(fp);
  PetscFunctionReturn(0);
}

typedef enum { DATA, DUMP, H5MD } Kind;

static PetscErrorCode Expect(Kind kind, const char *path, PetscInt frame, PetscErrorCode code, const char *n1, const char *n2, const char *what)
{
  InmConfig     *c = NULL;
  PetscErrorCode ierr;
  const char    *msg;

  PetscFunctionBegin;
  PetscCall(InmTestErrorBegin());
  ierr = kind == DATA ? InmReadLammpsData(path, &c) : kind == DUMP ? InmReadLammpsDump(path, frame, &c) : InmReadH5MD(path, frame, &c);
  msg  = InmTestErrorEnd();
  INM_TEST(ierr == code && strstr(msg, n1) && strstr(msg, n2), "%s: error %d \"%s\"", what, (int)ierr, msg);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(Expect(DATA, "no_such.data", 0, PETSC_ERR_FILE_OPEN, "no_such.data", "No such file or directory", "missing file"));

  PetscCall(Write("trunc.data", head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 0.5\n", NULL));
  PetscCall(Expect(DATA, "trunc.data", 0, PETSC_ERR_FILE_UNEXPECTED, "trunc.data:18", "file ends inside the Atoms section: 2 of 5", "truncated data file"));

  PetscCall(Write("cols.data", head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5\n", good_atoms + 48));
  PetscCall(Expect(DATA, "cols.data", 0, PETSC_ERR_FILE_UNEXPECTED, "cols.data:17", "has 4 columns", "wrong column count (data)"));

  PetscCall(Write("nonnum.data", head, "1 1 0.5 0.5 0.5\n2 2 2.0 x0.5 0.5\n", good_atoms + 48));
  PetscCall(Expect(DATA, "nonnum.data", 0, PETSC_ERR_FILE_UNEXPECTED, "nonnum.data:17", "'x0.5' is not a number", "non-numeric value"));

  PetscCall(Write("nan.data", head, "1 1 0.5 0.5 0.5\n2 2 2.0 nan 0.5\n", good_atoms + 48));
  PetscCall(Expect(DATA, "nan.data", 0, PETSC_ERR_FILE_UNEXPECTED, "nan.data:17", "'nan' is not a finite number", "NaN value"));

  PetscCall(Write("inf.data", head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 -inf\n", good_atoms + 48));
  PetscCall(Expect(DATA, "inf.data", 0, PETSC_ERR_FILE_UNEXPECTED, "inf.data:17", "not a finite number", "Inf value"));

  PetscCall(Write("count.data", head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 0.5\n3 1 3.5 2.0 0.5\n4 1 0.5 4.0 3.0\n\nVelocities\n\n", "1 0 0 0\n2 0 0 0\n3 0 0 0\n4 0 0 0\n"));
  PetscCall(Expect(DATA, "count.data", 0, PETSC_ERR_FILE_UNEXPECTED, "count.data:21", "the Atoms section has 4 lines but the header declares 5", "atom count not matching the header"));

  PetscCall(Write("dup.data", head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 0.5\n3 1 3.5 2.0 0.5\n3 1 0.5 4.0 3.0\n5 2 4.5 4.5 4.5\n", NULL));
  PetscCall(Expect(DATA, "dup.data", 0, PETSC_ERR_FILE_UNEXPECTED, "dup.data", "atom id 3 appears twice", "duplicate atom id"));

  PetscCall(Write("vel.data", head, good_atoms, "\nVelocities\n\n1 0 0 0\n2 0 0 0\n3 0 0 0\n4 0 0 0\n99 0 0 0\n"));
  PetscCall(Expect(DATA, "vel.data", 0, PETSC_ERR_FILE_UNEXPECTED, "vel.data", "names atom id 99, which is not in Atoms", "missing atom id (Velocities)"));

  PetscCall(Write("box.data", "bad\n\n5 atoms\n2 atom types\n0 6 xlo xhi\n0 -1 ylo yhi\n0 6 zlo zhi\n\nAtoms\n\n", good_atoms, NULL));
  PetscCall(Expect(DATA, "box.data", 0, PETSC_ERR_FILE_UNEXPECTED, "box.data:6", "box length along y is not positive", "non-positive box length"));

  PetscCall(Write("type.data", head, "1 1 0.5 0.5 0.5\n2 7 2.0 0.5 0.5\n", good_atoms + 48));
  PetscCall(Expect(DATA, "type.data", 0, PETSC_ERR_FILE_UNEXPECTED, "type.data:17", "has type 7, outside 1..2", "type beyond the header's atom types"));

  PetscCall(Write("trunc.dump", dump_head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 0.5\n3 1 3.5 2.0 0.5\n", NULL));
  PetscCall(Expect(DUMP, "trunc.dump", 0, PETSC_ERR_FILE_UNEXPECTED, "trunc.dump:13", "file ends after 3 of 5 atom lines", "truncated dump"));

  PetscCall(Write("cols.dump", dump_head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5\n", good_atoms + 48));
  PetscCall(Expect(DUMP, "cols.dump", 0, PETSC_ERR_FILE_UNEXPECTED, "cols.dump:11", "expected 5 columns (as in ITEM: ATOMS), found 4", "wrong column count (dump)"));

  PetscCall(Write("nan.dump", dump_head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 NaN\n", good_atoms + 48));
  PetscCall(Expect(DUMP, "nan.dump", 0, PETSC_ERR_FILE_UNEXPECTED, "nan.dump:11", "not a finite number", "NaN in a dump"));

  PetscCall(Write("count.dump", dump_head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 0.5\n3 1 3.5 2.0 0.5\n4 1 0.5 4.0 3.0\n", dump_head));
  PetscCall(Expect(DUMP, "count.dump", 0, PETSC_ERR_FILE_UNEXPECTED, "count.dump:14", "frame has 4 atom lines but NUMBER OF ATOMS says 5", "atom count not matching NUMBER OF ATOMS"));

  PetscCall(Write("frame.dump", dump_head, good_atoms, NULL));
  PetscCall(Expect(DUMP, "frame.dump", 5, PETSC_ERR_USER_INPUT, "frame.dump", "frame 5 requested, the file has 1 frames", "frame beyond the last"));

  PetscCall(Write("notype.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n5\nITEM: BOX BOUNDS pp pp pp\n0 6\n0 6\n0 6\nITEM: ATOMS id x y z\n", "1 0.5 0.5 0.5\n", NULL));
  PetscCall(Expect(DUMP, "notype.dump", 0, PETSC_ERR_FILE_UNEXPECTED, "notype.dump:9", "has no type column", "missing type column"));

  PetscCall(Write("dup.dump", dump_head, "1 1 0.5 0.5 0.5\n2 2 2.0 0.5 0.5\n2 1 3.5 2.0 0.5\n4 1 0.5 4.0 3.0\n5 2 4.5 4.5 4.5\n", NULL));
  PetscCall(Expect(DUMP, "dup.dump", 0, PETSC_ERR_FILE_UNEXPECTED, "dup.dump", "atom id 2 appears twice", "duplicate id in a dump"));

  PetscCall(Write("text.h5", "not HDF5\n", NULL, NULL));
  PetscCall(Expect(H5MD, "text.h5", 0, PETSC_ERR_FILE_OPEN, "text.h5", "not an HDF5 file", "not an HDF5 file"));
  PetscCall(Expect(H5MD, "missing.h5", 0, PETSC_ERR_FILE_OPEN, "missing.h5", "No such file or directory", "a missing H5MD file"));
  PetscCall(Expect(DATA, ".", 0, PETSC_ERR_FILE_OPEN, ".", "is a directory, not a file", "a directory as the data file"));
  PetscCall(Expect(H5MD, ".", 0, PETSC_ERR_FILE_OPEN, ".", "is a directory, not a file", "a directory as the H5MD file"));
  /* a header that declares 2e9 atoms is not trusted for the allocation */
  PetscCall(Write("huge.data", "bad\n\n2000000000 atoms\n2 atom types\n0 6 xlo xhi\n0 6 ylo yhi\n0 6 zlo zhi\n\nMasses\n\n1 1.0\n2 1.0\n\nAtoms # atomic\n\n", good_atoms, NULL));
  PetscCall(Expect(DATA, "huge.data", 0, PETSC_ERR_FILE_UNEXPECTED, "huge.data", "declares 2000000000 atoms, more than a file of", "a header with 2e9 atoms in a small file"));
  {
    hid_t f = H5Fcreate("nopos.h5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), g = H5Gcreate2(f, "particles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), a = H5Gcreate2(g, "all", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(a);
    H5Gclose(g);
    H5Fclose(f);
  }
  PetscCall(Expect(H5MD, "nopos.h5", 0, PETSC_ERR_FILE_UNEXPECTED, "nopos.h5:/particles/all/position", "missing", "H5MD without positions"));
  {
    InmConfig *c;
    PetscCall(InmTestFCC(2, 3.0, 0.0, 0.0, 0.0, 1u, &c));
    c->x[3 * 5 + 1] = (PetscReal)INFINITY; /* PETSC_INFINITY is a large finite number */
    PetscCall(InmWriteH5MD("inf.h5", c));
    PetscCall(InmConfigDestroy(&c));
  }
  PetscCall(Expect(H5MD, "inf.h5", 0, PETSC_ERR_FILE_UNEXPECTED, "inf.h5:/particles/all/position", "non-finite value for atom id 6", "H5MD with an infinite position"));
  PetscCall(Expect(H5MD, "inf.h5", 3, PETSC_ERR_USER_INPUT, "inf.h5", "frame 3 requested, the file has 1 frames", "H5MD frame beyond the last"));
  { /* a good file, then without /particles/all/species: every atom would be type 1 */
    InmConfig *c;
    hid_t      f;
    PetscCall(InmTestFCC(2, 3.0, 0.0, 0.0, 0.0, 1u, &c));
    PetscCall(InmWriteH5MD("nospecies.h5", c));
    PetscCall(InmConfigDestroy(&c));
    f = H5Fopen("nospecies.h5", H5F_ACC_RDWR, H5P_DEFAULT);
    INM_TEST(f >= 0 && H5Lexists(f, "particles/all/species", H5P_DEFAULT) > 0 && H5Ldelete(f, "particles/all/species", H5P_DEFAULT) >= 0, "species removed from a written H5MD file");
    H5Fclose(f);
  }
  PetscCall(Expect(H5MD, "nospecies.h5", 0, PETSC_ERR_FILE_UNEXPECTED, "nospecies.h5:/particles/all/species", "missing (the atom types are needed)", "H5MD without species"));
  return InmTestEnd();
}
