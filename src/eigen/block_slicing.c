/* The unstable branch (or any interval [a, b]) of D by block spectrum slicing (SPEC §5):
 * every eigenpair in [lambda_lo, -delta], with P and Gamma, from a few factorisations.
 *
 *   1. Where the eigenvalues are: stochastic Lanczos quadrature (lanczos_density.c), only
 *      products with D, gives nu~(x), the estimated count below x.
 *   2. S cells of about c = -inm_slice_size eigenvalues each, S = round(K/c) for K estimated
 *      unstable modes, with edges at quantiles of nu~; each shift sigma_s sits in the middle
 *      of its cell (the lowest at its median: its cell reaches down to -infinity, and its run
 *      finds all nu(sigma_0) eigenvalues below it), and one more factorisation at -delta
 *      alone counts the unstable modes and closes the top gap. By default c = max(400, phi),
 *      phi = flops / (4 entries) the cost of a factorisation in solved vectors from MUMPS's
 *      analysis, so the groups of step 3 are built (and analysed) first. An interval [a, b]
 *      has shifts at both ends and at quantiles between, cells between their midpoints.
 *   3. The shifts are shared out over rank groups (-inm_slice_groups, default one rank per
 *      shift up to the number of ranks: a 1-rank MUMPS factorisation of the 4000-atom KA
 *      matrix is faster than a 2-rank one; fewer groups when the memory guard finds that
 *      the default would not fit: at 32000 atoms two 1-rank factorisations do not fit in
 *      24 GiB, one shared by 2 ranks does; then, with the default c, more and smaller
 *      cells); each group builds D from the generator on its own communicator and runs
 *      block shift-and-invert Lanczos (shift_invert_lanczos.c).
 *   4. Nothing is trusted that the inertias do not confirm: the eigenvalues found between
 *      consecutive shifts must number nu(sigma_{s+1}) - nu(sigma_s) (the last "shift" of the
 *      unstable branch is the factorisation at -delta), and below the lowest shift
 *      nu(sigma_0). A gap that fails (or whose run hit its dimension cap) is solved
 *      again with a shift at its middle and its count known; a second failure is an error.
 *   5. The pairs are gathered, sorted, and replicated on every rank of comm.
 * The three translational zero modes (sqrt(m_i) along x, y, z; exact for a periodic box) are
 * deflated whenever the interval excludes zero: next to a shift near zero they would dominate. */
#include "eigen_impl.h"
#include <string.h>

typedef struct {
  PetscInt   nrun;
  InmShiftRun *run;
} RunSet;

static PetscMPIInt GroupRoot(PetscMPIInt size, PetscInt ngroups, PetscInt g)
{
  return (PetscMPIInt)((g * size + ngroups - 1) / ngroups); /* first rank r with r*G/size == g */
}

/* Run the shifts of this group, then give every rank of comm every run's results. */
static PetscErrorCode RunAll(MPI_Comm comm, PetscInt ngroups, PetscMPIInt color, const InmShiftRunContext *ctx, RunSet *rs)
{
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  for (PetscInt s = 0; s < rs->nrun; s++)
    if (s % ngroups == color) PetscCall(InmShiftRunSolve(ctx, &rs->run[s]));
  for (PetscInt s = 0; s < rs->nrun; s++) {
    InmShiftRun *r    = &rs->run[s];
    PetscMPIInt  root = GroupRoot(size, ngroups, s % ngroups);
    PetscBool    mine = (PetscBool)(s % ngroups == color);
    PetscInt     head[3];
    head[0] = r->below; /* what the checks and the assembly use; times stay with the group's monitor */
    head[1] = r->nfound;
    head[2] = r->complete;
    PetscCallMPI(MPI_Bcast(head, 3, MPIU_INT, root, comm));
    PetscCallMPI(MPI_Bcast(&r->residual, 1, MPIU_REAL, root, comm));
    if (!mine) {
      r->below    = head[0];
      r->nfound   = head[1];
      r->complete = (PetscBool)head[2];
      if (r->nfound) {
        PetscCall(PetscMalloc3(r->nfound, &r->lambda, r->nfound, &r->s2, r->nfound, &r->s4));
        for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscMalloc1(r->nfound, &r->proj[c]));
      }
    }
    if (!r->nfound) continue;
    PetscCallMPI(MPI_Bcast(r->lambda, (PetscMPIInt)r->nfound, MPIU_REAL, root, comm));
    PetscCallMPI(MPI_Bcast(r->s2, (PetscMPIInt)r->nfound, MPIU_REAL, root, comm));
    PetscCallMPI(MPI_Bcast(r->s4, (PetscMPIInt)r->nfound, MPIU_REAL, root, comm));
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCallMPI(MPI_Bcast(r->proj[c], (PetscMPIInt)r->nfound, MPIU_REAL, root, comm));
  }
  PetscFunctionReturn(0);
}

