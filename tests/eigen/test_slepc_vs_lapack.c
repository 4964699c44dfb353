/* Every solver, one answer (SPEC §5): block spectrum slicing (one shift, several shifts over
 * rank groups, and failed gaps solved again), SLEPc (spectrum slicing, and Krylov-Schur at
 * the lower end of the spectrum) for the unstable branch, and ScaLAPACK, ELPA 1-stage and 2-stage for
 * the whole spectrum (through InmModesCompute, the route of `inmvisc modes`), against the
 * dense LAPACK solve of the same dynamical matrix, for a KA and a CuZr liquid made by
 * LAMMPS, on any rank count; and the count of unstable modes from a single inertia.
 * Eigenvectors kept on request (-inm_vectors 0,2): LAPACK's satisfy D v = lambda v to 1e-10
 * max|lambda| (so the columns were picked and the rows placed right), every other solver's
 * equal them to 1e-6 (error ~ residual / gap, as for P and Gamma), and P recomputed from the
 * stored vector equals the stored P.
 * Tolerances: eigenvalues to 1e-10 of max|lambda| (the requirement); with a slicing residual
 * tolerance of 1e-10 the eigenvalue error is below ~1e-12 |lambda|. Per-mode P and Gamma
 * to 1e-6 (relative to the largest value of each): an eigenvector's error is about
 * residual / gap, ~1e-10 * |lambda| / gap with gaps >= 1e-3 |lambda| in these spectra.
 * Gamma is compared per mode only where the mode is non-degenerate (always, in practice, in
 * a disordered liquid; a pair closer than 1e-8 max|lambda| would be skipped and counted). */
#include "testlib.h"
#include "../../src/eigen/eigen_impl.h" /* the LDL^T of the block slicing */

/* Kept eigenvectors of m against the reference's: the same modes, the same vectors. */
static PetscErrorCode CheckVectors(const InmModes *ref, const InmModes *m, const char *tag)
{
  const PetscInt n = 3 * ref->natoms;
  PetscReal      ev = 0, eP = 0;

  PetscFunctionBegin;
  INM_TEST(m->nvec == 2 && ref->nvec == 2 && m->vec_index[1] == 2, "%s: %" PetscInt_FMT " eigenvectors kept", tag, m->nvec);
  if (m->nvec != 2 || ref->nvec != 2) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < 2; k++) {
    for (PetscInt i = 0; i < n; i++) ev = PetscMax(ev, PetscAbsReal(m->vectors[k * n + i] - ref->vectors[k * n + i]));
    eP = PetscMax(eP, PetscAbsReal(InmParticipationRatio(ref->natoms, m->vectors + k * n) - m->participation[m->vec_index[k]]));
  }
  INM_TEST(ev < 1e-6 && eP < 1e-10, "%s: eigenvectors equal LAPACK's to %.1e, P from them equals the stored P to %.1e", tag, (double)ev, (double)eP);
  PetscFunctionReturn(0);
}

/* The LDL^T of the block slicing, with either ordering: the inertia at shifts midway between
 * LAPACK's eigenvalues k and k+1 counts k+1 below; the solves of 5 right-hand sides have a
 * normwise backward error |(D - sigma) x - b| / (|D - sigma| |x| + |b|) below 1e-12, which
 * LDL^T with threshold pivoting attains (c(n) eps times the growth, both small here;
 * |D - sigma| bounded by max|lambda| + |sigma|). */
