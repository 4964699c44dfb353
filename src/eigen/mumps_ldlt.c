/* LDL^T of D - sigma I by MUMPS, called directly, with a nested-dissection ordering of the
 * atom graph by METIS.
 *
 *   D - sigma I = P L D_p L^T P^T   (MUMPS, SYM = 2: 1x1 and 2x2 pivots)
 *   nu(sigma) = #{eigenvalues of D below sigma} = negative eigenvalues of D_p (Sylvester),
 *               INFOG(12), with the root front kept out of ScaLAPACK (ICNTL 13 = 1), whose
 *               factor has no inertia, and null pivots detected (ICNTL 24 = 1).
 *
 * Why not through PETSc: PETSc 3.18 hands a user ordering (ICNTL 7 = 1) to MUMPS only for LU,
 * and Debian's MUMPS 5.5 has neither METIS nor SCOTCH built in (PORD, AMD, AMF, QAMD). The
 * dynamical matrix is 3x3 blocks on the graph of atoms within the cutoff, so the ordering is
 * computed on that graph (9x fewer edges) and each atom's three rows kept together. Measured
 * by benchmarks/bench_mumps_rhs (KA liquid, one rank): N = 4000, METIS 26.7 M factor entries
 * and 7.6e10 flops against PORD's 29.5 M and 9.7e10; N = 32000, 5.8e8 and 6.0e12 against
 * 7.0e8 and 9.3e12.
 *
 * The pattern of D - sigma I does not depend on sigma, so one analysis serves every shift of
 * a group. The matrix is centralised on the group's first rank (ICNTL 18 = 0); the
 * right-hand sides stay distributed in the rows each rank owns (ICNTL 20 = 10: no gather
 * through the host) and the solution comes back centralised (ICNTL 21 = 0: MUMPS's own
 * distributed solution follows its pivot order, which would need an all-to-all to our rows)
 * and is scattered. The factorisation and the solves are shared by all ranks of the group. Options, with the prefix: -ordering, -mat_mumps_icntl_<k>,
 * -mat_mumps_cntl_<k>, -metis_nseps|niter|ufactor|seed. */
#include "eigen_impl.h"
#include <dmumps_c.h>
#include <metis.h>

_Static_assert(sizeof(idx_t) == sizeof(PetscMPIInt), "METIS built with 32-bit idx_t expected (Debian libmetis-dev)");

#define ICNTL(I)  icntl[(I) - 1]
#define CNTL(I)   cntl[(I) - 1]
#define INFOG(I)  infog[(I) - 1]
#define RINFOG(I) rinfog[(I) - 1]

struct _n_InmLDLT {
  MPI_Comm       comm;
  PetscMPIInt    rank, size;
  DMUMPS_STRUC_C id;
  PetscInt       n, nloc;
  PetscMPIInt   *counts, *displs; /* rows of each rank (on the host) */
  MUMPS_INT     *irn, *jcn, *perm; /* host: upper-triangle pattern, 1-based; the ordering */
  PetscReal     *a;               /* host: entries of D - sigma I (given to MUMPS) */
  PetscInt64    *diag, nz;        /* host: where row i's diagonal entry is in a; entries */
  PetscReal     *dvalue;          /* host: the diagonal of D */
  PetscReal     *rhs;             /* host: n x rhs_cap, the centralised solution */
  MUMPS_INT     *irhs_loc;        /* every rank: the global (1-based) index of each local row */
  PetscInt       rhs_cap;
  PetscBool      metis;           /* METIS's ordering given to MUMPS (ICNTL 7 = 1) */
  InmLDLTOptions opt;
  InmLDLTInfo    info;
};