/* Eigenvalues reported by the runs in (x, y]. */
static PetscInt CountIn(const RunSet *rs, PetscReal x, PetscReal y)
{
  PetscInt n = 0;
  for (PetscInt s = 0; s < rs->nrun; s++)
    for (PetscInt k = 0; k < rs->run[s].nfound; k++) n += rs->run[s].lambda[k] > x && rs->run[s].lambda[k] <= y;
  return n;
}

/* Drop the eigenpairs of the runs in (x, y] (a gap solved again). */
static void DropIn(RunSet *rs, PetscReal x, PetscReal y, PetscInt nloc)
{
  for (PetscInt s = 0; s < rs->nrun; s++) {
    InmShiftRun *r = &rs->run[s];
    PetscInt     m = 0;
    for (PetscInt k = 0; k < r->nfound; k++) {
      if (r->lambda[k] > x && r->lambda[k] <= y) continue;
      r->lambda[m] = r->lambda[k];
      r->s2[m]     = r->s2[k];
      r->s4[m]     = r->s4[k];
      for (PetscInt c = 0; c < INM_NCHANNEL; c++) r->proj[c][m] = r->proj[c][k];
      if (r->vectors && m != k) memmove(r->vectors + (size_t)m * nloc, r->vectors + (size_t)k * nloc, sizeof(PetscReal) * nloc);
      m++;
    }
    r->nfound = m;
  }
}

/* The translational zero modes of D on the group's rows: z_a,i = sqrt(m_i) e_a / sqrt(sum m),
 * kept only if D z = 0 to round-off (a periodic box). */
static PetscErrorCode ZeroModes(const InmHessianGenerator *gen, Mat S, PetscReal scale, PetscReal **zero)
{
  PetscInt  rstart, rend, nloc;
  PetscReal msum = 0, worst = 0;
  Vec       z, dz;

  PetscFunctionBegin;
  *zero = NULL;
  PetscCall(MatGetOwnershipRange(S, &rstart, &rend));
  nloc = rend - rstart;
  for (PetscInt i = 0; i < gen->cfg->n; i++) msum += 1.0 / (gen->isqrtm[i] * gen->isqrtm[i]);
  PetscCall(PetscCalloc1(3 * (size_t)nloc, zero));
  for (PetscInt r = rstart; r < rend; r++) (*zero)[(size_t)(r % 3) * nloc + (r - rstart)] = 1.0 / (gen->isqrtm[r / 3] * PetscSqrtReal(msum));
  PetscCall(MatCreateVecs(S, &dz, NULL));
  for (int a = 0; a < 3; a++) {
    PetscReal nrm;
    PetscCall(VecCreateMPIWithArray(PetscObjectComm((PetscObject)S), 1, nloc, PETSC_DECIDE, *zero + (size_t)a * nloc, &z));
    PetscCall(MatMult(S, z, dz));
    PetscCall(VecNorm(dz, NORM_2, &nrm));
    worst = PetscMax(worst, nrm);
    PetscCall(VecDestroy(&z));
  }
  PetscCall(VecDestroy(&dz));
  if (worst > 1e-8 * scale) PetscCall(PetscFree(*zero)); /* not a periodic, translation-invariant D: nothing to deflate */
  PetscFunctionReturn(0);
}

/* The memory a plan needs on the fullest node, against what the emptiest has. Per rank: MUMPS's
 * estimate for its factorisation; the basis at 3 vectors per expected pair (the first check
 * and the growth after it: at 32000 atoms a shift that went on past its first check ran out
 * of memory, and this estimate had refused that plan); the projected matrices (H, its
 * reduction and the eigenvectors Z, at most M x M each: three M x M; a check computes Z only
 * for the Ritz values that can decide it) and the selected Ritz vectors in the basis
 * (M x pairs). The Ritz vectors themselves overwrite the basis, and D X is formed a few
 * columns at a time. Summed over the ranks of each node and compared with what the node
 * has available (or -inm_max_memory_gb). */
