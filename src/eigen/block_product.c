/* Products of the dynamical matrix with k vectors at once: Y = (D (x) I_k) X.
 *
 * X and Y hold k vectors interleaved (entry i of vector j at i k + j), so that
 *   y_{(3I+r)k+j} = sum_J sum_c D^{IJ}_{rc} x_{(3J+c)k+j}
 * over the 3 x 3 atom blocks D^{IJ} of the BAIJ matrix: each block is read once for all k
 * vectors, where k MatMults read it k times. A sparse product is bound by that memory traffic
 * (10^6 KA atoms: 12 GB/s a rank for one vector), so the k moments of the kernel polynomial
 * method cost little more than one. PETSc's own multi-vector product (MATMAIJ) takes AIJ
 * only, and its sparse-times-dense product of a BAIJ matrix is k MatMults; this kernel
 * uses the BAIJ blocks (PETSc stores each column-major, D^{IJ}_{rc} at v[r + 3c]) through
 * the public accessors, and PETSc's scatter for the ghost atoms of the off-diagonal part
 * (MatMPIBAIJGetSeqBAIJ: Ao's block columns are the global atoms garray[]). */
#include "eigen_impl.h"
#include <string.h> /* memcpy: unaligned vector loads */

#define CHUNK 4
typedef PetscScalar Chunk __attribute__((vector_size(CHUNK * sizeof(PetscScalar)))); /* GCC, clang */
#define LOAD(c, p)  memcpy(&(c), (p), sizeof(Chunk)) /* unaligned */
#define STORE(p, c) memcpy((p), &(c), sizeof(Chunk))

struct _n_InmBlockProduct {
  Mat                D;                  /* k = 1: PETSc's own MatMult */
  PetscInt           k, nblock, nghost;  /* vectors; local atoms (block rows); ghost atoms */
  Mat                Ad, Ao;             /* the diagonal and off-diagonal parts (Ao NULL on one rank) */
  const PetscInt    *ai, *aj, *bi, *bj;  /* their block-compressed structure */
  const PetscScalar *aa, *ba;            /* their 3 x 3 blocks */
  VecScatter         scatter;            /* X -> the ghost atoms' 3k entries */
  Vec                ghost;
};

PetscInt InmBlockProductWidth(PetscInt k)
{
  return k < 3 ? k : ((k + CHUNK - 1) / CHUNK) * CHUNK; /* 3 vectors cost 4 in chunks, less than 3 alone */
}

PetscErrorCode InmBlockProductCreate(Mat D, PetscInt k, Vec X, InmBlockProduct *bp)
{
  InmBlockProduct p;
  PetscInt        bs, nloc, nx, nrow;
  PetscBool       done, mpi;
  const PetscInt *garray = NULL;
  MPI_Comm        comm = PetscObjectComm((PetscObject)D);

  PetscFunctionBegin;
  PetscCall(MatGetBlockSize(D, &bs));
  PetscCall(PetscObjectTypeCompare((PetscObject)D, MATMPIBAIJ, &mpi));
  {
    PetscBool seq;
    PetscCall(PetscObjectTypeCompare((PetscObject)D, MATSEQBAIJ, &seq));
    PetscCheck(bs == 3 && (mpi || seq), comm, PETSC_ERR_SUP, "block product: D must be BAIJ with 3 x 3 atom blocks (block size %" PetscInt_FMT ")", bs);
  }
  PetscCheck(k >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "block product: %" PetscInt_FMT " vectors; at least 1", k);
  PetscCall(MatGetLocalSize(D, &nloc, NULL));
  PetscCall(VecGetLocalSize(X, &nx));
  PetscCheck(nx == nloc * k, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "block product: a block of %" PetscInt_FMT " local entries for %" PetscInt_FMT " vectors of %" PetscInt_FMT " rows", nx, k, nloc);
  PetscCall(PetscNew(&p));
  p->k = k;
  p->D = D;
  *bp  = p;
  if (k == 1) PetscFunctionReturn(0); /* one vector: the product is D's own MatMult */
  p->nblock = nloc / 3;
  if (mpi) PetscCall(MatMPIBAIJGetSeqBAIJ(D, &p->Ad, &p->Ao, &garray));
  else p->Ad = D;
  PetscCall(MatGetRowIJ(p->Ad, 0, PETSC_FALSE, PETSC_TRUE, &nrow, &p->ai, &p->aj, &done));
  PetscCheck(done && nrow == p->nblock, PETSC_COMM_SELF, PETSC_ERR_LIB, "block product: no block structure of D's diagonal part");
  PetscCall(MatSeqBAIJGetArray(p->Ad, (PetscScalar **)&p->aa));
  if (p->Ao) {
    IS is;
    PetscCall(MatGetRowIJ(p->Ao, 0, PETSC_FALSE, PETSC_TRUE, &nrow, &p->bi, &p->bj, &done));
    PetscCheck(done && nrow == p->nblock, PETSC_COMM_SELF, PETSC_ERR_LIB, "block product: no block structure of D's off-diagonal part");
    PetscCall(MatSeqBAIJGetArray(p->Ao, (PetscScalar **)&p->ba));
    PetscCall(MatGetSize(p->Ao, NULL, &p->nghost));
    p->nghost /= 3;
    /* ghost atom J's three rows of the k vectors: entries [3 k J, 3 k (J + 1)) of X */
    PetscCall(ISCreateBlock(PETSC_COMM_SELF, 3 * k, p->nghost, garray, PETSC_COPY_VALUES, &is));
    PetscCall(VecCreateSeq(PETSC_COMM_SELF, 3 * k * p->nghost, &p->ghost));
    PetscCall(VecScatterCreate(X, is, p->ghost, NULL, &p->scatter));
    PetscCall(ISDestroy(&is));
  }
  PetscFunctionReturn(0);
}

