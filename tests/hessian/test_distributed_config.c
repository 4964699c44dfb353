/* A configuration distributed by space (InmConfigDistribute: owned atoms and a halo) gives the
 * same dynamical matrix and affine field as the replicated one, up to the renumbering of the
 * atoms: row (atom id i, component a), column (id j, b) of D built on the ranks from their
 * own atoms equals that entry of D built on one rank from all of them. The slices handed to
 * InmConfigDistribute are atoms i = rank (mod P), so nothing spatial comes from the input.
 *
 * Tolerance 1e-12 of the largest entry: an entry is a sum of at most a few hundred terms
 * (a diagonal block over the neighbours, EAM's over common neighbours), added in the order
 * of another neighbour list; the round-off of such a sum is below 1e3 eps of its largest term.
 *
 * Cases: KA (pair, halo r_c) on a 13500-atom box 8 cells wide, where the halo is a part of the
 * box and no rank holds every atom on 2 or more ranks, and the same with half that halo, which
 * must differ (rows at a region's edge miss neighbours: the comparison sees a short halo);
 * CuZr EAM (halo 2 r_c: a row reads its neighbours' densities; at 2048 atoms that halo is the
 * whole box, so this checks the renumbering of EAM's second-neighbour blocks, not the width).
 * And the reader: the KA configuration written as H5MD and read back by InmConfigReadDistributed
 * (each rank its own hyperslab) gives every atom its position and type, and the same global
 * index as InmConfigDistribute of the round-robin slices: the order depends on the
 * configuration and the number of ranks only. Run on 1, 2 and 3 ranks. */
#include "testlib.h"

/* Slice of the replicated configuration c for this rank: atoms rank, rank + P, ... */
static PetscErrorCode Slice(MPI_Comm comm, const InmConfig *c, InmConfig **s)
{
  PetscMPIInt rank, size;
  PetscInt    k = 0, n;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  n = (c->n - rank + size - 1) / size;
  PetscCall(InmConfigCreate(n, PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, s));
  PetscCall(InmConfigCopyHeader(c, *s));
  (*s)->nglobal = c->n;
  for (PetscInt i = rank; i < c->n; i += size, k++) {
    (*s)->id[k]   = c->id[i];
    (*s)->type[k] = c->type[i];
    (*s)->mass[k] = c->mass[i];
    for (int a = 0; a < 3; a++) (*s)->x[3 * k + a] = c->x[3 * i + a];
  }
  PetscFunctionReturn(0);
}

/* Largest |D_dist - P D_rep P^T| and |Xi~_dist - P Xi~_rep| over this rank's rows, relative
 * to the largest |D| entry (max over ranks); *local = atoms held here (owned + halo). */