static PetscErrorCode MemoryNeed(MPI_Comm comm, const InmShiftRunContext *ctx, const RunSet *rs, PetscReal *need, PetscReal *avail, PetscMPIInt *nodesize)
{
  InmLDLTInfo info;
  PetscInt    expect = 0, M;
  PetscReal   mine;
  MPI_Comm    node;

  PetscFunctionBegin;
  PetscCall(InmLDLTGetInfo(ctx->ldlt, &info));
  for (PetscInt s = 0; s < rs->nrun; s++) expect = PetscMax(expect, rs->run[s].expect);
  M    = PetscMin(ctx->max_dim, 3 * expect) + 2 * ctx->block;
  mine = info.estimate / 1024.0 + 8.0 * ((PetscReal)M * ctx->nloc + 3.0 * M * M + (PetscReal)M * expect) / (1024.0 * 1024.0 * 1024.0);
  PetscCallMPI(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  PetscCallMPI(MPI_Comm_size(node, nodesize));
  PetscCallMPI(MPI_Allreduce(&mine, need, 1, MPIU_REAL, MPI_SUM, node));
  PetscCallMPI(MPI_Comm_free(&node));
  PetscCall(InmEigenOptionsMemoryGiB(ctx->options, avail));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, need, 1, MPIU_REAL, MPI_MAX, comm)); /* the fullest node against the emptiest: every rank decides alike */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, avail, 1, MPIU_REAL, MPI_MIN, comm));
  if (ctx->monitor) PetscCall(PetscPrintf(comm, "[slice] memory: about %.3g GiB on the fullest node (%d ranks; MUMPS's estimate %.3g GiB on this rank, Krylov basis of %" PetscInt_FMT " vectors), %.3g GiB available\n", (double)*need, (int)*nodesize, (double)(info.estimate / 1024.0), M, (double)*avail));
  PetscFunctionReturn(0);
}

/* The group of this rank (color of ngroups): D on the group's communicator, its symmetric
 * copy, the analysed LDL^T, Xi~ and the zero modes on the group's rows. With one group, the
 * group is comm itself and D, Xi~ are the caller's (same ranks, same PETSC_DECIDE rows): they
 * are not assembled a second time. */
static PetscErrorCode GroupCreate(MPI_Comm comm, InmHessianGenerator *gen, Mat D, Vec xi[INM_NCHANNEL], PetscInt ngroups, PetscBool deflate, InmShiftRunContext *ctx, PetscMPIInt *color)
{
  PetscMPIInt rank, size;
  Mat         Dg;
  Vec         xig[INM_NCHANNEL];
  PetscBool   own = (PetscBool)(ngroups > 1);

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  *color = (PetscMPIInt)((PetscInt)rank * ngroups / size);
  PetscCallMPI(MPI_Comm_split(comm, *color, rank, &ctx->comm));
  if (own) PetscCall(InmDynamicalMatrixCreate(ctx->comm, gen, PETSC_DECIDE, &Dg, xig));
  else {
    Dg = D;
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) xig[c] = xi[c];
  }
  PetscCall(InmSymmetricCopy(Dg, &ctx->S));
  if (own) PetscCall(MatDestroy(&Dg));
  PetscCall(MatGetLocalSize(ctx->S, &ctx->nloc, NULL));
  PetscCall(InmLDLTCreate(ctx->S, "inm_slice_", &ctx->options->ldlt, &ctx->ldlt));
  PetscCall(PetscMalloc1((size_t)INM_NCHANNEL * ctx->nloc, &ctx->xi));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
    const PetscScalar *x;
    PetscCall(VecGetArrayRead(xig[c], &x));
    PetscCall(PetscArraycpy(ctx->xi + (size_t)c * ctx->nloc, x, ctx->nloc));
    PetscCall(VecRestoreArrayRead(xig[c], &x));
    if (own) PetscCall(VecDestroy(&xig[c]));
  }
  if (deflate) PetscCall(ZeroModes(gen, ctx->S, ctx->scale, &ctx->zero));
  PetscFunctionReturn(0);
}

static PetscErrorCode GroupDestroy(InmShiftRunContext *ctx)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(ctx->xi));
  PetscCall(PetscFree(ctx->zero));
  PetscCall(InmLDLTDestroy(&ctx->ldlt));
  PetscCall(MatDestroy(&ctx->S));
  PetscCallMPI(MPI_Comm_free(&ctx->comm));
  PetscFunctionReturn(0);
}

/* How many shifts for about c eigenvalues each of the K estimated: S = round(K/c) for the
 * unstable branch (every shift in the middle of its cell), one more for an interval (both
 * ends are shifts); with the default grouping, as many on every rank. */
static PetscInt ShiftCount(PetscReal K, PetscInt c, PetscBool has_interval, PetscBool user_groups, PetscMPIInt size)
{
  PetscInt S = has_interval ? PetscMax(2, (PetscInt)PetscFloorReal(0.5 + K / c) + 1) : PetscMax(1, (PetscInt)PetscFloorReal(0.5 + K / c));
  if (!user_groups && S > size) S = ((S + size - 1) / size) * size;
  return S;
}

/* The groups made again, ngroups of them. */
static PetscErrorCode GroupRebuild(MPI_Comm comm, InmHessianGenerator *gen, Mat D, Vec xi[INM_NCHANNEL], PetscInt ngroups, PetscBool deflate, InmShiftRunContext *ctx, PetscMPIInt *color)
{
  PetscFunctionBegin;
  PetscCall(GroupDestroy(ctx));
  PetscCall(GroupCreate(comm, gen, D, xi, ngroups, deflate, ctx, color));
  PetscFunctionReturn(0);
}

