/* Full neighbour list by linked cells in fractional coordinates, O(N) (SPEC §4).
 *
 * Each edge k of the cell is cut into n_k = floor(w_k / r_c) slabs, w_k the perpendicular
 * width. Two atoms closer than r_c differ in fractional coordinate k by at most
 * r_c / w_k <= 1/n_k, so they sit in the same or adjacent cells. The 27 stencil cells are
 * visited with the periodic image shift the wrap implies, so each (i, j, image) is
 * examined exactly once even when n_k is 1 or 2. With w_k >= 2 r_c (enforced) at most one
 * image of j lies within r_c of i, so the entry (i, j) and its reverse are unique.
 */
#include <inmvisc/neighbor.h>

typedef PetscErrorCode (*PairFn)(void *ctx, PetscInt i, PetscInt j, const PetscReal d[3]);

/* Every pair (i, j) closer than rc once, d = r_j - r_i of the nearest image, in an order that
 * depends on the configuration alone (so a list of some rows holds each of them exactly as
 * the list of all rows does). fn NULL: only the checks (box widths, positions, rmin). */
static PetscErrorCode CellPairs(const InmConfig *cfg, PetscReal rc, PetscReal rmin, PairFn fn, void *ctx)
{
  const InmBox *box = &cfg->box;
  const PetscInt n   = cfg->n;
  const char    *src = cfg->source[0] ? cfg->source : "configuration";
  PetscInt       nc[3], ncell, *head, *next, *cellof;
  PetscReal     *xw, rc2 = rc * rc, rmin2 = rmin * rmin;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < 3; k++) {
    PetscCheck(box->width[k] >= 2 * rc, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: box width %g across edge %c is less than twice the interaction range 2 x %g = %g", src, (double)box->width[k], (char)('a' + k), (double)rc, (double)(2 * rc));
    nc[k] = PetscMax(1, (PetscInt)PetscFloorReal(box->width[k] / rc));
  }
  ncell = nc[0] * nc[1] * nc[2];
  PetscCall(PetscMalloc4(ncell, &head, n, &next, n, &cellof, 3 * n, &xw));
  for (PetscInt c = 0; c < ncell; c++) head[c] = -1;
  /* wrap every atom into the cell and bin it */
  for (PetscInt i = n - 1; i >= 0; i--) {
    PetscReal s[3];
    PetscInt  ci[3];
    InmBoxToFractional(box, cfg->x + 3 * i, s);
    for (PetscInt k = 0; k < 3; k++) {
      PetscCheck(PetscIsNormalReal(s[k]) || s[k] == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: atom id %" PetscInt_FMT " has a non-finite position", src, cfg->id[i]);
      s[k] -= PetscFloorReal(s[k]);
      if (s[k] >= 1.0) s[k] = 0.0;
      ci[k] = PetscMin((PetscInt)(s[k] * nc[k]), nc[k] - 1);
    }
    InmBoxToCartesian(box, s, xw + 3 * i);
    cellof[i]     = (ci[2] * nc[1] + ci[1]) * nc[0] + ci[0];
    next[i]       = head[cellof[i]];
    head[cellof[i]] = i;
  }
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt  c = cellof[i], ci[3] = {c % nc[0], (c / nc[0]) % nc[1], c / (nc[0] * nc[1])};
    const PetscReal *xi = xw + 3 * i;
    for (PetscInt o2 = -1; o2 <= 1; o2++)
      for (PetscInt o1 = -1; o1 <= 1; o1++)
        for (PetscInt o0 = -1; o0 <= 1; o0++) {
          const PetscInt o[3] = {o0, o1, o2}, half = 9 * o2 + 3 * o1 + o0; /* > 0: one of each +-o pair */
          if (half < 0) continue;
          PetscInt       cn[3], sh[3];
          PetscReal      shift[3];
          for (PetscInt k = 0; k < 3; k++) {
            PetscInt t = ci[k] + o[k];
            sh[k]      = t < 0 ? -1 : (t >= nc[k] ? 1 : 0);
            cn[k]      = t - sh[k] * nc[k];
          }
          for (PetscInt a = 0; a < 3; a++) shift[a] = sh[0] * box->cell[0][a] + sh[1] * box->cell[1][a] + sh[2] * box->cell[2][a];
          for (PetscInt j = head[(cn[2] * nc[1] + cn[1]) * nc[0] + cn[0]]; j >= 0; j = next[j]) {
            PetscReal d[3], r2;
            if (half == 0 && j <= i) continue; /* home cell: each pair once, never i with itself */
            d[0] = xw[3 * j] + shift[0] - xi[0];
            d[1] = xw[3 * j + 1] + shift[1] - xi[1];
            d[2] = xw[3 * j + 2] + shift[2] - xi[2];
            r2   = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if (r2 >= rc2) continue;
            PetscCheck(r2 >= rmin2, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: atoms %" PetscInt_FMT " and %" PetscInt_FMT " are %g apart, closer than the physical minimum %g of the potential", src, cfg->id[PetscMin(i, j)], cfg->id[PetscMax(i, j)], (double)PetscSqrtReal(r2), (double)rmin);
            if (fn) PetscCall(fn(ctx, i, j, d));
          }
        }
  }
  PetscCall(PetscFree4(head, next, cellof, xw));
  PetscFunctionReturn(0);
}

/* The passes over the pairs: mark the next shell, count the entries of the listed rows, fill
 * them. A pair goes to row i as (j, d) and to row j as (i, -d), each the other's reverse entry,
 * in every listed row it touches. */
typedef struct {
  InmNeighborList *nl;
  PetscBool       *mark;  /* shell pass: the atoms one bond from a listed one */
  PetscInt        *count; /* count pass: entries per row; fill pass: the next free slot */
} ListPass;

static inline PetscBool Listed(const InmNeighborList *nl, PetscInt i)
{
  return nl->listed ? nl->listed[i] : PETSC_TRUE;
}

static PetscErrorCode MarkShell(void *ctx, PetscInt i, PetscInt j, const PetscReal d[3])
{
  ListPass *p = (ListPass *)ctx;

  (void)d;
  if (Listed(p->nl, i)) p->mark[j] = PETSC_TRUE;
  if (Listed(p->nl, j)) p->mark[i] = PETSC_TRUE;
  return 0;
}

static PetscErrorCode CountEntries(void *ctx, PetscInt i, PetscInt j, const PetscReal d[3])
{
  ListPass *p = (ListPass *)ctx;

  (void)d;
  if (Listed(p->nl, i)) p->count[i]++;
  if (Listed(p->nl, j)) p->count[j]++;
  return 0;
}

static PetscErrorCode FillEntries(void *ctx, PetscInt i, PetscInt j, const PetscReal d[3])
{
  ListPass        *p  = (ListPass *)ctx;
  InmNeighborList *nl = p->nl;
  const PetscBool  li = Listed(nl, i), lj = Listed(nl, j);
  const PetscInt   a = li ? p->count[i]++ : -1, b = lj ? p->count[j]++ : -1;
  const PetscReal  r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);

  if (li) {
    nl->j[a]   = j;
    nl->rev[a] = b;
    nl->r[a]   = r;
    for (PetscInt c = 0; c < 3; c++) nl->d[3 * a + c] = d[c];
  }
  if (lj) {
    nl->j[b]   = i;
    nl->rev[b] = a;
    nl->r[b]   = r;
    for (PetscInt c = 0; c < 3; c++) nl->d[3 * b + c] = -d[c];
  }
  return 0;
}