static PetscErrorCode Compare(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal halo, PetscReal *dev, PetscInt *local, PetscInt *owned)
{
  InmConfig           *d;
  InmHessianGenerator *gr, *gd;
  Mat                  Dr, Dd;
  Vec                  xr[INM_NCHANNEL], xd[INM_NCHANNEL];
  PetscInt            *gsort, *idsort, nd;
  PetscReal            err = 0, dmax = 0;

  PetscFunctionBegin;
  PetscCall(InmHessianGeneratorCreate((InmConfig *)c, pot, PETSC_TRUE, &gr));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_SELF, gr, PETSC_DECIDE, &Dr, xr));
  PetscCall(Slice(comm, c, &d));
  PetscCall(InmConfigDistribute(comm, halo, &d));
  PetscCall(InmHessianGeneratorCreate(d, pot, PETSC_TRUE, &gd));
  PetscCall(InmDynamicalMatrixCreate(comm, gd, PETSC_DECIDE, &Dd, xd));
  *local = d->n;
  *owned = d->nowned;
  nd     = d->n;
  PetscCall(PetscMalloc2(nd, &gsort, nd, &idsort)); /* global index -> id, for the columns */
  for (PetscInt k = 0; k < nd; k++) {
    gsort[k]  = d->gidx[k];
    idsort[k] = d->id[k];
  }
  PetscCall(PetscSortIntWithArray(nd, gsort, idsort));
  for (PetscInt k = 0; k < d->nowned; k++) {
    PetscInt ir;
    PetscCall(PetscFindInt(d->id[k], c->n, c->id, &ir)); /* c is sorted by id */
    PetscCheck(ir >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "atom id %" PetscInt_FMT " is not in the configuration", d->id[k]);
    for (PetscInt a = 0; a < 3; a++) {
      PetscInt           nr, nn;
      const PetscInt    *cr, *cd;
      const PetscScalar *vr, *vd;
      PetscCall(MatGetRow(Dr, 3 * ir + a, &nr, &cr, &vr));
      PetscCall(MatGetRow(Dd, 3 * d->gidx[k] + a, &nn, &cd, &vd));
      if (nr != nn) err = PETSC_MAX_REAL;
      for (PetscInt e = 0; e < nn && err < PETSC_MAX_REAL; e++) {
        PetscInt loc, jr, where;
        PetscCall(PetscFindInt(cd[e] / 3, nd, gsort, &loc));
        PetscCheck(loc >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "column atom %" PetscInt_FMT " is held neither owned nor as halo", cd[e] / 3);
        PetscCall(PetscFindInt(idsort[loc], c->n, c->id, &jr));
        PetscCall(PetscFindInt(3 * jr + cd[e] % 3, nr, cr, &where));
        if (where < 0) err = PETSC_MAX_REAL;
        else err = PetscMax(err, PetscAbsReal(vd[e] - vr[where]));
      }
      for (PetscInt e = 0; e < nr; e++) dmax = PetscMax(dmax, PetscAbsReal(vr[e]));
      PetscCall(MatRestoreRow(Dd, 3 * d->gidx[k] + a, &nn, &cd, &vd));
      PetscCall(MatRestoreRow(Dr, 3 * ir + a, &nr, &cr, &vr));
    }
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) {
      const PetscScalar *ar, *ad;
      PetscCall(VecGetArrayRead(xr[ch], &ar));
      PetscCall(VecGetArrayRead(xd[ch], &ad));
      for (PetscInt a = 0; a < 3; a++) err = PetscMax(err, PetscAbsReal(ad[3 * k + a] - ar[3 * ir + a]));
      PetscCall(VecRestoreArrayRead(xd[ch], &ad));
      PetscCall(VecRestoreArrayRead(xr[ch], &ar));
    }
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &err, 1, MPIU_REAL, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &dmax, 1, MPIU_REAL, MPI_MAX, comm));
  *dev = err / dmax;
  PetscCall(PetscFree2(gsort, idsort));
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) {
    PetscCall(VecDestroy(&xr[ch]));
    PetscCall(VecDestroy(&xd[ch]));
  }
  PetscCall(MatDestroy(&Dr));
  PetscCall(MatDestroy(&Dd));
  PetscCall(InmHessianGeneratorDestroy(&gr));
  PetscCall(InmHessianGeneratorDestroy(&gd));
  PetscCall(InmConfigDestroy(&d));
  PetscFunctionReturn(0);
}