/* Shift s of the plan: cell (lo, hi], the expected count within reach. */
static void PlanRun(const InmSpectralDensity *dos, InmShiftRun *r, PetscInt index, PetscReal sigma, PetscReal lo, PetscReal hi)
{
  const PetscReal w = PetscMax(hi - sigma, lo == PETSC_NINFINITY ? 0 : sigma - lo);
  const PetscReal below_lo = lo == PETSC_NINFINITY ? 0 : InmSpectralDensityCount(dos, lo);
  const PetscReal cell = InmSpectralDensityCount(dos, hi) - below_lo;
  const PetscReal reach = InmSpectralDensityCount(dos, sigma + w) - (lo == PETSC_NINFINITY ? 0 : InmSpectralDensityCount(dos, sigma - w));

  PetscMemzero(r, sizeof(*r));
  r->index  = index;
  r->sigma  = sigma;
  r->lo     = lo;
  r->hi     = hi;
  r->known  = -1;
  r->expect = (PetscInt)PetscCeilReal(PetscMax(cell, reach));
}

/* The runs of nshift shifts over (a, b] (a = -infinity for the unstable branch) at quantiles
 * of the estimated count nu~, K of it in (a, b]. An interval: shifts at both ends and
 * between, cells between the midpoints. The unstable branch: every shift in the middle of
 * an equal share of the count, the lowest cell reaching down to -infinity, the highest up to
 * b = -delta; and one more run, the factorisation at b alone, whose inertia counts the
 * unstable modes and closes the top gap. A shift at b itself would spend half its Krylov
 * run on the stable modes just above it: at 4000 KA atoms the top shift found 218 pairs with
 * the Krylov dimension that found 433 at the next; two shifts placed so, and the inertia,
 * take 18.9-19.8 s on 2 ranks, where four with the top one at -delta took 22.8-23.9 s. */
static PetscErrorCode PlanShifts(MPI_Comm comm, const InmSpectralDensity *dos, PetscReal K, PetscReal a, PetscReal b, PetscReal floor, PetscBool has_interval, PetscInt nshift, RunSet *rs)
{
  const PetscReal below_a = has_interval ? InmSpectralDensityCount(dos, a) : 0;
  PetscReal      *shift, *edge;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < rs->nrun; s++) PetscCall(InmShiftRunReset(&rs->run[s]));
  PetscCall(PetscFree(rs->run));
  PetscCall(PetscMalloc2(nshift, &shift, nshift + 1, &edge));
  edge[nshift] = b;
  if (has_interval) /* shifts at both ends and at quantiles between; cells between their midpoints */
    for (PetscInt s = 0; s < nshift; s++) {
      shift[s] = s == 0 ? a : s == nshift - 1 ? b : InmSpectralDensityQuantile(dos, below_a + s * K / (nshift - 1), a, b);
      edge[s]  = s == 0 ? a : 0.5 * (shift[s - 1] + shift[s]);
    }
  else { /* cells of equal estimated count; each shift in the middle of its own, the lowest at its median */
    for (PetscInt s = 1; s < nshift; s++) edge[s] = InmSpectralDensityQuantile(dos, s * K / nshift, floor, b);
    edge[0]  = PETSC_NINFINITY;
    shift[0] = InmSpectralDensityQuantile(dos, 0.5 * K / nshift, floor, b);
    for (PetscInt s = 1; s < nshift; s++) shift[s] = 0.5 * (edge[s] + edge[s + 1]);
  }
  rs->nrun = has_interval ? nshift : nshift + 1;
  PetscCall(PetscCalloc1(rs->nrun, &rs->run));
  for (PetscInt s = 0; s < nshift; s++) {
    PetscCheck(s == 0 || shift[s] > shift[s - 1], comm, PETSC_ERR_PLIB, "block slicing: shifts %g and %g are not increasing", (double)shift[s - 1], (double)shift[s]);
    PlanRun(dos, &rs->run[s], s, shift[s], edge[s], edge[s + 1]);
  }
  if (!has_interval) { /* the inertia at -delta: an empty cell, nothing to find */
    PlanRun(dos, &rs->run[nshift], nshift, b, b, b);
    rs->run[nshift].known  = 0;
    rs->run[nshift].expect = 0;
  }
  PetscCall(PetscFree2(shift, edge));
  PetscFunctionReturn(0);
}

