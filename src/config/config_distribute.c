/* A configuration distributed over ranks by space (issue 18: beyond ~10^5 atoms no rank holds
 * them all). A Hessian row of atom i reads the atoms within its reach h of i (h = the
 * potential's (hessian_shells + 1) x cutoff: the neighbours, and for EAM their neighbours'
 * densities), so a rank that owns a compact region needs the atoms of that region and of a
 * shell h thick around it, and no others.
 *
 *   cells:  edge k of the box cut into n_k = floor(m w_k / h) slabs (w_k the perpendicular
 *           width), as the neighbour list does for m = 1: two atoms closer than h are at most
 *           m cells apart along each edge. m = 1 unless that gives fewer than 8 cells a rank
 *           (a small box on many ranks, or EAM's wide halo): then the least m that gives
 *           them, so that every rank owns some cells and the shares stay even;
 *   order:  cells in Morton (Z-curve) order of their indices, so that a run of consecutive
 *           cells is a compact region for any number of ranks (a lexicographic order would
 *           give slabs one cell thick at a few hundred ranks, whose halo is many times their
 *           own atoms);
 *   owners: the cells dealt out in that order, a run of about N/P atoms to each rank;
 *   halo:   each rank sends the atoms of each of its cells to the owners of the (2m+1)^3 - 1
 *           cells around it, once per owner.
 * Within a rank the owned atoms are sorted by (cell, id), so the global order, and with it
 * D's rows, depends on the configuration and the number of ranks only, not on how the file
 * was sliced. The owners' histogram is replicated: ncells integers (8 bytes per cell, about
 * 1 byte per atom for KA, against 50 for a replicated configuration). */
#include <inmvisc/config.h>

#define REC_OWNED 9 /* id, type, mass, x[3], v[3] */
#define REC_HALO  10 /* the same and the global index */

/* Z-curve key of cell (c0, c1, c2): the bits interleaved, 21 per index. */
static unsigned long long MortonKey(const PetscInt c[3])
{
  unsigned long long key = 0;
  for (int b = 0; b < 21; b++)
    for (int k = 0; k < 3; k++) key |= (unsigned long long)((c[k] >> b) & 1) << (3 * b + k);
  return key;
}

typedef struct {
  PetscInt           nc[3], ncell, m; /* cells per edge; cells; halo in cells */
  PetscInt          *rank_of; /* [ncell] cell (row-major index) -> position in the Z-curve */
  PetscMPIInt       *owner;   /* [ncell] cell -> owning rank */
} CellMap;

static int CompareKey(const void *a, const void *b, void *ctx)
{
  const unsigned long long *key = (const unsigned long long *)ctx, x = key[*(const PetscInt *)a], y = key[*(const PetscInt *)b];
  return (x > y) - (x < y);
}

static PetscInt CellOf(const InmBox *box, const CellMap *cm, const PetscReal x[3])
{
  PetscReal s[3];
  PetscInt  ci[3];
  InmBoxToFractional(box, x, s);
  for (int k = 0; k < 3; k++) {
    s[k] -= PetscFloorReal(s[k]);
    if (s[k] >= 1.0) s[k] = 0.0;
    ci[k] = PetscMin((PetscInt)(s[k] * cm->nc[k]), cm->nc[k] - 1);
  }
  return (ci[2] * cm->nc[1] + ci[1]) * cm->nc[0] + ci[0];
}