/* Calls MUMPS and turns a negative INFOG(1) into an error naming the stage and the cause. */
static PetscErrorCode MumpsCall(InmLDLT f, int job, const char *stage)
{
  const char *hint = "";

  PetscFunctionBegin;
  f->id.job = job;
  dmumps_c(&f->id);
  switch (f->id.INFOG(1)) {
  case -13: hint = ": out of memory; use more ranks per factorisation (-inm_slice_groups fewer) or fewer ranks per node"; break;
  case -8:
  case -9:
  case -14:
  case -15:
  case -17:
  case -20: hint = ": MUMPS workspace too small; raise -inm_slice_mat_mumps_icntl_14 (percent of extra workspace)"; break;
  case -10: hint = ": the matrix is singular"; break;
  default: break;
  }
  PetscCheck(f->id.INFOG(1) >= 0, f->comm, PETSC_ERR_LIB, "MUMPS %s failed: INFOG(1) = %d, INFOG(2) = %d%s (MUMPS users' guide, \"Error diagnostics\")", stage, (int)f->id.INFOG(1), (int)f->id.INFOG(2), hint);
  PetscFunctionReturn(0);
}

/* The upper triangle of S (global 0-based rows and columns), gathered on the host, with
 * every diagonal entry present (an explicit zero where S has none), so that a shift only
 * changes the diagonal: where each one is and its value are kept (diag, dvalue). */
static PetscErrorCode GatherUpperTriangle(InmLDLT f, Mat S)
{
  PetscInt    rstart, rend, cnt = 0;
  PetscInt   *ri, *ci;
  PetscReal  *v;
  PetscMPIInt mycnt, *nzc = NULL, *nzd = NULL;

  PetscFunctionBegin;
  PetscCall(MatGetOwnershipRange(S, &rstart, &rend));
  for (PetscInt r = rstart; r < rend; r++) {
    PetscInt        nc;
    const PetscInt *c;
    PetscCall(MatGetRow(S, r, &nc, &c, NULL));
    for (PetscInt k = 0; k < nc; k++) cnt += c[k] > r;
    PetscCall(MatRestoreRow(S, r, &nc, &c, NULL));
  }
  cnt += rend - rstart; /* the diagonal */
  PetscCall(PetscMalloc3(cnt, &ri, cnt, &ci, cnt, &v));
  cnt = 0;
  for (PetscInt r = rstart; r < rend; r++) {
    PetscInt           nc;
    const PetscInt    *c;
    const PetscScalar *x;
    PetscCall(MatGetRow(S, r, &nc, &c, &x));
    ri[cnt] = ci[cnt] = r;
    v[cnt]            = 0;
    for (PetscInt k = 0; k < nc; k++)
      if (c[k] == r) v[cnt] = PetscRealPart(x[k]);
    cnt++;
    for (PetscInt k = 0; k < nc; k++)
      if (c[k] > r) {
        ri[cnt] = r;
        ci[cnt] = c[k];
        v[cnt]  = PetscRealPart(x[k]);
        cnt++;
      }
    PetscCall(MatRestoreRow(S, r, &nc, &c, &x));
  }
  PetscCall(PetscMPIIntCast(cnt, &mycnt));
  if (!f->rank) PetscCall(PetscMalloc2(f->size, &nzc, f->size + 1, &nzd));
  PetscCallMPI(MPI_Gather(&mycnt, 1, MPI_INT, nzc, 1, MPI_INT, 0, f->comm));
  if (!f->rank) {
    nzd[0] = 0;
    for (PetscMPIInt r = 0; r < f->size; r++) {
      PetscCheck((PetscInt64)nzd[r] + nzc[r] <= PETSC_MPI_INT_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP, "LDL^T: %lld matrix entries are too many to gather on one rank", (long long)nzd[r] + nzc[r]);
      nzd[r + 1] = nzd[r] + nzc[r];
    }
    f->nz = nzd[f->size];
  }
  {
    PetscInt  *gri = NULL, *gci = NULL;
    PetscReal *gv  = NULL;
    if (!f->rank) PetscCall(PetscMalloc3(f->nz, &gri, f->nz, &gci, f->nz, &gv));
    PetscCallMPI(MPI_Gatherv(ri, mycnt, MPIU_INT, gri, nzc, nzd, MPIU_INT, 0, f->comm));
    PetscCallMPI(MPI_Gatherv(ci, mycnt, MPIU_INT, gci, nzc, nzd, MPIU_INT, 0, f->comm));
    PetscCallMPI(MPI_Gatherv(v, mycnt, MPIU_REAL, gv, nzc, nzd, MPIU_REAL, 0, f->comm));
    if (!f->rank) {
      PetscCall(PetscMalloc3(f->nz, &f->irn, f->nz, &f->jcn, f->nz, &f->a));
      PetscCall(PetscMalloc2(f->n, &f->diag, f->n, &f->dvalue));
      for (PetscInt64 k = 0; k < f->nz; k++) {
        f->irn[k] = (MUMPS_INT)(gri[k] + 1);
        f->jcn[k] = (MUMPS_INT)(gci[k] + 1);
        f->a[k]   = gv[k];
        if (gri[k] == gci[k]) {
          f->diag[gri[k]]   = k;
          f->dvalue[gri[k]] = gv[k];
        }
      }
      PetscCall(PetscFree3(gri, gci, gv));
      PetscCall(PetscFree2(nzc, nzd));
    }
  }
  PetscCall(PetscFree3(ri, ci, v));
  PetscFunctionReturn(0);
}