static PetscErrorCode CheckLDLT(Mat D, const InmModes *full, PetscInt nneg, PetscReal lmax, const char *tag)
{
  const PetscInt nrhs = 5;
  PetscInt       nloc, rstart;
  PetscReal     *B, *X;
  Vec            x, y;

  PetscFunctionBegin;
  PetscCall(MatGetLocalSize(D, &nloc, NULL));
  PetscCall(MatGetOwnershipRange(D, &rstart, NULL));
  PetscCall(MatCreateVecs(D, &x, &y));
  PetscCall(PetscMalloc2((size_t)nloc * nrhs, &B, (size_t)nloc * nrhs, &X));
  for (PetscInt j = 0; j < nrhs; j++)
    for (PetscInt i = 0; i < nloc; i++) B[i + j * nloc] = InmHashUniform(99 + (unsigned long long)j, (unsigned long long)(rstart + i));
  for (int o = 0; o < 2; o++) {
    InmLDLT   f;
    PetscInt  below[3], want[3];
    PetscReal sigma = 0, eta = 0;
    InmLDLTOptions lo;
    PetscCall(InmLDLTOptionsDefault(&lo));
    lo.metis = (PetscBool)!o; /* -ordering metis | mumps */
    PetscCall(InmLDLTCreate(D, "ldlt_test_", &lo, &f));
    for (int s = 0; s < 3; s++) {
      const PetscInt k = (s + 1) * nneg / 3; /* the last one: between the unstable and the zero modes */
      sigma   = 0.5 * (full->lambda[k - 1] + full->lambda[k]);
      want[s] = k;
      PetscCall(InmLDLTFactor(f, sigma, &below[s]));
    }
    PetscCall(InmLDLTSolve(f, nrhs, B, X)); /* at the last shift */
    for (PetscInt j = 0; j < nrhs; j++) {
      PetscReal *xa, rn, xn, bn;
      PetscCall(VecGetArray(x, &xa));
      PetscCall(PetscArraycpy(xa, X + j * nloc, nloc));
      PetscCall(VecRestoreArray(x, &xa));
      PetscCall(MatMult(D, x, y));
      PetscCall(VecAXPY(y, -sigma, x));
      PetscCall(VecGetArray(x, &xa));
      PetscCall(PetscArraycpy(xa, B + j * nloc, nloc));
      PetscCall(VecRestoreArray(x, &xa));
      PetscCall(VecNorm(x, NORM_2, &bn));
      PetscCall(VecAXPY(y, -1.0, x));
      PetscCall(VecNorm(y, NORM_2, &rn));
      PetscCall(VecGetArray(x, &xa));
      PetscCall(PetscArraycpy(xa, X + j * nloc, nloc));
      PetscCall(VecRestoreArray(x, &xa));
      PetscCall(VecNorm(x, NORM_2, &xn));
      eta = PetscMax(eta, rn / ((lmax + PetscAbsReal(sigma)) * xn + bn));
    }
    INM_TEST(below[0] == want[0] && below[1] == want[1] && below[2] == want[2], "%s: LDL^T (%s ordering) counts %" PetscInt_FMT ", %" PetscInt_FMT ", %" PetscInt_FMT " eigenvalues below three shifts (LAPACK %" PetscInt_FMT ", %" PetscInt_FMT ", %" PetscInt_FMT ")", tag, o ? "MUMPS" : "METIS", below[0], below[1], below[2], want[0], want[1], want[2]);
    INM_TEST(eta < 1e-12, "%s: LDL^T (%s ordering) solves with backward error %.1e", tag, o ? "MUMPS" : "METIS", (double)eta);
    PetscCall(InmLDLTDestroy(&f));
  }
  PetscCall(PetscFree2(B, X));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&y));
  PetscFunctionReturn(0);
}

/* The unstable modes of `un` against the first ones of the full LAPACK spectrum. */
static PetscErrorCode CheckUnstable(const InmModes *full, const InmModes *un, PetscInt nneg, PetscReal lmax, const char *tag)
{
  PetscInt  skipped = 0;
  PetscReal el = 0, eP = 0, eG = 0, Pmax = 0, Gmax = 0;

  PetscFunctionBegin;
  INM_TEST(un->nmodes == nneg && nneg > 0, "%s: %" PetscInt_FMT " unstable modes found, LAPACK %" PetscInt_FMT, tag, un->nmodes, nneg);
  if (un->nmodes != nneg) PetscFunctionReturn(0);
  for (PetscInt p = 0; p < nneg; p++) { /* the unstable modes are the first nneg of the ascending spectrum */
    PetscBool degenerate = (p > 0 && full->lambda[p] - full->lambda[p - 1] < 1e-8 * lmax) || (full->lambda[p + 1] - full->lambda[p] < 1e-8 * lmax);
    el   = PetscMax(el, PetscAbsReal(un->lambda[p] - full->lambda[p]));
    Pmax = PetscMax(Pmax, full->participation[p]);
    if (degenerate) {
      skipped++;
      continue;
    }
    eP = PetscMax(eP, PetscAbsReal(un->participation[p] - full->participation[p]));
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) {
      Gmax = PetscMax(Gmax, full->gamma[ch][p]);
      eG   = PetscMax(eG, PetscAbsReal(un->gamma[ch][p] - full->gamma[ch][p]));
    }
  }
  INM_TEST(el < 1e-10 * lmax, "%s: unstable eigenvalues agree to %.1e of max|lambda|", tag, (double)(el / lmax));
  INM_TEST(eP < 1e-6 * Pmax && eG < 1e-6 * Gmax, "%s: P (%.1e) and Gamma (%.1e) per mode agree (%" PetscInt_FMT " degenerate modes skipped)", tag, (double)(eP / Pmax), (double)(eG / Gmax), skipped);
  PetscFunctionReturn(0);
}

