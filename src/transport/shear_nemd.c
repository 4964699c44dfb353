/* Shear viscosity by non-equilibrium MD ("shear MD", paper Fig. 3a; SPEC §8):
 *   eta(rate) = -<P_xy> / rate
 * LAMMPS shears the box at constant engineering strain rate (fix deform xy erate, atoms'
 * velocities remapped across the moving boundary: remap v) and thermostats the peculiar
 * velocities with the SLLOD equations of motion (fix nvt/sllod, whose temperature compute
 * removes the streaming profile); P_xy is the pressure tensor with that same temperature
 * compute, so its kinetic part is the peculiar one. After `equil` steps (steady state) P_xy
 * is averaged over `measure` steps; the error is that of 10 block means. The rate is in
 * 1/time of the model's units (a Weissenberg number rate x tau_alpha well below 1 measures
 * the zero-shear viscosity; above it the liquid shear-thins). */
#include <inmvisc/transport.h>
#include <inmvisc/md.h>

PetscErrorCode InmShearViscosity(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, PetscReal rate, const InmBulkOptions *o, PetscReal *eta, PetscReal *err)
{
  InmLammps      lmp;
  const PetscInt every = 10, rows = o->measure / every;
  PetscReal      sum = 0, sum2 = 0, *x;

  PetscFunctionBegin;
  PetscCheck(rate > 0, comm, PETSC_ERR_USER_INPUT, "shear MD: the strain rate %g must be positive", (double)rate);
  PetscCheck(rows >= 10, comm, PETSC_ERR_USER_INPUT, "shear MD: %" PetscInt_FMT " measurement steps give fewer than 10 stress samples (every %" PetscInt_FMT ")", o->measure, every);
  PetscCall(InmLammpsOpen(comm, &lmp));
  PetscCall(InmLammpsSetConfig(lmp, pot, c));
  PetscCall(InmLammpsCommand(lmp, "timestep %.17g", (double)o->dt));
  PetscCall(InmLammpsCommand(lmp, "thermo 0"));
  PetscCall(InmLammpsCommand(lmp, "change_box all triclinic"));
  if (!c->v) PetscCall(InmLammpsCommand(lmp, "velocity all create %.17g %" PetscInt_FMT " mom yes rot no dist gaussian loop all", (double)T, o->seed));
  PetscCall(InmLammpsCommand(lmp, "fix inm_deform all deform 1 xy erate %.17g remap v", (double)rate));
  PetscCall(InmLammpsCommand(lmp, "fix inm_sllod all nvt/sllod temp %.17g %.17g %.17g", (double)T, (double)T, (double)o->tdamp));
  PetscCall(InmLammpsCommand(lmp, "compute inm_pxy all pressure inm_sllod_temp"));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, o->equil));
  PetscCall(InmLammpsCommand(lmp, "reset_timestep 0"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_p all vector %" PetscInt_FMT " c_inm_pxy[4] c_inm_sllod_temp", every)); /* two values: a global array */
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, rows * every));
  PetscCall(PetscMalloc1(rows, &x));
  for (PetscInt r = 1; r <= rows; r++) PetscCall(InmLammpsFixVectorValue(lmp, "inm_p", r, 0, &x[r - 1])); /* row 0 is step 0 */
  PetscCall(InmLammpsClose(&lmp));
  for (PetscInt b = 0; b < 10; b++) {
    PetscReal m = 0;
    for (PetscInt r = b * (rows / 10); r < (b + 1) * (rows / 10); r++) m += x[r] / (rows / 10);
    sum += m / 10;
    sum2 += m * m / 10;
  }
  *eta = -sum / rate;
  *err = PetscSqrtReal(PetscMax(0, sum2 - sum * sum) / 9) / rate;
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}