/* Cells, their Z-curve order and their owners from the global histogram of the atoms. */
static PetscErrorCode CellMapCreate(MPI_Comm comm, const InmConfig *in, PetscReal halo, CellMap *cm)
{
  unsigned long long *key;
  PetscInt           *order, *count;
  PetscMPIInt         size;
  PetscInt64          cum = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  for (cm->m = 1;; cm->m++) {
    for (int k = 0; k < 3; k++) cm->nc[k] = PetscMax(1, (PetscInt)PetscFloorReal(cm->m * in->box.width[k] / halo));
    if ((PetscReal)cm->nc[0] * cm->nc[1] * cm->nc[2] >= 8.0 * size || cm->m == 8) break;
  }
  PetscCheck((PetscReal)cm->nc[0] * cm->nc[1] * cm->nc[2] < 1e9, comm, PETSC_ERR_SUP, "%s: %" PetscInt_FMT " x %" PetscInt_FMT " x %" PetscInt_FMT " cells of width %g are too many to map", in->source, cm->nc[0], cm->nc[1], cm->nc[2], (double)halo);
  cm->ncell = cm->nc[0] * cm->nc[1] * cm->nc[2];
  PetscCall(PetscMalloc3(cm->ncell, &key, cm->ncell, &order, cm->ncell, &count));
  PetscCall(PetscMalloc2(cm->ncell, &cm->rank_of, cm->ncell, &cm->owner));
  for (PetscInt c = 0; c < cm->ncell; c++) {
    const PetscInt ci[3] = {c % cm->nc[0], (c / cm->nc[0]) % cm->nc[1], c / (cm->nc[0] * cm->nc[1])};
    key[c]   = MortonKey(ci);
    order[c] = c;
    count[c] = 0;
  }
  PetscCall(PetscTimSort(cm->ncell, order, sizeof(PetscInt), CompareKey, key));
  for (PetscInt k = 0; k < cm->ncell; k++) cm->rank_of[order[k]] = k;
  for (PetscInt i = 0; i < in->n; i++) count[CellOf(&in->box, cm, in->x + 3 * i)]++;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, count, (PetscMPIInt)cm->ncell, MPIU_INT, MPI_SUM, comm));
  for (PetscInt k = 0; k < cm->ncell; k++) { /* a cell goes to the rank its first atom falls in */
    const PetscInt c = order[k];
    cm->owner[c]     = (PetscMPIInt)PetscMin(size - 1, (cum * size) / in->nglobal);
    cum += count[c];
  }
  PetscCall(PetscFree3(key, order, count));
  PetscFunctionReturn(0);
}

static PetscErrorCode CellMapDestroy(CellMap *cm)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(cm->rank_of, cm->owner));
  PetscFunctionReturn(0);
}

/* Records of width w to ranks: send[k] to dest[k] (sorted by rank), all-to-all. */
static PetscErrorCode Exchange(MPI_Comm comm, PetscInt w, PetscInt nsend, const PetscMPIInt dest[], const PetscReal *send, PetscInt *nrecv, PetscReal **recv)
{
  PetscMPIInt size, *sc, *sd, *rc, *rd;
  PetscInt64  total = 0, sent = (PetscInt64)w * nsend, big[2];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscCalloc4(size, &sc, size, &sd, size, &rc, size, &rd));
  for (PetscInt k = 0; k < nsend; k++) sc[dest[k]] += (PetscMPIInt)w;
  PetscCallMPI(MPI_Alltoall(sc, 1, MPI_INT, rc, 1, MPI_INT, comm));
  for (PetscMPIInt r = 0; r < size; r++) total += rc[r];
  big[0] = sent;
  big[1] = total;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, big, 2, MPIU_INT64, MPI_MAX, comm));
  PetscCheck(PetscMax(big[0], big[1]) < PETSC_MPI_INT_MAX, comm, PETSC_ERR_SUP, "configuration exchange: %lld values on one rank exceed MPI's int counts; use more ranks", (long long)PetscMax(big[0], big[1]));
  for (PetscMPIInt r = 1; r < size; r++) {
    sd[r] = sd[r - 1] + sc[r - 1];
    rd[r] = rd[r - 1] + rc[r - 1];
  }
  PetscCall(PetscMalloc1(PetscMax(1, total), recv));
  PetscCallMPI(MPI_Alltoallv(send, sc, sd, MPIU_REAL, *recv, rc, rd, MPIU_REAL, comm));
  *nrecv = (PetscInt)(total / w);
  PetscCall(PetscFree4(sc, sd, rc, rd));
  PetscFunctionReturn(0);
}

/* Sort the records (width w) by (destination rank, then as they come): stable counting sort. */
static PetscErrorCode ByDestination(MPI_Comm comm, PetscInt w, PetscInt n, PetscMPIInt dest[], PetscReal *rec)
{
  PetscMPIInt size;
  PetscInt   *start, *perm;
  PetscReal  *tmp;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscCalloc2(size + 1, &start, n, &perm));
  for (PetscInt k = 0; k < n; k++) start[dest[k] + 1]++;
  for (PetscMPIInt r = 0; r < size; r++) start[r + 1] += start[r];
  for (PetscInt k = 0; k < n; k++) perm[start[dest[k]]++] = k;
  PetscCall(PetscMalloc1(w * n + 1, &tmp));
  for (PetscInt k = 0; k < n; k++) PetscCall(PetscArraycpy(tmp + w * k, rec + w * perm[k], w));
  PetscCall(PetscArraycpy(rec, tmp, w * n));
  for (PetscInt k = 0; k < n; k++) tmp[k] = dest[perm[k]];
  for (PetscInt k = 0; k < n; k++) dest[k] = (PetscMPIInt)tmp[k];
  PetscCall(PetscFree(tmp));
  PetscCall(PetscFree2(start, perm));
  PetscFunctionReturn(0);
}