/* A full spectrum against LAPACK's: every eigenvalue, and P and Gamma of the non-degenerate modes. */
static PetscErrorCode CheckFull(const InmModes *full, const InmModes *m, PetscReal lmax, const char *tag)
{
  PetscInt  skipped = 0, n = full->nmodes;
  PetscReal el = 0, eP = 0, eG = 0, Pmax = 0, Gmax = 0;

  PetscFunctionBegin;
  INM_TEST(m->nmodes == n, "%s: %" PetscInt_FMT " modes (LAPACK %" PetscInt_FMT ")", tag, m->nmodes, n);
  if (m->nmodes != n) PetscFunctionReturn(0);
  for (PetscInt p = 0; p < n; p++) {
    PetscBool degenerate = (p > 0 && full->lambda[p] - full->lambda[p - 1] < 1e-8 * lmax) || (p + 1 < n && full->lambda[p + 1] - full->lambda[p] < 1e-8 * lmax);
    el   = PetscMax(el, PetscAbsReal(m->lambda[p] - full->lambda[p]));
    Pmax = PetscMax(Pmax, full->participation[p]);
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) Gmax = PetscMax(Gmax, full->gamma[ch][p]);
    if (degenerate) {
      skipped++;
      continue;
    }
    eP = PetscMax(eP, PetscAbsReal(m->participation[p] - full->participation[p]));
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) eG = PetscMax(eG, PetscAbsReal(m->gamma[ch][p] - full->gamma[ch][p]));
  }
  INM_TEST(el < 1e-10 * lmax, "%s: eigenvalues agree to %.1e of max|lambda|", tag, (double)(el / lmax));
  INM_TEST(eP < 1e-6 * Pmax && eG < 1e-6 * Gmax && skipped <= 3, "%s: P (%.1e) and Gamma (%.1e) per mode agree (%" PetscInt_FMT " degenerate modes skipped: the zero modes)", tag, (double)(eP / Pmax), (double)(eG / Gmax), skipped);
  PetscFunctionReturn(0);
}