/* METIS options that pass through, with the prefix (-inm_slice_metis_ufactor 1 ...): the
 * factor's size moves by a few per cent with them (4000-atom KA: 7.2e10 to 7.9e10 flops over
 * seeds and imbalance factors, 7.6e10 with METIS's defaults). */
static const struct {
  const char *name, *help;
  int         option;
} METIS_KNOBS[INM_METIS_KNOBS] = {
  {"-metis_nseps",   "METIS: separators tried at each bisection (-1: METIS's default)",       METIS_OPTION_NSEPS  },
  {"-metis_niter",   "METIS: refinement iterations (-1: METIS's default)",                    METIS_OPTION_NITER  },
  {"-metis_ufactor", "METIS: load imbalance allowed, in 1/1000 (-1: METIS's default)",        METIS_OPTION_UFACTOR},
  {"-metis_seed",    "METIS: random seed (-1: METIS's default)",                              METIS_OPTION_SEED   },
};

/* Nested dissection of the atom graph (rows 3a, 3a+1, 3a+2 are atom a) by METIS, expanded to
 * rows: PERM_IN(i) is the pivot position of row i (1-based). Host only. */
static PetscErrorCode MetisOrdering(InmLDLT f)
{
  const PetscInt bs = f->n % 3 == 0 ? 3 : 1;
  idx_t          nv = (idx_t)(f->n / bs), *xadj, *adj, *deg, *perm, *iperm, options[METIS_NOPTIONS];
  int            status;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(nv + 1, &xadj, nv, &deg));
  for (PetscInt64 k = 0; k < f->nz; k++) {
    const idx_t p = (idx_t)((f->irn[k] - 1) / bs), q = (idx_t)((f->jcn[k] - 1) / bs);
    if (p != q) {
      deg[p]++;
      deg[q]++;
    }
  }
  for (idx_t p = 0; p < nv; p++) xadj[p + 1] = xadj[p] + deg[p];
  PetscCall(PetscMalloc1(xadj[nv], &adj));
  for (idx_t p = 0; p < nv; p++) deg[p] = xadj[p];
  for (PetscInt64 k = 0; k < f->nz; k++) {
    const idx_t p = (idx_t)((f->irn[k] - 1) / bs), q = (idx_t)((f->jcn[k] - 1) / bs);
    if (p != q) {
      adj[deg[p]++] = q;
      adj[deg[q]++] = p;
    }
  }
  { /* each pair of atoms appears once per entry of its 3x3 block: keep one edge */
    idx_t w = 0;
    for (idx_t p = 0; p < nv; p++) {
      const idx_t start = w;
      PetscCall(PetscSortMPIInt((PetscInt)(xadj[p + 1] - xadj[p]), (PetscMPIInt *)(adj + xadj[p]))); /* idx_t is int (IDXTYPEWIDTH 32) */
      for (idx_t k = xadj[p]; k < xadj[p + 1]; k++)
        if (k == xadj[p] || adj[k] != adj[k - 1]) adj[w++] = adj[k];
      xadj[p] = start;
    }
    xadj[nv] = w;
  }
  PetscCall(PetscMalloc2(nv, &perm, nv, &iperm));
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_NUMBERING] = 0;
  for (int k = 0; k < INM_METIS_KNOBS; k++)
    if (f->opt.knob_set[k]) options[METIS_KNOBS[k].option] = (idx_t)f->opt.knob[k];
  status = METIS_NodeND(&nv, xadj, adj, NULL, options, perm, iperm);
  PetscCheck(status == METIS_OK, PETSC_COMM_SELF, PETSC_ERR_LIB, "METIS_NodeND failed (status %d) on the %d-node atom graph", status, (int)nv);
  PetscCall(PetscMalloc1(f->n, &f->perm));
  for (idx_t p = 0; p < nv; p++) /* METIS: row p of the original is row iperm[p] of the ordered matrix */
    for (PetscInt d = 0; d < bs; d++) f->perm[p * bs + d] = (MUMPS_INT)(iperm[p] * bs + d + 1);
  PetscCall(PetscFree2(perm, iperm));
  PetscCall(PetscFree(adj));
  PetscCall(PetscFree2(xadj, deg));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLDLTOptionsDefault(InmLDLTOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->metis = PETSC_TRUE;
  for (int j = 0; j < INM_METIS_KNOBS; j++) o->knob[j] = -1; /* METIS's own default */
  PetscFunctionReturn(0);
}

