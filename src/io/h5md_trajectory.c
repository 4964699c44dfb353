/* H5MD 1.1 trajectory writer: frames and observable time series appended as a run goes.
 *   /particles/all/{position, velocity, force}   time-dependent [frames][N][3] (double)
 *   /particles/all/image                          time-dependent [frames][N][3] (int)
 *   /particles/all/box/edges                      time-dependent [frames][3][3]; origin [3]
 *   /particles/all/{species, id, mass}            fixed [N] (the atoms do not change)
 *   /particles/series/{velocity, force}           time-dependent [steps][k][3]: every step of a
 *                                                 window, the first k atoms (id, species, mass
 *                                                 fixed [k]), for the memory kernel
 *   /observables/NAME                             time-dependent [rows][width] (double)
 *   /parameters/inmvisc                           what the writer's caller records
 * Each time-dependent element is a group with step [rows] (int64), time [rows] (double) and
 * value, all chunked and extendable. The file is written as PATH.partial on one process and
 * renamed to PATH only by InmTrajectoryClose(commit): a trajectory at its final name is
 * always complete. Readers: InmReadH5MD (frames), any H5MD tool. */
#include <inmvisc/io.h>
#include "h5md_util.h"

#define INM_MAX_SERIES 24

typedef struct {
  char  name[64];
  hid_t group, step, time, value;
  int   width;
} Series;

struct _p_InmTrajectory {
  char     path[PETSC_MAX_PATH_LEN], partial[PETSC_MAX_PATH_LEN];
  hid_t    file, all, obs, params, tagged;
  PetscInt ntagged;
  Series   tseries[2]; /* /particles/series velocity, force */
  PetscInt n, nframes, nseries;
  Series   series[INM_MAX_SERIES]; /* position, velocity, force, image, edges, then observables */
  char     units[16];
  int     *ibuf;
};

static herr_t SeriesCreate(hid_t parent, const char *name, hid_t type, int rank, const hsize_t *dims, hsize_t chunk, const char *unit, Series *s)
{
  herr_t st = 0;
  PetscStrncpy(s->name, name, sizeof(s->name));
  s->group = H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (s->group < 0) return -1;
  s->step  = InmH5CreateExtendable(s->group, "step", H5T_NATIVE_LLONG, 0, NULL, chunk);
  s->time  = InmH5CreateExtendable(s->group, "time", H5T_NATIVE_DOUBLE, 0, NULL, chunk);
  s->value = InmH5CreateExtendable(s->group, "value", type, rank, dims, chunk);
  s->width = rank ? (int)dims[0] : 1;
  st |= s->step < 0 || s->time < 0 || s->value < 0;
  if (unit && !st) st |= InmH5AttrString(s->value, "unit", unit) < 0;
  return st ? -1 : 0;
}

static herr_t SeriesAppend(Series *s, hid_t type, hsize_t rows, const long long *step, const double *time, const void *value)
{
  herr_t st = 0;
  st |= InmH5AppendRows(s->step, H5T_NATIVE_LLONG, rows, step) < 0;
  st |= InmH5AppendRows(s->time, H5T_NATIVE_DOUBLE, rows, time) < 0;
  st |= InmH5AppendRows(s->value, type, rows, value) < 0;
  return st ? -1 : 0;
}

static void SeriesClose(Series *s)
{
  H5Dclose(s->step);
  H5Dclose(s->time);
  H5Dclose(s->value);
  H5Gclose(s->group);
}

