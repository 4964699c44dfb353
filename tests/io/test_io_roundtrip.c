/* Readers against files whose content is known: a configuration built here (tilted box,
 * velocities, image flags, ids in shuffled order) is written as a LAMMPS data file, as a
 * multi-frame dump (columns shuffled; plain, scaled and unwrapped positions) and as H5MD,
 * and every reader must return it (1e-12 relative; the text is printed with 17 digits). */
#include "testlib.h"

static PetscErrorCode Reference(InmConfig **out)
{
  InmConfig *c;

  PetscFunctionBegin;
  PetscCall(InmTestFCC(2, 1.7, 0.2, 0.1, 0.25, 99u, &c));
  PetscCall(PetscMalloc1(3 * c->n, &c->v));
  PetscCall(PetscMalloc1(3 * c->n, &c->image));
  for (PetscInt i = 0; i < c->n; i++) {
    c->id[i] = 1000 - 7 * i; /* descending: readers must sort */
    for (PetscInt a = 0; a < 3; a++) {
      c->v[3 * i + a]     = PetscSinReal(1.0 + i + 10 * a);
      c->image[3 * i + a] = (PetscInt)((i + a) % 3) - 1;
    }
  }
  c->type_mass[1] = 1.0;
  c->type_mass[2] = 2.5;
  for (PetscInt i = 0; i < c->n; i++) c->mass[i] = c->type_mass[c->type[i]];
  c->ntypes = 2;
  *out      = c;
  PetscFunctionReturn(0);
}

/* Compare after sorting the reference by id (the readers sort). */
static PetscErrorCode Check(const InmConfig *ref, const InmConfig *c, PetscBool unwrapped, PetscBool check_v, PetscBool check_img, const char *tag)
{
  InmConfig *r;
  PetscReal  dx = 0, dv = 0, L = ref->box.cell[0][0];
  PetscInt   bad = 0;

  PetscFunctionBegin;
  PetscCall(InmConfigDuplicate(ref, &r));
  PetscCall(InmConfigSortById(r));
  INM_TEST(c->n == r->n, "%s: %" PetscInt_FMT " atoms", tag, c->n);
  for (PetscInt i = 0; i < r->n; i++) {
    if (c->id[i] != r->id[i] || c->type[i] != r->type[i]) bad++;
    for (PetscInt a = 0; a < 3; a++) {
      PetscReal x = r->x[3 * i + a];
      if (unwrapped) /* the file held x + image . cell, read back as such */
        for (PetscInt k = 0; k < 3; k++) x += r->image[3 * i + k] * r->box.cell[k][a];
      dx = PetscMax(dx, PetscAbsReal(c->x[3 * i + a] - x));
      if (check_v) dv = PetscMax(dv, PetscAbsReal(c->v[3 * i + a] - r->v[3 * i + a]));
      if (check_img && c->image[3 * i + a] != r->image[3 * i + a]) bad++;
    }
  }
  INM_TEST(bad == 0, "%s: ids, types%s identical (%" PetscInt_FMT " differences)", tag, check_img ? ", image flags" : "", bad);
  INM_TEST(dx < 1e-12 * L && dv < 1e-12, "%s: positions (%.1e) and velocities (%.1e) equal", tag, (double)dx, (double)dv);
  for (PetscInt a = 0; a < 3; a++)
    for (PetscInt b = 0; b < 3; b++) dx = PetscMax(dx, PetscAbsReal(c->box.cell[a][b] - r->box.cell[a][b]));
  INM_TEST(dx < 1e-12 * L && PetscAbsReal(c->box.origin[0] - r->box.origin[0]) < 1e-12, "%s: box equal", tag);
  PetscCall(InmConfigDestroy(&r));
  PetscFunctionReturn(0);
}

static void Box(FILE *fp, const InmConfig *c, PetscBool dump)
{
  const InmBox   *b = &c->box;
  const PetscReal lo[3] = {b->origin[0], b->origin[1], b->origin[2]}, hi[3] = {lo[0] + b->cell[0][0], lo[1] + b->cell[1][1], lo[2] + b->cell[2][2]};
  const PetscReal xy = b->cell[1][0], xz = b->cell[2][0], yz = b->cell[2][1];
  if (!dump) {
    fprintf(fp, "%.17g %.17g xlo xhi\n%.17g %.17g ylo yhi\n%.17g %.17g zlo zhi\n%.17g %.17g %.17g xy xz yz\n", lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], xy, xz, yz);
  } else { /* dump bounds: lo/hi of the bounding box (LAMMPS dump documentation) */
    fprintf(fp, "ITEM: BOX BOUNDS xy xz yz pp pp pp\n");
    fprintf(fp, "%.17g %.17g %.17g\n", lo[0] + PetscMin(0.0, PetscMin(xy, PetscMin(xz, xy + xz))), hi[0] + PetscMax(0.0, PetscMax(xy, PetscMax(xz, xy + xz))), xy);
    fprintf(fp, "%.17g %.17g %.17g\n", lo[1] + PetscMin(0.0, yz), hi[1] + PetscMax(0.0, yz), xz);
    fprintf(fp, "%.17g %.17g %.17g\n", lo[2], hi[2], yz);
  }
}