/* The ordering options, read and checked on comm, once (InmEigenSolverSetFromOptions, with the
 * block slicing's prefix), never per factorisation or rank group. */
PetscErrorCode InmLDLTOptionsRead(MPI_Comm comm, const char prefix[], InmLDLTOptions *o)
{
  static const char *const orderings[] = {"metis", "mumps"};
  char                     ordering[16], option[64];
  PetscInt                 k, icntl7 = 0;
  PetscBool                set;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(ordering, orderings[o->metis ? 0 : 1], sizeof(ordering)));
  PetscOptionsBegin(comm, prefix, "LDL^T factorisations of the block slicing (MUMPS; its controls pass through as -mat_mumps_icntl_<k>, -mat_mumps_cntl_<k> with this prefix)", "modes");
  PetscCall(PetscOptionsString("-ordering", "Fill-reducing ordering: metis (nested dissection of the atom graph) or mumps (MUMPS's own choice, ICNTL 7)", "modes", ordering, ordering, sizeof(ordering), NULL));
  for (int j = 0; j < INM_METIS_KNOBS; j++) {
    PetscCall(PetscOptionsInt(METIS_KNOBS[j].name, METIS_KNOBS[j].help, "modes", o->knob[j], &o->knob[j], &o->knob_set[j]));
  }
  PetscOptionsEnd();
  PetscCall(PetscOptionsGetInt(NULL, prefix, "-mat_mumps_icntl_7", &icntl7, &set)); /* a pass-through control */
  PetscCall(PetscSNPrintf(option, sizeof(option), "-%sordering", prefix ? prefix : ""));
  PetscCall(InmChoiceIndex(comm, option, ordering, 2, orderings, &k));
  o->metis = (PetscBool)(k == 0);
  PetscCheck(!set || icntl7 != 1 || o->metis, comm, PETSC_ERR_USER_INPUT, "ICNTL(7) = 1 (a given ordering) needs -%sordering metis", prefix ? prefix : "");
  PetscFunctionReturn(0);
}