PetscErrorCode InmTrajectoryCreate(const char path[], const InmConfig *c, InmTrajectory *out)
{
  InmTrajectory t;
  hid_t         grp, box;
  herr_t        st = 0;
  hsize_t       d3[2] = {(hsize_t)c->n, 3}, d1 = (hsize_t)c->n, d33[2] = {3, 3}, n3 = 3;
  const InmUnits *u;

  PetscFunctionBegin;
  PetscCall(PetscNew(&t));
  PetscCall(PetscStrncpy(t->path, path, sizeof(t->path)));
  PetscCall(InmPartialPath(path, t->partial, sizeof(t->partial)));
  PetscCall(PetscStrncpy(t->units, c->units, sizeof(t->units)));
  PetscCall(PetscMalloc1(3 * c->n, &t->ibuf));
  t->n = c->n;
  PetscCall(InmUnitsGet(c->units, &u));
  t->file = InmH5CreateOutput(t->partial, INM_OUTPUT_TRAJECTORY, H5P_DEFAULT);
  PetscCheck(t->file >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create the HDF5 file", t->partial);
  st |= InmH5MDWriteHeader(t->file) < 0;
  grp    = H5Gcreate2(t->file, "particles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  t->all = H5Gcreate2(grp, "all", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose(grp);
  st |= t->all < 0 || InmH5AttrString(t->all, "inmvisc_units", c->units[0] ? c->units : "unknown") < 0;
  box = InmH5MDCreateBox(t->all);
  st |= box < 0;
  st |= SeriesCreate(t->all, "position", H5T_NATIVE_DOUBLE, 2, d3, 1, u->length, &t->series[0]) < 0;
  st |= SeriesCreate(t->all, "velocity", H5T_NATIVE_DOUBLE, 2, d3, 1, u->velocity, &t->series[1]) < 0;
  st |= SeriesCreate(t->all, "force", H5T_NATIVE_DOUBLE, 2, d3, 1, u->force, &t->series[2]) < 0;
  st |= SeriesCreate(t->all, "image", H5T_NATIVE_INT, 2, d3, 1, NULL, &t->series[3]) < 0;
  st |= SeriesCreate(box, "edges", H5T_NATIVE_DOUBLE, 2, d33, 16, u->length, &t->series[4]) < 0;
  t->nseries = 5;
  st |= InmH5Write(box, "origin", H5T_NATIVE_DOUBLE, 1, &n3, c->box.origin) < 0;
  if (box >= 0) H5Gclose(box);
  for (PetscInt i = 0; i < c->n; i++) t->ibuf[i] = (int)c->type[i];
  st |= InmH5Write(t->all, "species", H5T_NATIVE_INT, 1, &d1, t->ibuf) < 0;
  for (PetscInt i = 0; i < c->n; i++) t->ibuf[i] = (int)c->id[i];
  st |= InmH5Write(t->all, "id", H5T_NATIVE_INT, 1, &d1, t->ibuf) < 0;
  st |= InmH5Write(t->all, "mass", H5T_NATIVE_DOUBLE, 1, &d1, c->mass) < 0;
  t->obs = H5Gcreate2(t->file, "observables", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  grp    = H5Gcreate2(t->file, "parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  t->params = H5Gcreate2(grp, "inmvisc", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (grp >= 0) H5Gclose(grp);
  st |= t->obs < 0 || t->params < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing the H5MD trajectory failed (disk full or file system error)", t->partial);
  *out = t;
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryWriteFrame(InmTrajectory t, const InmConfig *c)
{
  const long long step = (long long)c->step;
  const double    time = (double)c->time;
  herr_t          st   = 0;

  PetscFunctionBegin;
  PetscCheck(c->n == t->n && c->v && c->f && c->image, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "%s: a frame needs the %" PetscInt_FMT " atoms' positions, velocities, forces and image flags", t->partial, t->n);
  PetscCall(PetscLogEventBegin(INM_EVENTS.write, 0, 0, 0, 0));
  st |= SeriesAppend(&t->series[0], H5T_NATIVE_DOUBLE, 1, &step, &time, c->x) < 0;
  st |= SeriesAppend(&t->series[1], H5T_NATIVE_DOUBLE, 1, &step, &time, c->v) < 0;
  st |= SeriesAppend(&t->series[2], H5T_NATIVE_DOUBLE, 1, &step, &time, c->f) < 0;
  for (PetscInt k = 0; k < 3 * c->n; k++) t->ibuf[k] = (int)c->image[k];
  st |= SeriesAppend(&t->series[3], H5T_NATIVE_INT, 1, &step, &time, t->ibuf) < 0;
  st |= SeriesAppend(&t->series[4], H5T_NATIVE_DOUBLE, 1, &step, &time, c->box.cell) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing frame %" PetscInt_FMT " failed (disk full or file system error)", t->partial, t->nframes);
  t->nframes++;
  PetscCall(PetscLogEventEnd(INM_EVENTS.write, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryAppendSeries(InmTrajectory t, const InmConfig *c, PetscInt k)
{
  const long long step = (long long)c->step;
  const double    time = (double)c->time;
  herr_t          st   = 0;

  PetscFunctionBegin;
  PetscCheck(k > 0 && k <= c->n && c->v && c->f, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "%s: a series row needs velocities and forces of 1..%" PetscInt_FMT " atoms (asked %" PetscInt_FMT ")", t->partial, c->n, k);
  if (!t->ntagged) {
    hsize_t     d3[2] = {(hsize_t)k, 3}, d1 = (hsize_t)k;
    const InmUnits *u;
    hid_t           grp;
    PetscCall(InmUnitsGet(t->units, &u));
    grp = H5Gopen2(t->file, "particles", H5P_DEFAULT);
    t->tagged = H5Gcreate2(grp, "series", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(grp);
    st |= t->tagged < 0;
    st |= SeriesCreate(t->tagged, "velocity", H5T_NATIVE_DOUBLE, 2, d3, 64, u->velocity, &t->tseries[0]) < 0;
    st |= SeriesCreate(t->tagged, "force", H5T_NATIVE_DOUBLE, 2, d3, 64, u->force, &t->tseries[1]) < 0;
    for (PetscInt i = 0; i < k; i++) t->ibuf[i] = (int)c->id[i];
    st |= InmH5Write(t->tagged, "id", H5T_NATIVE_INT, 1, &d1, t->ibuf) < 0;
    for (PetscInt i = 0; i < k; i++) t->ibuf[i] = (int)c->type[i];
    st |= InmH5Write(t->tagged, "species", H5T_NATIVE_INT, 1, &d1, t->ibuf) < 0;
    st |= InmH5Write(t->tagged, "mass", H5T_NATIVE_DOUBLE, 1, &d1, c->mass) < 0;
    t->ntagged = k;
  }
  PetscCheck(k == t->ntagged, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "%s: series of %" PetscInt_FMT " atoms, asked %" PetscInt_FMT, t->partial, t->ntagged, k);
  st |= SeriesAppend(&t->tseries[0], H5T_NATIVE_DOUBLE, 1, &step, &time, c->v) < 0;
  st |= SeriesAppend(&t->tseries[1], H5T_NATIVE_DOUBLE, 1, &step, &time, c->f) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s:/particles/series: writing failed (disk full or file system error)", t->partial);
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryAppendObservable(InmTrajectory t, const char name[], PetscInt width, PetscInt rows, const PetscInt64 step[], const PetscReal time[], const PetscReal value[], const char unit[])
{
  Series   *s = NULL;
  long long steps[1024];
  herr_t    st = 0;

  PetscFunctionBegin;
  for (PetscInt k = 5; k < t->nseries; k++)
    if (!strcmp(t->series[k].name, name)) s = &t->series[k];
  if (!s) {
    hsize_t w = (hsize_t)width;
    PetscCheck(t->nseries < INM_MAX_SERIES, PETSC_COMM_SELF, PETSC_ERR_SUP, "%s: more than %d observables", t->partial, INM_MAX_SERIES - 5);
    s = &t->series[t->nseries++];
    PetscCheck(SeriesCreate(t->obs, name, H5T_NATIVE_DOUBLE, width > 1 ? 1 : 0, &w, 1024, unit, s) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s:/observables/%s: cannot create", t->partial, name);
  }
  PetscCheck(s->width == width, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "%s:/observables/%s: %" PetscInt_FMT " values per row, the series has %d", t->partial, name, width, s->width);
  for (PetscInt r0 = 0; r0 < rows; r0 += 1024) { /* step is int64 in the file, PetscInt64 in memory */
    const PetscInt nr = PetscMin(1024, rows - r0);
    for (PetscInt r = 0; r < nr; r++) steps[r] = (long long)step[r0 + r];
    st |= SeriesAppend(s, H5T_NATIVE_DOUBLE, (hsize_t)nr, steps, time + r0, value + r0 * width) < 0;
  }
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s:/observables/%s: writing failed (disk full or file system error)", t->partial, name);
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryParameters(InmTrajectory t, hid_t *params)
{
  PetscFunctionBegin;
  *params = t->params;
  PetscFunctionReturn(0);
}

PetscErrorCode InmTrajectoryClose(InmTrajectory *tp, PetscBool commit)
{
  InmTrajectory t = *tp;
  herr_t        st = 0;

  PetscFunctionBegin;
  if (!t) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < t->nseries; k++) SeriesClose(&t->series[k]);
  if (t->ntagged) {
    SeriesClose(&t->tseries[0]);
    SeriesClose(&t->tseries[1]);
    H5Gclose(t->tagged);
  }
  H5Gclose(t->params);
  H5Gclose(t->obs);
  H5Gclose(t->all);
  st = H5Fclose(t->file);
  if (commit) {
    PetscCheck(st >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: closing the trajectory failed (disk full or file system error)", t->partial);
    PetscCall(InmCommitFile(PETSC_COMM_SELF, t->path));
  } else PetscCall(InmDiscardFile(PETSC_COMM_SELF, t->path));
  PetscCall(PetscFree(t->ibuf));
  PetscCall(PetscFree(*tp));
  PetscFunctionReturn(0);
}
