/* Test helpers and the finite-difference routes the physics tests compare against. */
#include "testlib.h"
#include <stdarg.h>

static PetscInt inm_passed = 0, inm_failed = 0;

PetscErrorCode InmTestBegin(int *argc, char ***argv)
{
  PetscFunctionBegin;
  PetscCall(InmInitialize(argc, argv, NULL));
  PetscFunctionReturn(0);
}

void InmTestRecord(PetscBool ok, const char *file, int line, const char *fmt, ...)
{
  char    msg[1024];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (ok) inm_passed++;
  else inm_failed++;
  if (!ok) fprintf(stderr, "FAIL %s:%d: %s\n", file, line, msg);
  else {
    PetscMPIInt rank = 0;
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    if (rank == 0) printf("ok   %s\n", msg);
  }
  fflush(stdout);
}

int InmTestEnd(void)
{
  PetscInt    counts[2] = {inm_passed, inm_failed}, total[2];
  PetscMPIInt rank;

  MPI_Allreduce(counts, total, 2, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD);
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank == 0) printf("%" PetscInt_FMT " passed, %" PetscInt_FMT " failed\n", total[0], total[1]);
  if (InmFinalize()) return 2;
  return (total[1] > 0 || total[0] == 0) ? 1 : 0;
}

PetscReal InmMaxRelDiff(PetscInt n, const PetscReal a[], const PetscReal b[])
{
  PetscReal dmax = 0, bmax = 0;
  for (PetscInt k = 0; k < n; k++) {
    dmax = PetscMax(dmax, PetscAbsReal(a[k] - b[k]));
    bmax = PetscMax(bmax, PetscAbsReal(b[k]));
  }
  return bmax > 0 ? dmax / bmax : dmax;
}

typedef struct {
  PetscInt   n;
  PetscReal *H;                    /* dense 3N x 3N, row-major */
  PetscReal *xi[INM_NCHANNEL];     /* 3N each */
} DenseH;

static PetscErrorCode DenseHRow(void *ctx, const InmBlockRow *row)
{
  DenseH        *h = (DenseH *)ctx;
  const PetscInt n3 = 3 * h->n, i = row->row;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < row->n; k++)
    for (PetscInt a = 0; a < 3; a++)
      for (PetscInt b = 0; b < 3; b++) h->H[(3 * i + a) * n3 + 3 * row->col[k] + b] = row->blk[9 * k + 3 * a + b];
  for (PetscInt c = 0; c < INM_NCHANNEL; c++)
    for (PetscInt a = 0; a < 3; a++) h->xi[c][3 * i + a] = row->xi[c][a];
  PetscFunctionReturn(0);
}

/* Analytic H (not mass weighted) and Xi of every atom, dense. */
static PetscErrorCode DenseHCreate(InmPotential pot, InmConfig *cfg, DenseH *h)
{
  InmHessianGenerator *gen;
  PetscInt            *rows;

  PetscFunctionBegin;
  h->n = cfg->n;
  PetscCall(PetscCalloc1(9 * cfg->n * cfg->n, &h->H));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscCalloc1(3 * cfg->n, &h->xi[c]));
  PetscCall(PetscMalloc1(cfg->n, &rows));
  for (PetscInt i = 0; i < cfg->n; i++) rows[i] = i;
  PetscCall(InmHessianGeneratorCreate(cfg, pot, PETSC_FALSE, &gen));
  PetscCall(InmHessianGeneratorRows(gen, cfg->n, rows, DenseHRow, h));
  PetscCall(InmHessianGeneratorDestroy(&gen));
  PetscCall(PetscFree(rows));
  PetscFunctionReturn(0);
}