/* One solve's state, from the plan to the assembly. */
typedef struct {
  MPI_Comm               comm;
  InmHessianGenerator   *gen;
  Mat                    D;
  Vec                   *xi;
  InmBlockSlicingOptions so;
  InmSpectralDensity     dos;     /* 1: where the eigenvalues are */
  InmShiftRunContext     ctx;     /* this rank's group */
  RunSet                 rs, fix; /* the planned shifts; the gaps solved again */
  PetscReal              a, b, K, lam_floor; /* the interval, its estimated count, the lowest shift's floor */
  PetscReal              glo;                /* the Gershgorin lower bound of D */
  PetscInt               n, nshift, ngroups, size_c, default_dim;
  PetscMPIInt            size, color;
  PetscBool              has_interval, user_groups, deflate;
} Slicing;

/* 1-2 and the groups of 3: the density estimate, the groups (their analysis gives the default
 * slice size), the shifts. */
static PetscErrorCode Plan(Slicing *sl)
{
  PetscFunctionBegin;
  PetscCall(InmLanczosDensity(sl->D, sl->so.lanczos_steps, 20240611ULL, &sl->dos));
  sl->lam_floor = PetscMax(sl->lam_floor, sl->dos.theta[0] - 0.05 * (sl->dos.theta[sl->dos.m - 1] - sl->dos.theta[0]));
  sl->K         = PetscMax(InmSpectralDensityCount(&sl->dos, sl->b) - (sl->has_interval ? InmSpectralDensityCount(&sl->dos, sl->a) : 0), 0);

  /* 3, first: the groups, each with D on its own communicator and its LDL^T analysed (the
   * default slice size needs the analysis). By default one rank per shift of the smallest
   * slice size, at most one per rank; made fewer after the plan if its shifts are fewer. */
  sl->user_groups = (PetscBool)(sl->ngroups > 0);
  sl->ngroups     = PetscMin(sl->user_groups ? sl->ngroups : ShiftCount(sl->K, sl->size_c, sl->has_interval, sl->user_groups, sl->size), sl->size);
  sl->ctx.natoms  = sl->n / 3;
  PetscCall(GroupCreate(sl->comm, sl->gen, sl->D, sl->xi, sl->ngroups, sl->deflate, &sl->ctx, &sl->color));
  if (!sl->so.user_size) { /* a factorisation costs about phi = flops / (4 entries) solved vectors
                            * (a solve: 4 flops per factor entry; both run near the same rate:
                            * phi = 715 estimated, 650 measured at 4000 KA atoms; 2620 and 2000 at
                            * 32000). A cell of c pairs costs about phi + W + r c vectors (W ~ 500
                            * before the first pair converges, r ~ 2.5-4), plus Gram-Schmidt, which
                            * grows with the basis; at 4000 atoms c = phi (2 shifts, 20 s) beats
                            * c = phi/2 (4 shifts, 23 s). Memory may ask for smaller cells (below). */
    InmLDLTInfo info;
    PetscCall(InmLDLTGetInfo(sl->ctx.ldlt, &info));
    if (info.entries > 0) sl->size_c = PetscMax(sl->size_c, (PetscInt)(info.flops / (4.0 * info.entries)));
  }

  /* 2: the plan */
  sl->nshift = ShiftCount(sl->K, sl->size_c, sl->has_interval, sl->user_groups, sl->size);
  PetscCall(PlanShifts(sl->comm, &sl->dos, sl->K, sl->a, sl->b, sl->lam_floor, sl->has_interval, sl->nshift, &sl->rs));
  if (!sl->user_groups && sl->ngroups > sl->nshift) { /* fewer shifts than groups: as many groups as shifts */
    sl->ngroups = sl->nshift;
    PetscCall(GroupRebuild(sl->comm, sl->gen, sl->D, sl->xi, sl->ngroups, sl->deflate, &sl->ctx, &sl->color));
  }
  sl->ctx.monitor = sl->so.monitor;
  sl->ctx.keep_vectors = (PetscBool)(sl->ctx.options->nvectors > 0);
  if (sl->so.monitor) PetscCall(PetscPrintf(sl->comm, "[slice] about %.0f eigenvalues in (%g, %g] (Lanczos quadrature, %" PetscInt_FMT " steps; lowest Ritz value %g): %" PetscInt_FMT " shift(s) over %" PetscInt_FMT " group(s), block %" PetscInt_FMT "\n", (double)sl->K, (double)(sl->has_interval ? sl->a : sl->glo), (double)sl->b, sl->dos.m, (double)sl->dos.theta[0], sl->nshift, sl->ngroups, sl->ctx.block));
  PetscFunctionReturn(0);
}

/* 3: the plan must fit (with the default grouping, fewer groups are tried: more ranks share
 * each factorisation; then, with the default slice size, more and smaller cells, down to 400
 * pairs). */
