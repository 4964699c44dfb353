/* Distributed dense solvers against the serial LAPACK solve of the same dynamical matrix
 * (SPEC §5, "one answer whatever the route"): ScaLAPACK pdsyevd, ELPA 1-stage and 2-stage,
 * block-cyclic with block size 24 (so 768 rows wrap over the process grid several times),
 * on 1, 2 and 4 ranks (grids 1x1, 1x2, 2x2); and the partial routes: pdsyevr for all pairs,
 * pdsyevr and both ELPA solvers for the nev = 200 lowest pairs (past the unstable branch,
 * which this liquid's 768 modes hold about 100 of). Eigenvalues to 1e-10 of max|lambda|; P and Gamma
 * per mode to 1e-6 of their largest value where the mode is separated from its neighbours by
 * more than 1e-6 max|lambda| (an eigenvector's error is ~eps max|lambda| / gap <= 1e-10
 * there; inside near-degenerate groups such as the zero modes single vectors are not
 * defined). And an oversize dense solve is refused before it starts. Every solve goes through
 * the eigen-solver object, with its options set on the object. */
#include "testlib.h"

int main(int argc, char **argv)
{
  /* solver, -inm_scalapack_driver, nev */
  const char               *solvers[6] = {"scalapack", "elpa1", "elpa2", "scalapack", "scalapack", "elpa1"};
  const char               *drivers[6] = {"evd", "", "", "evr", "evr", ""};
  const InmScalapackDriver  driver[6]  = {INM_SCALAPACK_EVD, INM_SCALAPACK_AUTO, INM_SCALAPACK_AUTO, INM_SCALAPACK_EVR, INM_SCALAPACK_EVR, INM_SCALAPACK_AUTO};
  InmEigenSolver            es;
  InmEigenOptions          *eo;
  const PetscInt       nevs[6]    = {0, 0, 0, 0, 200, 200};
  InmPotential         pot;
  InmConfig           *c;
  InmHessianGenerator *gen;
  Mat                  D;
  Vec                  xi[INM_NCHANNEL];
  InmModes            *ref, *m;
  PetscReal            lmax = 0, Pmax = 0, Gmax = 0;
  PetscMPIInt          size;
  PetscErrorCode       ierr;
  const char          *msg;
  PetscMPIInt          rank;

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(InmEigenSolverCreate(PETSC_COMM_WORLD, &es));
  PetscCall(InmEigenSolverGetOptions(es, &eo));
  eo->dense.block = 24; /* -inm_block 24 */
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &pot));
  PetscCall(InmTestQuickLiquid(PETSC_COMM_SELF, pot, 256, 1.2, 3.0, 1.0, 500, 5, &c)); /* the same liquid whatever the rank count */
  PetscCall(InmHessianGeneratorCreate(c, pot, PETSC_TRUE, &gen));
  PetscCall(InmDynamicalMatrixCreate(PETSC_COMM_WORLD, gen, PETSC_DECIDE, &D, xi));
  PetscCall(InmModesSolveLapack(D, xi, NULL, &ref));
  for (PetscInt p = 0; p < ref->nmodes; p++) {
    lmax = PetscMax(lmax, PetscAbsReal(ref->lambda[p]));
    Pmax = PetscMax(Pmax, ref->participation[p]);
    for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) Gmax = PetscMax(Gmax, ref->gamma[ch][p]);
  }
  for (int s = 0; s < 6; s++) {
    PetscReal el = 0, eP = 0, eG = 0;
    PetscInt  skipped = 0, want = nevs[s] ? nevs[s] : ref->nmodes;
    PetscCall(InmEigenSolverSetType(es, solvers[s]));
    PetscCall(InmEigenSolverGetOptions(es, &eo));
    eo->dense.driver = driver[s];
    eo->nev          = nevs[s];
    PetscCall(InmEigenSolverSolve(es, PETSC_COMM_WORLD, gen, &m, NULL));
    INM_TEST(m->nmodes == want, "%s %s nev %" PetscInt_FMT " on %d rank(s): %" PetscInt_FMT " modes", solvers[s], drivers[s], nevs[s], size, m->nmodes);
    for (PetscInt p = 0; p < want; p++) {
      const PetscBool close = (p > 0 && ref->lambda[p] - ref->lambda[p - 1] < 1e-6 * lmax) || (p + 1 < ref->nmodes && ref->lambda[p + 1] - ref->lambda[p] < 1e-6 * lmax);
      el = PetscMax(el, PetscAbsReal(m->lambda[p] - ref->lambda[p]));
      if (close) {
        skipped++;
        continue;
      }
      eP = PetscMax(eP, PetscAbsReal(m->participation[p] - ref->participation[p]));
      for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) eG = PetscMax(eG, PetscAbsReal(m->gamma[ch][p] - ref->gamma[ch][p]));
    }
    INM_TEST(el < 1e-10 * lmax, "%s %s nev %" PetscInt_FMT " on %d rank(s): eigenvalues equal LAPACK's to %.1e of max|lambda|", solvers[s], drivers[s], nevs[s], size, (double)(el / lmax));
    INM_TEST(eP < 1e-6 * Pmax && eG < 1e-6 * Gmax && skipped < 10, "%s %s nev %" PetscInt_FMT " on %d rank(s): P (%.1e) and Gamma (%.1e) per mode equal LAPACK's (%" PetscInt_FMT " near-degenerate modes not compared)", solvers[s], drivers[s], nevs[s], size, (double)(eP / Pmax), (double)(eG / Gmax), skipped);
    PetscCall(InmModesDestroy(&m));
  }
  PetscCall(InmEigenSolverSetType(es, "elpa2"));
  PetscCall(InmEigenSolverGetOptions(es, &eo));
  eo->nev           = 0;
  eo->max_memory_gb = 1e-6; /* -inm_max_memory_gb */
  PetscCall(InmTestErrorBegin());
  ierr = InmEigenSolverSolve(es, PETSC_COMM_WORLD, gen, &m, NULL);
  msg  = InmTestErrorEnd();
  PetscCall(InmEigenSolverDestroy(&es));
  INM_TEST(ierr == PETSC_ERR_MEM && (rank != 0 || strstr(msg, "dense elpa2 solve of n = 768 needs about")), "oversize dense solve refused: \"%s\"", msg);
  PetscCall(InmModesDestroy(&ref));
  for (PetscInt ch = 0; ch < INM_NCHANNEL; ch++) PetscCall(VecDestroy(&xi[ch]));
  PetscCall(MatDestroy(&D));
  PetscCall(InmHessianGeneratorDestroy(&gen));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&pot));
  return InmTestEnd();
}
