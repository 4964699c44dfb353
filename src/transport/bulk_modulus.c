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
#include <inmvisc/transport.h>
#include <inmvisc/md.h>
#include <inmvisc/config.h>

/* <P> and its standard error at volume scale s^3, from configuration c. */
static PetscErrorCode MeanPressure(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, PetscReal s, const InmBulkOptions *o, PetscReal *P, PetscReal *err)
{
  InmLammps      lmp;
  const PetscInt every = 10, rows = o->measure / every;
  PetscReal      sum = 0, sum2 = 0, *x;

  PetscFunctionBegin;
  PetscCheck(rows >= 10, comm, PETSC_ERR_USER_INPUT, "bulk modulus: %" PetscInt_FMT " measurement steps give fewer than 10 pressure samples (every %" PetscInt_FMT ")", o->measure, every);
  PetscCall(InmLammpsOpen(comm, &lmp));
  PetscCall(InmLammpsSetConfig(lmp, pot, c));
  PetscCall(InmLammpsCommand(lmp, "timestep %.17g", (double)o->dt));
  PetscCall(InmLammpsCommand(lmp, "thermo 0"));
  PetscCall(InmLammpsCommand(lmp, "change_box all x scale %.17g y scale %.17g z scale %.17g remap", (double)s, (double)s, (double)s));
  if (!c->v) PetscCall(InmLammpsCommand(lmp, "velocity all create %.17g %" PetscInt_FMT " mom yes rot no dist gaussian loop all", (double)T, o->seed));
  PetscCall(InmLammpsCommand(lmp, "fix inm_nvt all nvt temp %.17g %.17g %.17g", (double)T, (double)T, (double)o->tdamp));
  PetscCall(InmLammpsCommand(lmp, "run %" PetscInt_FMT, o->equil));
  PetscCall(InmLammpsCommand(lmp, "reset_timestep 0"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_p all vector %" PetscInt_FMT " c_thermo_press c_thermo_temp", every)); /* two values: a global array */
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
  *P   = sum;
  *err = PetscSqrtReal(PetscMax(0, sum2 - sum * sum) / 9);
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

PetscErrorCode InmModulusSpeed(const char units[], PetscReal modulus, PetscReal rho_mass, PetscReal *v)
{
  PetscReal kB, mvv2e;
  PetscBool metal;

  PetscFunctionBegin;
  PetscCall(InmUnitsConstants(units, &kB, &mvv2e));
  PetscCall(PetscStrcmp(units, "metal", &metal));
  /* modulus / rho_mass in velocity^2: metal bar / (amu A^-3) -> (A/ps)^2 through
   * nktv2p = 1.6021765e6 bar A^3 / eV and mvv2e eV / (amu A^2 ps^-2); lj: 1 */
  *v = modulus > 0 ? PetscSqrtReal(modulus / (metal ? INM_METAL_NKTV2P : 1.0) / mvv2e / rho_mass) : 0;
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
