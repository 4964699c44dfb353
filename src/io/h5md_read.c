/* H5MD 1.1 reader (the layout of h5md_write.c; any H5MD file with particles group "all"):
 * frame k (0-based, -1 = last) of /particles/all/{position, velocity, force, image,
 * species, id, mass} and /particles/all/box/edges, each either time-dependent (a group
 * with step, time, value[frames][...]) or fixed (a dataset without the frame axis).
 * Required: position, species and box edges (a file without species would make every atom
 * type 1, wrong for any mixture); id defaults to 1..N. The model that made the file, when
 * prepare wrote it (/parameters/inmvisc@model), goes to cfg->model. */
#include <inmvisc/io.h>
#include "h5md_util.h"

typedef struct {
  const char *path;
  hid_t       all;
  PetscInt    frame, nframes, n;
  PetscInt    lo, count; /* the atoms read: lo .. lo + count - 1 of the file's n */
} H5MDCtx;

/* Open element `name` under /particles/all: *ds the value dataset, *timedep if it has the
 * frame axis. *ds < 0 when absent. */
static void OpenElement(hid_t loc, const char *name, hid_t *ds, PetscBool *timedep)
{
  H5O_info_t info;
  *ds      = -1;
  *timedep = PETSC_FALSE;
  if (H5Lexists(loc, name, H5P_DEFAULT) <= 0 || H5Oget_info_by_name(loc, name, &info, H5P_DEFAULT) < 0) return;
  if (info.type == H5O_TYPE_GROUP) {
    hid_t g = H5Gopen2(loc, name, H5P_DEFAULT);
    if (H5Lexists(g, "value", H5P_DEFAULT) > 0) *ds = H5Dopen2(g, "value", H5P_DEFAULT);
    *timedep = PETSC_TRUE;
    H5Gclose(g);
  } else *ds = H5Dopen2(loc, name, H5P_DEFAULT);
}

/* Read frame ctx->frame of an element with `width` values per atom (natom = N, or 1 for the
 * box) into buf of native `type`: of atoms ctx->lo .. lo + count - 1 for a per-atom element
 * (natom = N), whole for the box. Returns *found = FALSE if the element is absent. */