int main(int argc, char **argv)
{
  InmConfig *ref, *c;
  FILE      *fp;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(Reference(&ref));

  fp = fopen("rt.data", "w");
  fprintf(fp, "round trip\n\n%d atoms\n2 atom types\n", (int)ref->n);
  Box(fp, ref, PETSC_FALSE);
  fprintf(fp, "\nMasses\n\n1 1.0\n2 2.5 # comment\n\nAtoms # atomic\n\n");
  for (PetscInt i = 0; i < ref->n; i++) fprintf(fp, "%d %d %.17g %.17g %.17g %d %d %d\n", (int)ref->id[i], (int)ref->type[i], ref->x[3 * i], ref->x[3 * i + 1], ref->x[3 * i + 2], (int)ref->image[3 * i], (int)ref->image[3 * i + 1], (int)ref->image[3 * i + 2]);
  fprintf(fp, "\nVelocities\n\n");
  for (PetscInt i = ref->n - 1; i >= 0; i--) fprintf(fp, "%d %.17g %.17g %.17g\n", (int)ref->id[i], ref->v[3 * i], ref->v[3 * i + 1], ref->v[3 * i + 2]);
  fclose(fp);
  PetscCall(InmReadLammpsData("rt.data", &c));
  PetscCall(Check(ref, c, PETSC_FALSE, PETSC_TRUE, PETSC_TRUE, "data file"));
  INM_TEST(c->mass[0] > 0 && c->type_mass[2] == 2.5, "data file: masses from the Masses section");
  PetscCall(InmConfigDestroy(&c));

  /* three frames: plain x, scaled xs, unwrapped xu, columns in different orders */
  fp = fopen("rt.dump", "w");
  for (int fr = 0; fr < 3; fr++) {
    const char *cols[3] = {"type vx id x y z vy vz ix iy iz", "xs ys zs id type vx vy vz", "id xu yu zu type vx vy vz"};
    fprintf(fp, "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\n", 100 * fr, (int)ref->n);
    Box(fp, ref, PETSC_TRUE);
    fprintf(fp, "ITEM: ATOMS %s\n", cols[fr]);
    for (PetscInt i = 0; i < ref->n; i++) {
      const PetscReal *x = ref->x + 3 * i, *v = ref->v + 3 * i;
      const PetscInt  *im = ref->image + 3 * i;
      PetscReal        s[3], u[3];
      InmBoxToFractional(&ref->box, x, s);
      for (int a = 0; a < 3; a++) u[a] = x[a] + im[0] * ref->box.cell[0][a] + im[1] * ref->box.cell[1][a] + im[2] * ref->box.cell[2][a];
      if (fr == 0) fprintf(fp, "%d %.17g %d %.17g %.17g %.17g %.17g %.17g %d %d %d\n", (int)ref->type[i], v[0], (int)ref->id[i], x[0], x[1], x[2], v[1], v[2], (int)im[0], (int)im[1], (int)im[2]);
      else if (fr == 1) fprintf(fp, "%.17g %.17g %.17g %d %d %.17g %.17g %.17g\n", s[0], s[1], s[2], (int)ref->id[i], (int)ref->type[i], v[0], v[1], v[2]);
      else fprintf(fp, "%d %.17g %.17g %.17g %d %.17g %.17g %.17g\n", (int)ref->id[i], u[0], u[1], u[2], (int)ref->type[i], v[0], v[1], v[2]);
    }
  }
  fclose(fp);
  {
    PetscInt nf;
    PetscCall(InmCountLammpsDumpFrames("rt.dump", &nf));
    INM_TEST(nf == 3, "dump: %" PetscInt_FMT " frames counted", nf);
  }
  PetscCall(InmReadLammpsDump("rt.dump", 0, &c));
  PetscCall(Check(ref, c, PETSC_FALSE, PETSC_TRUE, PETSC_TRUE, "dump frame 0 (x y z, image flags)"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmReadLammpsDump("rt.dump", 1, &c));
  PetscCall(Check(ref, c, PETSC_FALSE, PETSC_TRUE, PETSC_FALSE, "dump frame 1 (scaled xs ys zs)"));
  INM_TEST(c->step == 100, "dump frame 1: step %" PetscInt_FMT, c->step);
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmReadLammpsDump("rt.dump", -1, &c));
  PetscCall(Check(ref, c, PETSC_TRUE, PETSC_TRUE, PETSC_FALSE, "dump last frame (unwrapped xu yu zu)"));
  PetscCall(InmConfigDestroy(&c));

  PetscCall(PetscStrncpy(ref->units, "lj", sizeof(ref->units)));
  ref->step = 42;
  PetscCall(InmWriteH5MD("rt.h5", ref));
  PetscCall(InmReadH5MD("rt.h5", -1, &c));
  PetscCall(Check(ref, c, PETSC_FALSE, PETSC_TRUE, PETSC_TRUE, "H5MD"));
  INM_TEST(c->step == 42 && !strcmp(c->units, "lj") && c->type_mass[2] == 2.5, "H5MD: step %" PetscInt_FMT ", units '%s', masses", c->step, c->units);
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmConfigRead(PETSC_COMM_WORLD, "rt.dump", INM_FORMAT_AUTO, 1, &c));
  PetscCall(Check(ref, c, PETSC_FALSE, PETSC_TRUE, PETSC_FALSE, "InmConfigRead auto-detecting a dump"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmConfigRead(PETSC_COMM_WORLD, "rt.h5", INM_FORMAT_AUTO, -1, &c));
  PetscCall(Check(ref, c, PETSC_FALSE, PETSC_TRUE, PETSC_TRUE, "InmConfigRead auto-detecting H5MD"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmConfigDestroy(&ref));
  return InmTestEnd();
}
