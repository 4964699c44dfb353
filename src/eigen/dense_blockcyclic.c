/* Distributed dense eigen-solvers of the dynamical matrix: ScaLAPACK pdsyevd / pdsyevr and
 * ELPA (1- and 2-stage) on a 2-D block-cyclic layout (SPEC §5).
 *   nev: the nev lowest pairs only (ELPA's nev; pdsyevr with RANGE = 'I'); pdsyevd always
 *   computes all of them, so a partial request with -inm_scalapack_driver evd is refused.
 *   Layout: global row g lives on process row (g / nb) mod nprow, at local row
 *   (g / (nb nprow)) nb + g mod nb; columns likewise. nb = 3k keeps an atom's rows together.
 *   Fill: each process asks the block generator for the block rows of the atoms whose rows it
 *   owns and keeps the 3x3 blocks of the columns it owns (no communication).
 *   Per mode p (a global column of the eigenvector matrix Z): the local rows give partial
 *   sums of |e_i|^2, |e_i|^4 (P, Eq. 6) and of Xi~ . z (Gamma); they are summed over the
 *   process column and then shared, so no eigenvector is ever gathered. */
#include <inmvisc/eigen.h>
#include <elpa/elpa.h>

extern int  Csys2blacs_handle(MPI_Comm comm);
extern void Cblacs_gridinit(int *ctxt, const char *order, int nprow, int npcol);
extern void Cblacs_gridinfo(int ctxt, int *nprow, int *npcol, int *myrow, int *mycol);
extern void Cblacs_gridexit(int ctxt);
extern void Cfree_blacs_system_handle(int handle);
extern int  numroc_(const int *n, const int *nb, const int *iproc, const int *isrc, const int *nprocs);
extern void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb, const int *irsrc, const int *icsrc, const int *ctxt, const int *lld, int *info);
extern void pdsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *ia, const int *ja, const int *desca, const double *vl, const double *vu, const int *il, const int *iu, int *m, int *nz, double *w, double *z, const int *iz, const int *jz, const int *descz, double *work, const int *lwork, int *iwork, const int *liwork, int *info);
extern void pdsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *ia, const int *ja, const int *desca, double *w, double *z, const int *iz, const int *jz, const int *descz, double *work, const int *lwork, int *iwork, const int *liwork, int *info);

typedef struct {
  int        handle, ctxt, nprow, npcol, myrow, mycol, n, nb, mloc, nloc, desc[9];
  PetscReal *a, *xi; /* local matrix (column-major, lld = mloc); Xi~ of the local rows [4][mloc] */
} BlockCyclic;

static inline int LocalIndex(int g, int nb, int np) { return (g / (nb * np)) * nb + g % nb; }
static inline int Owner(int g, int nb, int np) { return (g / nb) % np; }

static PetscErrorCode FillRow(void *ctx, const InmBlockRow *row)
{
  BlockCyclic *bc = (BlockCyclic *)ctx;
  const int    gi = 3 * (int)row->row, li = LocalIndex(gi, bc->nb, bc->nprow);

  PetscFunctionBegin;
  for (PetscInt k = 0; k < row->n; k++) {
    const int gj = 3 * (int)row->col[k];
    if (Owner(gj, bc->nb, bc->npcol) != bc->mycol) continue;
    const int lj = LocalIndex(gj, bc->nb, bc->npcol);
    for (int a = 0; a < 3; a++)
      for (int b = 0; b < 3; b++) bc->a[(size_t)(lj + b) * bc->mloc + li + a] = row->blk[9 * k + 3 * a + b];
  }
  for (int c = 0; c < INM_NCHANNEL; c++)
    for (int a = 0; a < 3; a++) bc->xi[(size_t)c * bc->mloc + li + a] = row->xi[c][a];
  PetscFunctionReturn(0);
}

/* Refuse a solve whose matrix, eigenvectors and workspace (~2.5 n^2 doubles over all ranks)
 * would not fit in the memory of the node's ranks. */
