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

typedef struct {
  PetscInt   n, cap, nnz;
  PetscInt  *i, *j;
  PetscReal *d;
} PairBuffer;

static PetscErrorCode PairBufferPush(PairBuffer *b, PetscInt i, PetscInt j, const PetscReal d[3])
{
  PetscFunctionBegin;
  if (b->nnz == b->cap) {
    PetscInt   ncap = 2 * b->cap + 1024, *ni, *nj;
    PetscReal *nd;
    PetscCall(PetscMalloc3(ncap, &ni, ncap, &nj, 3 * ncap, &nd));
    PetscCall(PetscArraycpy(ni, b->i, b->nnz));
    PetscCall(PetscArraycpy(nj, b->j, b->nnz));
    PetscCall(PetscArraycpy(nd, b->d, 3 * b->nnz));
    PetscCall(PetscFree3(b->i, b->j, b->d));
    b->i   = ni;
    b->j   = nj;
    b->d   = nd;
    b->cap = ncap;
  }
  b->i[b->nnz] = i;
  b->j[b->nnz] = j;
  PetscCall(PetscArraycpy(b->d + 3 * b->nnz, d, 3));
  b->nnz++;
  PetscFunctionReturn(0);
}

PetscErrorCode InmNeighborListBuild(const InmConfig *cfg, PetscReal rc, PetscReal rmin, InmNeighborList **out)
{
  const InmBox    *box = &cfg->box;
  const PetscInt   n   = cfg->n;
  const char      *src = cfg->source[0] ? cfg->source : "configuration";
  PetscInt         nc[3], ncell, *head, *next, *cellof, *count;
  PetscReal       *xw, rc2 = rc * rc, rmin2 = rmin * rmin;
  PairBuffer       buf = {0};
  InmNeighborList *nl;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(INM_EVENTS.neighbor, 0, 0, 0, 0));
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
  buf.cap = n * 32;
  PetscCall(PetscMalloc3(buf.cap, &buf.i, buf.cap, &buf.j, 3 * buf.cap, &buf.d));
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
            PetscCall(PairBufferPush(&buf, i, j, d));
          }
        }
  }
  PetscCall(PetscFree4(head, next, cellof, xw));

  /* full CSR: pair (i, j, d) goes to row i as (j, d) and to row j as (i, -d), each the
   * other's reverse entry */
  PetscCall(PetscNew(&nl));
  nl->n  = n;
  nl->rc = rc;
  PetscCall(PetscMalloc5(n + 1, &nl->start, 2 * buf.nnz, &nl->j, 2 * buf.nnz, &nl->rev, 6 * buf.nnz, &nl->d, 2 * buf.nnz, &nl->r));
  PetscCall(PetscCalloc1(n + 1, &count));
  for (PetscInt k = 0; k < buf.nnz; k++) {
    count[buf.i[k]]++;
    count[buf.j[k]]++;
  }
  nl->start[0] = 0;
  for (PetscInt i = 0; i < n; i++) {
    nl->start[i + 1] = nl->start[i] + count[i];
    count[i]         = nl->start[i]; /* next free slot of row i */
  }
  for (PetscInt k = 0; k < buf.nnz; k++) {
    const PetscInt   i = buf.i[k], j = buf.j[k], a = count[i]++, b = count[j]++;
    const PetscReal *d = buf.d + 3 * k, r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    nl->j[a]   = j;
    nl->j[b]   = i;
    nl->rev[a] = b;
    nl->rev[b] = a;
    nl->r[a] = nl->r[b] = r;
    for (PetscInt c = 0; c < 3; c++) {
      nl->d[3 * a + c] = d[c];
      nl->d[3 * b + c] = -d[c];
    }
  }
  PetscCall(PetscFree(count));
  PetscCall(PetscFree3(buf.i, buf.j, buf.d));
  PetscCall(PetscLogEventEnd(INM_EVENTS.neighbor, 0, 0, 0, 0));
  *out = nl;
  PetscFunctionReturn(0);
}

PetscErrorCode InmNeighborListDestroy(InmNeighborList **nl)
{
  PetscFunctionBegin;
  if (!*nl) PetscFunctionReturn(0);
  PetscCall(PetscFree5((*nl)->start, (*nl)->j, (*nl)->rev, (*nl)->d, (*nl)->r));
  PetscCall(PetscFree(*nl));
  PetscFunctionReturn(0);
}
