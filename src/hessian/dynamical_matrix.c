/* The dynamical matrix as a PETSc matrix (block size 3, rows distributed by atom) and the
 * mass-weighted affine force field as Vecs of the same layout (SPEC §4, §5).
 * Each rank generates its own block rows into a local block-CSR, which preallocates and
 * fills the BAIJ matrix in one call; no value crosses ranks. */
#include <inmvisc/hessian.h>

typedef struct {
  const InmHessianGenerator *gen;
  PetscInt   nrows, nrows_expected, nblk, cap;
  PetscInt  *ia, *ja;
  PetscReal *va;
  PetscReal *xi[INM_NCHANNEL]; /* [3 nrows] local part */
} LocalCSR;

static PetscErrorCode LocalCSRAppend(void *ctx, const InmBlockRow *row)
{
  LocalCSR *csr = (LocalCSR *)ctx;

  PetscFunctionBegin;
  /* a pair potential's rows hold one block per bond of their list and the diagonal: the list
   * of this request sizes the CSR exactly, with no copy on growth (at 10^6 atoms a doubling
   * copy would be the assembly's peak); EAM's second neighbours grow it from there */
  if (!csr->nrows) PetscCall(InmBlockArraysReserve(0, csr->gen->listed + csr->nrows_expected, &csr->cap, &csr->ja, &csr->va));
  PetscCall(InmBlockArraysReserve(csr->nblk, csr->nblk + row->n, &csr->cap, &csr->ja, &csr->va));
  PetscCall(PetscArraycpy(csr->ja + csr->nblk, row->col, row->n));
  PetscCall(PetscArraycpy(csr->va + 9 * csr->nblk, row->blk, 9 * row->n));
  csr->nblk += row->n;
  csr->ia[++csr->nrows] = csr->nblk;
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscArraycpy(csr->xi[c] + 3 * (csr->nrows - 1), row->xi[c], 3));
  PetscFunctionReturn(0);
}

PetscErrorCode InmDynamicalMatrixCreate(MPI_Comm comm, InmHessianGenerator *gen, PetscInt nlocal, Mat *D, Vec xi[INM_NCHANNEL])
{
  const InmConfig *cfg = gen->cfg;
  PetscInt       N = cfg->nglobal, rstart, *rows;
  PetscMPIInt    size;
  LocalCSR       csr = {0};

  PetscFunctionBegin;
  if (cfg->gidx) {
    int same;
    PetscCallMPI(MPI_Comm_compare(comm, cfg->comm, &same));
    PetscCheck(same == MPI_IDENT || same == MPI_CONGRUENT, comm, PETSC_ERR_ARG_INCOMP, "%s: the dynamical matrix of a distributed configuration is built on the communicator the configuration spans", cfg->source);
    PetscCheck(nlocal == PETSC_DECIDE || nlocal == cfg->nowned, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP, "%s: a distributed configuration's rows are its %" PetscInt_FMT " owned atoms, not %" PetscInt_FMT, cfg->source, cfg->nowned, nlocal);
    nlocal = cfg->nowned;
  }
  PetscCall(PetscSplitOwnership(comm, &nlocal, &N));
  PetscCallMPI(MPI_Scan(&nlocal, &rstart, 1, MPIU_INT, MPI_SUM, comm));
  rstart -= nlocal;
  PetscCheck(!cfg->gidx || rstart == cfg->rstart, PETSC_COMM_SELF, PETSC_ERR_PLIB, "%s: owned atoms start at %" PetscInt_FMT " but the rows at %" PetscInt_FMT, cfg->source, cfg->rstart, rstart);
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMalloc1(nlocal, &rows));
  for (PetscInt r = 0; r < nlocal; r++) rows[r] = cfg->gidx ? r : rstart + r; /* the generator's rows are local atoms */
  csr.gen            = gen;
  csr.nrows_expected = nlocal;
  PetscCall(PetscMalloc1(nlocal + 1, &csr.ia));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscMalloc1(3 * nlocal, &csr.xi[c]));
  csr.ia[0] = 0;
  PetscCall(InmHessianGeneratorRows(gen, nlocal, rows, LocalCSRAppend, &csr));
  PetscCall(InmBlockArraysReserve(0, 1, &csr.cap, &csr.ja, &csr.va)); /* arrays even for a rank with no rows */

  PetscCall(MatCreate(comm, D));
  PetscCall(MatSetSizes(*D, 3 * nlocal, 3 * nlocal, 3 * N, 3 * N));
  PetscCall(MatSetType(*D, size > 1 ? MATMPIBAIJ : MATSEQBAIJ));
  PetscCall(MatSetBlockSize(*D, 3));
  if (size > 1) PetscCall(MatMPIBAIJSetPreallocationCSR(*D, 3, csr.ia, csr.ja, csr.va));
  else PetscCall(MatSeqBAIJSetPreallocationCSR(*D, 3, csr.ia, csr.ja, csr.va));
  PetscCall(MatSetOption(*D, MAT_SYMMETRIC, PETSC_TRUE));
  PetscCall(MatSetOption(*D, MAT_SYMMETRY_ETERNAL, PETSC_TRUE));
  if (xi) {
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
      PetscScalar *a;
      PetscCall(MatCreateVecs(*D, NULL, &xi[c]));
      PetscCall(VecGetArray(xi[c], &a));
      PetscCall(PetscArraycpy(a, csr.xi[c], 3 * nlocal));
      PetscCall(VecRestoreArray(xi[c], &a));
    }
  }
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscFree(csr.xi[c]));
  PetscCall(PetscFree2(csr.ja, csr.va));
  PetscCall(PetscFree(csr.ia));
  PetscCall(PetscFree(rows));
  PetscFunctionReturn(0);
}
