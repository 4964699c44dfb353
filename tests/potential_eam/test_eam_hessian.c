/* EAM Hessian against central finite differences of our own forces on the real table
 * (CuZr eam/fs, a 432-atom liquid made by LAMMPS, box 19.4 A > 2 x 7.6 A). The affine force
 * field is checked on a smooth table (test_eam_smooth_fd.c): a strain moves every pair, so a
 * step below the knot gap / cutoff (~3e-9) leaves round-off (~4e-6) above the tolerance.
 * Step: LAMMPS's setfl splines are only C1: their second derivative jumps at every knot
 * (dr = 7.6e-4 A), by ~1e-4 of max|H| here. A central difference whose step straddles a
 * knot averages the two sides and is wrong by that much (measured: 1.1e-4 at h = 1e-6,
 * 1.4e-7 at h = 1e-8), while the analytic H is the exact derivative of the interpolated
 * forces on each side. As for a sharp cutoff (SPEC §4), the step is therefore chosen below
 * the smallest distance of any pair distance to a knot: h = 0.4 gap. The density
 * knots (drho = 0.03) are ~1e4 times farther than such steps move any rho_i.
 * Round-off, eps |f| / h, stays below 1e-7 of max|H| for h >= 1e-9.
 * The second-neighbour (embedding) blocks must be there: blocks between atoms farther apart
 * than the cutoff are counted and some must be non-zero (those whose connecting density
 * derivatives vanish, e.g. where rho(r) is flat near the cutoff, are exactly zero). */
#include "testlib.h"

typedef struct {
  const InmConfig *c;
  PetscReal        cut;
  PetscInt         far, farnz;
} FarCount;

static PetscErrorCode CountFar(void *ctx, const InmBlockRow *row)
{
  FarCount *fc = (FarCount *)ctx;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < row->n; k++) {
    PetscReal d[3], s[3], r = 0, nrm = 0;
    for (PetscInt a = 0; a < 3; a++) d[a] = fc->c->x[3 * row->col[k] + a] - fc->c->x[3 * row->row + a];
    for (PetscInt a = 0; a < 3; a++) s[a] = fc->c->box.inv[a][0] * d[0] + fc->c->box.inv[a][1] * d[1] + fc->c->box.inv[a][2] * d[2];
    for (PetscInt a = 0; a < 3; a++) s[a] -= PetscFloorReal(s[a] + 0.5);
    for (PetscInt a = 0; a < 3; a++) {
      PetscReal x = s[0] * fc->c->box.cell[0][a] + s[1] * fc->c->box.cell[1][a] + s[2] * fc->c->box.cell[2][a];
      r += x * x;
    }
    for (PetscInt a = 0; a < 9; a++) nrm += PetscAbsReal(row->blk[9 * k + a]);
    if (PetscSqrtReal(r) > fc->cut) {
      fc->far++;
      if (nrm > 0) fc->farnz++;
    }
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char          *el[2] = {"Cu", "Zr"};
  InmPotential         pot;
  InmLammps            lmp;
  InmConfig           *c;
  PetscReal            err, asym, rowsum, gap, h;
  InmHessianGenerator *gen;
  FarCount             fc = {0};
  PetscInt            *rows;
  PetscLogDouble       t0, t1;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, el, &pot));
  PetscCall(InmLammpsOpen(PETSC_COMM_SELF, &lmp));
  PetscCall(InmLammpsQuickLiquid(lmp, pot, 432, 0, 3000, 1500, 300, 1));
  PetscCall(InmLammpsGetConfig(lmp, &c));
  PetscCall(InmLammpsClose(&lmp));
  {
    InmNeighborList *nl;
    const PetscReal  dr = 7.6e-4; /* the r spacing of CuZr_mm.eam.fs */
    PetscCall(InmNeighborListBuild(c, pot->cutoff, 0, &nl));
    gap = dr;
    for (PetscInt k = 0; k < nl->start[nl->n]; k++) gap = PetscMin(gap, PetscAbsReal(nl->r[k] / dr - PetscFloorReal(nl->r[k] / dr + 0.5)) * dr);
    PetscCall(InmNeighborListDestroy(&nl));
  }
  h = PetscMax(1e-9, 0.4 * gap);

  PetscCall(PetscTime(&t0));
  PetscCall(InmTestHessianFD(pot, c, h, &err, &asym, &rowsum));
  PetscCall(PetscTime(&t1));
  INM_TEST(err < 1e-6, "CuZr: |H - H_fd|/max|H| = %.2e (h = %.2g A, knot gap %.2g A; %.1f s)", (double)err, (double)h, (double)gap, (double)(t1 - t0));
  INM_TEST(asym < 1e-12, "CuZr: H symmetric, |H - H^T|/max|H| = %.2e", (double)asym);
  INM_TEST(rowsum < 1e-12, "CuZr: acoustic sum rule, max |sum_j H_ij|/max|H| = %.2e", (double)rowsum);
  PetscCall(PetscMalloc1(c->n, &rows));
  for (PetscInt i = 0; i < c->n; i++) rows[i] = i;
  fc.c   = c;
  fc.cut = pot->cutoff;
  PetscCall(InmHessianGeneratorCreate(c, pot, PETSC_FALSE, &gen));
  PetscCall(InmHessianGeneratorRows(gen, c->n, rows, CountFar, &fc));
  PetscCall(InmHessianGeneratorDestroy(&gen));
  INM_TEST(fc.farnz > 0, "second-neighbour blocks: %" PetscInt_FMT " blocks beyond the %g A cutoff, %" PetscInt_FMT " non-zero", fc.far, (double)fc.cut, fc.farnz);
  PetscCall(PetscFree(rows));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&pot));
  return InmTestEnd();
}
