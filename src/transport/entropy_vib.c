/* Harmonic vibrational entropy of an inherent structure (include/inmvisc/entropy.h):
 *   S_vib/N = (1/N) sum_{p=1}^{3N-3} [1 - ln(hbar omega_p / (kB T))],  hbar = hplanck / 2 pi
 * over the positive eigenvalues lambda_p = omega_p^2 of the mass-weighted Hessian D at the
 * minimum that LAMMPS's conjugate gradient reaches from the snapshot. The energy of the
 * minimum is the project's own (InmPotentialCompute), not LAMMPS's thermo output, whose
 * normalisation depends on the units style.
 * Only sum_p ln lambda_p = ln pdet D enters, which needs no eigenvalue: with the translations
 * u_a = sqrt(m_i / M) e_a the null space of D, deleting atom 0's three rows and columns gives
 *   pdet D = det D_{-0} / det(U_0)^2 = det D_{-0} (M / m_0)^3      (U_0 = sqrt(m_0/M) I_3),
 * so one sparse LDL^T of D_{-0} (MUMPS) gives the sum, and its inertia the check: D_{-0} is
 * positive definite (no negative or null pivot) exactly when D has no negative eigenvalue and
 * no zero mode besides the translations (Cauchy interlacing). The dense route (every
 * eigenvalue) is kept as the check of this one (tests/transport/test_entropy.c). */
#include <inmvisc/entropy.h>
#include <inmvisc/config.h>
#include <inmvisc/md.h>
#include <inmvisc/modes.h>

PetscErrorCode InmInherentStructureEntropy(MPI_Comm comm, InmPotential pot, const InmConfig *cfg, PetscReal ftol, const char solver[], PetscInt nT, const PetscReal T[], PetscReal *u_is, PetscReal s_vib[], InmConfig **is_out)
{
  const InmUnits      *u;
  InmLammps            lmp;
  InmConfig           *is;
  InmHessianGenerator *gen;
  InmModes            *m;
  PetscReal            energy, z, sumlog = 0, lmin = 0;
  PetscInt             nzero = 0, nneg = 0, npos = 0;

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(cfg->units, &u));
  PetscCall(InmLammpsOpen(comm, &lmp));
  PetscCall(InmLammpsSetConfig(lmp, pot, cfg));
  PetscCall(InmLammpsCommand(lmp, "thermo 0"));
  PetscCall(InmLammpsCommand(lmp, "min_style cg"));
  PetscCall(InmLammpsCommand(lmp, "minimize 0 %.17g 100000 1000000", (double)ftol));
  PetscCall(InmLammpsGetConfig(lmp, &is));
  PetscCall(InmLammpsClose(&lmp));
  PetscCall(PetscStrncpy(is->model, cfg->model, sizeof(is->model)));
  PetscCall(PetscStrncpy(is->source, cfg->source, sizeof(is->source)));
  PetscCall(InmPotentialCompute(pot, is, &energy, NULL, NULL));
  *u_is = energy / is->n;

  PetscCall(InmHessianGeneratorCreate(is, pot, PETSC_TRUE, &gen));
  if (!solver) { /* ln pdet D from det D_{-0} */
    Mat       D, Dr;
    IS        rows;
    PetscInt  rstart, rend, nneg, nnull;
    PetscReal logdet, M = 0;
    PetscCall(InmDynamicalMatrixCreate(comm, gen, PETSC_DECIDE, &D, NULL));
    PetscCall(MatGetOwnershipRange(D, &rstart, &rend));
    rstart = PetscMax(rstart, 3);
    PetscCall(ISCreateStride(comm, PetscMax(rend - rstart, 0), rstart, 1, &rows));
    PetscCall(ISSetBlockSize(rows, 3));
    PetscCall(MatCreateSubMatrix(D, rows, rows, MAT_INITIAL_MATRIX, &Dr));
    PetscCall(InmLogDeterminant(Dr, &logdet, &nneg, &nnull));
    PetscCall(MatDestroy(&Dr));
    PetscCall(ISDestroy(&rows));
    PetscCall(MatDestroy(&D));
    for (PetscInt i = 0; i < is->n; i++) M += is->mass[i];
    nzero  = 3 + nnull;
    npos   = 3 * is->n - nzero - nneg;
    sumlog = 0.5 * (logdet + 3 * PetscLogReal(M / is->mass[0]));
    lmin   = NAN; /* not known without eigenvalues */
    PetscCall(InmHessianGeneratorDestroy(&gen));
    if (nnull || nneg) PetscCall(InmConfigDestroy(&is));
    PetscCheck(!nnull && !nneg, comm, PETSC_ERR_NOT_CONVERGED, "%s: the quenched configuration is not a minimum: the Hessian without atom 1's rows has %" PetscInt_FMT " negative and %" PetscInt_FMT " null pivots (want none: D would have exactly 3 zero modes and no negative one) after minimisation to force tolerance %g", cfg->source[0] ? cfg->source : "snapshot", nneg, nnull, (double)ftol);
  } else {
    InmEigenOptions o;
    PetscCall(InmEigenOptionsDefault(&o));
    PetscCall(PetscStrncpy(o.type, solver, sizeof(o.type)));
    PetscCall(InmModesSolveDense(comm, gen, &o, &m));
    PetscCall(InmHessianGeneratorDestroy(&gen));
    z = InmModesZeroThreshold(m, 1e-9);
    for (PetscInt p = 0; p < m->nmodes; p++) {
      const PetscReal l = m->lambda[p];
      if (PetscAbsReal(l) <= z) nzero++;
      else if (l < 0) nneg++;
      else {
        npos++;
        sumlog += 0.5 * PetscLogReal(l); /* ln omega */
      }
      lmin = PetscMin(lmin, l);
    }
    PetscCall(InmModesDestroy(&m));
    if (nzero != 3 || nneg) PetscCall(InmConfigDestroy(&is));
    PetscCheck(nzero == 3 && !nneg, comm, PETSC_ERR_NOT_CONVERGED, "%s: the quenched configuration is not a minimum: %" PetscInt_FMT " zero and %" PetscInt_FMT " negative eigenvalues (lowest %g; want 3 zero, none negative) after minimisation to force tolerance %g", cfg->source[0] ? cfg->source : "snapshot", nzero, nneg, (double)lmin, (double)ftol);
  }
  for (PetscInt k = 0; k < nT; k++) {
    const PetscReal hbar_over_kT = u->hplanck / (2 * PETSC_PI) / (u->kB * T[k]);
    s_vib[k]                     = (npos * (1 - PetscLogReal(hbar_over_kT)) - sumlog) / is->n;
  }
  if (is_out) *is_out = is;
  else PetscCall(InmConfigDestroy(&is));
  PetscFunctionReturn(0);
}