static PetscErrorCode ReadElement(H5MDCtx *ctx, hid_t loc, const char *where, const char *name, hid_t type, PetscInt natom, PetscInt width, void *buf, PetscBool *found)
{
  hid_t     ds, sp, msp;
  PetscBool td;
  int       rank;
  hsize_t   dims[4] = {0, 0, 0, 0}, start[4] = {0, 0, 0, 0}, count[4], mdim;
  PetscInt  expect;

  PetscFunctionBegin;
  OpenElement(loc, name, &ds, &td);
  *found = ds >= 0 ? PETSC_TRUE : PETSC_FALSE;
  if (ds < 0) PetscFunctionReturn(0);
  sp   = H5Dget_space(ds);
  rank = H5Sget_simple_extent_ndims(sp);
  PetscCheck(rank >= 1 && rank <= 3, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%s/%s: unexpected rank %d", ctx->path, where, name, rank);
  H5Sget_simple_extent_dims(sp, dims, NULL);
  if (td) {
    PetscCheck((PetscInt)dims[0] > ctx->frame, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%s/%s: has %d frames, frame %" PetscInt_FMT " requested", ctx->path, where, name, (int)dims[0], ctx->frame);
    start[0] = (hsize_t)ctx->frame;
    count[0] = 1;
  }
  expect = 1;
  for (int k = td ? 1 : 0; k < rank; k++) {
    count[k] = dims[k];
    expect *= (PetscInt)dims[k];
  }
  PetscCheck(expect == natom * width, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%s/%s: holds %" PetscInt_FMT " values per frame, expected %" PetscInt_FMT " (%" PetscInt_FMT " atoms x %" PetscInt_FMT ")", ctx->path, where, name, expect, natom * width, natom, width);
  if (natom == ctx->n && ctx->count < ctx->n) { /* a slice of the atoms: the axis after the frame's */
    const int ax = td ? 1 : 0;
    PetscCheck((PetscInt)dims[ax] == natom, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:%s/%s: expected the atoms along axis %d", ctx->path, where, name, ax);
    start[ax] = (hsize_t)ctx->lo;
    count[ax] = (hsize_t)ctx->count;
    expect    = ctx->count * width;
  }
  mdim = (hsize_t)expect;
  msp  = H5Screate_simple(1, &mdim, NULL);
  H5Sselect_hyperslab(sp, H5S_SELECT_SET, start, NULL, count, NULL);
  PetscCheck(H5Dread(ds, type, msp, sp, H5P_DEFAULT, buf) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s:%s/%s: cannot read (corrupt or truncated file?)", ctx->path, where, name);
  H5Sclose(msp);
  H5Sclose(sp);
  H5Dclose(ds);
  PetscFunctionReturn(0);
}

/* Entry ctx->frame of the 1-D dataset `name` (step or time of an element), if present. */
static PetscErrorCode ReadAt(H5MDCtx *ctx, hid_t g, const char *name, hid_t type, void *buf)
{
  hid_t   ds, sp, msp;
  hsize_t start, one = 1, n;

  PetscFunctionBegin;
  if (H5Lexists(g, name, H5P_DEFAULT) <= 0) PetscFunctionReturn(0);
  ds = H5Dopen2(g, name, H5P_DEFAULT);
  sp = H5Dget_space(ds);
  n  = (hsize_t)H5Sget_simple_extent_npoints(sp);
  start = n > (hsize_t)ctx->frame ? (hsize_t)ctx->frame : n - 1; /* a fixed step/time has one entry */
  msp   = H5Screate_simple(1, &one, NULL);
  H5Sselect_hyperslab(sp, H5S_SELECT_SET, &start, NULL, &one, NULL);
  PetscCheck(H5Dread(ds, type, msp, sp, H5P_DEFAULT, buf) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s:/particles/all/position/%s: cannot read", ctx->path, name);
  H5Sclose(msp);
  H5Sclose(sp);
  H5Dclose(ds);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckFinite(const char *path, const char *what, const InmConfig *c, const PetscReal *a, PetscInt width)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < width * c->n; k++) PetscCheck(!PetscIsInfOrNanReal(a[k]), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/%s: non-finite value for atom id %" PetscInt_FMT, path, what, c->id[k / width]);
  PetscFunctionReturn(0);
}

/* The file open, its /particles/all group open (*all), and the shape of its positions:
 * [frames][N][3] or [N][3] with N > 0. The caller closes both. */
static PetscErrorCode OpenPositions(const char path[], hid_t *f, hid_t *all, PetscInt *nframes, PetscInt *natoms)
{
  hid_t     ds, sp;
  PetscBool td;
  hsize_t   dims[3] = {0, 0, 0};

  PetscFunctionBegin;
  PetscCall(InmH5OpenRead(path, f));
  PetscCheck(H5Lexists(*f, "particles", H5P_DEFAULT) > 0 && H5Lexists(*f, "particles/all", H5P_DEFAULT) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all: missing (not an H5MD particles file)", path);
  *all = H5Gopen2(*f, "particles/all", H5P_DEFAULT);
  OpenElement(*all, "position", &ds, &td);
  PetscCheck(ds >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/position: missing", path);
  sp = H5Dget_space(ds);
  PetscCheck(H5Sget_simple_extent_ndims(sp) == (td ? 3 : 2), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/position: expected [frames][N][3]", path);
  H5Sget_simple_extent_dims(sp, dims, NULL);
  H5Sclose(sp);
  H5Dclose(ds);
  *nframes = td ? (PetscInt)dims[0] : 1;
  *natoms  = (PetscInt)dims[td ? 1 : 0];
  PetscCheck(dims[td ? 2 : 1] == 3 && *natoms > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/position: expected [frames][N][3] with N > 0", path);
  PetscFunctionReturn(0);
}

PetscErrorCode InmReadH5MDCount(const char path[], PetscInt *natoms)
{
  hid_t    f, all;
  PetscInt nframes;

  PetscFunctionBegin;
  PetscCall(OpenPositions(path, &f, &all, &nframes, natoms));
  H5Gclose(all);
  H5Fclose(f);
  PetscFunctionReturn(0);
}

PetscErrorCode InmReadH5MD(const char path[], PetscInt frame, InmConfig **out)
{
  PetscFunctionBegin;
  PetscCall(InmReadH5MDSlice(path, frame, 0, 1, out));
  PetscFunctionReturn(0);
}

PetscErrorCode InmReadH5MDSlice(const char path[], PetscInt frame, PetscMPIInt part, PetscMPIInt nparts, InmConfig **out)
{
  H5MDCtx   ctx = {path, -1, frame, 0, 0, 0, 0};
  hid_t     f, ds, sp, box;
  PetscBool td, found, hasv, hasf, hasi, hasm;
  int      *ibuf;
  PetscReal edges[9], *mbuf;
  InmConfig *c;

  PetscFunctionBegin;
  PetscCall(OpenPositions(path, &f, &ctx.all, &ctx.nframes, &ctx.n));
  if (ctx.frame < 0) ctx.frame += ctx.nframes;
  PetscCheck(ctx.frame >= 0 && ctx.frame < ctx.nframes, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: frame %" PetscInt_FMT " requested, the file has %" PetscInt_FMT " frames", path, frame, ctx.nframes);
  PetscCheck(ctx.n >= nparts, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: %" PetscInt_FMT " atoms cannot be read in %d parts", path, ctx.n, (int)nparts);
  ctx.lo    = (PetscInt)(((PetscInt64)ctx.n * part) / nparts);
  ctx.count = (PetscInt)(((PetscInt64)ctx.n * (part + 1)) / nparts) - ctx.lo;
  OpenElement(ctx.all, "velocity", &ds, &td);
  if ((hasv = ds >= 0)) H5Dclose(ds);
  OpenElement(ctx.all, "force", &ds, &td);
  if ((hasf = ds >= 0)) H5Dclose(ds);
  OpenElement(ctx.all, "image", &ds, &td);
  if ((hasi = ds >= 0)) H5Dclose(ds);
  PetscCall(InmConfigCreate(ctx.count, hasv, hasf, hasi, &c));
  c->nglobal = ctx.n;
  PetscCall(PetscStrncpy(c->source, path, sizeof(c->source)));
  PetscCall(PetscMalloc2(3 * ctx.count, &ibuf, ctx.count, &mbuf));
  PetscCall(ReadElement(&ctx, ctx.all, "/particles/all", "id", H5T_NATIVE_INT, ctx.n, 1, ibuf, &found));
  for (PetscInt i = 0; i < ctx.count; i++) c->id[i] = found ? ibuf[i] : ctx.lo + i + 1;
  PetscCall(ReadElement(&ctx, ctx.all, "/particles/all", "position", H5T_NATIVE_DOUBLE, ctx.n, 3, c->x, &found));
  PetscCall(CheckFinite(path, "position", c, c->x, 3));
  if (hasv) {
    PetscCall(ReadElement(&ctx, ctx.all, "/particles/all", "velocity", H5T_NATIVE_DOUBLE, ctx.n, 3, c->v, &found));
    PetscCall(CheckFinite(path, "velocity", c, c->v, 3));
  }
  if (hasf) {
    PetscCall(ReadElement(&ctx, ctx.all, "/particles/all", "force", H5T_NATIVE_DOUBLE, ctx.n, 3, c->f, &found));
    PetscCall(CheckFinite(path, "force", c, c->f, 3));
  }
  if (hasi) {
    PetscCall(ReadElement(&ctx, ctx.all, "/particles/all", "image", H5T_NATIVE_INT, ctx.n, 3, ibuf, &found));
    for (PetscInt k = 0; k < 3 * ctx.count; k++) c->image[k] = ibuf[k];
  }
  PetscCall(ReadElement(&ctx, ctx.all, "/particles/all", "species", H5T_NATIVE_INT, ctx.n, 1, ibuf, &found));
  PetscCheck(found, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/species: missing (the atom types are needed)", path);
  for (PetscInt i = 0; i < ctx.count; i++) {
    c->type[i] = ibuf[i];
    PetscCheck(c->type[i] >= 1 && c->type[i] <= INM_MAX_TYPES, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/species: atom id %" PetscInt_FMT " has species %" PetscInt_FMT ", outside 1..%d", path, c->id[i], c->type[i], INM_MAX_TYPES);
    c->ntypes = PetscMax(c->ntypes, c->type[i]);
  }
  PetscCall(ReadElement(&ctx, ctx.all, "/particles/all", "mass", H5T_NATIVE_DOUBLE, ctx.n, 1, mbuf, &hasm));
  if (hasm)
    for (PetscInt i = 0; i < ctx.count; i++) {
      PetscCheck(mbuf[i] > 0 && !PetscIsInfOrNanReal(mbuf[i]), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/mass: atom id %" PetscInt_FMT " has mass %g", path, c->id[i], (double)mbuf[i]);
      c->mass[i]               = mbuf[i];
      c->type_mass[c->type[i]] = mbuf[i];
    }
  /* box: edges as [3][3] rows a, b, c, or [3] for an orthogonal box */
  PetscCheck(H5Lexists(ctx.all, "box", H5P_DEFAULT) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/box: missing", path);
  box = H5Gopen2(ctx.all, "box", H5P_DEFAULT);
  OpenElement(box, "edges", &ds, &td);
  PetscCheck(ds >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/box/edges: missing (non-periodic boxes are not supported)", path);
  sp = H5Dget_space(ds);
  {
    hssize_t np = H5Sget_simple_extent_npoints(sp) / (td ? ctx.nframes : 1);
    H5Sclose(sp);
    H5Dclose(ds);
    PetscCheck(np == 3 || np == 9, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/box/edges: expected 3 or 3x3 values per frame, found %d", path, (int)np);
    PetscCall(ReadElement(&ctx, box, "/particles/all/box", "edges", H5T_NATIVE_DOUBLE, 1, (PetscInt)np, edges, &found));
    PetscCall(PetscMemzero(&c->box, sizeof(c->box)));
    for (int a = 0; a < 3; a++)
      for (int b = 0; b < 3; b++) c->box.cell[a][b] = np == 9 ? edges[3 * a + b] : (a == b ? edges[a] : 0.0);
  }
  if (H5Lexists(box, "origin", H5P_DEFAULT) > 0) {
    ds = H5Dopen2(box, "origin", H5P_DEFAULT);
    PetscCheck(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, c->box.origin) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s:/particles/all/box/origin: cannot read", path);
    H5Dclose(ds);
  }
  H5Gclose(box);
  {
    const PetscReal(*h)[3] = c->box.cell;
    const PetscReal det     = h[0][0] * (h[1][1] * h[2][2] - h[1][2] * h[2][1]) - h[0][1] * (h[1][0] * h[2][2] - h[1][2] * h[2][0]) + h[0][2] * (h[1][0] * h[2][1] - h[1][1] * h[2][0]);
    PetscCheck(det > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s:/particles/all/box/edges: the box is singular or left-handed (volume %g)", path, (double)det);
    PetscCall(InmBoxSetUp(&c->box));
  }
  /* step and time of the frame */
  {
    hid_t g;
    OpenElement(ctx.all, "position", &ds, &td);
    H5Dclose(ds);
    if (td) {
      long long step = 0;
      double    t    = 0;
      g              = H5Gopen2(ctx.all, "position", H5P_DEFAULT);
      PetscCall(ReadAt(&ctx, g, "step", H5T_NATIVE_LLONG, &step));
      PetscCall(ReadAt(&ctx, g, "time", H5T_NATIVE_DOUBLE, &t));
      c->step = (PetscInt)step;
      c->time = t;
      H5Gclose(g);
    }
  }
  if (H5Aexists(ctx.all, "inmvisc_units") > 0) {
    hid_t a = H5Aopen(ctx.all, "inmvisc_units", H5P_DEFAULT), t = H5Aget_type(a), mt = H5Tcopy(H5T_C_S1);
    char  u[64] = "";
    if (H5Tget_size(t) < sizeof(u)) {
      H5Tset_size(mt, H5Tget_size(t) + 1);
      H5Aread(a, mt, u);
    }
    H5Tclose(mt);
    H5Tclose(t);
    H5Aclose(a);
    if (strcmp(u, "unknown")) PetscCall(PetscStrncpy(c->units, u, sizeof(c->units)));
  }
  H5Gclose(ctx.all);
  if (H5Lexists(f, "parameters", H5P_DEFAULT) > 0 && H5Lexists(f, "parameters/inmvisc", H5P_DEFAULT) > 0) {
    hid_t g = H5Gopen2(f, "parameters/inmvisc", H5P_DEFAULT);
    if (g >= 0) {
      if (H5Aexists(g, "model") > 0) (void)InmH5ReadAttrString(g, "model", c->model, sizeof(c->model));
      H5Gclose(g);
    }
  }
  H5Fclose(f);
  PetscCall(PetscFree2(ibuf, mbuf));
  PetscCall(InmConfigSortById(c));
  *out = c;
  PetscFunctionReturn(0);
}