static PetscErrorCode FitMemory(Slicing *sl)
{
  PetscFunctionBegin;
  for (;;) {
    PetscReal   need, avail;
    PetscMPIInt nodesize;
    sl->default_dim = PetscMax(2000, 12 * sl->size_c);
    sl->ctx.max_dim = PetscMin(sl->so.max_dim > 0 ? sl->so.max_dim : sl->default_dim, sl->n - 2 * sl->ctx.block - 3);
    PetscCall(MemoryNeed(sl->comm, &sl->ctx, &sl->rs, &need, &avail, &nodesize));
    if (need <= avail) break;
    if ((sl->user_groups || sl->ngroups == 1) && !sl->so.user_size && sl->K / (sl->nshift + sl->ngroups) >= 400) {
      if (sl->so.monitor) PetscCall(PetscPrintf(sl->comm, "[slice] %" PetscInt_FMT " shifts do not fit in memory: %" PetscInt_FMT " instead\n", sl->nshift, sl->nshift + sl->ngroups));
      sl->nshift += sl->ngroups; /* as many more on every group */
      sl->size_c = (PetscInt)(sl->K / sl->nshift);
      PetscCall(PlanShifts(sl->comm, &sl->dos, sl->K, sl->a, sl->b, sl->lam_floor, sl->has_interval, sl->nshift, &sl->rs));
      continue;
    }
    PetscCheck(!sl->user_groups && sl->ngroups > 1, sl->comm, PETSC_ERR_MEM, "block slicing: the factorisations and Krylov bases would need about %.3g GiB on this node (%d ranks in %" PetscInt_FMT " slice group(s); MUMPS's estimate), more than the %.3g GiB available; use fewer slice groups (-inm_slice_groups 1 puts every rank on one factorisation), a smaller -inm_slice_size (now %" PetscInt_FMT ": a smaller Krylov basis per shift), more nodes, or -inm_unstable_count_only for f_u alone", (double)need, (int)nodesize, sl->ngroups, (double)avail, sl->size_c);
    PetscCall(PetscInfo(sl->D, "block slicing: %" PetscInt_FMT " groups need about %g GiB of the %g available; trying %" PetscInt_FMT "\n", sl->ngroups, (double)need, (double)avail, (sl->ngroups + 1) / 2));
    if (sl->so.monitor) PetscCall(PetscPrintf(sl->comm, "[slice] %" PetscInt_FMT " groups do not fit in memory: %" PetscInt_FMT " instead\n", sl->ngroups, (sl->ngroups + 1) / 2));
    sl->ngroups = (sl->ngroups + 1) / 2;
    PetscCall(GroupRebuild(sl->comm, sl->gen, sl->D, sl->xi, sl->ngroups, sl->deflate, &sl->ctx, &sl->color));
  }
  PetscFunctionReturn(0);
}

/* 4: every gap between consecutive shifts must hold the pairs its inertias count; one that
 * does not (or whose runs hit their cap) is solved again with a shift at its middle and its
 * count known (into sl->fix); a second failure is an error. */
