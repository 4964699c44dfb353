/* Bulk modulus by the density-slope route (two NVT runs of LAMMPS at V(1 -+ 1%), App. H)
 * on an FCC LJ crystal at T = 0.005 against the static route: the same secant
 * -(P+ - P-)/ln(V+/V-) with the pressure of the perfect lattice from our own virial (no MD,
 * no LAMMPS), i.e. V d2E/dV2 of the Born (affine) energy of a Bravais lattice. The thermal
 * pressure at T = 0.005 is ~3 gamma rho kB T ~ 0.04 (Grueneisen gamma ~ 2.5) and its volume
 * derivative is of the same order, against B ~ 70: the two agree to ~0.1%, and within 1%
 * with the statistical error of the MD means (reported ~0.05%). omega_min = 2 pi v_s / L
 * with v_s = sqrt(B / rho_mass) in LJ units is checked as algebra.
 * Then the two MD routes on a liquid (issue 19): KA at rho = 1.2, T = 2.0, N = 256, the NVT
 * density slope against kB T <V>/<dV^2> from NPT at the same state point. Both are isothermal
 * moduli; they must agree within 3 combined standard errors (each from 10 blocks of 20 tau,
 * long against the volume's correlation with the barostat damped in 1 tau; the fluctuation
 * route's error is 3-6% for 200 tau), and a formula off by a factor T (= 2 here) or by <V>
 * would fail it. (The metal factors nktv2p and kB are those of the units module, tested in
 * config_units.) */
#include "testlib.h"

int main(int argc, char **argv)
{
  const PetscReal a = 1.55, strain = 0.01;
  InmPotential    pot;
  InmConfig      *c, *s;
  InmBulkOptions  o = {.strain = strain, .dt = 0.002, .tdamp = 0.2, .equil = 2000, .measure = 4000, .seed = 4321};
  InmBulk         b;
  PetscReal       Ps[2], W[6];

  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(InmPotentialCreateLJ(1.0, 1.0, 2.5, 1.0, &pot));
  PetscCall(InmTestFCC(4, a, 0, 0, 0.0, 1, &c));
  PetscCall(PetscStrncpy(c->units, "lj", sizeof(c->units)));
  for (int k = 0; k < 2; k++) { /* static pressure of the scaled perfect lattice */
    const PetscReal sc = PetscCbrtReal(k ? 1 + strain : 1 - strain);
    PetscCall(InmConfigDuplicate(c, &s));
    for (PetscInt i = 0; i < 3 * s->n; i++) s->x[i] *= sc;
    for (int r = 0; r < 3; r++)
      for (int q = 0; q < 3; q++) s->box.cell[r][q] *= sc;
    PetscCall(InmBoxSetUp(&s->box));
    PetscCall(InmPotentialCompute(pot, s, NULL, NULL, W));
    Ps[k] = (W[0] + W[1] + W[2]) / (3 * s->box.volume);
    PetscCall(InmConfigDestroy(&s));
  }
  PetscCall(InmBulkModulus(PETSC_COMM_WORLD, pot, c, 0.005, &o, &b));
  {
    const PetscReal Bs = -(Ps[1] - Ps[0]) / PetscLogReal((1 + strain) / (1 - strain));
    INM_TEST(PetscAbsReal(b.B - Bs) < 0.01 * Bs, "B by NVT density slope %.4f +- %.4f, static lattice %.4f (bound 1%%)", (double)b.B, (double)b.B_err, (double)Bs);
    INM_TEST(b.B_err < 0.005 * Bs, "its statistical error %.2g is below 0.5%%", (double)b.B_err);
    INM_TEST(PetscAbsReal(b.omega_min - 2 * PETSC_PI * PetscSqrtReal(b.B / (c->n / c->box.volume)) / PetscCbrtReal(c->box.volume)) < 1e-12 * b.omega_min, "omega_min = 2 pi sqrt(B/rho)/L = %.4f", (double)b.omega_min);
  }
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&pot));

  { /* the liquid: both routes */
    InmBulkOptions ol = {.strain = 0.01, .dt = 0.005, .tdamp = 0.5, .equil = 2000, .measure = 40000, .seed = 777, .fluctuations = PETSC_TRUE, .pdamp = 1.0};
    PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &pot));
      PetscCall(InmTestQuickLiquid(PETSC_COMM_WORLD, pot, 256, 1.2, 3.0, 2.0, 2000, 99, &c));
    PetscCall(InmBulkModulus(PETSC_COMM_WORLD, pot, c, 2.0, &ol, &b));
    {
      const PetscReal d = PetscAbsReal(b.B - b.B_npt), s = PetscSqrtReal(b.B_err * b.B_err + b.B_npt_err * b.B_npt_err);
      INM_TEST(d < 3 * s && b.B_npt_err < 0.25 * b.B_npt, "KA liquid T = 2: B from NPT volume fluctuations %.2f +- %.2f (<V> %.2f), from the NVT density slope %.2f +- %.2f (%.1f combined errors apart)", (double)b.B_npt, (double)b.B_npt_err, (double)b.V_npt, (double)b.B, (double)b.B_err, (double)(d / s));
      INM_TEST(PetscAbsReal(b.V_npt / c->box.volume - 1) < 0.01, "NPT at P0 = (P+ + P-)/2 keeps the volume: <V> %.2f, V %.2f", (double)b.V_npt, (double)c->box.volume);
    }
    PetscCall(InmConfigDestroy(&c));
    PetscCall(InmPotentialDestroy(&pot));
  }
  return InmTestEnd();
}
