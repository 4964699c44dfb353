/* LAMMPS data file reader, atom_style atomic (LAMMPS manual, read_data):
 *   line 1: title; header lines "N atoms", "M atom types", "xlo xhi", "ylo yhi", "zlo zhi",
 *   optional "xy xz yz" (other header keywords are ignored); then sections, each a keyword
 *   line, a blank line and its entries:
 *     Masses      type mass                      (M lines)
 *     Atoms       id type x y z [ix iy iz]       (N lines; "# atomic" may follow the keyword)
 *     Velocities  id vx vy vz                    (N lines)
 *   Sections of other styles (Pair Coeffs, ...) are skipped. '#' starts a comment.
 * Positions are kept as written (with their image flags); atoms are sorted by id. */
#include <inmvisc/io.h>
#include "text_lines.h"
#include <sys/stat.h>

static PetscBool IsSectionKeyword(const InmTextFile *tf)
{
  return (tf->ntok > 0 && !InmTextIsNumber(tf, 0)) ? PETSC_TRUE : PETSC_FALSE;
}

/* Read `count` entry lines of a section whose keyword line was just read. *next is set when
 * the section ends early (the line then holds the next keyword, for the caller). */
static PetscErrorCode SectionLine(InmTextFile *tf, const char *section, PetscInt k, PetscInt count, PetscInt ncols_min, PetscInt ncols_max)
{
  PetscBool eof;

  PetscFunctionBegin;
  PetscCall(InmTextNextNonBlank(tf, PETSC_TRUE, &eof));
  PetscCheck(!eof, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends inside the %s section: %" PetscInt_FMT " of %" PetscInt_FMT " lines read (truncated file?)", tf->path, tf->line + 1, section, k, count);
  PetscCheck(!IsSectionKeyword(tf), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": the %s section has %" PetscInt_FMT " lines but the header declares %" PetscInt_FMT, tf->path, tf->line, section, k, count);
  PetscCheck(tf->ntok >= ncols_min && tf->ntok <= ncols_max, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": %s line has %d columns, expected %" PetscInt_FMT "%s%s", tf->path, tf->line, section, tf->ntok, ncols_min, ncols_max > ncols_min ? " or " : "", ncols_max > ncols_min ? "8 (id type x y z ix iy iz)" : "");
  PetscFunctionReturn(0);
}

PetscErrorCode InmReadLammpsData(const char path[], InmConfig **out)
{
  InmTextFile tf;
  PetscBool   eof, have_atoms = PETSC_FALSE, have_vel = PETSC_FALSE, have_img = PETSC_FALSE;
  PetscInt    natoms = -1, ntypes = -1, *vid = NULL, vline0 = 0;
  PetscReal   lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0}, tilt[3] = {0, 0, 0}, *vel = NULL;
  PetscBool   have_dim[3] = {PETSC_FALSE, PETSC_FALSE, PETSC_FALSE};
  InmConfig  *c = NULL;

  PetscFunctionBegin;
  PetscCall(InmTextOpen(path, &tf));
  PetscCall(InmTextNext(&tf, PETSC_FALSE, &eof)); /* title */
  PetscCheck(!eof, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: empty file", path);
  /* header */
  for (;;) {
    PetscCall(InmTextNextNonBlank(&tf, PETSC_TRUE, &eof));
    PetscCheck(!eof, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends in the header, no Atoms section (truncated file?)", path, tf.line);
    if (IsSectionKeyword(&tf)) break;
    if (tf.ntok == 2 && !strcmp(tf.tok[1], "atoms")) PetscCall(InmTextInt(&tf, 0, &natoms));
    else if (tf.ntok == 3 && !strcmp(tf.tok[1], "atom") && !strcmp(tf.tok[2], "types")) PetscCall(InmTextInt(&tf, 0, &ntypes));
    else if (tf.ntok == 6 && !strcmp(tf.tok[3], "xy")) {
      for (int k = 0; k < 3; k++) PetscCall(InmTextReal(&tf, k, &tilt[k]));
    } else if (tf.ntok == 4 && tf.tok[2][1] == 'l' && tf.tok[3][1] == 'h' && tf.tok[2][0] == tf.tok[3][0] && tf.tok[2][0] >= 'x' && tf.tok[2][0] <= 'z') {
      int d = tf.tok[2][0] - 'x';
      PetscCall(InmTextReal(&tf, 0, &lo[d]));
      PetscCall(InmTextReal(&tf, 1, &hi[d]));
      PetscCheck(hi[d] > lo[d], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": box length along %c is not positive (%g %g)", path, tf.line, 'x' + d, (double)lo[d], (double)hi[d]);
      have_dim[d] = PETSC_TRUE;
    }
  }
  PetscCheck(natoms > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: the header has no positive \"N atoms\" line", path);
  PetscCheck(ntypes > 0 && ntypes <= INM_MAX_TYPES, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: the header needs \"M atom types\" with 1 <= M <= %d", path, INM_MAX_TYPES);
  for (int d = 0; d < 3; d++) PetscCheck(have_dim[d], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: the header has no \"%clo %chi\" line", path, 'x' + d, 'x' + d);
  { /* the header is not trusted for the allocation: an Atoms line ("id type x y z") takes at least 10 bytes */
    struct stat st;
    PetscCheck(!stat(path, &st) && (double)natoms * 10 <= (double)st.st_size, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: the header declares %" PetscInt_FMT " atoms, more than a file of %.0f bytes can hold", path, natoms, (double)st.st_size);
  }
  PetscCall(InmConfigCreate(natoms, PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, &c));
  PetscCall(PetscStrncpy(c->source, path, sizeof(c->source)));
  c->ntypes = ntypes;
  PetscCall(InmBoxFromLammps(lo, hi, tilt[0], tilt[1], tilt[2], &c->box));
  /* sections: tf holds a keyword line */
  while (!eof) {
    char section[64];
    PetscCall(PetscStrncpy(section, tf.tok[0], sizeof(section)));
    if (!strcmp(section, "Masses")) {
      for (PetscInt k = 0; k < ntypes; k++) {
        PetscInt t;
        PetscCall(SectionLine(&tf, "Masses", k, ntypes, 2, 2));
        PetscCall(InmTextInt(&tf, 0, &t));
        PetscCheck(t >= 1 && t <= ntypes, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": Masses: type %" PetscInt_FMT " is outside 1..%" PetscInt_FMT, path, tf.line, t, ntypes);
        PetscCall(InmTextReal(&tf, 1, &c->type_mass[t]));
        PetscCheck(c->type_mass[t] > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": Masses: mass of type %" PetscInt_FMT " must be positive", path, tf.line, t);
      }
    } else if (!strcmp(section, "Atoms")) {
      PetscCheck(tf.ntok == 1 || (tf.ntok == 3 && !strcmp(tf.tok[1], "#") && !strcmp(tf.tok[2], "atomic")) || (tf.ntok == 2 && !strcmp(tf.tok[1], "#atomic")), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": only atom_style atomic is supported (\"%s\")", path, tf.line, tf.copy);
      for (PetscInt k = 0; k < natoms; k++) {
        PetscCall(SectionLine(&tf, "Atoms", k, natoms, 5, 8));
        PetscCheck(tf.ntok == 5 || tf.ntok == 8, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": Atoms line has %d columns, expected 5 (id type x y z) or 8 (with ix iy iz)", path, tf.line, tf.ntok);
        if (k == 0 && tf.ntok == 8) {
          have_img = PETSC_TRUE;
          PetscCall(PetscCalloc1(3 * natoms, &c->image));
        }
        PetscCheck((tf.ntok == 8) == have_img, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": Atoms line has %d columns but the first had %d", path, tf.line, tf.ntok, have_img ? 8 : 5);
        PetscCall(InmTextInt(&tf, 0, &c->id[k]));
        PetscCall(InmTextInt(&tf, 1, &c->type[k]));
        PetscCheck(c->type[k] >= 1 && c->type[k] <= ntypes, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": atom %" PetscInt_FMT " has type %" PetscInt_FMT ", outside 1..%" PetscInt_FMT " (atom types in the header)", path, tf.line, c->id[k], c->type[k], ntypes);
        for (int d = 0; d < 3; d++) PetscCall(InmTextReal(&tf, 2 + d, &c->x[3 * k + d]));
        if (have_img)
          for (int d = 0; d < 3; d++) PetscCall(InmTextInt(&tf, 5 + d, &c->image[3 * k + d]));
      }
      have_atoms = PETSC_TRUE;
    } else if (!strcmp(section, "Velocities")) {
      PetscCall(PetscMalloc2(natoms, &vid, 3 * natoms, &vel));
      vline0 = tf.line;
      for (PetscInt k = 0; k < natoms; k++) {
        PetscCall(SectionLine(&tf, "Velocities", k, natoms, 4, 4));
        PetscCall(InmTextInt(&tf, 0, &vid[k]));
        for (int d = 0; d < 3; d++) PetscCall(InmTextReal(&tf, 1 + d, &vel[3 * k + d]));
      }
      have_vel = PETSC_TRUE;
    } else {
      /* a section inmvisc does not use: skip its entries */
      do PetscCall(InmTextNextNonBlank(&tf, PETSC_TRUE, &eof));
      while (!eof && !IsSectionKeyword(&tf));
      continue;
    }
    PetscCall(InmTextNextNonBlank(&tf, PETSC_TRUE, &eof));
    PetscCheck(eof || IsSectionKeyword(&tf), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": the %s section has more lines than the header declares", path, tf.line, section);
  }
  PetscCall(InmTextClose(&tf));
  PetscCheck(have_atoms, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no Atoms section", path);
  PetscCall(InmConfigSortById(c));
  if (have_vel) {
    PetscCall(PetscCalloc1(3 * natoms, &c->v));
    for (PetscInt k = 0; k < natoms; k++) {
      PetscInt loc;
      PetscCall(PetscFindInt(vid[k], natoms, c->id, &loc));
      PetscCheck(loc >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: Velocities (from line %" PetscInt_FMT ") names atom id %" PetscInt_FMT ", which is not in Atoms", path, vline0, vid[k]);
      for (int d = 0; d < 3; d++) c->v[3 * loc + d] = vel[3 * k + d];
    }
    PetscCall(PetscFree2(vid, vel));
  }
  {
    PetscBool all = PETSC_TRUE;
    for (PetscInt t = 1; t <= ntypes; t++) all = all && c->type_mass[t] > 0;
    if (all) PetscCall(InmConfigSetMassesFromTypes(c));
  }
  *out = c;
  PetscFunctionReturn(0);
}
