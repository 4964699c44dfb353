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
#include "state_md.h"

PetscErrorCode InmShearViscosity(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, PetscReal rate, const InmBulkOptions *o, PetscReal *eta, PetscReal *err)
{
  InmLammps lmp;
  PetscReal pxy;

  PetscFunctionBegin;
  PetscCheck(rate > 0, comm, PETSC_ERR_USER_INPUT, "shear MD: the strain rate %g must be positive", (double)rate);
  PetscCall(InmStateMDOpen(comm, pot, c, T, o, "change_box all triclinic", &lmp));
  PetscCall(InmLammpsCommand(lmp, "fix inm_deform all deform 1 xy erate %.17g remap v", (double)rate));
  PetscCall(InmLammpsCommand(lmp, "fix inm_sllod all nvt/sllod temp %.17g %.17g %.17g", (double)T, (double)T, (double)o->tdamp));
  PetscCall(InmLammpsCommand(lmp, "compute inm_pxy all pressure inm_sllod_temp"));
  PetscCall(InmStateMDMean(lmp, o, "c_inm_pxy[4]", "shear MD", &pxy, err));
  PetscCall(InmLammpsClose(&lmp));
  *eta = -pxy / rate;
  *err /= rate;
  PetscFunctionReturn(0);
}
