/* The configurational entropy's pieces (include/inmvisc/entropy.h) against independent routes:
 *  1. s_id of argon at 298.15 K and 1 bar in metal units against Sackur-Tetrode in SI (CODATA
 *     2018 h, kB, u): LAMMPS's metal constants are older CODATA, equal to ~1e-7, so 1e-5 in
 *     s. And against the tabulated standard entropy of argon gas, 154.846 J/(mol K) (NIST
 *     Chemistry WebBook), to 1e-3 of R.
 *  2. The inherent structure of an FCC LJ crystal (256 atoms, a = 1.55) quenched from a lattice
 *     jittered by 0.05 sigma: no negative mode and no zero mode beyond the translations (else an
 *     error), the energy of the perfect lattice (our own potential, no MD) to 1e-9, and S_vib
 *     from the pseudo-determinant (one sparse LDL^T without atom 1) equal to S_vib from every
 *     eigenvalue of the perfect lattice's Hessian (dense solver) to 1e-6; on the KA liquid's
 *     inherent structure the two routes agree to 1e-9 (round-off of sum ln lambda over 765
 *     modes).
 *  3. The temperature path on that crystal (T0 = 0.04 down to 0.02, 0.01, 0.005) against the
 *     harmonic crystal of the same Hessian: U(T) - u_IS = (3N-3)/(2N) kB T (equipartition) and
 *     S_TI(T) - S_TI(T') = S_vib(T) - S_vib(T') + 3/(2N) ln(T/T') (the centre of mass: the
 *     ideal gas counts N kinetic 3/2, the harmonic solid 3N-3 modes). The anharmonic part of
 *     U is ~ c T^2 with c ~ 1 for LJ near its zero-pressure density (the thermal expansion),
 *     so at T <= 0.02 the relative deviation must stay under 2% in U and under 0.01 kB in S,
 *     against O(1) for a lost factor kB T, a path in T instead of beta, or a missing kinetic term
 *     (plus 3 standard errors: s_ex = beta U - ..., so U's noise enters times beta = 200).
 *  4. The density path of a KA liquid (N = 256, rho = 1.2, T0 = 5): the integrand (Z - 1)/rho
 *     at the two lowest Kronrod nodes, extrapolated linearly to rho = 0, against the second
 *     virial coefficient B2(T0) = -2 pi sum_ab x_a x_b int (exp(-u_ab/kT) - 1) r^2 dr of the
 *     same pair potential, its u_ab(r) from our own energy of two atoms (no LAMMPS), within 3
 *     standard errors plus the curvature term (the third node's deviation from the line). A
 *     kinetic pressure in Z - 1 would put (Z - 1)/rho off by -1/(N rho) ~ -0.8 there.
 *     Then S_total, S_vib of one inherent structure and S_conf at T = 2 are printed, and the
 *     quadrature error of S_total (|K15 - G7| + |L5 - S3|) must be within 3 of its own
 *     statistical errors plus 0.002 kB: the rules' discretisation error is below the noise. */
#include "testlib.h"
#include <inmvisc/entropy.h>
#include <inmvisc/config.h>
#include <inmvisc/eigen.h>
#include <gsl/gsl_integration.h>

/* the pair energy u_ab(r) of pot: two atoms of types a, b in a 20-sigma box */
typedef struct {
  InmPotential pot;
  InmConfig   *c;
  PetscReal    beta;
} Pair;

static double MayerIntegrand(double r, void *ctx)
{
  Pair     *p = (Pair *)ctx;
  PetscReal e;
  p->c->x[3] = 5.0 + r;
  if (InmPotentialCompute(p->pot, p->c, &e, NULL, NULL)) return NAN;
  return (exp(-p->beta * e) - 1) * r * r;
}

static PetscErrorCode SecondVirial(InmPotential pot, PetscReal T, PetscReal xb, PetscReal *B2)
{
  const PetscReal lo[3] = {0, 0, 0}, hi[3] = {20, 20, 20}, x[2] = {1 - xb, xb};
  Pair            p     = {.pot = pot, .beta = 1 / T};
  gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);

  PetscFunctionBegin;
  PetscCall(InmConfigCreate(2, PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, &p.c));
  PetscCall(InmBoxFromLammps(lo, hi, 0, 0, 0, &p.c->box));
  PetscCall(PetscStrncpy(p.c->units, "lj", sizeof(p.c->units)));
  p.c->ntypes = 2;
  for (PetscInt i = 0; i < 2; i++) {
    p.c->id[i]   = i + 1;
    p.c->mass[i] = 1;
    for (PetscInt d = 0; d < 3; d++) p.c->x[3 * i + d] = 5.0;
  }
  *B2 = 0;
  for (PetscInt a = 1; a <= 2; a++)
    for (PetscInt b = 1; b <= 2; b++) {
      gsl_function F = {MayerIntegrand, &p};
      double       integral, err;
      p.c->type[0] = a;
      p.c->type[1] = b;
      /* below 0.5 sigma_AA the Boltzmann factor is exp(-16000/T): the integrand is -r^2 */
      gsl_integration_qags(&F, 0.5, 3.0, 0, 1e-10, 1000, w, &integral, &err);
      *B2 += -2 * PETSC_PI * x[a - 1] * x[b - 1] * (integral - 0.125 / 3);
    }
  gsl_integration_workspace_free(w);
  PetscCall(InmConfigDestroy(&p.c));
  PetscFunctionReturn(0);
}

