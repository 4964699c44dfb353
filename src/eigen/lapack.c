/* Serial reference eigen-solver (SPEC §5): D gathered to rank 0 as a dense matrix,
 * LAPACK dsyevd (all pairs) or dsyevr (the nev lowest), then per mode
 *   omega_p = sign(lambda_p) sqrt|lambda_p|,  P_p (Eq. 6),  Gamma_p^c = (v_p . Xi~^c)^2
 * with all four projections from one DGEMM G = Xi~^T V (4 x nmodes). The result is
 * broadcast, so every rank of D's communicator holds it. Memory: the matrix, its
 * eigenvectors and dsyevd's workspace, about 2.2 (3N)^2 doubles, on one rank; a solve
 * that would not fit is refused before anything is allocated. */
#include <inmvisc/modes.h>
#include <lapacke.h>
#include <cblas.h>

static PetscErrorCode MemAvailableGiB(PetscReal *gib)
{
  FILE *fp = fopen("/proc/meminfo", "r");
  char  line[256];
  long  kb = -1;

  PetscFunctionBegin;
  *gib = PETSC_MAX_REAL;
  if (!fp) PetscFunctionReturn(0);
  while (fgets(line, sizeof(line), fp))
    if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1) break;
  fclose(fp);
  if (kb > 0) *gib = kb / (1024.0 * 1024.0);
  PetscFunctionReturn(0);
}

/* Gather the local rows of D into a dense column-major n x n array on rank 0: every rank
 * sends, for its rows in order, the number of entries, their columns and their values. */
