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
 * lj: epsilon sigma^-3, sigma/tau, rad/tau).
 * Second route (opt->fluctuations): B_T = kB T <V> / <dV^2> in NPT at the same state point
 * (include/inmvisc/transport.h). The density-slope route gives the isothermal B too, so the two
 * estimate the same quantity; the NVT secant differs from the tangent by O(strain^2). */
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

/* The NPT run's barostat damping: opt->pdamp, or 10 times the thermostat's. */
static PetscReal BarostatDamping(const InmBulkOptions *o)
{
  return o->pdamp > 0 ? o->pdamp : 10 * o->tdamp;
}

/* Before any MD: 10 blocks of at least 10 samples, each outlasting twice the barostat damping
 * (the volume's correlation time is ~pdamp; shorter blocks would understate the error). */
static PetscErrorCode CheckFluctuationRun(MPI_Comm comm, const InmBulkOptions *o)
{
  const PetscInt  every = 10, per = o->measure / every / 10;
  const PetscReal pdamp = BarostatDamping(o);

  PetscFunctionBegin;
  PetscCheck(per >= 10, comm, PETSC_ERR_USER_INPUT, "bulk modulus from volume fluctuations: %" PetscInt_FMT " measurement steps give fewer than 10 samples per block (10 blocks, every %" PetscInt_FMT " steps)", o->measure, every);
  PetscCheck(per * every * o->dt >= 2 * pdamp, comm, PETSC_ERR_USER_INPUT, "bulk modulus from volume fluctuations: blocks of %g (a tenth of the measurement) are shorter than twice the barostat damping %g: measure longer (-bulk_time) or damp faster (-bulk_pdamp)", (double)(per * every * o->dt), (double)pdamp);
  PetscFunctionReturn(0);
}

/* B_T = nktv2p kB T <V> / <dV^2> from an NPT run at (T, P0); jackknife over 10 blocks. */
static PetscErrorCode VolumeFluctuations(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, PetscReal P0, const InmBulkOptions *o, PetscReal *B, PetscReal *B_err, PetscReal *V_mean)
{
  const PetscInt  every = 10, rows = o->measure / every, nb = 10, per = rows / nb;
  const InmUnits *u;
  InmLammps       lmp;
  PetscReal       s1[10] = {0}, s2[10] = {0}, S1 = 0, S2 = 0, Bj[10], Bm = 0, var = 0;
  const PetscReal pdamp = BarostatDamping(o);

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(c->units, &u));
  PetscCall(InmStateMDOpen(comm, pot, c, T, o, NULL, &lmp));
  PetscCall(InmLammpsCommand(lmp, "fix inm_npt all npt temp %.17g %.17g %.17g iso %.17g %.17g %.17g", (double)T, (double)T, (double)o->tdamp, (double)P0, (double)P0, (double)pdamp));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, o->equil));
  PetscCall(InmLammpsCommand(lmp, "reset_timestep 0"));
  PetscCall(InmLammpsCommand(lmp, "variable inm_vol equal vol"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_vols all vector %" PetscInt_FMT " v_inm_vol c_thermo_temp", every));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, nb * per * every));
  for (PetscInt k = 0; k < nb; k++)
    for (PetscInt r = 0; r < per; r++) {
      PetscReal V;
      PetscCall(InmLammpsFixVectorValue(lmp, "inm_vols", 1 + k * per + r, 0, &V)); /* row 0 is step 0 */
      s1[k] += V;
      s2[k] += V * V;
    }
  PetscCall(InmLammpsClose(&lmp));
  for (PetscInt k = 0; k < nb; k++) {
    S1 += s1[k];
    S2 += s2[k];
  }
  {
    const PetscReal n = (PetscReal)(nb * per), m = S1 / n, d = S2 / n - m * m;
    PetscCheck(d > 0, comm, PETSC_ERR_NOT_CONVERGED, "bulk modulus from volume fluctuations: the volume did not fluctuate (<dV^2> = %g)", (double)d);
    *V_mean = m;
    *B      = u->nktv2p * u->kB * T * m / d;
  }
  for (PetscInt j = 0; j < nb; j++) { /* the other nb - 1 blocks */
    const PetscReal n = (PetscReal)((nb - 1) * per), m = (S1 - s1[j]) / n, d = (S2 - s2[j]) / n - m * m;
    Bj[j] = u->nktv2p * u->kB * T * m / d;
    Bm += Bj[j] / nb;
  }
  for (PetscInt j = 0; j < nb; j++) var += PetscSqr(Bj[j] - Bm);
  *B_err = PetscSqrtReal((nb - 1.0) / nb * var);
  PetscFunctionReturn(0);
}

PetscErrorCode InmBulkModulus(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, const InmBulkOptions *o, InmBulk *b)
{
  PetscReal Pm, Pp, em, ep, mass = 0, vol = c->box.volume, lnratio;

  PetscFunctionBegin;
  PetscCheck(o->strain > 0 && o->strain < 0.2, comm, PETSC_ERR_USER_INPUT, "bulk modulus: volume strain %g must be in (0, 0.2)", (double)o->strain);
  if (o->fluctuations) PetscCall(CheckFluctuationRun(comm, o));
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
  b->B_npt = b->B_npt_err = b->V_npt = (PetscReal)NAN;
  if (o->fluctuations) PetscCall(VolumeFluctuations(comm, pot, c, T, 0.5 * (Pp + Pm), o, &b->B_npt, &b->B_npt_err, &b->V_npt));
  PetscFunctionReturn(0);
}