static PetscErrorCode IdealGasArgon(void)
{
  const PetscReal h = 6.62607015e-34, k = 1.380649e-23, amu = 1.66053906660e-27, NA = 6.02214076e23;
  const PetscReal T = 298.15, P = 1e5, m = 39.948, rho = P / (k * T); /* m^-3 */
  const PetscReal lambda = h / PetscSqrtReal(2 * PETSC_PI * m * amu * k * T), s_st = 2.5 - PetscLogReal(rho * lambda * lambda * lambda);
  const PetscInt  n = 1000;
  const PetscReal L = PetscCbrtReal(n / (rho * 1e-30)), lo[3] = {0, 0, 0}, hi[3] = {L, L, L};
  InmConfig      *c;
  PetscReal       s;

  PetscFunctionBegin;
  PetscCall(InmConfigCreate(n, PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, &c));
  PetscCall(InmBoxFromLammps(lo, hi, 0, 0, 0, &c->box));
  PetscCall(PetscStrncpy(c->units, "metal", sizeof(c->units)));
  c->ntypes = 1;
  for (PetscInt i = 0; i < n; i++) c->type[i] = 1, c->mass[i] = m, c->id[i] = i + 1;
  PetscCall(InmIdealGasEntropy(c, T, &s));
  INM_TEST(PetscAbsReal(s - s_st) < 1e-5, "argon 298.15 K, 1 bar, metal units: s_id %.7f kB, Sackur-Tetrode in SI %.7f", (double)s, (double)s_st);
  INM_TEST(PetscAbsReal(s * k * NA - 154.846) < 1e-3 * k * NA, "  %.3f J/(mol K) against NIST's 154.846", (double)(s * k * NA));
  PetscCall(InmConfigDestroy(&c));
  PetscFunctionReturn(0);
}