static PetscErrorCode DenseHDestroy(DenseH *h)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(h->H));
  for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(PetscFree(h->xi[c]));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTestHessianFD(InmPotential pot, InmConfig *cfg, PetscReal h, PetscReal *relerr, PetscReal *asym, PetscReal *rowsum)
{
  DenseH         dh;
  const PetscInt n3 = 3 * cfg->n;
  PetscReal     *fp, *fm, hmax = 0, emax = 0, amax = 0, smax = 0;
  InmConfig     *c;

  PetscFunctionBegin;
  PetscCall(DenseHCreate(pot, cfg, &dh));
  PetscCall(InmConfigDuplicate(cfg, &c));
  PetscCall(PetscMalloc2(n3, &fp, n3, &fm));
  for (PetscInt k = 0; k < n3 * n3; k++) hmax = PetscMax(hmax, PetscAbsReal(dh.H[k]));
  for (PetscInt col = 0; col < n3; col++) {
    const PetscReal x0 = c->x[col];
    c->x[col]          = x0 + h;
    PetscCall(InmPotentialCompute(pot, c, NULL, fp, NULL));
    c->x[col] = x0 - h;
    PetscCall(InmPotentialCompute(pot, c, NULL, fm, NULL));
    c->x[col] = x0;
    /* H_{row,col} = d^2E/dx_row dx_col = -d f_row / d x_col */
    for (PetscInt row = 0; row < n3; row++) emax = PetscMax(emax, PetscAbsReal(dh.H[row * n3 + col] + (fp[row] - fm[row]) / (2 * h)));
  }
  for (PetscInt r = 0; r < n3; r++) {
    PetscReal s[3] = {0, 0, 0};
    for (PetscInt q = 0; q < n3; q++) amax = PetscMax(amax, PetscAbsReal(dh.H[r * n3 + q] - dh.H[q * n3 + r]));
    for (PetscInt q = 0; q < n3; q++) s[q % 3] += dh.H[r * n3 + q];
    smax = PetscMax(smax, PetscMax(PetscAbsReal(s[0]), PetscMax(PetscAbsReal(s[1]), PetscAbsReal(s[2]))));
  }
  *relerr = emax / hmax;
  if (asym) *asym = amax / hmax;
  if (rowsum) *rowsum = smax / hmax;
  PetscCall(PetscFree2(fp, fm));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(DenseHDestroy(&dh));
  PetscFunctionReturn(0);
}

