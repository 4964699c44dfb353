/* LAMMPS `dump custom` text reader (LAMMPS manual, dump): each frame is
 *   ITEM: TIMESTEP / step / ITEM: NUMBER OF ATOMS / n /
 *   ITEM: BOX BOUNDS [xy xz yz] pp pp pp / 3 lines / ITEM: ATOMS col1 col2 ... / n lines
 * Orthogonal bounds are "lo hi"; triclinic ones "lo_bound hi_bound tilt" with
 *   xlo = xlo_b - min(0, xy, xz, xy+xz), xhi = xhi_b - max(0, xy, xz, xy+xz),
 *   ylo = ylo_b - min(0, yz),            yhi = yhi_b - max(0, yz).
 * Columns in any order: id, type (required); x y z | xs ys zs (scaled: r = lo + h s) |
 * xu yu zu | xsu ysu zsu; optional vx vy vz, fx fy fz, ix iy iz, mass; others ignored. */
#include <inmvisc/io.h>
#include "text_lines.h"

typedef struct {
  PetscInt  step, n;
  PetscReal lo[3], hi[3], tilt[3]; /* xy, xz, yz */
  PetscBool triclinic;
} DumpHeader;

static PetscErrorCode ExpectItem(InmTextFile *tf, const char *item, PetscBool *eof, PetscBool eof_ok)
{
  PetscFunctionBegin;
  PetscCall(InmTextNextNonBlank(tf, PETSC_FALSE, eof));
  if (*eof) {
    PetscCheck(eof_ok, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends where \"ITEM: %s\" was expected (truncated file?)", tf->path, tf->line + 1, item);
    PetscFunctionReturn(0);
  }
  {
    const char *p = tf->ntok >= 2 && !strcmp(tf->tok[0], "ITEM:") ? strstr(tf->copy, "ITEM:") + 5 : NULL;
    if (p) p += strspn(p, " \t");
    PetscCheck(p && !strncmp(p, item, strlen(item)), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": expected \"ITEM: %s\", found \"%s\"", tf->path, tf->line, item, tf->copy);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ValueLine(InmTextFile *tf, int ncol, const char *what)
{
  PetscBool eof;

  PetscFunctionBegin;
  PetscCall(InmTextNextNonBlank(tf, PETSC_FALSE, &eof));
  PetscCheck(!eof, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends inside the %s (truncated file?)", tf->path, tf->line + 1, what);
  PetscCheck(tf->ntok == ncol, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": the %s line has %d columns, expected %d", tf->path, tf->line, what, tf->ntok, ncol);
  PetscFunctionReturn(0);
}

/* Read one frame's header up to and including the ITEM: ATOMS line. *eof if no frame starts. */
static PetscErrorCode ReadHeader(InmTextFile *tf, DumpHeader *h, PetscBool *eof)
{
  PetscReal b[3][3] = {{0}};

  PetscFunctionBegin;
  PetscCall(ExpectItem(tf, "TIMESTEP", eof, PETSC_TRUE));
  if (*eof) PetscFunctionReturn(0);
  PetscCall(ValueLine(tf, 1, "timestep"));
  PetscCall(InmTextInt(tf, 0, &h->step));
  PetscCall(ExpectItem(tf, "NUMBER OF ATOMS", eof, PETSC_FALSE));
  PetscCall(ValueLine(tf, 1, "number of atoms"));
  PetscCall(InmTextInt(tf, 0, &h->n));
  PetscCheck(h->n > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": number of atoms %" PetscInt_FMT " is not positive", tf->path, tf->line, h->n);
  PetscCall(ExpectItem(tf, "BOX BOUNDS", eof, PETSC_FALSE));
  h->triclinic = (tf->ntok >= 6 && !strcmp(tf->tok[3], "xy")) ? PETSC_TRUE : PETSC_FALSE;
  for (int d = 0; d < 3; d++) {
    PetscCall(ValueLine(tf, h->triclinic ? 3 : 2, "box bounds"));
    for (int k = 0; k < (h->triclinic ? 3 : 2); k++) PetscCall(InmTextReal(tf, k, &b[d][k]));
  }
  if (h->triclinic) {
    const PetscReal xy = b[0][2], xz = b[1][2], yz = b[2][2];
    h->tilt[0] = xy;
    h->tilt[1] = xz;
    h->tilt[2] = yz;
    h->lo[0]   = b[0][0] - PetscMin(0.0, PetscMin(xy, PetscMin(xz, xy + xz)));
    h->hi[0]   = b[0][1] - PetscMax(0.0, PetscMax(xy, PetscMax(xz, xy + xz)));
    h->lo[1]   = b[1][0] - PetscMin(0.0, yz);
    h->hi[1]   = b[1][1] - PetscMax(0.0, yz);
    h->lo[2]   = b[2][0];
    h->hi[2]   = b[2][1];
  } else {
    for (int d = 0; d < 3; d++) {
      h->lo[d]   = b[d][0];
      h->hi[d]   = b[d][1];
      h->tilt[d] = 0;
    }
  }
  for (int d = 0; d < 3; d++) PetscCheck(h->hi[d] > h->lo[d], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": box length along %c is not positive", tf->path, tf->line, 'x' + d);
  PetscCall(ExpectItem(tf, "ATOMS", eof, PETSC_FALSE));
  PetscFunctionReturn(0);
}

static PetscErrorCode SkipAtoms(InmTextFile *tf, PetscInt n)
{
  PetscBool eof;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < n; k++) {
    PetscCall(InmTextNext(tf, PETSC_FALSE, &eof));
    PetscCheck(!eof, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends after %" PetscInt_FMT " of %" PetscInt_FMT " atom lines (truncated file?)", tf->path, tf->line + 1, k, n);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmCountLammpsDumpFrames(const char path[], PetscInt *nframes)
{
  InmTextFile tf;
  DumpHeader  h;
  PetscBool   eof;

  PetscFunctionBegin;
  PetscCall(InmTextOpen(path, &tf));
  *nframes = 0;
  for (;;) {
    PetscCall(ReadHeader(&tf, &h, &eof));
    if (eof) break;
    PetscCall(SkipAtoms(&tf, h.n));
    (*nframes)++;
  }
  PetscCall(InmTextClose(&tf));
  PetscCheck(*nframes > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no frame (empty dump file)", path);
  PetscFunctionReturn(0);
}

enum { C_ID, C_TYPE, C_X, C_Y, C_Z, C_VX, C_VY, C_VZ, C_FX, C_FY, C_FZ, C_IX, C_IY, C_IZ, C_MASS, C_N };

PetscErrorCode InmReadLammpsDump(const char path[], PetscInt frame, InmConfig **out)
{
  InmTextFile tf;
  DumpHeader  h;
  PetscBool   eof, scaled = PETSC_FALSE;
  PetscInt    nframes = 0;
  int         col[C_N];
  InmConfig  *c;

  PetscFunctionBegin;
  if (frame < 0) {
    PetscCall(InmCountLammpsDumpFrames(path, &nframes));
    frame = nframes + frame;
    PetscCheck(frame >= 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: frame %" PetscInt_FMT " from the end requested, the file has %" PetscInt_FMT " frames", path, frame - nframes, nframes);
  }
  PetscCall(InmTextOpen(path, &tf));
  for (PetscInt f = 0;; f++) {
    PetscCall(ReadHeader(&tf, &h, &eof));
    PetscCheck(!eof, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: frame %" PetscInt_FMT " requested, the file has %" PetscInt_FMT " frames", path, frame, f);
    if (f == frame) break;
    PetscCall(SkipAtoms(&tf, h.n));
  }
  /* columns of the ITEM: ATOMS line */
  for (int k = 0; k < C_N; k++) col[k] = -1;
  for (int t = 2; t < tf.ntok; t++) {
    const char *s = tf.tok[t];
    int         k = t - 2, d = -1;
    if (!strcmp(s, "id")) col[C_ID] = k;
    else if (!strcmp(s, "type")) col[C_TYPE] = k;
    else if (!strcmp(s, "mass")) col[C_MASS] = k;
    else if (s[0] >= 'x' && s[0] <= 'z' && (!strcmp(s + 1, "") || !strcmp(s + 1, "s") || !strcmp(s + 1, "u") || !strcmp(s + 1, "su"))) {
      d = s[0] - 'x';
      PetscCheck(col[C_X + d] < 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": two position columns for %c", path, tf.line, s[0]);
      col[C_X + d] = k;
      if (s[1] == 's') scaled = PETSC_TRUE;
    } else if (s[0] == 'v' && s[1] >= 'x' && s[1] <= 'z' && !s[2]) col[C_VX + s[1] - 'x'] = k;
    else if (s[0] == 'f' && s[1] >= 'x' && s[1] <= 'z' && !s[2]) col[C_FX + s[1] - 'x'] = k;
    else if (s[0] == 'i' && s[1] >= 'x' && s[1] <= 'z' && !s[2]) col[C_IX + s[1] - 'x'] = k;
  }
  {
    const char *need[] = {"id", "type", "x (or xs, xu, xsu)", "y (or ys, yu, ysu)", "z (or zs, zu, zsu)"};
    for (int k = 0; k < 5; k++) PetscCheck(col[k] >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": ITEM: ATOMS has no %s column", path, tf.line, need[k]);
  }
  PetscCall(InmConfigCreate(h.n, col[C_VX] >= 0 && col[C_VY] >= 0 && col[C_VZ] >= 0, col[C_FX] >= 0 && col[C_FY] >= 0 && col[C_FZ] >= 0, col[C_IX] >= 0 && col[C_IY] >= 0 && col[C_IZ] >= 0, &c));
  PetscCall(PetscStrncpy(c->source, path, sizeof(c->source)));
  PetscCall(InmBoxFromLammps(h.lo, h.hi, h.tilt[0], h.tilt[1], h.tilt[2], &c->box));
  c->step = h.step;
  {
    const int ncol = tf.ntok - 2;
    for (PetscInt k = 0; k < h.n; k++) {
      PetscReal r[3], m;
      PetscCall(InmTextNext(&tf, PETSC_FALSE, &eof));
      PetscCheck(!eof, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": file ends after %" PetscInt_FMT " of %" PetscInt_FMT " atom lines (truncated file?)", path, tf.line + 1, k, h.n);
      PetscCheck(!(tf.ntok >= 1 && !strcmp(tf.tok[0], "ITEM:")), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": frame has %" PetscInt_FMT " atom lines but NUMBER OF ATOMS says %" PetscInt_FMT, path, tf.line, k, h.n);
      PetscCheck(tf.ntok == ncol, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": expected %d columns (as in ITEM: ATOMS), found %d", path, tf.line, ncol, tf.ntok);
      PetscCall(InmTextInt(&tf, col[C_ID], &c->id[k]));
      PetscCall(InmTextInt(&tf, col[C_TYPE], &c->type[k]));
      PetscCheck(c->type[k] >= 1 && c->type[k] <= INM_MAX_TYPES, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": atom %" PetscInt_FMT " has type %" PetscInt_FMT ", outside 1..%d", path, tf.line, c->id[k], c->type[k], INM_MAX_TYPES);
      c->ntypes = PetscMax(c->ntypes, c->type[k]);
      for (int d = 0; d < 3; d++) PetscCall(InmTextReal(&tf, col[C_X + d], &r[d]));
      if (scaled) InmBoxToCartesian(&c->box, r, c->x + 3 * k);
      else PetscCall(PetscArraycpy(c->x + 3 * k, r, 3));
      for (int d = 0; d < 3; d++) {
        if (c->v) PetscCall(InmTextReal(&tf, col[C_VX + d], &c->v[3 * k + d]));
        if (c->f) PetscCall(InmTextReal(&tf, col[C_FX + d], &c->f[3 * k + d]));
        if (c->image) PetscCall(InmTextInt(&tf, col[C_IX + d], &c->image[3 * k + d]));
      }
      if (col[C_MASS] >= 0) {
        PetscCall(InmTextReal(&tf, col[C_MASS], &m));
        PetscCheck(m > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%" PetscInt_FMT ": mass %g is not positive", path, tf.line, (double)m);
        c->mass[k]               = m;
        c->type_mass[c->type[k]] = m;
      }
    }
  }
  PetscCall(InmTextClose(&tf));
  PetscCall(InmConfigSortById(c));
  *out = c;
  PetscFunctionReturn(0);
}