typedef struct {
  const PetscInt *cellpos;
  const PetscReal *rec;
} OwnedOrder;

static int CompareOwned(const void *a, const void *b, void *ctx)
{
  const OwnedOrder *o = (const OwnedOrder *)ctx;
  const PetscInt    i = *(const PetscInt *)a, j = *(const PetscInt *)b;
  if (o->cellpos[i] != o->cellpos[j]) return (o->cellpos[i] > o->cellpos[j]) - (o->cellpos[i] < o->cellpos[j]);
  return (o->rec[REC_OWNED * i] > o->rec[REC_OWNED * j]) - (o->rec[REC_OWNED * i] < o->rec[REC_OWNED * j]); /* by id */
}

static void Unpack(InmConfig *c, PetscInt k, const PetscReal *r)
{
  c->id[k]   = (PetscInt)r[0];
  c->type[k] = (PetscInt)r[1];
  c->mass[k] = r[2];
  for (int a = 0; a < 3; a++) c->x[3 * k + a] = r[3 + a];
  if (c->v)
    for (int a = 0; a < 3; a++) c->v[3 * k + a] = r[6 + a];
}

static void Pack(const InmConfig *c, PetscInt k, PetscReal *r)
{
  r[0] = (PetscReal)c->id[k];
  r[1] = (PetscReal)c->type[k];
  r[2] = c->mass[k];
  for (int a = 0; a < 3; a++) r[3 + a] = c->x[3 * k + a];
  for (int a = 0; a < 3; a++) r[6 + a] = c->v ? c->v[3 * k + a] : 0.0;
}