static PetscErrorCode SolveFailedGaps(Slicing *sl)
{
  RunSet    *rs = &sl->rs, *fix = &sl->fix;
  PetscInt   nbad = 0, *gap_known;
  PetscReal *gap_lo, *gap_hi;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(rs->nrun, &gap_lo, rs->nrun, &gap_hi, rs->nrun, &gap_known));
  for (PetscInt s = sl->has_interval ? 0 : -1; s < rs->nrun - 1; s++) { /* gap (x, y]: runs s and s + 1 */
    const PetscReal x    = s < 0 ? PETSC_NINFINITY : rs->run[s].sigma;
    const PetscReal y    = rs->run[s + 1].sigma;
    const PetscInt  want = s < 0 ? rs->run[0].below : rs->run[s + 1].below - rs->run[s].below;
    if (CountIn(rs, x, y) == want && (s < 0 || rs->run[s].complete) && rs->run[s + 1].complete) continue;
    gap_lo[nbad]    = x;
    gap_hi[nbad]    = y;
    gap_known[nbad] = want;
    nbad++;
  }
  if (nbad) {
    PetscCall(PetscInfo(sl->D, "block slicing: %" PetscInt_FMT " gap(s) solved again\n", nbad));
    fix->nrun = nbad;
    PetscCall(PetscCalloc1(nbad, &fix->run));
    for (PetscInt g = 0; g < nbad; g++) {
      const PetscReal lo_g = gap_lo[g] == PETSC_NINFINITY ? PetscMin(sl->dos.theta[0], gap_hi[g]) : gap_lo[g]; /* theta_0: just above lambda_min */
      DropIn(rs, gap_lo[g], gap_hi[g], sl->ctx.nloc);
      PlanRun(&sl->dos, &fix->run[g], rs->nrun + g, 0.5 * (lo_g + gap_hi[g]), gap_lo[g], gap_hi[g]);
      fix->run[g].known  = gap_known[g];
      fix->run[g].expect = 2 * gap_known[g];
    }
    { /* room for the known count: a shift at the middle of a gap needs ~4 solves per pair */
      PetscInt most = 0;
      for (PetscInt g = 0; g < nbad; g++) most = PetscMax(most, gap_known[g]);
      sl->ctx.max_dim = PetscMin(PetscMax(PetscMax(2 * sl->ctx.max_dim, sl->default_dim), 10 * most + 4 * sl->ctx.block), sl->n - 2 * sl->ctx.block - 3);
    }
    PetscCall(RunAll(sl->comm, sl->ngroups, sl->color, &sl->ctx, fix));
    for (PetscInt g = 0; g < nbad; g++) {
      PetscCheck(fix->run[g].nfound == gap_known[g], sl->comm, PETSC_ERR_NOT_CONVERGED, "block slicing found %" PetscInt_FMT " eigenpairs in (%g, %g], but the inertias count %" PetscInt_FMT " there; raise -inm_slice_max_dim (now %" PetscInt_FMT ") or use -inm_unstable_method slepc-ks", fix->run[g].nfound, (double)gap_lo[g], (double)gap_hi[g], gap_known[g], sl->ctx.max_dim);
      PetscCheck(fix->run[g].complete, sl->comm, PETSC_ERR_NOT_CONVERGED, "block slicing: the %" PetscInt_FMT " eigenpairs in (%g, %g] have |Dx - lambda x| up to %.1e max|lambda|, above 1e-8; tighten -inm_unstable_tol (now %g)", fix->run[g].nfound, (double)gap_lo[g], (double)gap_hi[g], (double)(fix->run[g].residual / sl->ctx.scale), (double)sl->ctx.tol);
    }
  }
  PetscCall(PetscFree3(gap_lo, gap_hi, gap_known));
  PetscFunctionReturn(0);
}

/* 5: the pairs of every run gathered, sorted, replicated on every rank of comm; the requested
 * eigenvectors from the groups that found them. */