/* Apply r -> origin + F (r - origin), cell -> F cell with F = I + s G for channel c. */
static PetscErrorCode DeformAffine(const InmConfig *in, InmChannel ch, PetscReal s, InmConfig **out)
{
  PetscReal  F[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  InmConfig *c;

  PetscFunctionBegin;
  switch (ch) {
  case INM_CHANNEL_XY: F[0][1] = s; break;
  case INM_CHANNEL_XZ: F[0][2] = s; break;
  case INM_CHANNEL_YZ: F[1][2] = s; break;
  default: F[0][0] = F[1][1] = F[2][2] = 1 + s; break;
  }
  PetscCall(InmConfigDuplicate(in, &c));
  for (PetscInt i = 0; i < c->n; i++) {
    PetscReal d[3];
    for (PetscInt a = 0; a < 3; a++) d[a] = in->x[3 * i + a] - in->box.origin[a];
    for (PetscInt a = 0; a < 3; a++) c->x[3 * i + a] = in->box.origin[a] + F[a][0] * d[0] + F[a][1] * d[1] + F[a][2] * d[2];
  }
  for (PetscInt k = 0; k < 3; k++)
    for (PetscInt a = 0; a < 3; a++) c->box.cell[k][a] = F[a][0] * in->box.cell[k][0] + F[a][1] * in->box.cell[k][1] + F[a][2] * in->box.cell[k][2];
  PetscCall(InmBoxSetUp(&c->box));
  *out = c;
  PetscFunctionReturn(0);
}

PetscErrorCode InmTestAffineFD(InmPotential pot, InmConfig *cfg, InmChannel ch, PetscReal h, PetscReal *relerr)
{
  DenseH     dh;
  InmConfig *cp, *cm;
  PetscReal *fp, *fm, *fd;
  PetscInt   n3 = 3 * cfg->n;

  PetscFunctionBegin;
  PetscCall(DenseHCreate(pot, cfg, &dh));
  PetscCall(PetscMalloc3(n3, &fp, n3, &fm, n3, &fd));
  PetscCall(DeformAffine(cfg, ch, h, &cp));
  PetscCall(DeformAffine(cfg, ch, -h, &cm));
  PetscCall(InmPotentialCompute(pot, cp, NULL, fp, NULL));
  PetscCall(InmPotentialCompute(pot, cm, NULL, fm, NULL));
  for (PetscInt k = 0; k < n3; k++) fd[k] = (fp[k] - fm[k]) / (2 * h);
  *relerr = InmMaxRelDiff(n3, dh.xi[ch], fd);
  PetscCall(InmConfigDestroy(&cp));
  PetscCall(InmConfigDestroy(&cm));
  PetscCall(PetscFree3(fp, fm, fd));
  PetscCall(DenseHDestroy(&dh));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTestMinCutoffGap(InmPotential pot, InmConfig *cfg, PetscReal rc, PetscReal *gap)
{
  InmNeighborList *nl;
  PetscReal        g = PETSC_MAX_REAL;

  PetscFunctionBegin;
  PetscCall(InmNeighborListBuild(cfg, PetscMax(pot->cutoff, rc) * 1.05, 0, &nl));
  for (PetscInt k = 0; k < nl->start[nl->n]; k++) g = PetscMin(g, PetscAbsReal(nl->r[k] - rc));
  PetscCall(InmNeighborListDestroy(&nl));
  *gap = g;
  PetscFunctionReturn(0);
}

static PetscReal Uniform(unsigned *s)
{
  *s = *s * 1103515245u + 12345u;
  return ((*s >> 8) & 0xFFFFFF) / (PetscReal)0x1000000;
}

PetscErrorCode InmTestFCC(PetscInt n, PetscReal a, PetscReal jitter, PetscReal tilt, PetscReal frac_b, unsigned seed, InmConfig **out)
{
  const PetscReal basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  const PetscInt  N = 4 * n * n * n;
  const PetscReal L = a * n, lo[3] = {0, 0, 0}, hi[3] = {L, L, L};
  InmConfig      *c;
  PetscInt        nb = (PetscInt)PetscFloorReal(frac_b * N + 0.5), *order;

  PetscFunctionBegin;
  PetscCall(InmConfigCreate(N, PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, &c));
  PetscCall(InmBoxFromLammps(lo, hi, tilt * L, tilt * L, tilt * L, &c->box));
  c->ntypes       = nb > 0 ? 2 : 1;
  c->type_mass[1] = c->type_mass[2] = 1.0;
  PetscCall(PetscStrncpy(c->units, "lj", sizeof(c->units)));
  PetscCall(PetscStrncpy(c->source, "fcc-test-lattice", sizeof(c->source)));
  for (PetscInt k = 0, i = 0; k < n; k++)
    for (PetscInt j = 0; j < n; j++)
      for (PetscInt l = 0; l < n; l++)
        for (PetscInt b = 0; b < 4; b++, i++) {
          PetscReal s[3] = {(l + basis[b][0]) / n, (j + basis[b][1]) / n, (k + basis[b][2]) / n};
          InmBoxToCartesian(&c->box, s, c->x + 3 * i);
          for (PetscInt d = 0; d < 3; d++) c->x[3 * i + d] += jitter * (2 * Uniform(&seed) - 1);
          c->id[i]   = i + 1;
          c->type[i] = 1;
          c->mass[i] = 1.0;
        }
  PetscCall(PetscMalloc1(N, &order));
  for (PetscInt i = 0; i < N; i++) order[i] = i;
  for (PetscInt i = N - 1; i > 0; i--) { /* Fisher-Yates */
    PetscInt j = (PetscInt)(Uniform(&seed) * (i + 1)), t = order[i];
    if (j > i) j = i;
    order[i] = order[j];
    order[j] = t;
  }
  for (PetscInt k = 0; k < nb; k++) c->type[order[k]] = 2;
  PetscCall(PetscFree(order));
  *out = c;
  PetscFunctionReturn(0);
}

static char inm_captured[4096];

static PetscErrorCode CaptureHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL && !inm_captured[0] && mess) snprintf(inm_captured, sizeof(inm_captured), "%s", mess);
  return n;
}

