/* Readers against LAMMPS itself: LAMMPS writes a data file and dumps (scaled, unwrapped) of
 * atoms in a tilted box that have crossed the periodic boundaries, and the readers must
 * give what LAMMPS's library gathers from memory (positions, image flags, velocities, box). */
#include "testlib.h"

static PetscErrorCode Compare(const InmConfig *lmp, const InmConfig *c, PetscBool unwrapped, const char *tag)
{
  PetscReal dx = 0, dv = 0, db = 0, L = lmp->box.cell[0][0];
  PetscInt  bad = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < lmp->n; i++) {
    if (c->id[i] != lmp->id[i] || c->type[i] != lmp->type[i]) bad++;
    for (PetscInt a = 0; a < 3; a++) {
      PetscReal x = lmp->x[3 * i + a], y = c->x[3 * i + a];
      for (PetscInt k = 0; k < 3; k++) {
        x += lmp->image[3 * i + k] * lmp->box.cell[k][a];
        if (!unwrapped && c->image) y += c->image[3 * i + k] * c->box.cell[k][a];
      }
      dx = PetscMax(dx, PetscAbsReal(x - y));
      if (c->v) dv = PetscMax(dv, PetscAbsReal(c->v[3 * i + a] - lmp->v[3 * i + a]));
    }
  }
  for (PetscInt a = 0; a < 3; a++) {
    db = PetscMax(db, PetscAbsReal(c->box.origin[a] - lmp->box.origin[a]));
    for (PetscInt b = 0; b < 3; b++) db = PetscMax(db, PetscAbsReal(c->box.cell[a][b] - lmp->box.cell[a][b]));
  }
  INM_TEST(c->n == lmp->n && bad == 0, "%s: %" PetscInt_FMT " atoms, ids and types as in LAMMPS", tag, c->n);
  /* LAMMPS prints 15-16 significant digits in data files and %g-like in dumps: tolerance
   * 1e-9 of the box for dumps (scaled coordinates lose digits), 1e-12 for data files */
  INM_TEST(dx < 1e-9 * L && dv < 1e-9 && db < 1e-9 * L, "%s: unwrapped positions (%.1e), velocities (%.1e), box (%.1e) as in LAMMPS", tag, (double)dx, (double)dv, (double)db);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  InmLammps  lmp;
  InmConfig *ref, *c;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmLammpsOpen(PETSC_COMM_WORLD, &lmp));
  PetscCall(InmLammpsCommands(lmp, "units lj\natom_style atomic\natom_modify map array\n"
                                   "region box prism 0 6 0 7 0 8 1.0 -0.5 0.7\ncreate_box 2 box\n"
                                   "create_atoms 1 random 150 123 NULL\ncreate_atoms 2 random 50 456 NULL\n"
                                   "mass 1 1.0\nmass 2 2.0\nvelocity all create 1.0 999\n"
                                   "displace_atoms all move 10.3 3.1 -4.7\n"
                                   "write_data io_lammps.data nocoeff\n"
                                   "write_dump all custom io_lammps_s.dump id type xs ys zs vx vy vz ix iy iz modify sort id format float %20.15g\n"
                                   "write_dump all custom io_lammps_u.dump vz type xu yu zu vy id vx modify sort id format float %20.15g\n"));
  PetscCall(InmLammpsGetConfig(lmp, &ref));
  PetscCall(InmLammpsClose(&lmp));
  {
    PetscInt moved = 0;
    for (PetscInt k = 0; k < 3 * ref->n; k++) moved += ref->image[k] != 0;
    INM_TEST(moved > 0, "atoms crossed the boundaries: %" PetscInt_FMT " non-zero image flags", moved);
  }
  PetscCall(InmReadLammpsData("io_lammps.data", &c));
  PetscCall(Compare(ref, c, PETSC_FALSE, "LAMMPS write_data"));
  INM_TEST(c->type_mass[2] == 2.0, "LAMMPS write_data: masses");
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmReadLammpsDump("io_lammps_s.dump", 0, &c));
  PetscCall(Compare(ref, c, PETSC_FALSE, "LAMMPS dump, scaled coordinates and image flags"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmReadLammpsDump("io_lammps_u.dump", 0, &c));
  PetscCall(Compare(ref, c, PETSC_TRUE, "LAMMPS dump, unwrapped coordinates, shuffled columns"));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmConfigDestroy(&ref));
  return InmTestEnd();
}
