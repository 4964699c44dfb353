/* Bulk modulus and the lowest frequency of the box (SPEC §8; paper App. H).
 *
 *   B = -V dP/dV |_T  ~  -(P+ - P-) / (ln V+ - ln V-)
 * from two NVT runs of LAMMPS at the same T, started from one configuration whose box (and
 * atoms, remap) is scaled to volumes V (1 +- strain) (velocities: the configuration's, or
 * Gaussian at T from `seed` when it has none): each equilibrates for `equil` steps and
 * averages the pressure (kinetic part included) over `measure` steps; the error of each mean
 * is that of 10 block means, and B's error follows from both. Then
 *   v_s = sqrt(B / rho_mass),   |omega_min| = 2 pi v_s / L,   L = V^(1/3)
 * (rho_mass = sum m / V). Units: the model's (metal: B in bar, v_s in A/ps, omega in rad/ps;
 * lj: epsilon sigma^-3, sigma/tau, rad/tau). */
#include "state_md.h"
#include <inmvisc/config.h>

/* <P> and its standard error at volume scale s^3, from configuration c. */
static PetscErrorCode MeanPressure(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, PetscReal s, const InmBulkOptions *o, PetscReal *P, PetscReal *err)
{
  InmLammps lmp;
  char      scale[256];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(scale, sizeof(scale), "change_box all x scale %.17g y scale %.17g z scale %.17g remap", (double)s, (double)s, (double)s));
  PetscCall(InmStateMDOpen(comm, pot, c, T, o, scale, &lmp));
  PetscCall(InmLammpsCommand(lmp, "fix inm_nvt all nvt temp %.17g %.17g %.17g", (double)T, (double)T, (double)o->tdamp));
  PetscCall(InmStateMDMean(lmp, o, "c_thermo_press", "bulk modulus", P, err));
  PetscCall(InmLammpsClose(&lmp));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModulusSpeed(const char units[], PetscReal modulus, PetscReal rho_mass, PetscReal *v)
{
  const InmUnits *u;

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(units, &u));
  /* modulus / rho_mass in velocity^2: pressure / (mass length^-3) -> (length/time)^2 through
   * nktv2p (pressure length^3 / energy) and mvv2e (energy / (mass length^2 time^-2)) */
  *v = modulus > 0 ? PetscSqrtReal(modulus / u->nktv2p / u->mvv2e / rho_mass) : 0;
  PetscFunctionReturn(0);
}

PetscErrorCode InmBulkModulus(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, const InmBulkOptions *o, InmBulk *b)
{
  PetscReal Pm, Pp, em, ep, mass = 0, vol = c->box.volume, lnratio;

  PetscFunctionBegin;
  PetscCheck(o->strain > 0 && o->strain < 0.2, comm, PETSC_ERR_USER_INPUT, "bulk modulus: volume strain %g must be in (0, 0.2)", (double)o->strain);
  PetscCall(MeanPressure(comm, pot, c, T, PetscCbrtReal(1 - o->strain), o, &Pm, &em));
  PetscCall(MeanPressure(comm, pot, c, T, PetscCbrtReal(1 + o->strain), o, &Pp, &ep));
  lnratio = PetscLogReal((1 + o->strain) / (1 - o->strain));
  for (PetscInt i = 0; i < c->n; i++) mass += c->mass[i];
  b->P_minus   = Pm;
  b->P_plus    = Pp;
  b->B         = -(Pp - Pm) / lnratio;
  b->B_err     = PetscSqrtReal(em * em + ep * ep) / lnratio;
  b->rho_mass  = mass / vol;
  b->L         = PetscCbrtReal(vol);
  PetscCall(InmModulusSpeed(c->units, b->B, b->rho_mass, &b->v_s));
  b->omega_min = 2 * PETSC_PI * b->v_s / b->L;
  PetscFunctionReturn(0);
}