static PetscErrorCode Compare(InmPotential pot, PetscInt natoms, PetscReal density, PetscReal Tm, PetscReal T, const char *tag)
{
  InmConfig           *c;
  InmHessianGenerator *gen;
  Mat                  D;
  Vec                  xi[INM_NCHANNEL];
  InmModes            *full, *un;
  PetscInt             nneg = 0, ncount;
  PetscReal            lmax = 0, lo, hi;
  char                 label[128];
  InmEigenOptions      eo; /* what every solve is told: -inm_vectors 0,2 and each variant's own */

  PetscFunctionBegin;
  PetscCall(InmEigenOptionsDefault(&eo));
  eo.nvectors   = 2;
  eo.vectors[0] = 0;
  eo.vectors[1] = 2;
  PetscCall(InmTestQuickLiquid(PETSC_COMM_WORLD, pot, natoms, density, Tm, T, 500, 31, &c));
  PetscCall(InmHessianGeneratorCreate(c, pot, PETSC_TRUE, &gen));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, gen, PETSC_DECIDE, &D, xi));
  PetscCall(InmModesSolveLapack(D, xi, &eo, &full));
  { /* the kept vectors are eigenvectors: residual of D v = lambda v */
    Vec       v, Dv;
    PetscInt  lo0, hi0;
    PetscReal r = 0, rk;
    PetscCall(MatCreateVecs(D, &v, &Dv));
    PetscCall(VecGetOwnershipRange(v, &lo0, &hi0));
    for (PetscInt k = 0; k < full->nvec; k++) {
      for (PetscInt i = lo0; i < hi0; i++) PetscCall(VecSetValue(v, i, full->vectors[k * 3 * c->n + i], INSERT_VALUES));
      PetscCall(VecAssemblyBegin(v));
      PetscCall(VecAssemblyEnd(v));
      PetscCall(MatMult(D, v, Dv));
      PetscCall(VecAXPY(Dv, -full->lambda[full->vec_index[k]], v));
      PetscCall(VecNorm(Dv, NORM_2, &rk));
      r = PetscMax(r, rk);
    }
    PetscCall(VecDestroy(&v));
    PetscCall(VecDestroy(&Dv));
    PetscCall(InmModesDestroy(&full));
    PetscCall(InmModesSolveLapack(D, xi, &eo, &full));
    for (PetscInt p = 0; p < full->nmodes; p++) lmax = PetscMax(lmax, PetscAbsReal(full->lambda[p]));
    INM_TEST(full->nvec == 2 && r < 1e-10 * lmax, "%s: LAPACK's kept eigenvectors: |D v - lambda v| = %.1e max|lambda|", tag, (double)(r / lmax));
    lmax = 0;
  }
  for (PetscInt p = 0; p < full->nmodes; p++) lmax = PetscMax(lmax, PetscAbsReal(full->lambda[p]));
  for (PetscInt p = 0; p < full->nmodes; p++) nneg += full->lambda[p] < -1e-8 * lmax;
  PetscCall(InmGershgorinBounds(D, &lo, &hi));
  PetscCall(InmCountEigenvaluesBelow(D, -1e-8 * PetscMax(-lo, hi), &ncount));
  INM_TEST(ncount == nneg, "%s: one inertia at -delta counts %" PetscInt_FMT " unstable modes (LAPACK %" PetscInt_FMT ")", tag, ncount, nneg);
  PetscCall(CheckLDLT(D, full, nneg, lmax, tag));
  INM_TEST(lo <= full->lambda[0] && hi >= full->lambda[full->nmodes - 1], "%s: Gershgorin bounds [%.4g, %.4g] enclose the spectrum [%.4g, %.4g]", tag, (double)lo, (double)hi, (double)full->lambda[0], (double)full->lambda[full->nmodes - 1]);
  for (int method = 0; method < 2; method++) {
    eo.unstable.method = method ? INM_UNSTABLE_SLEPC_EXTREME : INM_UNSTABLE_SLEPC_KS; /* -inm_unstable_method */
    PetscCall(InmModesSolveSlepcUnstable(D, xi, &eo, &un));
    PetscCall(PetscSNPrintf(label, sizeof(label), "%s, %s", tag, method ? "Krylov-Schur at the lower end" : "spectrum slicing"));
    PetscCall(CheckUnstable(full, un, nneg, lmax, label));
    PetscCall(CheckVectors(full, un, label));
    PetscCall(InmModesDestroy(&un));
  }
  eo.unstable.method = INM_UNSTABLE_BLOCK;
  /* block slicing (the default): one shift; then about 60 eigenvalues per shift, so several
   * shifts share the ranks in groups and every gap between them is checked; then with a
   * Krylov dimension cap too small for the first runs, so failed gaps are solved again */
  for (int variant = 0; variant < 3; variant++) {
    const char *what[3] = {"block slicing", "block slicing, 60 per shift", "block slicing, 60 per shift, dimension cap 64 (gaps solved again)"};
    if (variant >= 1) { /* -inm_slice_size 60 */
      eo.slicing.size      = 60;
      eo.slicing.user_size = PETSC_TRUE;
    }
    if (variant == 2) eo.slicing.max_dim = 64; /* -inm_slice_max_dim 64 */
    PetscCall(InmModesSolveBlockSlicing(PETSC_COMM_WORLD, gen, D, xi, &eo, &un));
    PetscCall(PetscSNPrintf(label, sizeof(label), "%s, %s", tag, what[variant]));
    PetscCall(CheckUnstable(full, un, nneg, lmax, label));
    PetscCall(CheckVectors(full, un, label));
    INM_TEST(un->unstable_count == nneg, "%s: %" PetscInt_FMT " unstable by the inertia at -delta", label, un->unstable_count);
    PetscCall(InmModesDestroy(&un));
  }
  {
    InmEigenOptions defaults;
    PetscCall(InmEigenOptionsDefault(&defaults));
    eo.slicing = defaults.slicing;
  }
  { /* any interval: [below the spectrum, midway between modes k and k+1] holds modes 0..k */
    const PetscInt k = nneg / 3;
    char           iv[64];
    PetscCall(PetscSNPrintf(iv, sizeof(iv), "%.17g,%.17g", (double)(1.1 * full->lambda[0]), (double)(0.5 * (full->lambda[k] + full->lambda[k + 1]))));
    eo.unstable.has_interval = PETSC_TRUE; /* -inm_unstable_interval */
    eo.unstable.interval[0]  = 1.1 * full->lambda[0];
    eo.unstable.interval[1]  = 0.5 * (full->lambda[k] + full->lambda[k + 1]);
    for (int block = 0; block < 2; block++) {
      if (block) PetscCall(InmModesSolveBlockSlicing(PETSC_COMM_WORLD, gen, D, xi, &eo, &un));
      else PetscCall(InmModesSolveSlepcUnstable(D, xi, &eo, &un));
      PetscCall(PetscSNPrintf(label, sizeof(label), "%s, %s of the interval [%s] (the lowest %" PetscInt_FMT ")", tag, block ? "block slicing" : "spectrum slicing", iv, k + 1));
      PetscCall(CheckUnstable(full, un, k + 1, lmax, label));
      PetscCall(InmModesDestroy(&un));
    }
    eo.unstable.has_interval = PETSC_FALSE;
    eo.unstable.count_only   = PETSC_TRUE; /* -inm_unstable_count_only */
    PetscCall(InmModesSolveSlepcUnstable(D, xi, &eo, &un));
    eo.unstable.count_only = PETSC_FALSE;
    INM_TEST(un->nmodes == 0 && un->unstable_count == nneg, "%s: -inm_unstable_count_only: %" PetscInt_FMT " unstable by inertia, no eigenpair (LAPACK %" PetscInt_FMT ")", tag, un->unstable_count, nneg);
    PetscCall(InmModesDestroy(&un));
  }
  for (int k = 0; k < 3; k++) {
    const char      *dense[3] = {"scalapack", "elpa1", "elpa2"};
    InmModes        *m;
    InmEigenSolver   es;
    InmEigenOptions *o;
    PetscCall(InmEigenSolverCreate(PETSC_COMM_WORLD, &es));
    PetscCall(InmEigenSolverSetType(es, dense[k]));
    PetscCall(InmEigenSolverGetOptions(es, &o));
    o->nvectors = eo.nvectors;
    PetscCall(PetscArraycpy(o->vectors, eo.vectors, eo.nvectors));
    PetscCall(InmModesCompute(PETSC_COMM_WORLD, c, pot, es, &m, NULL));
    PetscCall(InmEigenSolverDestroy(&es));
    PetscCall(PetscSNPrintf(label, sizeof(label), "%s, %s", tag, dense[k]));
    PetscCall(CheckFull(full, m, lmax, label));
    PetscCall(CheckVectors(full, m, label));
    PetscCall(InmModesDestroy(&m));
  }
  PetscCall(InmHessianGeneratorDestroy(&gen));
  PetscCall(InmModesDestroy(&full));
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) PetscCall(VecDestroy(&xi[ch]));
  PetscCall(MatDestroy(&D));
  PetscCall(InmConfigDestroy(&c));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char  *cuzr[2] = {"Cu", "Zr"};
  InmPotential ka, eam;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &ka));
  PetscCall(InmPotentialCreateEAM("CuZr_mm.eam.fs", "eam/fs", 2, cuzr, &eam));
  PetscCall(Compare(ka, 500, 1.2, 3.0, 1.0, "KA N=500 T=1"));
  PetscCall(Compare(eam, 432, 0, 2300, 1500, "CuZr N=432 T=1500 K"));
  PetscCall(InmPotentialDestroy(&ka));
  PetscCall(InmPotentialDestroy(&eam));
  return InmTestEnd();
}
