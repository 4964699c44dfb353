/* The Hessian rows of part of the atoms, generated from the neighbour list of that part and
 * its halo only, equal bit for bit the same rows generated with every atom's list (the one
 * list the generator used to hold), for a pair potential (KA: no halo) and for EAM (CuZr:
 * the rows of the neighbours, whose densities enter through the embedding terms). A halo
 * that missed an atom would leave a density or a second-neighbour block out and change
 * some entry; the list held must also be smaller than the full one, or nothing was gained. */
#include "testlib.h"

typedef struct {
  PetscInt        n;
  const PetscInt *slot; /* [n] where row i is kept, -1: not kept */
  PetscReal      *H, *xi; /* [slots][3][3N], [slots][4][3] */
} Rows;

static PetscErrorCode StoreRow(void *ctx, const InmBlockRow *row)
{
  Rows          *r = (Rows *)ctx;
  const PetscInt n3 = 3 * r->n, s = r->slot[row->row];
  PetscReal     *h  = r->H + (size_t)s * 3 * n3;

  PetscFunctionBegin;
  if (s < 0) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < row->n; k++)
    for (PetscInt a = 0; a < 3; a++)
      for (PetscInt b = 0; b < 3; b++) h[a * n3 + 3 * row->col[k] + b] = row->blk[9 * k + 3 * a + b];
  for (PetscInt c = 0; c < INM_NCHANNEL; c++)
    for (PetscInt a = 0; a < 3; a++) r->xi[12 * s + 3 * c + a] = row->xi[c][a];
  PetscFunctionReturn(0);
}

/* The rows `rows` from a fresh generator (a list of those rows and their halo), those of
 * slot[] kept, and the entries of that list. */
static PetscErrorCode GenerateRows(InmPotential pot, InmConfig *c, PetscInt nrows, const PetscInt rows[], PetscInt nslot, const PetscInt slot[], Rows *r, PetscInt *listed)
{
  InmHessianGenerator *gen;

  PetscFunctionBegin;
  r->n    = c->n;
  r->slot = slot;
  PetscCall(PetscCalloc2((size_t)nslot * 9 * c->n, &r->H, 12 * nslot, &r->xi));
  PetscCall(InmHessianGeneratorCreate(c, pot, PETSC_TRUE, &gen));
  PetscCall(InmHessianGeneratorRows(gen, nrows, rows, StoreRow, r));
  *listed = gen->listed;
  PetscCall(InmHessianGeneratorDestroy(&gen));
  PetscFunctionReturn(0);
}

/* A rank's block of rows [n/5, n/5 + n/8) and, with `scattered`, every 17th of the second
 * half (as a block-cyclic layout asks). */
static PetscErrorCode CheckPart(const char *tag, InmPotential pot, InmConfig *c, PetscBool scattered)
{
  PetscInt *all, *part, *slot, npart = 0, lall, lpart, diff = 0;
  Rows      full, sub;
  PetscReal vmax = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(c->n, &all, c->n, &part, c->n, &slot));
  for (PetscInt i = 0; i < c->n; i++) {
    all[i]  = i;
    slot[i] = -1;
  }
  for (PetscInt i = c->n / 5; i < c->n / 5 + c->n / 8; i++) part[npart++] = i;
  for (PetscInt i = c->n / 2; scattered && i < c->n; i += 17) part[npart++] = i;
  for (PetscInt r = 0; r < npart; r++) slot[part[r]] = r;
  PetscCall(GenerateRows(pot, c, c->n, all, npart, slot, &full, &lall));
  PetscCall(GenerateRows(pot, c, npart, part, npart, slot, &sub, &lpart));
  for (PetscInt r = 0; r < npart; r++) {
    const PetscReal *h = full.H + (size_t)r * 9 * c->n, *g = sub.H + (size_t)r * 9 * c->n;
    for (PetscInt k = 0; k < 9 * c->n; k++) {
      diff += h[k] != g[k];
      vmax = PetscMax(vmax, PetscAbsReal(h[k]));
    }
    for (PetscInt k = 0; k < 12; k++) diff += full.xi[12 * r + k] != sub.xi[12 * r + k];
  }
  INM_TEST(diff == 0 && vmax > 0, "%s: %" PetscInt_FMT " rows from their own list equal the rows from the list of all %" PetscInt_FMT " atoms bit for bit (%" PetscInt_FMT " entries differ)", tag, npart, c->n, diff);
  INM_TEST(lpart < lall, "%s: the list of those rows and their halo holds %" PetscInt_FMT " entries, the full list %" PetscInt_FMT " (%.2f)", tag, lpart, lall, (double)lpart / lall);
  PetscCall(PetscFree2(full.H, full.xi));
  PetscCall(PetscFree2(sub.H, sub.xi));
  PetscCall(PetscFree3(all, part, slot));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char  *el[2] = {"Cu", "Zr"};
  InmPotential ka, eam;
  InmConfig   *c;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &ka));
  PetscCall(InmTestFCC(5, PetscCbrtReal(4.0 / 1.2), 0.12, 0.1, 0.2, 5u, &c)); /* 500 atoms, box 8.85 > 2 x 2.5 */
  PetscCall(CheckPart("KA", ka, c, PETSC_TRUE));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, el, &eam));
  PetscCall(InmTestFCC(8, 3.7, 0.15, 0.05, 0.5, 9u, &c)); /* 2048 atoms, box 29.6 A: the halo (7.6 A) of a block is not all */
  for (PetscInt i = 0; i < c->n; i++) c->mass[i] = 0; /* the file's masses (InmTestFCC sets 1) */
  PetscCall(CheckPart("CuZr EAM", eam, c, PETSC_FALSE));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&ka));
  PetscCall(InmPotentialDestroy(&eam));
  return InmTestEnd();
}