PetscErrorCode InmLDLTCreate(Mat S, const char prefix[], const InmLDLTOptions *o, InmLDLT *out)
{
  InmLDLT        f;
  PetscInt       rstart, rend, nloc;
  char           name[64];
  PetscBool      set;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(PetscNew(&f));
  f->comm = PetscObjectComm((PetscObject)S);
  PetscCallMPI(MPI_Comm_rank(f->comm, &f->rank));
  PetscCallMPI(MPI_Comm_size(f->comm, &f->size));
  PetscCall(MatGetSize(S, &f->n, NULL));
  PetscCall(MatGetOwnershipRange(S, &rstart, &rend));
  f->nloc = nloc = rend - rstart;
  if (o) f->opt = *o;
  else PetscCall(InmLDLTOptionsDefault(&f->opt));
  if (!f->rank) PetscCall(PetscMalloc2(f->size, &f->counts, f->size, &f->displs));
  {
    PetscMPIInt m;
    PetscCall(PetscMPIIntCast(nloc, &m));
    PetscCallMPI(MPI_Gather(&m, 1, MPI_INT, f->counts, 1, MPI_INT, 0, f->comm));
    if (!f->rank)
      for (PetscMPIInt r = 0; r < f->size; r++) f->displs[r] = r ? f->displs[r - 1] + f->counts[r - 1] : 0;
  }
  PetscCall(GatherUpperTriangle(f, S));
  PetscCall(PetscMalloc1(PetscMax(nloc, 1), &f->irhs_loc));
  for (PetscInt i = 0; i < nloc; i++) f->irhs_loc[i] = (MUMPS_INT)(rstart + i + 1);

  f->id.par          = 1; /* the host works too */
  f->id.sym          = 2; /* symmetric, possibly indefinite */
  f->id.comm_fortran = (MUMPS_INT)MPI_Comm_c2f(f->comm);
  PetscCall(MumpsCall(f, -1, "initialisation"));
  f->id.ICNTL(1)  = -1; /* errors are reported through INFOG(1) */
  f->id.ICNTL(2)  = -1;
  f->id.ICNTL(3)  = -1;
  f->id.ICNTL(4)  = 0;
  f->id.ICNTL(13) = 1; /* inertia of the whole matrix */
  f->id.ICNTL(14) = 30;
  f->id.ICNTL(24) = 1; /* null pivots */
  if (f->opt.metis) f->id.ICNTL(7) = 1; /* the ordering asked for; f->metis, below, is the one used */
  for (int k = 1; k <= 60; k++) { /* MUMPS controls pass through, as with PETSc's -mat_mumps_icntl_<k> */
    PetscInt v;
    PetscCall(PetscSNPrintf(name, sizeof(name), "-mat_mumps_icntl_%d", k));
    PetscCall(PetscOptionsGetInt(NULL, prefix, name, &v, &set));
    if (set) f->id.ICNTL(k) = (MUMPS_INT)v;
  }
  for (int k = 1; k <= 15; k++) {
    PetscReal v;
    PetscCall(PetscSNPrintf(name, sizeof(name), "-mat_mumps_cntl_%d", k));
    PetscCall(PetscOptionsGetReal(NULL, prefix, name, &v, &set));
    if (set) f->id.CNTL(k) = v;
  }
  f->metis = (PetscBool)(f->id.ICNTL(7) == 1); /* -mat_mumps_icntl_7 may choose another */
  if (f->metis && !f->rank) PetscCall(MetisOrdering(f));
  f->id.ICNTL(18) = 0; /* centralised matrix, right-hand sides and solution */
  f->id.ICNTL(20) = 0;
  f->id.ICNTL(21) = 0;
  if (!f->rank) {
    f->id.n   = (MUMPS_INT)f->n;
    f->id.nnz = (MUMPS_INT8)f->nz;
    f->id.irn = f->irn;
    f->id.jcn = f->jcn;
    if (f->metis) f->id.perm_in = f->perm;
  }
  PetscCall(MumpsCall(f, 1, "analysis"));
  PetscCall(PetscTime(&t1));
  f->info.analysis = t1 - t0;
  f->info.estimate = (PetscReal)f->id.info[14]; /* INFO(15) */
  f->info.flops    = f->id.RINFOG(1); /* the analysis's estimates until a factorisation */
  f->info.entries  = f->id.INFOG(20) >= 0 ? (PetscReal)f->id.INFOG(20) : -1e6 * f->id.INFOG(20);
  PetscCall(PetscStrncpy(f->info.ordering, f->metis ? "METIS" : "MUMPS", sizeof(f->info.ordering)));
  *out = f;
  PetscFunctionReturn(0);
}