/* y += sum over the block row's blocks of B x (B from v, columns from aj, x of block J at
 * x + 3 k J): the three rows of one atom for all k vectors. The vectors go in chunks of 4,
 * whose 12 sums stay in registers over the whole row (one AVX2 register a row of the block),
 * so a block costs 9 broadcasts and 3 loads of x per chunk and no load or store of y. Each sum
 * adds the blocks in the order of MatMult_SeqBAIJ_3, so the result is MatMult's to the bit. */
static inline void BlockRow(PetscInt k, PetscInt nz, const PetscInt *aj, const PetscScalar *v0, const PetscScalar *x, PetscScalar *y)
{
  PetscInt j0 = 0;
  for (; j0 + CHUNK <= k; j0 += CHUNK) {
    Chunk              s0, s1, s2, x1, x2, x3;
    const PetscScalar *v = v0;
    LOAD(s0, y + j0), LOAD(s1, y + k + j0), LOAD(s2, y + 2 * k + j0);
    for (PetscInt q = 0; q < nz; q++, v += 9) {
      const PetscScalar *xb = x + 3 * k * aj[q] + j0;
      LOAD(x1, xb), LOAD(x2, xb + k), LOAD(x3, xb + 2 * k);
      s0 += v[0] * x1 + v[3] * x2 + v[6] * x3;
      s1 += v[1] * x1 + v[4] * x2 + v[7] * x3;
      s2 += v[2] * x1 + v[5] * x2 + v[8] * x3;
    }
    STORE(y + j0, s0), STORE(y + k + j0, s1), STORE(y + 2 * k + j0, s2);
  }
  for (; j0 < k; j0++) { /* the last k mod 4 vectors, one at a time */
    PetscScalar        s0 = y[j0], s1 = y[k + j0], s2 = y[2 * k + j0];
    const PetscScalar *v  = v0;
    for (PetscInt q = 0; q < nz; q++, v += 9) {
      const PetscScalar *xb = x + 3 * k * aj[q] + j0;
      const PetscScalar  x1 = xb[0], x2 = xb[k], x3 = xb[2 * k];
      s0 += v[0] * x1 + v[3] * x2 + v[6] * x3;
      s1 += v[1] * x1 + v[4] * x2 + v[7] * x3;
      s2 += v[2] * x1 + v[5] * x2 + v[8] * x3;
    }
    y[j0] = s0, y[k + j0] = s1, y[2 * k + j0] = s2;
  }
}

/* Every block row of one part (a: block rows of nblock + 1 offsets into aj, v). Built for AVX2
 * with FMA too where the compiler can (GCC function multi-versioning: the CPU picks at run
 * time), since the build's baseline is x86-64-v2 and the k-vector loop is compute-bound. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
static void BlockRows(PetscInt k, PetscInt nblock, const PetscInt *ai, const PetscInt *aj, const PetscScalar *aa, const PetscScalar *x, PetscScalar *y)
{
  for (PetscInt a = 0; a < nblock; a++) BlockRow(k, ai[a + 1] - ai[a], aj + ai[a], aa + 9 * (size_t)ai[a], x, y + 3 * k * a);
}

PetscErrorCode InmBlockProductApply(InmBlockProduct p, Vec X, Vec Y)
{
  const PetscInt     k = p->k;
  const PetscScalar *x, *g;
  PetscScalar       *y;

  PetscFunctionBegin;
  if (k == 1) {
    PetscCall(MatMult(p->D, X, Y));
    PetscFunctionReturn(0);
  }
  if (p->scatter) PetscCall(VecScatterBegin(p->scatter, X, p->ghost, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(X, &x));
  PetscCall(VecGetArrayWrite(Y, &y));
  PetscCall(PetscArrayzero(y, (size_t)3 * k * p->nblock));
  BlockRows(k, p->nblock, p->ai, p->aj, p->aa, x, y);
  PetscCall(VecRestoreArrayRead(X, &x));
  if (p->scatter) { /* the ghost atoms' part, once they have arrived */
    PetscCall(VecScatterEnd(p->scatter, X, p->ghost, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecGetArrayRead(p->ghost, &g));
    BlockRows(k, p->nblock, p->bi, p->bj, p->ba, g, y);
    PetscCall(VecRestoreArrayRead(p->ghost, &g));
  }
  PetscCall(VecRestoreArrayWrite(Y, &y));
  PetscCall(PetscLogFlops(18.0 * k * (p->ai[p->nblock] + (p->bi ? p->bi[p->nblock] : 0))));
  PetscFunctionReturn(0);
}

PetscErrorCode InmBlockProductDestroy(InmBlockProduct *bp)
{
  InmBlockProduct p = *bp;
  PetscInt        nrow;
  PetscBool       done;

  PetscFunctionBegin;
  if (!p) PetscFunctionReturn(0);
  if (p->k == 1) {
    PetscCall(PetscFree(*bp));
    PetscFunctionReturn(0);
  }
  PetscCall(MatSeqBAIJRestoreArray(p->Ad, (PetscScalar **)&p->aa));
  PetscCall(MatRestoreRowIJ(p->Ad, 0, PETSC_FALSE, PETSC_TRUE, &nrow, &p->ai, &p->aj, &done));
  if (p->Ao) {
    PetscCall(MatSeqBAIJRestoreArray(p->Ao, (PetscScalar **)&p->ba));
    PetscCall(MatRestoreRowIJ(p->Ao, 0, PETSC_FALSE, PETSC_TRUE, &nrow, &p->bi, &p->bj, &done));
    PetscCall(VecScatterDestroy(&p->scatter));
    PetscCall(VecDestroy(&p->ghost));
  }
  PetscCall(PetscFree(*bp));
  PetscFunctionReturn(0);
}
