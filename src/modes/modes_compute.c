/* The modes of one configuration, whatever the solver (SPEC §5): the one route that both a
 * single `inmvisc modes -input FILE` and every task of a campaign take, so that the two can
 * never disagree: configuration -> block generator (checks types, distances, box) -> the
 * eigen-solver object (src/eigen/eigen_solver.c: dense types fill the block-cyclic matrix
 * straight from the generator; lapack, slicing and kpm assemble D and Xi~ as PETSc objects). */
#include <inmvisc/modes.h>

PetscErrorCode InmModesCompute(MPI_Comm comm, InmConfig *cfg, InmPotential pot, InmEigenSolver es, InmModes **modes, PetscLogDouble times[2])
{
  InmHessianGenerator *gen;
  PetscErrorCode       ierr;
  PetscLogDouble       t0, t1, solve[2];

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(InmReplicatedBegin(comm)); /* configuration checks: types, distances, box */
  ierr = InmHessianGeneratorCreate(cfg, pot, PETSC_TRUE, &gen);
  PetscCall(InmReplicatedEnd(comm, ierr));
  PetscCall(PetscTime(&t1));
  PetscCall(InmEigenSolverSolve(es, comm, gen, modes, solve));
  PetscCall(InmHessianGeneratorDestroy(&gen));
  if (times) {
    times[0] = t1 - t0 + solve[0];
    times[1] = solve[1];
  }
  PetscFunctionReturn(0);
}

const char *const InmDistributeModes[] = {"auto", "no", "yes", "InmDistribute", "INM_DISTRIBUTE_", NULL};

PetscErrorCode InmModesReadConfig(MPI_Comm comm, const char path[], InmFormat format, InmDistribute distribute, PetscInt frame, InmEigenSolver es, InmPotential pot, InmConfig **cfg)
{
  const char *solver;
  PetscBool   kpm;

  PetscFunctionBegin;
  PetscCall(InmEigenSolverGetType(es, &solver, NULL));
  PetscCall(PetscStrcmp(solver, "kpm", &kpm));
  if (distribute == INM_DISTRIBUTE_AUTO) {
    PetscInt n = -1;
    if (kpm) PetscCall(InmConfigReadCount(comm, path, format, &n));
    distribute = n >= INM_DISTRIBUTE_AUTO_ATOMS ? INM_DISTRIBUTE_YES : INM_DISTRIBUTE_NO;
  }
  PetscCheck(distribute == INM_DISTRIBUTE_NO || kpm, comm, PETSC_ERR_USER_INPUT, "-config_distribute yes needs -inm_solver kpm: the solver %s reads rows of every atom", solver);
  /* a Hessian row reads its neighbours and, for EAM (hessian_shells 1), their neighbours' densities */
  if (distribute == INM_DISTRIBUTE_YES) {
    PetscInt    held[2] = {0, 0}, least;
    PetscMPIInt size;
    PetscCall(InmConfigReadDistributed(comm, path, format, frame, (pot->hessian_shells + 1) * pot->cutoff, cfg));
    held[0] = (*cfg)->nowned;
    held[1] = (*cfg)->n;
    least   = (*cfg)->nowned;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, held, 2, MPIU_INT, MPI_MAX, comm));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &least, 1, MPIU_INT, MPI_MIN, comm));
    PetscCallMPI(MPI_Comm_size(comm, &size));
    PetscCall(PetscPrintf(comm, "[modes] configuration distributed by space over %d rank(s): %" PetscInt_FMT " to %" PetscInt_FMT " atoms owned, at most %" PetscInt_FMT " held with the halo (%.1f%% of %" PetscInt_FMT ")\n", (int)size, least, held[0], held[1], 100.0 * held[1] / (*cfg)->nglobal, (*cfg)->nglobal));
  } else PetscCall(InmConfigRead(comm, path, format, frame, cfg));
  PetscCall(InmModesCheckModel(comm, *cfg, pot));
  if (!(*cfg)->units[0]) PetscCall(PetscStrncpy((*cfg)->units, pot->units, sizeof((*cfg)->units)));
  PetscCheck(!strcmp((*cfg)->units, pot->units), comm, PETSC_ERR_USER_INPUT, "%s: the snapshot is in '%s' units but the potential %s is in '%s' units", path, (*cfg)->units, pot->name, pot->units);
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
  o->format     = INM_FORMAT_AUTO;
  o->distribute = INM_DISTRIBUTE_AUTO;
  o->frame    = -1;
  o->zero_tol = 1e-9;
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCommonOptionsRead(PetscOptionItems *PetscOptionsObject, InmModesCommonOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsEnum("-input_format", "Input format", "modes", InmFormats, (PetscEnum)o->format, (PetscEnum *)&o->format, NULL));
  PetscCall(PetscOptionsEnum("-config_distribute", "Configuration spread over the ranks by space, each holding its atoms and a halo (-inm_solver kpm only): auto (from 100000 atoms, an H5MD file), no, yes", "modes", InmDistributeModes, (PetscEnum)o->distribute, (PetscEnum *)&o->distribute, NULL));
  PetscCall(PetscOptionsInt("-frame", "Frame of multi-frame files (0-based, -1 = last)", "modes", o->frame, &o->frame, NULL));
  PetscCall(PetscOptionsString("-output", "Modes file, or a campaign's results file (HDF5)", "modes", o->output, o->output, sizeof(o->output), &o->has_output));
  PetscCall(PetscOptionsReal("-inm_zero_tol", "Zero-mode tolerance relative to max|lambda|", "modes", o->zero_tol, &o->zero_tol, NULL));
  PetscFunctionReturn(0);
}