PetscErrorCode InmLDLTFactor(InmLDLT f, PetscReal sigma, PetscInt *below)
{
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.eigen, 0, 0, 0, 0));
  PetscCall(PetscTime(&t0));
  if (!f->rank) {
    for (PetscInt i = 0; i < f->n; i++) f->a[f->diag[i]] = f->dvalue[i] - sigma;
    f->id.a = f->a;
  }
  PetscCall(MumpsCall(f, 2, "factorisation"));
  *below = (PetscInt)f->id.INFOG(12);
  PetscCall(PetscTime(&t1));
  f->info.factor  = t1 - t0;
  f->info.flops   = f->id.RINFOG(3);
  f->info.entries = f->id.INFOG(29) >= 0 ? (PetscReal)f->id.INFOG(29) : -1e6 * f->id.INFOG(29); /* < 0: millions */
  f->info.memory  = (PetscReal)f->id.INFOG(21); /* the largest rank's */
  PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLDLTSolve(InmLDLT f, PetscInt nrhs, const PetscReal *B, PetscReal *X)
{
  PetscFunctionBegin;
  if (f->size == 1) { /* the host has every row: solve in place in X */
    if (X != B) PetscCall(PetscArraycpy(X, B, (size_t)f->n * nrhs));
    f->id.rhs = X;
  } else {
    if (!f->rank && nrhs > f->rhs_cap) {
      PetscCall(PetscFree(f->rhs));
      PetscCall(PetscMalloc1((size_t)f->n * nrhs, &f->rhs));
      f->rhs_cap = nrhs;
    }
    f->id.ICNTL(20) = 10; /* distributed right-hand sides, in our rows */
    f->id.nloc_rhs  = (MUMPS_INT)f->nloc;
    f->id.lrhs_loc  = (MUMPS_INT)PetscMax(f->nloc, 1);
    f->id.irhs_loc  = f->irhs_loc;
    f->id.rhs_loc   = (PetscReal *)B; /* read only */
    f->id.rhs       = f->rhs;         /* host: receives the solution */
  }
  f->id.nrhs = (MUMPS_INT)nrhs;
  f->id.lrhs = (MUMPS_INT)f->n;
  PetscCall(MumpsCall(f, 3, "solve"));
  if (f->size > 1)
    for (PetscInt j = 0; j < nrhs; j++) PetscCallMPI(MPI_Scatterv(f->rhs ? f->rhs + (size_t)j * f->n : NULL, f->counts, f->displs, MPIU_REAL, X + (size_t)j * f->nloc, (PetscMPIInt)f->nloc, MPIU_REAL, 0, f->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLogDeterminant(Mat S, PetscReal *logabsdet, PetscInt *nneg, PetscInt *nnull)
{
  InmLDLT  f;
  PetscInt below;

  PetscFunctionBegin;
  PetscCall(InmLDLTCreate(S, NULL, NULL, &f));
  f->id.ICNTL(33) = 1; /* the determinant: RINFOG(12) x 2^INFOG(34) (null pivots left out) */
  PetscCall(InmLDLTFactor(f, 0, &below));
  *nneg      = below;
  *nnull     = (PetscInt)f->id.INFOG(28);
  *logabsdet = PetscLogReal(PetscAbsReal(f->id.RINFOG(12))) + f->id.INFOG(34) * PetscLogReal(2.0);
  PetscCall(InmLDLTDestroy(&f));
  PetscFunctionReturn(0);
}

PetscErrorCode InmLDLTGetInfo(InmLDLT f, InmLDLTInfo *info)
{
  PetscFunctionBegin;
  *info = f->info;
  PetscFunctionReturn(0);
}

PetscErrorCode InmLDLTDestroy(InmLDLT *f)
{
  PetscFunctionBegin;
  if (!*f) PetscFunctionReturn(0);
  (*f)->id.job = -2;
  dmumps_c(&(*f)->id);
  PetscCall(PetscFree3((*f)->irn, (*f)->jcn, (*f)->a));
  PetscCall(PetscFree2((*f)->diag, (*f)->dvalue));
  PetscCall(PetscFree((*f)->perm));
  PetscCall(PetscFree((*f)->rhs));
  PetscCall(PetscFree((*f)->irhs_loc));
  PetscCall(PetscFree2((*f)->counts, (*f)->displs));
  PetscCall(PetscFree(*f));
  PetscFunctionReturn(0);
}