PetscErrorCode InmTestErrorBegin(void)
{
  inm_captured[0] = '\0';
  return PetscPushErrorHandler(CaptureHandler, NULL);
}

const char *InmTestErrorEnd(void)
{
  (void)PetscPopErrorHandler();
  return inm_captured;
}

PetscErrorCode InmTestCompareWithLammps(InmLammps lmp, InmPotential pot, PetscReal tol, const char *tag)
{
  InmConfig *c;
  PetscReal  e, el, W[6], Wl[6], *f, *fl;

  PetscFunctionBegin;
  PetscCall(InmLammpsGetConfig(lmp, &c));
  PetscCall(PetscMalloc2(3 * c->n, &f, 3 * c->n, &fl));
  PetscCall(InmLammpsEnergyForcesVirial(lmp, &el, fl, Wl));
  PetscCall(InmPotentialCompute(pot, c, &e, f, W));
  INM_TEST(PetscAbsReal(e - el) < tol * PetscAbsReal(el), "%s: energy %.15g vs LAMMPS %.15g (rel %.1e)", tag, (double)e, (double)el, (double)PetscAbsReal((e - el) / el));
  INM_TEST(InmMaxRelDiff(3 * c->n, f, fl) < tol, "%s: forces, max rel diff %.1e", tag, (double)InmMaxRelDiff(3 * c->n, f, fl));
  INM_TEST(InmMaxRelDiff(6, W, Wl) < tol, "%s: virial, max rel diff %.1e", tag, (double)InmMaxRelDiff(6, W, Wl));
  PetscCall(PetscFree2(f, fl));
  PetscCall(InmConfigDestroy(&c));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTestQuickLiquid(MPI_Comm comm, InmPotential pot, PetscInt natoms, PetscReal density, PetscReal Tm, PetscReal T, PetscInt steps, PetscInt seed, InmConfig **cfg)
{
  InmLammps lmp;

  PetscFunctionBegin;
  PetscCall(InmLammpsOpen(comm, &lmp));
  PetscCall(InmLammpsQuickLiquid(lmp, pot, natoms, density, Tm, T, steps, seed));
  PetscCall(InmLammpsGetConfig(lmp, cfg));
  PetscCall(InmLammpsClose(&lmp));
  PetscFunctionReturn(0);
}

PetscReal InmTestClassSum(const InmModes *m, PetscInt c, PetscReal lo, PetscReal hi)
{
  PetscReal s = 0;
  for (PetscInt p = 0; p < m->nmodes; p++)
    if (m->lambda[p] >= lo && m->lambda[p] < hi) s += m->gamma[c][p] / (m->lambda[p] * m->lambda[p]);
  return s;
}

PetscErrorCode InmTestKALiquidCreate(PetscInt natoms, InmTestKALiquid *t)
{
  PetscFunctionBegin;
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &t->pot));
  PetscCall(InmTestQuickLiquid(PETSC_COMM_WORLD, t->pot, natoms, 1.2, 3.0, 1.0, 1000, 17, &t->c));
  PetscCall(InmHessianGeneratorCreate(t->c, t->pot, PETSC_TRUE, &t->gen));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, t->gen, PETSC_DECIDE, &t->D, t->xi));
  PetscCall(InmModesSolveLapack(t->D, t->xi, NULL, &t->full));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTestKALiquidDestroy(InmTestKALiquid *t)
{
  PetscFunctionBegin;
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) PetscCall(VecDestroy(&t->xi[ch]));
  PetscCall(MatDestroy(&t->D));
  PetscCall(InmModesDestroy(&t->full));
  PetscCall(InmHessianGeneratorDestroy(&t->gen));
  PetscCall(InmConfigDestroy(&t->c));
  PetscCall(InmPotentialDestroy(&t->pot));
  PetscFunctionReturn(0);
}