/* Atoms of d (owned) against c (replicated, by id); *same: the global indices of d equal e's. */
static PetscErrorCode CompareRead(MPI_Comm comm, const InmConfig *c, const InmConfig *d, const InmConfig *e, PetscInt *wrong, PetscInt *moved)
{
  PetscFunctionBegin;
  *wrong = 0;
  *moved = 0;
  for (PetscInt k = 0; k < d->nowned; k++) {
    PetscInt i, ke;
    PetscCall(PetscFindInt(d->id[k], c->n, c->id, &i));
    if (i < 0 || d->type[k] != c->type[i] || d->x[3 * k] != c->x[3 * i] || d->x[3 * k + 1] != c->x[3 * i + 1] || d->x[3 * k + 2] != c->x[3 * i + 2]) (*wrong)++;
    for (ke = 0; ke < e->nowned && e->id[ke] != d->id[k]; ke++) {}
    if (ke == e->nowned || e->gidx[ke] != d->gidx[k]) (*moved)++;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, wrong, 1, MPIU_INT, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, moved, 1, MPIU_INT, MPI_SUM, comm));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char  *el[2] = {"Cu", "Zr"};
  MPI_Comm     comm;
  InmPotential ka, eam;
  InmConfig   *c;
  PetscReal    dev;
  PetscInt     local, owned, sum, most;
  PetscMPIInt  size;

  PetscCall(InmTestBegin(&argc, &argv));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &ka));
  PetscCall(InmTestFCC(15, PetscCbrtReal(4.0 / 1.2), 0.12, 0.1, 0.2, 5u, &c)); /* 13500 atoms, box 22.4: 8 cells of 2.5 */
  PetscCall(Compare(comm, ka, c, (ka->hessian_shells + 1) * ka->cutoff, &dev, &local, &owned));
  PetscCallMPI(MPI_Allreduce(&owned, &sum, 1, MPIU_INT, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(&local, &most, 1, MPIU_INT, MPI_MAX, comm));
  INM_TEST(dev <= 1e-12, "KA, %d rank(s): D and Xi~ from owned atoms and a halo equal the replicated ones, renumbered: largest difference %.1e of max |D|", size, (double)dev);
  INM_TEST(sum == c->n, "KA: the ranks own %" PetscInt_FMT " atoms together, of %" PetscInt_FMT, sum, c->n);
  INM_TEST(size == 1 ? most == c->n : most < c->n, "KA, %d rank(s): the fullest rank holds %" PetscInt_FMT " atoms (owned and halo) of %" PetscInt_FMT, size, most, c->n);
  if (size > 1) {
    PetscCall(Compare(comm, ka, c, 0.5 * ka->cutoff, &dev, &local, &owned));
    INM_TEST(dev > 1e-6, "KA, %d ranks, half the halo: D differs (%.1e of max |D|): the comparison sees a short halo", size, (double)dev);
  }
  { /* the reader: H5MD slices, then the same distribution */
    char        path[PETSC_MAX_PATH_LEN];
    PetscMPIInt rank;
    InmConfig  *d, *e;
    PetscInt    wrong, moved;
    PetscCallMPI(MPI_Comm_rank(comm, &rank));
    PetscCall(PetscSNPrintf(path, sizeof(path), "distributed_config_%d.h5", (int)size));
    PetscCall(PetscStrncpy(c->units, "lj", sizeof(c->units)));
    if (rank == 0) PetscCall(InmWriteH5MD(path, c));
    PetscCallMPI(MPI_Barrier(comm));
    PetscCall(InmConfigReadDistributed(comm, path, INM_FORMAT_AUTO, -1, ka->cutoff, &d));
    PetscCall(Slice(comm, c, &e));
    PetscCall(InmConfigDistribute(comm, ka->cutoff, &e));
    PetscCall(CompareRead(comm, c, d, e, &wrong, &moved));
    INM_TEST(d->nglobal == c->n && wrong == 0, "KA, %d rank(s): read back from H5MD by slices, %" PetscInt_FMT " of %" PetscInt_FMT " owned atoms differ in position or type", size, wrong, c->n);
    INM_TEST(moved == 0, "KA, %d rank(s): the file's slices and the round-robin ones give the same global order (%" PetscInt_FMT " atoms placed otherwise)", size, moved);
    PetscCall(InmConfigDestroy(&d));
    PetscCall(InmConfigDestroy(&e));
  }
  PetscCall(InmConfigDestroy(&c));

  PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, el, &eam));
  PetscCall(InmTestFCC(8, 3.7, 0.15, 0.05, 0.5, 9u, &c)); /* 2048 atoms, box 29.6 A */
  for (PetscInt i = 0; i < c->n; i++) c->mass[i] = 0;     /* the file's masses (InmTestFCC sets 1) */
  PetscCall(Compare(comm, eam, c, (eam->hessian_shells + 1) * eam->cutoff, &dev, &local, &owned));
  INM_TEST(dev <= 1e-12, "CuZr EAM, %d rank(s), halo 2 r_c = %.2f A: D and Xi~ equal the replicated ones, renumbered: largest difference %.1e of max |D|", size, (double)(2 * eam->cutoff), (double)dev);
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&ka));
  PetscCall(InmPotentialDestroy(&eam));
  return InmTestEnd();
}
