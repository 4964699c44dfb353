/* The modes of one configuration, whatever the solver (SPEC §5): the one route that both a
 * single `inmvisc modes -input FILE` and every task of a campaign take, so that the two can
 * never disagree.
 *   configuration -> block generator (neighbour list; checks types, distances, box)
 *   -> dense solvers: the block-cyclic matrix straight from the generator
 *   -> lapack / slepc: D as a PETSc BAIJ matrix and Xi~ as Vecs, then the solver, and on
 *      request (-inm_kpm_moments) the KPM moments of the spectral measures beside the modes;
 *   -> kpm: the same D and Xi~, no modes, only the moments (default 2048 per channel). */
#include <inmvisc/modes.h>

PetscErrorCode InmModesCompute(MPI_Comm comm, InmConfig *cfg, InmPotential pot, const char solver[], PetscInt nev, InmModes **modes, PetscLogDouble times[2])
{
  InmHessianGenerator *gen;
  PetscErrorCode       ierr;
  PetscBool            lapack, slepc, kpm_only;
  PetscLogDouble       t0, t1, t2;
  InmKPMOptions        kpm;

  PetscFunctionBegin;
  PetscCall(InmKPMOptionsRead(comm, &kpm));
  PetscCall(PetscStrcmp(solver, "lapack", &lapack));
  PetscCall(PetscStrcmp(solver, "slepc", &slepc));
  PetscCall(PetscStrcmp(solver, "kpm", &kpm_only));
  if (kpm_only && !kpm.nmom) kpm.nmom = 2048; /* no modes: the moments are the result */
  PetscCheck(!kpm.nsites || kpm.nmom, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_sites %" PetscInt_FMT " without -inm_kpm_moments: the local densities come with the moments (-inm_kpm_moments M, or -inm_solver kpm)", kpm.nsites);
  PetscCheck(nev >= 0 && nev <= 3 * cfg->n, comm, PETSC_ERR_USER_INPUT, "-inm_nev %" PetscInt_FMT ": between 1 and 3N = %" PetscInt_FMT " modes (0: all of them)", nev, 3 * cfg->n);
  PetscCheck(!kpm.nmom || lapack || slepc || kpm_only, comm, PETSC_ERR_USER_INPUT, "-inm_kpm_moments with -inm_solver %s: the moments come from the sparse D of -inm_solver lapack or slicing (a dense solver has every mode already)", solver);
  PetscCheck(!((slepc || kpm_only) && nev), comm, PETSC_ERR_USER_INPUT, "-inm_nev %" PetscInt_FMT " with -inm_solver %s: that solver finds %s, not a number of modes (use lapack, scalapack or elpa)", nev, solver, slepc ? "the whole unstable branch" : "no modes");
  PetscCall(PetscTime(&t0));
  PetscCall(InmReplicatedBegin(comm)); /* configuration checks: types, distances, box */
  ierr = InmHessianGeneratorCreate(cfg, pot, PETSC_TRUE, &gen);
  PetscCall(InmReplicatedEnd(comm, ierr));
  if (!lapack && !slepc && !kpm_only) { /* dense: filled straight into the block-cyclic layout, no sparse matrix */
    PetscCall(PetscTime(&t1));
    PetscCall(InmModesSolveDense(comm, gen, solver, nev, modes));
  } else {
    Mat D;
    Vec xi[INM_NCHANNEL];
    PetscCall(InmDynamicalMatrixCreate(comm, gen, PETSC_DECIDE, &D, xi));
    PetscCall(PetscTime(&t1));
    if (lapack) PetscCall(InmModesSolveLapack(D, xi, nev, modes));
    else if (kpm_only) {
      PetscCall(InmModesCreate(cfg->n, 0, modes));
      (*modes)->unstable_count = -1;
    } else {
      InmUnstableOptions o;
      PetscCall(InmUnstableOptionsRead(comm, &o));
      if (o.method == INM_UNSTABLE_BLOCK && !o.count_only) PetscCall(InmModesSolveBlockSlicing(comm, gen, D, xi, modes));
      else PetscCall(InmModesSolveSlepcUnstable(D, xi, modes));
    }
    PetscCall(InmModesComputeKPM(D, xi, &kpm, *modes));
    PetscCall(MatDestroy(&D));
    for (PetscInt c = 0; c < INM_NCHANNEL; c++) PetscCall(VecDestroy(&xi[c]));
  }
  PetscCall(InmHessianGeneratorDestroy(&gen));
  PetscCall(PetscTime(&t2));
  if (times) {
    times[0] = t1 - t0;
    times[1] = t2 - t1;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCheckModel(MPI_Comm comm, const InmConfig *cfg, InmPotential pot)
{
  PetscBool given;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-model", &given));
  PetscCheck(given || cfg->model[0], comm, PETSC_ERR_USER_INPUT, "%s: -model is required (ka, lj, eam, cuzr): the file does not say which potential made it", cfg->source);
  PetscCheck(!cfg->model[0] || !strcmp(cfg->model, pot->name), comm, PETSC_ERR_USER_INPUT, "%s: made with the potential '%s', but %s is '%s'%s", cfg->source, cfg->model, given ? "-model" : "the default -model", pot->name, given ? "" : " (give -model)");
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCommonOptionsDefault(InmModesCommonOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->format   = INM_FORMAT_AUTO;
  o->frame    = -1;
  o->zero_tol = 1e-9;
  PetscCall(PetscStrncpy(o->solver, INM_MODES_DEFAULT_SOLVER, sizeof(o->solver)));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCommonOptionsRead(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, InmModesCommonOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsEnum("-input_format", "Input format", "modes", InmFormats, (PetscEnum)o->format, (PetscEnum *)&o->format, NULL));
  PetscCall(PetscOptionsInt("-frame", "Frame of multi-frame files (0-based, -1 = last)", "modes", o->frame, &o->frame, NULL));
  PetscCall(PetscOptionsString("-output", "Modes file, or a campaign's results file (HDF5)", "modes", o->output, o->output, sizeof(o->output), &o->has_output));
  PetscCall(PetscOptionsString("-inm_solver", "Eigen-solver: lapack (serial), scalapack, elpa1 (default), elpa2 or elpa (-elpa_solver 1|2, default 2) for the full spectrum; slicing (old name: slepc) for the unstable branch by spectrum slicing (-inm_slepc_method); kpm: no modes, the KPM moments only (-inm_kpm_*)", "modes", o->solver, o->solver, sizeof(o->solver), NULL));
  PetscCall(PetscOptionsInt("-inm_nev", "Number of lowest modes (0 = all 3N)", "modes", o->nev, &o->nev, NULL));
  PetscCheck(o->nev >= 0, comm, PETSC_ERR_USER_INPUT, "-inm_nev %" PetscInt_FMT ": a number of modes, at least 1 (0: all 3N)", o->nev);
  PetscCall(PetscOptionsReal("-inm_zero_tol", "Zero-mode tolerance relative to max|lambda|", "modes", o->zero_tol, &o->zero_tol, NULL));
  PetscFunctionReturn(0);
}