PetscErrorCode InmNeighborListBuildRows(const InmConfig *cfg, PetscReal rc, PetscReal rmin, PetscInt nrows, const PetscInt rows[], PetscInt shells, InmNeighborList **out)
{
  const PetscInt   n = cfg->n;
  InmNeighborList *nl;
  ListPass         pass = {0};

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.neighbor, 0, 0, 0, 0));
  PetscCall(PetscNew(&nl));
  nl->n  = n;
  nl->rc = rc;
  pass.nl = nl;
  if (rows) {
    PetscCall(PetscCalloc1(n, &nl->listed));
    for (PetscInt r = 0; r < nrows; r++) {
      PetscCheck(rows[r] >= 0 && rows[r] < n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "row %" PetscInt_FMT " of a neighbour list of %" PetscInt_FMT " atoms", rows[r], n);
      nl->listed[rows[r]] = PETSC_TRUE;
    }
    PetscCall(PetscCalloc1(n, &pass.mark));
    for (PetscInt s = 0; s < shells; s++) { /* the halo: atoms whose rows the listed rows read */
      PetscCall(CellPairs(cfg, rc, rmin, MarkShell, &pass));
      for (PetscInt i = 0; i < n; i++) nl->listed[i] = (PetscBool)(nl->listed[i] || pass.mark[i]);
    }
    PetscCall(PetscFree(pass.mark));
  }
  /* count, then fill in place: the list takes its final size and no more */
  PetscCall(PetscCalloc1(n + 1, &pass.count));
  PetscCall(CellPairs(cfg, rc, rmin, CountEntries, &pass));
  PetscCall(PetscMalloc1(n + 1, &nl->start));
  nl->start[0] = 0;
  for (PetscInt i = 0; i < n; i++) {
    nl->start[i + 1] = nl->start[i] + pass.count[i];
    pass.count[i]    = nl->start[i]; /* next free slot of row i */
  }
  nl->nlisted = 0;
  for (PetscInt i = 0; i < n; i++) nl->nlisted += Listed(nl, i);
  PetscCall(PetscMalloc4(nl->start[n], &nl->j, nl->start[n], &nl->rev, 3 * nl->start[n], &nl->d, nl->start[n], &nl->r));
  PetscCall(CellPairs(cfg, rc, rmin, FillEntries, &pass));
  PetscCall(PetscFree(pass.count));
  PetscCall(PetscLogEventEnd(INM_EVENTS.neighbor, 0, 0, 0, 0));
  *out = nl;
  PetscFunctionReturn(0);
}

PetscErrorCode InmNeighborListBuild(const InmConfig *cfg, PetscReal rc, PetscReal rmin, InmNeighborList **nl)
{
  PetscFunctionBegin;
  PetscCall(InmNeighborListBuildRows(cfg, rc, rmin, 0, NULL, 0, nl));
  PetscFunctionReturn(0);
}

PetscErrorCode InmNeighborListCheck(const InmConfig *cfg, PetscReal rc, PetscReal rmin)
{
  PetscFunctionBegin;
  PetscCall(CellPairs(cfg, rc, rmin, NULL, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode InmNeighborListDestroy(InmNeighborList **nl)
{
  PetscFunctionBegin;
  if (!*nl) PetscFunctionReturn(0);
  PetscCall(PetscFree4((*nl)->j, (*nl)->rev, (*nl)->d, (*nl)->r));
  PetscCall(PetscFree((*nl)->start));
  PetscCall(PetscFree((*nl)->listed));
  PetscCall(PetscFree(*nl));
  PetscFunctionReturn(0);
}