PetscErrorCode InmConfigDistribute(MPI_Comm comm, PetscReal halo, InmConfig **cfg)
{
  InmConfig   *in = *cfg, *c;
  CellMap      cm  = {{0, 0, 0}, 0, 0, NULL, NULL};
  PetscMPIInt  rank, size, *dest, *to;
  PetscReal   *send, *owned, *hrec;
  PetscInt     nown, nhalo, nsend = 0, *perm, *cellpos, flags[2], cap;
  PetscInt64   mine, total;

  PetscFunctionBegin;
  PetscCheck(!in->gidx, comm, PETSC_ERR_ARG_WRONGSTATE, "%s: already distributed", in->source);
  PetscCheck(halo > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "distributing a configuration needs a positive halo width (got %g)", (double)halo);
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  mine = in->n;
  PetscCallMPI(MPI_Allreduce(&mine, &total, 1, MPIU_INT64, MPI_SUM, comm));
  PetscCheck(total == in->nglobal, comm, PETSC_ERR_ARG_INCOMP, "%s: the ranks' slices hold %lld atoms together, the configuration %" PetscInt_FMT " (each atom must be on one rank)", in->source, (long long)total, in->nglobal);
  flags[0]    = in->v ? 1 : 0;
  flags[1]    = in->ntypes;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, flags, 2, MPIU_INT, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, in->type_mass, INM_MAX_TYPES + 1, MPIU_REAL, MPI_MAX, comm));
  PetscCall(CellMapCreate(comm, in, halo, &cm));

  /* 1. every atom to the owner of its cell */
  PetscCall(PetscMalloc2(REC_OWNED * in->n, &send, in->n, &dest));
  for (PetscInt i = 0; i < in->n; i++) {
    dest[i] = cm.owner[CellOf(&in->box, &cm, in->x + 3 * i)];
    Pack(in, i, send + REC_OWNED * i);
  }
  PetscCall(ByDestination(comm, REC_OWNED, in->n, dest, send));
  PetscCall(Exchange(comm, REC_OWNED, in->n, dest, send, &nown, &owned));
  PetscCall(PetscFree2(send, dest));
  {
    PetscInt least = nown;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &least, 1, MPIU_INT, MPI_MIN, comm));
    PetscCheck(least > 0, comm, PETSC_ERR_SUP, "%s: a rank would own no atom: %" PetscInt_FMT " atoms in %" PetscInt_FMT " cells of width >= %g are too few for this many ranks", in->source, in->nglobal, cm.ncell, (double)halo);
  }

  /* 2. in (cell, id) order: the global order, rank by rank */
  PetscCall(PetscMalloc2(nown, &perm, nown, &cellpos));
  for (PetscInt k = 0; k < nown; k++) {
    perm[k]    = k;
    cellpos[k] = cm.rank_of[CellOf(&in->box, &cm, owned + REC_OWNED * k + 3)];
  }
  {
    OwnedOrder o = {cellpos, owned};
    PetscCall(PetscTimSort(nown, perm, sizeof(PetscInt), CompareOwned, &o));
  }

  /* 3. the halo: the atoms of each of my cells to the other owners of the cells within m */
  cap  = 0;
  send = NULL;
  dest = NULL;
  PetscCall(PetscMalloc1(PetscMin((PetscInt)(2 * cm.m + 1) * (2 * cm.m + 1) * (2 * cm.m + 1), (PetscInt)size), &to)); /* the distinct other owners around one cell */
  for (PetscInt k0 = 0, k1; k0 < nown; k0 = k1) {
    const PetscInt c = CellOf(&in->box, &cm, owned + REC_OWNED * perm[k0] + 3), ci[3] = {c % cm.nc[0], (c / cm.nc[0]) % cm.nc[1], c / (cm.nc[0] * cm.nc[1])};
    const PetscInt w = 2 * cm.m + 1;
    PetscInt       nto = 0;
    for (k1 = k0 + 1; k1 < nown && cellpos[perm[k1]] == cellpos[perm[k0]]; k1++) {}
    for (PetscInt o = 0; o < w * w * w; o++) {
      PetscInt cn[3], cc;
      PetscBool seen = PETSC_FALSE;
      const PetscInt off[3] = {o % w - cm.m, (o / w) % w - cm.m, o / (w * w) - cm.m};
      for (int k = 0; k < 3; k++) cn[k] = ((ci[k] + off[k]) % cm.nc[k] + cm.nc[k]) % cm.nc[k];
      cc = (cn[2] * cm.nc[1] + cn[1]) * cm.nc[0] + cn[0];
      if (cm.owner[cc] == rank) continue;
      for (PetscInt t = 0; t < nto; t++) seen = (PetscBool)(seen || to[t] == cm.owner[cc]);
      if (!seen) to[nto++] = cm.owner[cc];
    }
    if (nsend + nto * (k1 - k0) > cap) {
      PetscReal   *s2;
      PetscMPIInt *d2;
      const PetscInt ncap = PetscMax(2 * cap, nsend + nto * (k1 - k0));
      PetscCall(PetscMalloc2(REC_HALO * ncap, &s2, ncap, &d2));
      PetscCall(PetscArraycpy(s2, send, REC_HALO * nsend));
      PetscCall(PetscArraycpy(d2, dest, nsend));
      PetscCall(PetscFree2(send, dest));
      send = s2;
      dest = d2;
      cap  = ncap;
    }
    for (PetscInt t = 0; t < nto; t++)
      for (PetscInt k = k0; k < k1; k++) {
        PetscReal *r = send + REC_HALO * nsend;
        PetscCall(PetscArraycpy(r, owned + REC_OWNED * perm[k], REC_OWNED));
        r[REC_OWNED] = (PetscReal)k; /* the local index; made global below */
        dest[nsend++] = to[t];
      }
  }
  {
    PetscInt64 n64 = nown, start = 0;
    PetscCallMPI(MPI_Exscan(&n64, &start, 1, MPIU_INT64, MPI_SUM, comm));
    if (rank == 0) start = 0;
    for (PetscInt k = 0; k < nsend; k++) send[REC_HALO * k + REC_OWNED] += (PetscReal)start;
    PetscCall(ByDestination(comm, REC_HALO, nsend, dest, send));
    PetscCall(Exchange(comm, REC_HALO, nsend, dest, send, &nhalo, &hrec));
    PetscCall(PetscFree2(send, dest));
    PetscCall(PetscFree(to));

    /* 4. the local configuration: owned atoms in global order, then the halo */
    PetscCall(InmConfigCreate(nown + nhalo, (PetscBool)flags[0], PETSC_FALSE, PETSC_FALSE, &c));
    PetscCall(InmConfigCopyHeader(in, c));
    c->ntypes  = flags[1];
    c->nglobal = in->nglobal;
    c->nowned  = nown;
    c->rstart  = (PetscInt)start;
    c->comm    = comm;
    PetscCall(PetscMalloc1(c->n, &c->gidx));
    for (PetscInt k = 0; k < nown; k++) {
      Unpack(c, k, owned + REC_OWNED * perm[k]);
      c->gidx[k] = (PetscInt)start + k;
    }
    for (PetscInt k = 0; k < nhalo; k++) {
      Unpack(c, nown + k, hrec + REC_HALO * k);
      c->gidx[nown + k] = (PetscInt)hrec[REC_HALO * k + REC_OWNED];
    }
  }
  PetscCall(PetscFree(hrec));
  PetscCall(PetscFree(owned));
  PetscCall(PetscFree2(perm, cellpos));
  PetscCall(CellMapDestroy(&cm));
  PetscCall(InmConfigDestroy(cfg));
  *cfg = c;
  PetscFunctionReturn(0);
}
