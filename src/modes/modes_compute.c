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
  PetscFunctionReturn(0);
}

PetscErrorCode InmModesCommonOptionsRead(PetscOptionItems *PetscOptionsObject, InmModesCommonOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsEnum("-input_format", "Input format", "modes", InmFormats, (PetscEnum)o->format, (PetscEnum *)&o->format, NULL));
  PetscCall(PetscOptionsInt("-frame", "Frame of multi-frame files (0-based, -1 = last)", "modes", o->frame, &o->frame, NULL));
  PetscCall(PetscOptionsString("-output", "Modes file, or a campaign's results file (HDF5)", "modes", o->output, o->output, sizeof(o->output), &o->has_output));
  PetscCall(PetscOptionsReal("-inm_zero_tol", "Zero-mode tolerance relative to max|lambda|", "modes", o->zero_tol, &o->zero_tol, NULL));
  PetscFunctionReturn(0);
}