static PetscErrorCode CheckMemory(MPI_Comm comm, const InmEigenOptions *o, int n, const char solver[])
{
  MPI_Comm    node;
  PetscMPIInt size, nodesize;
  PetscReal   need, avail;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  PetscCallMPI(MPI_Comm_size(node, &nodesize));
  PetscCallMPI(MPI_Comm_free(&node));
  PetscCall(InmEigenOptionsMemoryGiB(o, &avail));
  need = 2.5 * 8.0 * (PetscReal)n * n / size * nodesize / (1024.0 * 1024.0 * 1024.0);
  PetscCheck(need <= avail, comm, PETSC_ERR_MEM, "dense %s solve of n = %d needs about %.3g GiB on this node (%d of %d ranks), more than the %.3g GiB available; use more nodes, or -inm_solver slepc for the unstable branch only", solver, n, (double)need, (int)nodesize, (int)size, (double)avail);
  PetscFunctionReturn(0);
}

/* ScaLAPACK: pdsyevd (all pairs, divide and conquer) or pdsyevr (MRRR, the nm lowest). */
static PetscErrorCode SolveScalapack(MPI_Comm comm, BlockCyclic *bc, PetscBool evr, int nm, PetscReal *w, PetscReal *z)
{
  const int one = 1;
  double    wq, vl = 0, vu = 0;
  int       iwq, lwork = -1, liwork = -1, *iwork, info = 0, found = 0, nz = 0;
  double   *work;

  PetscFunctionBegin;
  for (int pass = 0; pass < 2; pass++) { /* workspace query, then the solve */
    if (pass) {
      lwork  = (int)wq + 1;
      liwork = PetscMax(iwq, 1);
      PetscCall(PetscMalloc2(lwork, &work, liwork, &iwork));
    }
    if (evr) pdsyevr_("V", "I", "U", &bc->n, bc->a, &one, &one, bc->desc, &vl, &vu, &one, &nm, &found, &nz, w, z, &one, &one, bc->desc, pass ? work : &wq, &lwork, pass ? iwork : &iwq, &liwork, &info);
    else pdsyevd_("V", "U", &bc->n, bc->a, &one, &one, bc->desc, w, z, &one, &one, bc->desc, pass ? work : &wq, &lwork, pass ? iwork : &iwq, &liwork, &info);
    if (pass) PetscCall(PetscFree2(work, iwork));
    PetscCheck(info == 0, comm, PETSC_ERR_LIB, "ScaLAPACK %s failed (info %d)", evr ? "pdsyevr" : "pdsyevd", info);
  }
  PetscCheck(!evr || (found == nm && nz == nm), comm, PETSC_ERR_LIB, "ScaLAPACK pdsyevr returned %d eigenvalues and %d eigenvectors of the %d asked for", found, nz, nm);
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesSolveDense(MPI_Comm comm, InmHessianGenerator *gen, const InmEigenOptions *eo, InmModes **out)
{
  BlockCyclic     bc;
  PetscMPIInt     size;
  PetscInt        natoms = gen->cfg->n, nrows = 0, *rows, nev = eo->nev;
  PetscBool       scalapack, elpa1, elpa2, evr = PETSC_FALSE;
  const char     *solver = eo->type;
  InmDenseOptions o = eo->dense;
  int             nm;
  PetscReal      *w, *z, *sums;
  int             zero = 0, info;
  InmModes       *m;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(solver, "scalapack", &scalapack));
  PetscCall(PetscStrcmp(solver, "elpa1", &elpa1));
  PetscCall(PetscStrcmp(solver, "elpa2", &elpa2));
  PetscCheck(scalapack || elpa1 || elpa2, comm, PETSC_ERR_USER_INPUT, "dense solver '%s' is not known (scalapack, elpa1, elpa2)", solver);
  PetscCall(PetscMemzero(&bc, sizeof(bc)));
  bc.n  = (int)(3 * natoms);
  bc.nb = (int)o.block;
  nm    = (nev > 0 && nev < bc.n) ? (int)nev : bc.n;
  if (scalapack) { /* pdsyevd unless asked otherwise or unless only some pairs are wanted */
    PetscCheck(!(nm < bc.n && o.driver == INM_SCALAPACK_EVD), comm, PETSC_ERR_USER_INPUT, "-inm_nev %d: pdsyevd computes all pairs; use -inm_scalapack_driver evr for a part", nm);
    evr = (PetscBool)(o.driver == INM_SCALAPACK_EVR || nm < bc.n);
  }
  PetscCall(CheckMemory(comm, eo, bc.n, solver));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  for (bc.nprow = (int)PetscSqrtReal((PetscReal)size); size % bc.nprow; bc.nprow--) { }
  bc.npcol  = size / bc.nprow;
  bc.handle = Csys2blacs_handle(comm);
  bc.ctxt   = bc.handle;
  Cblacs_gridinit(&bc.ctxt, "C", bc.nprow, bc.npcol);
  Cblacs_gridinfo(bc.ctxt, &bc.nprow, &bc.npcol, &bc.myrow, &bc.mycol);
  bc.mloc = numroc_(&bc.n, &bc.nb, &bc.myrow, &zero, &bc.nprow);
  bc.nloc = numroc_(&bc.n, &bc.nb, &bc.mycol, &zero, &bc.npcol);
  {
    int lld = PetscMax(1, bc.mloc);
    descinit_(bc.desc, &bc.n, &bc.n, &bc.nb, &bc.nb, &zero, &zero, &bc.ctxt, &lld, &info);
    PetscCheck(info == 0, comm, PETSC_ERR_LIB, "ScaLAPACK descinit failed (info %d)", info);
  }
  PetscCall(PetscCalloc1((size_t)bc.mloc * bc.nloc + 1, &bc.a));
  PetscCall(PetscCalloc1((size_t)INM_NCHANNEL * bc.mloc + 1, &bc.xi));
  PetscCall(PetscCalloc1((size_t)bc.mloc * bc.nloc + 1, &z));
  PetscCall(PetscMalloc1(bc.n, &w));
  /* the atoms whose rows this process row owns */
  PetscCall(PetscMalloc1(natoms, &rows));
  for (PetscInt i = 0; i < natoms; i++)
    if (Owner(3 * (int)i, bc.nb, bc.nprow) == bc.myrow) rows[nrows++] = i;
  PetscCall(InmHessianGeneratorRows(gen, nrows, rows, FillRow, &bc));
  PetscCall(PetscFree(rows));

  PetscCall(PetscLogEventBegin(INM_EVENTS.eigen, 0, 0, 0, 0));
  if (scalapack) {
    PetscCall(SolveScalapack(comm, &bc, evr, nm, w, z));
  } else {
    elpa_t e;
    int    err;
    PetscCheck(elpa_init(20221109) == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA: API version 20221109 not supported by the installed library");
    e = elpa_allocate(&err);
    PetscCheck(err == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA: allocation failed");
    {
      const struct {
        const char *name;
        int         value;
      } set[] = {
        {"na",              (int)bc.n                },
        {"nev",             (int)nm                  },
        {"local_nrows",     (int)bc.mloc             },
        {"local_ncols",     (int)bc.nloc             },
        {"nblk",            (int)bc.nb               },
        {"mpi_comm_parent", (int)MPI_Comm_c2f(comm)  },
        {"process_row",     (int)bc.myrow            },
        {"process_col",     (int)bc.mycol            },
      };
      for (size_t k = 0; k < sizeof(set) / sizeof(set[0]); k++) {
        elpa_set_integer(e, set[k].name, set[k].value, &err);
        PetscCheck(err == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA: cannot set %s = %d (%s)", set[k].name, set[k].value, elpa_strerr(err));
      }
    }
    PetscCheck(elpa_setup(e) == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA: setup failed");
    elpa_set_integer(e, "solver", elpa1 ? ELPA_SOLVER_1STAGE : ELPA_SOLVER_2STAGE, &err);
    PetscCheck(err == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA: cannot select the %s solver", solver);
    elpa_eigenvectors_a_h_a_d(e, bc.a, w, z, &err);
    PetscCheck(err == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA %s eigen-solve failed (error %d)", solver, err);
    /* ELPA returns the nm lowest pairs first */
    elpa_deallocate(e, &err);
    PetscCheck(err == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA: deallocation failed (%s)", elpa_strerr(err));
    elpa_uninit(&err);
    PetscCheck(err == ELPA_OK, comm, PETSC_ERR_LIB, "ELPA: uninit failed (%s)", elpa_strerr(err));
  }
  PetscCall(PetscLogEventEnd(INM_EVENTS.eigen, 0, 0, 0, 0));

  /* per global column: s2, s4 and the 4 projections, from the local rows */
  PetscCall(PetscLogEventBegin(INM_EVENTS.modes, 0, 0, 0, 0));
  PetscCall(PetscCalloc1((size_t)(2 + INM_NCHANNEL) * bc.n, &sums));
  for (int lc = 0; lc < bc.nloc; lc++) {
    const int        gc = (lc / bc.nb) * bc.nb * bc.npcol + bc.mycol * bc.nb + lc % bc.nb;
    const PetscReal *zc = z + (size_t)lc * bc.mloc;
    PetscReal       *s  = sums + (size_t)(2 + INM_NCHANNEL) * gc;
    if (gc >= nm) continue; /* a column beyond the pairs asked for holds no eigenvector */
    for (int lr = 0; lr < bc.mloc; lr += 3) {
      const PetscReal e2 = zc[lr] * zc[lr] + zc[lr + 1] * zc[lr + 1] + zc[lr + 2] * zc[lr + 2];
      s[0] += e2;
      s[1] += e2 * e2;
    }
    for (int c = 0; c < INM_NCHANNEL; c++) {
      const PetscReal *x = bc.xi + (size_t)c * bc.mloc;
      for (int lr = 0; lr < bc.mloc; lr++) s[2 + c] += x[lr] * zc[lr];
    }
  }
  /* every column's partial sums live on one process column: a sum over all ranks both
   * completes them (over process rows) and shares them */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sums, (2 + INM_NCHANNEL) * nm, MPIU_REAL, MPI_SUM, comm));
  PetscCall(InmModesCreate(natoms, nm, &m));
  for (int p = 0; p < nm; p++) {
    const PetscReal *s = sums + (size_t)(2 + INM_NCHANNEL) * p;
    InmModesSetMode(m, p, w[p], s[0], s[1], s + 2, 1.0);
  }
  /* eigenvectors asked for: column gc's rows live on its process column; a sum over all
   * ranks of the locally held entries (zero elsewhere) assembles each on every rank */
  PetscCall(InmModesRequestVectors(comm, eo, m));
  if (m->nvec) {
    PetscReal *v;
    PetscCall(PetscMalloc1(bc.n, &v));
    for (PetscInt k = 0; k < m->nvec; k++) {
      const int gc = (int)m->vec_index[k];
      PetscCall(PetscArrayzero(v, bc.n));
      if (Owner(gc, bc.nb, bc.npcol) == bc.mycol) {
        const PetscReal *zc = z + (size_t)LocalIndex(gc, bc.nb, bc.npcol) * bc.mloc;
        for (int lr = 0; lr < bc.mloc; lr++) v[(lr / bc.nb) * bc.nb * bc.nprow + bc.myrow * bc.nb + lr % bc.nb] = zc[lr];
      }
      PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, v, bc.n, MPIU_REAL, MPI_SUM, comm));
      PetscCall(InmModesStoreVector(m, k, v));
    }
    PetscCall(PetscFree(v));
  }
  PetscCall(PetscLogEventEnd(INM_EVENTS.modes, 0, 0, 0, 0));
  PetscCall(PetscFree(sums));
  PetscCall(PetscFree(w));
  PetscCall(PetscFree(z));
  PetscCall(PetscFree(bc.a));
  PetscCall(PetscFree(bc.xi));
  Cblacs_gridexit(bc.ctxt);
  Cfree_blacs_system_handle(bc.handle);
  *out = m;
  PetscFunctionReturn(0);
}