static PetscErrorCode Assemble(Slicing *sl, InmModes **out)
{
  PetscInt   nmodes = 0, k = 0, *perm, *origin;
  PetscReal *lam;
  RunSet    *sets[2] = {&sl->rs, &sl->fix};
  InmModes  *m;

  PetscFunctionBegin;
  for (int set = 0; set < 2; set++)
    for (PetscInt s = 0; s < sets[set]->nrun; s++) nmodes += sets[set]->run[s].nfound;
  PetscCall(InmModesCreate(sl->n / 3, nmodes, &m));
  PetscCall(PetscMalloc3(nmodes, &perm, nmodes, &lam, 3 * (size_t)nmodes, &origin));
  for (int set = 0; set < 2; set++)
    for (PetscInt s = 0; s < sets[set]->nrun; s++)
      for (PetscInt j = 0; j < sets[set]->run[s].nfound; j++, k++) {
        lam[k]            = sets[set]->run[s].lambda[j];
        origin[3 * k]     = set;
        origin[3 * k + 1] = s;
        origin[3 * k + 2] = j;
      }
  for (PetscInt p = 0; p < nmodes; p++) perm[p] = p;
  PetscCall(PetscSortRealWithPermutation(nmodes, lam, perm));
  for (PetscInt p = 0; p < nmodes; p++) { /* a Ritz vector is unit only to round-off: Gamma by its own s2 */
    const PetscInt     o = perm[p], j = origin[3 * o + 2];
    const InmShiftRun *r = &sets[origin[3 * o]]->run[origin[3 * o + 1]];
    PetscReal          proj[INM_NCHANNEL];
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) proj[c] = r->proj[c][j];
    InmModesSetMode(m, p, r->lambda[j], r->s2[j], r->s4[j], proj, r->s2[j]);
  }
  PetscCall(InmModesRequestVectors(sl->comm, sl->ctx.options, m));
  for (PetscInt v = 0; v < m->nvec; v++) { /* from the group that found it: gathered there, then sent to all */
    const PetscInt o = perm[m->vec_index[v]], s = origin[3 * o + 1], j = origin[3 * o + 2];
    const RunSet  *set = sets[origin[3 * o]];
    PetscReal     *full;
    PetscMPIInt    gsize, *counts, *displs, nl = (PetscMPIInt)sl->ctx.nloc;
    PetscCall(PetscMalloc1(sl->n, &full));
    if (s % sl->ngroups == sl->color) {
      PetscCallMPI(MPI_Comm_size(sl->ctx.comm, &gsize));
      PetscCall(PetscMalloc2(gsize, &counts, gsize, &displs));
      PetscCallMPI(MPI_Allgather(&nl, 1, MPI_INT, counts, 1, MPI_INT, sl->ctx.comm));
      displs[0] = 0;
      for (PetscMPIInt r = 1; r < gsize; r++) displs[r] = displs[r - 1] + counts[r - 1];
      PetscCallMPI(MPI_Gatherv(set->run[s].vectors + (size_t)j * sl->ctx.nloc, nl, MPIU_REAL, full, counts, displs, MPIU_REAL, 0, sl->ctx.comm));
      PetscCall(PetscFree2(counts, displs));
    }
    PetscCallMPI(MPI_Bcast(full, (PetscMPIInt)sl->n, MPIU_REAL, GroupRoot(sl->size, sl->ngroups, s % sl->ngroups), sl->comm));
    PetscCall(InmModesStoreVector(m, v, full));
    PetscCall(PetscFree(full));
  }
  PetscCall(PetscFree3(perm, lam, origin));
  *out = m;
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesSolveBlockSlicing(MPI_Comm comm, InmHessianGenerator *gen, Mat D, Vec xi[INM_NCHANNEL], const InmEigenOptions *o, InmModes **out)
{
  PetscReal          lo, hi, delta;
  InmUnstableOptions uo;
  InmEigenOptions    defaults;
  Slicing            sl = {0};
  InmModes          *m;
  PetscLogDouble     t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  sl.comm = comm;
  sl.gen  = gen;
  sl.D    = D;
  sl.xi   = xi;
  PetscCallMPI(MPI_Comm_size(comm, &sl.size));
  PetscCall(MatGetSize(D, &sl.n, NULL));
  if (!o) {
    PetscCall(InmEigenOptionsDefault(&defaults));
    o = &defaults;
  }
  uo              = o->unstable;
  sl.so           = o->slicing;
  sl.ctx.options  = o;
  sl.has_interval = uo.has_interval;
  sl.ctx.tol      = uo.tol;
  sl.ctx.block    = PetscMax(1, PetscMin(sl.so.block, (sl.n - 3) / 8)); /* a handful of atoms: blocks small enough for a few steps */
  sl.ctx.partial  = sl.so.partial;
  sl.size_c       = sl.so.size;
  sl.ngroups      = sl.so.groups;
  PetscCall(InmGershgorinBounds(D, &lo, &hi));
  sl.ctx.scale = PetscMax(PetscAbsReal(lo), PetscAbsReal(hi));
  delta        = uo.delta * sl.ctx.scale;
  sl.a         = sl.has_interval ? uo.interval[0] : PETSC_NINFINITY;
  sl.b         = sl.has_interval ? uo.interval[1] : -delta;
  sl.deflate   = (PetscBool)(sl.b < 0 || sl.a > 0); /* the interval excludes zero: the translational modes go */
  sl.lam_floor = lo;
  sl.glo       = lo;
  if (!sl.has_interval && lo >= -delta) { /* no eigenvalue can lie below -delta: a stable configuration */
    PetscCall(InmModesCreate(sl.n / 3, 0, &m));
    m->unstable_count = 0;
    *out              = m;
    PetscFunctionReturn(0);
  }
  PetscCall(Plan(&sl));
  PetscCall(FitMemory(&sl));
  PetscCall(RunAll(comm, sl.ngroups, sl.color, &sl.ctx, &sl.rs));
  PetscCall(SolveFailedGaps(&sl));
  PetscCall(Assemble(&sl, &m));
  if (!sl.has_interval) m->unstable_count = sl.rs.run[sl.rs.nrun - 1].below; /* the last run's inertia is at -delta */
  else PetscCall(InmLDLTCountBelow(D, -delta, &o->ldlt, &m->unstable_count));
  PetscCall(PetscTime(&t1));
  if (sl.so.monitor) {
    PetscReal res = 0;
    for (PetscInt s = 0; s < sl.rs.nrun; s++) res = PetscMax(res, sl.rs.run[s].residual);
    PetscCall(PetscPrintf(comm, "[slice] %" PetscInt_FMT " eigenpairs from %" PetscInt_FMT " shift(s), every gap confirmed by its inertias; max |Dx - lambda x| = %.1e max|lambda|; %.2f s\n", m->nmodes, sl.nshift, (double)(res / sl.ctx.scale), t1 - t0));
  }
  for (int set = 0; set < 2; set++) {
    RunSet *r = set ? &sl.fix : &sl.rs;
    for (PetscInt s = 0; s < r->nrun; s++) PetscCall(InmShiftRunReset(&r->run[s]));
    PetscCall(PetscFree(r->run));
  }
  PetscCall(GroupDestroy(&sl.ctx));
  PetscCall(InmSpectralDensityDestroy(&sl.dos));
  *out = m;
  PetscFunctionReturn(0);
}