static PetscErrorCode Crystal(void)
{
  const PetscReal T[3] = {0.02, 0.01, 0.005}, T0 = 0.04;
  InmPotential    pot;
  InmConfig      *lat, *jit;
  PetscReal       u_lat, u_is, s_lat[3], s_is[3], e;
  InmBulkOptions  o = {.dt = 0.002, .tdamp = 0.2, .equil = 2000, .measure = 20000, .seed = 4321};
  InmEntropyTI    ti;

  PetscFunctionBegin;
  PetscCall(InmPotentialCreateLJ(1.0, 1.0, 2.5, 1.0, &pot));
  PetscCall(InmTestFCC(4, 1.55, 0, 0, 0, 1, &lat));
  PetscCall(InmTestFCC(4, 1.55, 0.05, 0, 0, 7, &jit));
  PetscCall(InmPotentialCompute(pot, lat, &e, NULL, NULL));
  PetscCall(InmInherentStructureEntropy(PETSC_COMM_WORLD, pot, lat, 1e-10, INM_MODES_DEFAULT_SOLVER, 3, T, &u_lat, s_lat, NULL));
  PetscCall(InmInherentStructureEntropy(PETSC_COMM_WORLD, pot, jit, 1e-10, NULL, 3, T, &u_is, s_is, NULL));
  INM_TEST(PetscAbsReal(u_is - e / lat->n) < 1e-9 * PetscAbsReal(u_lat), "FCC LJ quenched from a jittered lattice: u_IS %.12f, perfect lattice %.12f (3 zero modes, none negative)", (double)u_is, (double)(e / lat->n));
  INM_TEST(PetscAbsReal(s_is[0] - s_lat[0]) < 1e-6, "  S_vib(T = 0.02) from det D_{-0} (one LDL^T) %.9f, from every eigenvalue of the perfect lattice %.9f", (double)s_is[0], (double)s_lat[0]);

  PetscCall(InmEntropyTICompute(PETSC_COMM_WORLD, pot, lat, 3, T, T0, PETSC_FALSE, &o, &ti));
  for (PetscInt k = 0; k < 3; k++) {
    const PetscReal equi = 1.5 * (lat->n - 1.0) / lat->n * T[k], du = ti.U[k] - u_lat;
    INM_TEST(PetscAbsReal(du / equi - 1) < 0.02, "  T %.3f: U - u_IS = %.6f +- %.1e, equipartition (3N-3)/(2N) kB T = %.6f", (double)T[k], (double)du, (double)ti.U_stat[k], (double)equi);
  }
  for (PetscInt k = 1; k < 3; k++) {
    const PetscReal dti = ti.s_total[k] - ti.s_total[0], dh = s_lat[k] - s_lat[0] + 1.5 / lat->n * PetscLogReal(T[k] / T[0]);
    INM_TEST(PetscAbsReal(dti - dh) < 0.01 + 3 * ti.s_err[k], "  S(%.3f) - S(0.02): temperature path %.5f (+- %.1e, quadrature %.1e +- %.1e), harmonic %.5f", (double)T[k], (double)dti, (double)ti.s_err[k], (double)ti.s_quad[k], (double)ti.s_quad_noise[k], (double)dh);
  }
  PetscCall(InmEntropyTIDestroy(&ti));
  PetscCall(InmConfigDestroy(&lat));
  PetscCall(InmConfigDestroy(&jit));
  PetscCall(InmPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

static PetscErrorCode Liquid(void)
{
  const PetscReal T[1] = {2.0}, T0 = 5.0;
  InmPotential    pot;
  InmConfig      *c;
  InmBulkOptions  o = {.dt = 0.005, .tdamp = 0.5, .equil = 1000, .measure = 4000, .seed = 99};
  InmEntropyTI    ti;
  PetscReal       B2, u_is, s_vib;
  PetscInt        lo[3] = {0, 1, 2};

  PetscFunctionBegin;
  PetscCall(InmPotentialCreateKA(PETSC_FALSE, 2.0, &pot));
  PetscCall(InmTestQuickLiquid(PETSC_COMM_WORLD, pot, 256, 1.2, 3.0, 2.0, 2000, 99, &c));
  PetscCall(SecondVirial(pot, T0, 0.2, &B2));
  PetscCall(InmEntropyTICompute(PETSC_COMM_WORLD, pot, c, 1, T, T0, PETSC_TRUE, &o, &ti));
  for (PetscInt a = 0; a < 3; a++) /* the three lowest density nodes */
    for (PetscInt b = a + 1; b < 3; b++)
      if (ti.rho_node[lo[b]] < ti.rho_node[lo[a]]) {
        PetscInt s = lo[a];
        lo[a]      = lo[b];
        lo[b]      = s;
      }
  for (PetscInt k = 3; k < INM_TI_DENSITY_NODES; k++)
    for (PetscInt j = 0; j < 3; j++)
      if (ti.rho_node[k] < ti.rho_node[lo[j]]) {
        for (PetscInt q = 2; q > j; q--) lo[q] = lo[q - 1];
        lo[j] = k;
        break;
      }
  {
    const PetscReal r0 = ti.rho_node[lo[0]], r1 = ti.rho_node[lo[1]], r2 = ti.rho_node[lo[2]];
    const PetscReal f0 = ti.z_node[lo[0]], f1 = ti.z_node[lo[1]], f2 = ti.z_node[lo[2]];
    const PetscReal slope = (f1 - f0) / (r1 - r0), at0 = f0 - slope * r0;
    const PetscReal err   = PetscSqrtReal(PetscSqr(ti.z_err[lo[0]] * r1 / (r1 - r0)) + PetscSqr(ti.z_err[lo[1]] * r0 / (r1 - r0)));
    const PetscReal curv  = PetscAbsReal(f2 - (f0 + slope * (r2 - r0))) * r0 / r2; /* the quadratic term's share at r0 */
    INM_TEST(PetscAbsReal(at0 - B2) < 3 * err + curv, "KA T0 = 5: (Z-1)/rho at rho = %.4f, %.4f: %.4f +- %.4f, %.4f +- %.4f -> %.4f +- %.4f at rho = 0; B2 of the pair potential %.4f (curvature allowance %.4f)", (double)r0, (double)r1, (double)f0, (double)ti.z_err[lo[0]], (double)f1, (double)ti.z_err[lo[1]], (double)at0, (double)err, (double)B2, (double)curv);
  }
  PetscCall(InmInherentStructureEntropy(PETSC_COMM_WORLD, pot, c, 1e-10, NULL, 1, T, &u_is, &s_vib, NULL));
  {
    PetscReal u2, s2;
    PetscCall(InmInherentStructureEntropy(PETSC_COMM_WORLD, pot, c, 1e-10, INM_MODES_DEFAULT_SOLVER, 1, T, &u2, &s2, NULL));
    INM_TEST(PetscAbsReal(s2 - s_vib) < 1e-9 && u2 == u_is, "KA inherent structure: S_vib from det D_{-0} %.12f, from every eigenvalue %.12f", (double)s_vib, (double)s2);
  }
  INM_TEST(ti.s_quad[0] < 3 * ti.s_quad_noise[0] + 0.002, "KA N = 256, rho = 1.2, T = 2: S_total %.4f +- %.4f (quadrature %.1e, its noise %.1e; beta0 F_ex/N %.4f), S_vib %.4f (u_IS %.4f), S_conf %.4f", (double)ti.s_total[0], (double)ti.s_err[0], (double)ti.s_quad[0], (double)ti.s_quad_noise[0], (double)ti.fex0, (double)s_vib, (double)u_is, (double)(ti.s_total[0] - s_vib));
  PetscCall(InmEntropyTIDestroy(&ti));
  PetscCall(InmConfigDestroy(&c));
  PetscCall(InmPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(InmTestBegin(&argc, &argv));
  PetscCall(IdealGasArgon());
  PetscCall(Crystal());
  PetscCall(Liquid());
  return InmTestEnd();
}