static PetscErrorCode GatherDense(Mat D, PetscReal **dense)
{
  MPI_Comm     comm;
  PetscMPIInt  rank, size, cnt[2], *counts = NULL, *displs = NULL, *rcounts = NULL, *rdispls = NULL;
  PetscInt     n, rstart, rend, nnz = 0, *rowlen, *cols, *allrowlen = NULL, *allcols = NULL;
  PetscReal   *vals, *allvals = NULL;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)D, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MatGetSize(D, &n, NULL));
  PetscCall(MatGetOwnershipRange(D, &rstart, &rend));
  PetscCall(PetscMalloc1(rend - rstart, &rowlen));
  for (PetscInt r = rstart; r < rend; r++) {
    PetscInt nc;
    PetscCall(MatGetRow(D, r, &nc, NULL, NULL));
    rowlen[r - rstart] = nc; /* MatRestoreRow zeroes its count argument */
    nnz += nc;
    PetscCall(MatRestoreRow(D, r, &nc, NULL, NULL));
  }
  PetscCall(PetscMalloc2(nnz, &cols, nnz, &vals));
  for (PetscInt r = rstart, k = 0; r < rend; r++) {
    PetscInt           nc;
    const PetscInt    *c;
    const PetscScalar *v;
    PetscCall(MatGetRow(D, r, &nc, &c, &v));
    PetscCall(PetscArraycpy(cols + k, c, nc));
    PetscCall(PetscArraycpy(vals + k, v, nc));
    k += nc;
    PetscCall(MatRestoreRow(D, r, &nc, &c, &v));
  }
  PetscCall(PetscMPIIntCast(nnz, &cnt[0]));
  PetscCall(PetscMPIIntCast(rend - rstart, &cnt[1]));
  if (rank == 0) {
    PetscMPIInt *both;
    PetscInt     tot = 0, totr = 0;
    PetscCall(PetscMalloc1(2 * size, &both));
    PetscCall(PetscMalloc4(size, &counts, size, &displs, size, &rcounts, size, &rdispls));
    PetscCallMPI(MPI_Gather(cnt, 2, MPI_INT, both, 2, MPI_INT, 0, comm));
    for (PetscMPIInt p = 0; p < size; p++) {
      counts[p]  = both[2 * p];
      rcounts[p] = both[2 * p + 1];
      displs[p]  = (PetscMPIInt)tot;
      rdispls[p] = (PetscMPIInt)totr;
      tot += counts[p];
      totr += rcounts[p];
    }
    PetscCall(PetscFree(both));
    PetscCall(PetscMalloc3(tot, &allcols, tot, &allvals, n, &allrowlen));
  } else PetscCallMPI(MPI_Gather(cnt, 2, MPI_INT, NULL, 2, MPI_INT, 0, comm));
  PetscCallMPI(MPI_Gatherv(rowlen, cnt[1], MPIU_INT, allrowlen, rcounts, rdispls, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Gatherv(cols, cnt[0], MPIU_INT, allcols, counts, displs, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Gatherv(vals, cnt[0], MPIU_REAL, allvals, counts, displs, MPIU_REAL, 0, comm));
  if (rank == 0) {
    PetscCall(PetscCalloc1((size_t)n * n, dense));
    for (PetscInt r = 0, k = 0; r < n; r++)
      for (PetscInt e = 0; e < allrowlen[r]; e++, k++) (*dense)[(size_t)allcols[k] * n + r] = allvals[k];
    PetscCall(PetscFree3(allcols, allvals, allrowlen));
    PetscCall(PetscFree4(counts, displs, rcounts, rdispls));
  }
  PetscCall(PetscFree2(cols, vals));
  PetscCall(PetscFree(rowlen));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesSolveLapack(Mat D, Vec xi[INM_NCHANNEL], PetscInt nev, InmModes **out)
{
  MPI_Comm    comm;
  PetscMPIInt rank;
  PetscInt    n, nm;
  PetscReal   need, avail, maxgb = -1;
  PetscReal  *A = NULL, *X = NULL, *G = NULL, *w = NULL, *Z = NULL;
  InmModes   *m;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)D, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(MatGetSize(D, &n, NULL));
  nm = (nev > 0 && nev < n) ? nev : n;
  need = 2.2 * 8.0 * (PetscReal)n * (PetscReal)n / (1024.0 * 1024.0 * 1024.0);
  PetscCall(MemAvailableGiB(&avail));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-inm_max_memory_gb", &maxgb, NULL));
  if (maxgb > 0) avail = maxgb;
  PetscCheck(need <= avail, comm, PETSC_ERR_MEM, "dense LAPACK solve of n = %" PetscInt_FMT " needs about %.3g GiB on one rank, more than the %.3g GiB available; use -inm_solver slepc for the unstable branch, or a distributed dense solver on more ranks", n, (double)need, (double)avail);

  PetscCall(PetscLogEventBegin(INM_EVENTS.eigen, 0, 0, 0, 0));
  PetscCall(GatherDense(D, &A));
  /* Xi~ of every channel as the columns of an n x 4 matrix on rank 0 */
  if (rank == 0) PetscCall(PetscMalloc1((size_t)n * INM_NCHANNEL, &X));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) {
    VecScatter         sc;
    Vec                z;
    const PetscScalar *a;
    PetscCall(VecScatterCreateToZero(xi[c], &sc, &z));
    PetscCall(VecScatterBegin(sc, xi[c], z, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(sc, xi[c], z, INSERT_VALUES, SCATTER_FORWARD));
    if (rank == 0) {
      PetscCall(VecGetArrayRead(z, &a));
      PetscCall(PetscArraycpy(X + (size_t)c * n, a, n));
      PetscCall(VecRestoreArrayRead(z, &a));
    }
    PetscCall(VecScatterDestroy(&sc));
    PetscCall(VecDestroy(&z));
  }
  PetscCall(InmModesCreate(n / 3, nm, &m));
  if (rank == 0) {
    lapack_int info, found = 0;
    PetscCall(PetscMalloc1(n, &w));
    if (nm == n) {
      info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)n, A, (lapack_int)n, w);
      Z    = A;
    } else {
      lapack_int *isuppz;
      PetscCall(PetscMalloc1((size_t)n * nm, &Z));
      PetscCall(PetscMalloc1(2 * nm, &isuppz));
      info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'U', (lapack_int)n, A, (lapack_int)n, 0, 0, 1, (lapack_int)nm, 0.0, &found, w, Z, (lapack_int)n, isuppz);
      PetscCall(PetscFree(isuppz));
    }
    PetscCheck(info == 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK %s failed with info = %d", nm == n ? "dsyevd" : "dsyevr", (int)info);
    PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));
    PetscCall(PetscLogEventBegin(INM_EVENTS.modes, 0, 0, 0, 0));
    /* G = X^T Z: the projection of every eigenvector on every affine channel */
    PetscCall(PetscMalloc1((size_t)INM_NCHANNEL * nm, &G));
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, INM_NCHANNEL, (int)nm, (int)n, 1.0, X, (int)n, Z, (int)n, 0.0, G, INM_NCHANNEL);
    for (PetscInt p = 0; p < nm; p++) {
      m->lambda[p]        = w[p];
      m->omega[p]         = w[p] < 0 ? -PetscSqrtReal(-w[p]) : PetscSqrtReal(w[p]);
      m->participation[p] = InmParticipationRatio(n / 3, Z + (size_t)p * n);
      for (PetscInt c = 0; c < INM_NCHANNEL; c++) m->gamma[c][p] = G[INM_NCHANNEL * p + c] * G[INM_NCHANNEL * p + c];
    }
    PetscCall(PetscLogEventEnd(INM_EVENTS.modes, 0, 0, 0, 0));
    if (Z != A) PetscCall(PetscFree(Z));
    PetscCall(PetscFree(w));
    PetscCall(PetscFree(G));
    PetscCall(PetscFree(X));
    PetscCall(PetscFree(A));
  } else PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));
  PetscCallMPI(MPI_Bcast(m->lambda, nm, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast(m->omega, nm, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast(m->participation, nm, MPIU_REAL, 0, comm));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCallMPI(MPI_Bcast(m->gamma[c], nm, MPIU_REAL, 0, comm));
  *out = m;
  PetscFunctionReturn(0);
}
