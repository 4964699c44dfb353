/* A configuration of N atoms (SPEC §3): allocation, sorting by id, broadcast, masses,
 * kinetic temperature T = sum_i m_i v_i^2 mvv2e / ((3N - 3) k_B) (LAMMPS compute temp). */
#include <inmvisc/config.h>

PetscErrorCode InmConfigCreate(PetscInt n, PetscBool with_v, PetscBool with_f, PetscBool with_image, InmConfig **cfg)
{
  InmConfig *c;

  PetscFunctionBegin;
  PetscCheck(n > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "a configuration needs at least one atom (got %" PetscInt_FMT ")", n);
  PetscCall(PetscNew(&c));
  c->n       = n;
  c->nowned  = n;
  c->nglobal = n;
  c->comm    = PETSC_COMM_SELF;
  PetscCall(PetscCalloc4(n, &c->id, n, &c->type, n, &c->mass, 3 * n, &c->x));
  if (with_v) PetscCall(PetscCalloc1(3 * n, &c->v));
  if (with_f) PetscCall(PetscCalloc1(3 * n, &c->f));
  if (with_image) PetscCall(PetscCalloc1(3 * n, &c->image));
  *cfg = c;
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigDestroy(InmConfig **cfg)
{
  PetscFunctionBegin;
  if (!*cfg) PetscFunctionReturn(0);
  PetscCall(PetscFree4((*cfg)->id, (*cfg)->type, (*cfg)->mass, (*cfg)->x));
  PetscCall(PetscFree((*cfg)->v));
  PetscCall(PetscFree((*cfg)->f));
  PetscCall(PetscFree((*cfg)->image));
  PetscCall(PetscFree((*cfg)->gidx));
  PetscCall(PetscFree(*cfg));
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigCopyHeader(const InmConfig *in, InmConfig *out)
{
  PetscFunctionBegin;
  out->ntypes = in->ntypes;
  out->box    = in->box;
  out->step   = in->step;
  out->time   = in->time;
  PetscCall(PetscArraycpy(out->type_mass, in->type_mass, INM_MAX_TYPES + 1));
  PetscCall(PetscStrncpy(out->units, in->units, sizeof(out->units)));
  PetscCall(PetscStrncpy(out->model, in->model, sizeof(out->model)));
  PetscCall(PetscStrncpy(out->source, in->source, sizeof(out->source)));
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigBcastHeader(MPI_Comm comm, PetscMPIInt root, InmConfig *c)
{
  PetscInt hdr[2] = {c->ntypes, c->step};

  PetscFunctionBegin;
  PetscCallMPI(MPI_Bcast(hdr, 2, MPIU_INT, root, comm));
  c->ntypes = hdr[0];
  c->step   = hdr[1];
  PetscCallMPI(MPI_Bcast(&c->box, sizeof(InmBox), MPI_BYTE, root, comm));
  PetscCallMPI(MPI_Bcast(&c->time, 1, MPIU_REAL, root, comm));
  PetscCallMPI(MPI_Bcast(c->type_mass, INM_MAX_TYPES + 1, MPIU_REAL, root, comm));
  PetscCallMPI(MPI_Bcast(c->units, sizeof(c->units), MPI_CHAR, root, comm));
  PetscCallMPI(MPI_Bcast(c->model, sizeof(c->model), MPI_CHAR, root, comm));
  PetscCallMPI(MPI_Bcast(c->source, sizeof(c->source), MPI_CHAR, root, comm));
  PetscFunctionReturn(0);
}

/* Copies everything but the arrays' pointers from `in` into a freshly allocated `out`. */
PetscErrorCode InmConfigDuplicate(const InmConfig *in, InmConfig **out)
{
  InmConfig *c;
  PetscInt   n = in->n;

  PetscFunctionBegin;
  PetscCheck(!in->gidx, PETSC_COMM_SELF, PETSC_ERR_SUP, "%s: a distributed configuration is not duplicated", in->source);
  PetscCall(InmConfigCreate(n, in->v ? PETSC_TRUE : PETSC_FALSE, in->f ? PETSC_TRUE : PETSC_FALSE, in->image ? PETSC_TRUE : PETSC_FALSE, &c));
  PetscCall(InmConfigCopyHeader(in, c));
  PetscCall(PetscArraycpy(c->id, in->id, n));
  PetscCall(PetscArraycpy(c->type, in->type, n));
  PetscCall(PetscArraycpy(c->mass, in->mass, n));
  PetscCall(PetscArraycpy(c->x, in->x, 3 * n));
  if (in->v) PetscCall(PetscArraycpy(c->v, in->v, 3 * n));
  if (in->f) PetscCall(PetscArraycpy(c->f, in->f, 3 * n));
  if (in->image) PetscCall(PetscArraycpy(c->image, in->image, 3 * n));
  *out = c;
  PetscFunctionReturn(0);
}

/* Apply the permutation perm (new position k holds old atom perm[k]) to a per-atom array of width w. */
#define INM_PERMUTE(T, arr, w) \
  do { \
    if (arr) { \
      T *tmp_; \
      PetscCall(PetscMalloc1((w) * n, &tmp_)); \
      for (PetscInt k = 0; k < n; k++) \
        for (PetscInt a = 0; a < (w); a++) tmp_[(w) * k + a] = (arr)[(w) * perm[k] + a]; \
      PetscCall(PetscArraycpy(arr, tmp_, (w) * n)); \
      PetscCall(PetscFree(tmp_)); \
    } \
  } while (0)

PetscErrorCode InmConfigSortById(InmConfig *cfg)
{
  PetscInt  n = cfg->n, *perm, *ids;
  PetscBool sorted = PETSC_TRUE;

  PetscFunctionBegin;
  for (PetscInt i = 1; i < n && sorted; i++)
    if (cfg->id[i] <= cfg->id[i - 1]) sorted = PETSC_FALSE;
  if (sorted) PetscFunctionReturn(0);
  PetscCall(PetscMalloc2(n, &perm, n, &ids));
  for (PetscInt i = 0; i < n; i++) {
    perm[i] = i;
    ids[i]  = cfg->id[i];
  }
  PetscCall(PetscSortIntWithPermutation(n, ids, perm));
  for (PetscInt k = 1; k < n; k++)
    PetscCheck(ids[perm[k]] != ids[perm[k - 1]], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: atom id %" PetscInt_FMT " appears twice", cfg->source[0] ? cfg->source : "configuration", ids[perm[k]]);
  INM_PERMUTE(PetscInt, cfg->id, 1);
  INM_PERMUTE(PetscInt, cfg->type, 1);
  INM_PERMUTE(PetscReal, cfg->mass, 1);
  INM_PERMUTE(PetscReal, cfg->x, 3);
  INM_PERMUTE(PetscReal, cfg->v, 3);
  INM_PERMUTE(PetscReal, cfg->f, 3);
  INM_PERMUTE(PetscInt, cfg->image, 3);
  PetscCall(PetscFree2(perm, ids));
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigBcast(MPI_Comm comm, PetscMPIInt root, InmConfig **cfg)
{
  PetscMPIInt rank;
  PetscInt    hdr[4] = {0, 0, 0, 0};
  InmConfig  *c;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == root) {
    c      = *cfg;
    hdr[0] = c->n;
    hdr[1] = c->v != NULL;
    hdr[2] = c->f != NULL;
    hdr[3] = c->image != NULL;
  }
  PetscCallMPI(MPI_Bcast(hdr, 4, MPIU_INT, root, comm));
  if (rank != root) PetscCall(InmConfigCreate(hdr[0], (PetscBool)hdr[1], (PetscBool)hdr[2], (PetscBool)hdr[3], &c));
  PetscCall(InmConfigBcastHeader(comm, root, c));
  PetscCallMPI(MPI_Bcast(c->id, c->n, MPIU_INT, root, comm));
  PetscCallMPI(MPI_Bcast(c->type, c->n, MPIU_INT, root, comm));
  PetscCallMPI(MPI_Bcast(c->mass, c->n, MPIU_REAL, root, comm));
  PetscCallMPI(MPI_Bcast(c->x, 3 * c->n, MPIU_REAL, root, comm));
  if (c->v) PetscCallMPI(MPI_Bcast(c->v, 3 * c->n, MPIU_REAL, root, comm));
  if (c->f) PetscCallMPI(MPI_Bcast(c->f, 3 * c->n, MPIU_REAL, root, comm));
  if (c->image) PetscCallMPI(MPI_Bcast(c->image, 3 * c->n, MPIU_INT, root, comm));
  *cfg = c;
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigSetMassesFromTypes(InmConfig *cfg)
{
  const char *src = cfg->source[0] ? cfg->source : "configuration";

  PetscFunctionBegin;
  for (PetscInt i = 0; i < cfg->n; i++) {
    PetscInt t = cfg->type[i];
    PetscCheck(t >= 1 && t <= INM_MAX_TYPES, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: atom id %" PetscInt_FMT " has type %" PetscInt_FMT ", outside 1..%d", src, cfg->id[i], t, INM_MAX_TYPES);
    PetscCheck(cfg->type_mass[t] > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no mass known for atom type %" PetscInt_FMT, src, t);
    cfg->mass[i] = cfg->type_mass[t];
  }
  PetscFunctionReturn(0);
}

PetscBool InmConfigIsDistributed(const InmConfig *cfg)
{
  return cfg->gidx ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode InmConfigSumOwned(const InmConfig *cfg, PetscReal local, PetscReal *global)
{
  PetscFunctionBegin;
  *global = local;
  if (cfg->gidx) PetscCallMPI(MPI_Allreduce(&local, global, 1, MPIU_REAL, MPI_SUM, cfg->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigMeanMass(const InmConfig *cfg, PetscReal *m)
{
  PetscReal sum = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < cfg->nowned; i++) sum += cfg->mass[i] / cfg->nglobal;
  PetscCall(InmConfigSumOwned(cfg, sum, m));
  PetscFunctionReturn(0);
}

PetscErrorCode InmConfigTemperature(const InmConfig *cfg, PetscReal *T)
{
  const InmUnits *u;
  const PetscInt  N = cfg->nglobal;
  PetscReal       sum = 0;

  PetscFunctionBegin;
  PetscCheck(cfg->v, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "%s: no velocities, no temperature", cfg->source);
  PetscCall(InmUnitsGet(cfg->units, &u));
  for (PetscInt i = 0; i < cfg->nowned; i++) sum += cfg->mass[i] * (cfg->v[3 * i] * cfg->v[3 * i] + cfg->v[3 * i + 1] * cfg->v[3 * i + 1] + cfg->v[3 * i + 2] * cfg->v[3 * i + 2]);
  PetscCall(InmConfigSumOwned(cfg, sum, &sum));
  *T = N > 1 ? sum * u->mvv2e / ((3.0 * N - 3.0) * u->kB) : 0.0;
  PetscFunctionReturn(0);
}
