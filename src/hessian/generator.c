/* The Hessian block generator (SPEC §4, §5): for any list of atoms, the mass-weighted
 * block rows D_ij = ftm2v H_ij / sqrt(m_i m_j) (in 1/time^2, see hessian.h) and the affine force field Xi~_i = Xi_i / sqrt(m_i),
 * in one pass over each row's contributions (Xi comes with H, see potential.h). Both the
 * sparse PETSc matrix and dense block-cyclic layouts are filled from it.
 * Each request builds the neighbour list of its rows and their halo (the potential's
 * hessian_shells) and frees it when done: a rank holds the list of its own rows only, and
 * none while the matrix is assembled.
 * On a distributed configuration (config_distribute.c) rows are local atoms and the rows
 * handed on are in global indices: row i is atom gidx[i], its columns gidx[j], sorted. */
#include <inmvisc/hessian.h>

PetscErrorCode InmHessianGeneratorCreate(InmConfig *cfg, InmPotential pot, PetscBool mass_weighted, InmHessianGenerator **out)
{
  InmHessianGenerator *gen;

  PetscFunctionBegin;
  PetscCall(pot->ops.check_config(pot, cfg));
  PetscCall(PetscNew(&gen));
  gen->cfg           = cfg;
  gen->pot           = pot;
  gen->mass_weighted = mass_weighted;
  {
    const InmUnits *u;
    PetscCall(InmUnitsGet(pot->units, &u));
    gen->ftm2v = 1.0 / u->mvv2e;
  }
  PetscCall(PetscMalloc1(cfg->n, &gen->isqrtm));
  for (PetscInt i = 0; i < cfg->n; i++) {
    PetscReal m = cfg->mass[i] > 0 ? cfg->mass[i] : pot->type_mass[cfg->type[i]];
    PetscCheck(m > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: atom id %" PetscInt_FMT " (type %" PetscInt_FMT ") has no mass", cfg->source, cfg->id[i], cfg->type[i]);
    cfg->mass[i]     = m;
    gen->isqrtm[i] = 1.0 / PetscSqrtReal(m);
  }
  PetscCall(InmNeighborListCheck(cfg, pot->cutoff, pot->rmin)); /* input errors now, on every rank alike */
  PetscCall(InmBlockRowCreate(cfg->n, &gen->row));
  if (cfg->gidx) PetscCall(InmBlockRowCreate(1, &gen->global));
  *out = gen;
  PetscFunctionReturn(0);
}

/* The row in global indices, columns sorted ascending again. */
static PetscErrorCode GlobalRow(const InmConfig *cfg, const InmBlockRow *row, InmBlockRow *g)
{
  PetscReal tmp[9];

  PetscFunctionBegin;
  PetscCall(InmBlockArraysReserve(0, row->n, &g->cap, &g->col, &g->blk));
  g->row = cfg->gidx[row->row];
  g->n   = row->n;
  for (PetscInt k = 0; k < row->n; k++) g->col[k] = cfg->gidx[row->col[k]];
  PetscCall(PetscArraycpy(g->blk, row->blk, 9 * row->n));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++)
    for (PetscInt a = 0; a < 3; a++) g->xi[c][a] = row->xi[c][a];
  PetscCall(PetscSortIntWithDataArray(g->n, g->col, g->blk, 9 * sizeof(PetscReal), tmp));
  PetscFunctionReturn(0);
}

PetscErrorCode InmHessianGeneratorRows(InmHessianGenerator *gen, PetscInt nrows, const PetscInt rows[], InmHessianRowFn fn, void *ctx)
{
  InmBlockRow *row = &gen->row;

  PetscFunctionBegin;
  /* the neighbour list of these rows and of the halo they read, for this call only: the rows
   * of a rank's part of D need a list of about that part, never the list of all atoms */
  PetscCall(InmNeighborListBuildRows(gen->cfg, gen->pot->cutoff, gen->pot->rmin, nrows, rows, gen->pot->hessian_shells, &gen->nl));
  gen->listed = gen->nl->start[gen->cfg->n];
  if (gen->pot->ops.hessian_prepare) PetscCall(gen->pot->ops.hessian_prepare(gen->pot, gen->cfg, gen->nl));
  PetscCall(PetscLogEventBegin(INM_EVENTS.hessian, 0, 0, 0, 0));
  for (PetscInt r = 0; r < nrows; r++) {
    const PetscInt i = rows[r];
    PetscCall(InmBlockRowBegin(row, i));
    PetscCall(gen->pot->ops.hessian_row(gen->pot, gen->cfg, gen->nl, i, row));
    PetscCall(InmBlockRowSort(row));
    if (gen->mass_weighted) {
      const PetscReal si = gen->isqrtm[i];
      for (PetscInt k = 0; k < row->n; k++) {
        const PetscReal s = gen->ftm2v * si * gen->isqrtm[row->col[k]];
        for (PetscInt a = 0; a < 9; a++) row->blk[9 * k + a] *= s;
      }
      for (PetscInt c = 0; c < INM_NCHANNEL; c++)
        for (PetscInt a = 0; a < 3; a++) row->xi[c][a] *= si;
    }
    if (gen->cfg->gidx) PetscCall(GlobalRow(gen->cfg, row, &gen->global));
    PetscCall(fn(ctx, gen->cfg->gidx ? &gen->global : row));
  }
  PetscCall(PetscLogEventEnd(INM_EVENTS.hessian, 0, 0, 0, 0));
  PetscCall(InmNeighborListDestroy(&gen->nl));
  PetscFunctionReturn(0);
}

PetscErrorCode InmHessianGeneratorDestroy(InmHessianGenerator **gen)
{
  PetscFunctionBegin;
  if (!*gen) PetscFunctionReturn(0);
  PetscCall(InmBlockRowDestroy(&(*gen)->row));
  if ((*gen)->cfg->gidx) PetscCall(InmBlockRowDestroy(&(*gen)->global));
  PetscCall(InmNeighborListDestroy(&(*gen)->nl));
  PetscCall(PetscFree((*gen)->isqrtm));
  PetscCall(PetscFree(*gen));
  PetscFunctionReturn(0);
}
