/* S_total of a liquid by thermodynamic integration from the ideal gas (include/inmvisc/entropy.h):
 *   s_id(rho, T) = 5/2 - sum_a x_a ln(x_a rho Lambda_a^3)
 *   beta0 F_ex/N = int_0^rho (Z - 1)/rho' drho'            at T0 (Gauss-Kronrod 15, error |K15 - G7|)
 *   s_ex(T)      = beta U - beta0 F_ex/N - int_{beta0}^{beta} U dbeta'   at rho
 *                                                   (Gauss-Lobatto 5 per segment, error |L5 - S3|)
 * The Kronrod nodes and weights are GSL's (gsl_integration_qk15, called on recorded values),
 * the embedded Gauss rule GSL's gsl_integration_glfixed; Lobatto's 5-point rule on [-1, 1] has
 * nodes 0, +-sqrt(3/7), +-1 and weights 32/45, 49/90, 1/10 (Abramowitz & Stegun 25.4.32). */
#include "state_md.h"
#include <inmvisc/entropy.h>
#include <inmvisc/config.h>
#include <gsl/gsl_integration.h>

PetscErrorCode InmIdealGasEntropy(const InmConfig *c, PetscReal T, PetscReal *s_id)
{
  const InmUnits *u;
  PetscInt        count[INM_MAX_TYPES + 1] = {0};
  const PetscReal rho = c->n / c->box.volume;
  PetscReal       sum = 0;

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(c->units, &u));
  for (PetscInt i = 0; i < c->n; i++) count[c->type[i]]++;
  for (PetscInt i = 0; i < c->n; i++) {
    /* Lambda^2 = h^2 / (2 pi m kB T mvv2e): h^2/(m kB T) is energy time^2/mass = length^2/mvv2e */
    const PetscReal lambda2 = u->hplanck * u->hplanck / (2 * PETSC_PI * c->mass[i] * u->kB * T * u->mvv2e);
    sum += PetscLogReal((PetscReal)count[c->type[i]] / c->n * rho * lambda2 * PetscSqrtReal(lambda2));
  }
  *s_id = 2.5 - sum / c->n;
  PetscFunctionReturn(0);
}

/* Canonical sampling at T: Langevin (fix nve + fix langevin, damping o->tdamp), ergodic where
 * a Nose-Hoover chain is not (a nearly harmonic crystal keeps its modes' energies); node k > 0
 * replaces node k - 1's thermostat, with its own seed. */
static PetscErrorCode Thermostat(InmLammps lmp, PetscReal T, const InmBulkOptions *o, PetscInt k)
{
  PetscFunctionBegin;
  if (k) PetscCall(InmLammpsCommand(lmp, "unfix inm_langevin"));
  PetscCall(InmLammpsCommand(lmp, "fix inm_langevin all langevin %.17g %.17g %.17g %" PetscInt_FMT " zero yes", (double)T, (double)T, (double)o->tdamp, o->seed + 7919 * k + 1));
  PetscFunctionReturn(0);
}

/* gsl_integration_qk15 on tabulated values: first it records where it evaluates (values 0),
 * then it is called again and each node's value is looked up. */
typedef struct {
  PetscInt  n;
  PetscBool record;
  double    x[INM_TI_DENSITY_NODES], f[INM_TI_DENSITY_NODES];
} Table;

static double TableValue(double x, void *ctx)
{
  Table *t = (Table *)ctx;
  if (t->record) {
    if (t->n < INM_TI_DENSITY_NODES) t->x[t->n++] = x;
    return 0;
  }
  for (PetscInt k = 0; k < t->n; k++)
    if (t->x[k] == x) return t->f[k];
  return NAN; /* not a node: cannot happen, qk15 is deterministic */
}

static double Kronrod(Table *t, double b)
{
  gsl_function F = {TableValue, t};
  double       r, abserr, resabs, resasc;
  t->record = PETSC_FALSE;
  gsl_integration_qk15(&F, 0, b, &r, &abserr, &resabs, &resasc);
  return r;
}

/* The density path: nodes of K15 on (0, rho], NVT runs at T0 from the densest node down;
 * f = (Z - 1)/rho = P_vir / (nktv2p kB T0 rho^2). */
PetscErrorCode InmEntropyTIDensityPath(MPI_Comm comm, InmPotential pot, const InmConfig *c, const InmBulkOptions *o, InmEntropyTI *ti)
{
  const PetscReal               T0  = ti->T0;
  const InmUnits               *u;
  const PetscReal               rho = c->n / c->box.volume;
  Table                         t   = {.n = 0, .record = PETSC_TRUE};
  gsl_function                  F   = {TableValue, &t};
  double                        r, abserr, resabs, resasc, gauss = 0, var = 0, vardiff = 0, wg[INM_TI_DENSITY_NODES] = {0};
  gsl_integration_glfixed_table *g7;
  InmLammps                     lmp;
  PetscInt                      order[INM_TI_DENSITY_NODES];
  PetscReal                     rho_now = rho;
  PetscLogDouble                t0;
  const char *const             pvir[] = {"c_inm_pvir"};

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(c->units, &u));
  gsl_integration_qk15(&F, 0, rho, &r, &abserr, &resabs, &resasc);
  PetscCheck(t.n == INM_TI_DENSITY_NODES, comm, PETSC_ERR_LIB, "GSL's qk15 evaluated %" PetscInt_FMT " nodes, not 15", t.n);
  for (PetscInt k = 0; k < t.n; k++) order[k] = k;
  for (PetscInt a = 0; a < t.n; a++) /* densest first: each box is the previous one expanded */
    for (PetscInt b = a + 1; b < t.n; b++)
      if (t.x[order[b]] > t.x[order[a]]) {
        const PetscInt s = order[a];
        order[a]         = order[b];
        order[b]         = s;
      }
  PetscCall(PetscTime(&t0));
  PetscCall(InmStateMDOpen(comm, pot, c, T0, o, "compute inm_pvir all pressure NULL virial\nfix inm_nve all nve", &lmp));
  PetscCall(Thermostat(lmp, T0, o, 0));
  for (PetscInt q = 0; q < t.n; q++) {
    const PetscInt  k = order[q];
    const PetscReal s = PetscCbrtReal(rho_now / t.x[k]);
    PetscReal       P, dP;
    PetscCall(InmLammpsCommand(lmp, "change_box all x scale %.17g y scale %.17g z scale %.17g remap", (double)s, (double)s, (double)s));
    rho_now = t.x[k];
    PetscCall(InmStateMDMeans(lmp, o, 1, pvir, "entropy: density path", &P, &dP));
    t.f[k]           = P / (u->nktv2p * u->kB * T0 * rho_now * rho_now);
    ti->rho_node[k]  = rho_now;
    ti->z_node[k]    = t.f[k];
    ti->z_err[k]     = dP / (u->nktv2p * u->kB * T0 * rho_now * rho_now);
    PetscCall(InmProgress(comm, "entropy: density path at T0", q + 1, t.n, t0));
  }
  PetscCall(InmLammpsClose(&lmp));
  ti->fex0 = Kronrod(&t, rho);
  g7       = gsl_integration_glfixed_table_alloc(7);
  for (size_t i = 0; i < 7; i++) {
    double   x, w;
    PetscInt hit = -1;
    gsl_integration_glfixed_point(0, rho, i, &x, &w, g7);
    for (PetscInt k = 0; k < t.n; k++)
      if (PetscAbsReal(t.x[k] - x) <= 1e-12 * rho) hit = k;
    if (hit < 0) gsl_integration_glfixed_table_free(g7);
    PetscCheck(hit >= 0, comm, PETSC_ERR_LIB, "the 7-point Gauss node %g is not among GSL's Kronrod nodes", x);
    gauss += w * t.f[hit];
    wg[hit] = w;
  }
  gsl_integration_glfixed_table_free(g7);
  /* statistical errors through the weights (qk15 is linear in the values: its weight of node
   * k is its result for the values e_k), of the K15 value and of the difference K15 - G7 */
  for (PetscInt k = 0; k < t.n; k++) {
    Table           e = t;
    PetscReal       wk;
    for (PetscInt j = 0; j < t.n; j++) e.f[j] = j == k;
    wk = Kronrod(&e, rho);
    var += PetscSqr(wk * ti->z_err[k]);
    vardiff += PetscSqr((wk - wg[k]) * ti->z_err[k]);
  }
  ti->fex0_err        = PetscSqrtReal(var);
  ti->fex0_quad_noise = PetscSqrtReal(vardiff);
  ti->fex0_quad = PetscAbsReal(ti->fex0 - gauss);
  PetscFunctionReturn(0);
}

/* The temperature path at rho: T0, then per segment towards each requested temperature the
 * Lobatto nodes; one instance cooled node by node, U = <pe/N>. */
PetscErrorCode InmEntropyTITemperaturePath(MPI_Comm comm, InmPotential pot, const InmConfig *c, const InmBulkOptions *o, InmEntropyTI *ti)
{
  const InmUnits   *u;
  const PetscReal   a = PetscSqrtReal(3.0 / 7.0), tl[5] = {-1, -a, 0, a, 1};
  InmLammps         lmp;
  PetscLogDouble    t0;
  const char *const pe[] = {"v_inm_u"}; /* per atom: fix vector takes no extensive value beside the temperature */

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(c->units, &u));
  ti->T_node[0] = ti->T0;
  for (PetscInt k = 0; k < ti->nT; k++) { /* nodes uniform in beta, not in T */
    const PetscReal b0 = 1 / (u->kB * (k ? ti->T[k - 1] : ti->T0)), b1 = 1 / (u->kB * ti->T[k]);
    for (PetscInt j = 1; j < 5; j++) ti->T_node[4 * k + j] = 1 / (u->kB * (0.5 * (b0 + b1) + 0.5 * (b1 - b0) * tl[j]));
  }
  PetscCall(PetscTime(&t0));
  PetscCall(InmStateMDOpen(comm, pot, c, ti->T0, o, "compute inm_pe all pe\nvariable inm_u equal c_inm_pe/atoms\nfix inm_nve all nve", &lmp));
  for (PetscInt q = 0; q < ti->nnode; q++) {
    PetscCall(Thermostat(lmp, ti->T_node[q], o, q));
    PetscCall(InmStateMDMeans(lmp, o, 1, pe, "entropy: temperature path", &ti->U_node[q], &ti->U_err[q]));
    PetscCall(InmProgress(comm, "entropy: temperature path", q + 1, ti->nnode, t0));
  }
  PetscCall(InmLammpsClose(&lmp));
  PetscFunctionReturn(0);
}

/* s_ex(T_k) = beta_k U_k - fex0 - sum over segments j <= k of the Lobatto sums; the statistical
 * error from the coefficient of each node's U, the quadrature error |L5 - S3| per segment. */
PetscErrorCode InmEntropyTICombine(const InmConfig *c, InmEntropyTI *ti)
{
  const InmUnits *u;
  const PetscReal wl[5] = {0.1, 49.0 / 90, 32.0 / 45, 49.0 / 90, 0.1}, ws[5] = {1.0 / 3, 0, 4.0 / 3, 0, 1.0 / 3};
  PetscReal      *coef, quad = 0, quadvar = PetscSqr(ti->fex0_quad_noise);

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(c->units, &u));
  PetscCall(PetscCalloc1(ti->nnode, &coef));
  for (PetscInt k = 0; k < ti->nT; k++) {
    const PetscReal b0 = 1 / (u->kB * (k ? ti->T[k - 1] : ti->T0)), b1 = 1 / (u->kB * ti->T[k]), h = 0.5 * (b1 - b0);
    const PetscInt  end = 4 * (k + 1);
    PetscReal       lob = 0, simp = 0, var = 0;
    for (PetscInt j = 0; j < 5; j++) {
      lob += h * wl[j] * ti->U_node[4 * k + j];
      simp += h * ws[j] * ti->U_node[4 * k + j];
      coef[4 * k + j] -= h * wl[j];
      quadvar += PetscSqr(h * (wl[j] - ws[j]) * ti->U_err[4 * k + j]);
    }
    quad += PetscAbsReal(lob - simp);
    ti->U[k]      = ti->U_node[end];
    ti->U_stat[k] = ti->U_err[end];
    ti->s_ex[k]   = b1 * ti->U_node[end] - ti->fex0;
    for (PetscInt q = 0; q <= end; q++) ti->s_ex[k] += coef[q] * ti->U_node[q];
    for (PetscInt q = 0; q <= end; q++) var += PetscSqr((coef[q] + (q == end ? b1 : 0)) * ti->U_err[q]);
    PetscCall(InmIdealGasEntropy(c, ti->T[k], &ti->s_id[k]));
    ti->s_total[k] = ti->s_id[k] + ti->s_ex[k];
    ti->s_err[k]   = PetscSqrtReal(var + PetscSqr(ti->fex0_err));
    ti->s_quad[k]  = quad + ti->fex0_quad;
    ti->s_quad_noise[k] = PetscSqrtReal(quadvar);
  }
  PetscCall(PetscFree(coef));
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropyTISetUp(MPI_Comm comm, PetscReal rho, PetscInt nT, const PetscReal T[], PetscReal T0, InmEntropyTI *ti)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(ti, sizeof(*ti)));
  PetscCheck(nT >= 1, comm, PETSC_ERR_USER_INPUT, "entropy: no temperature to integrate to");
  ti->nT    = nT;
  ti->T0    = T0;
  ti->rho   = rho;
  ti->nnode = 1 + 4 * nT;
  PetscCall(PetscMalloc1(nT, &ti->T));
  PetscCall(PetscArraycpy(ti->T, T, nT));
  PetscCall(PetscSortReal(nT, ti->T));
  for (PetscInt k = 0; k < nT / 2; k++) { /* descending: the path cools */
    const PetscReal s = ti->T[k];
    ti->T[k]          = ti->T[nT - 1 - k];
    ti->T[nT - 1 - k] = s;
  }
  PetscCheck(ti->T[nT - 1] > 0 && ti->T[0] < T0, comm, PETSC_ERR_USER_INPUT, "entropy: the temperatures must lie in (0, T0 = %g); the highest is %g", (double)T0, (double)ti->T[0]);
  for (PetscInt k = 1; k < nT; k++) PetscCheck(ti->T[k] < ti->T[k - 1], comm, PETSC_ERR_USER_INPUT, "entropy: temperature %g is given twice", (double)ti->T[k]);
  PetscCall(PetscMalloc3(ti->nnode, &ti->T_node, ti->nnode, &ti->U_node, ti->nnode, &ti->U_err));
  PetscCall(PetscMalloc7(nT, &ti->U, nT, &ti->U_stat, nT, &ti->s_id, nT, &ti->s_ex, nT, &ti->s_total, nT, &ti->s_err, nT, &ti->s_quad));
  PetscCall(PetscMalloc1(nT, &ti->s_quad_noise));
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropyTICompute(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscInt nT, const PetscReal T[], PetscReal T0, PetscBool from_ideal_gas, const InmBulkOptions *o, InmEntropyTI *ti)
{
  PetscFunctionBegin;
  PetscCall(InmEntropyTISetUp(comm, c->n / c->box.volume, nT, T, T0, ti));
  if (from_ideal_gas) PetscCall(InmEntropyTIDensityPath(comm, pot, c, o, ti));
  PetscCall(InmEntropyTITemperaturePath(comm, pot, c, o, ti));
  PetscCall(InmEntropyTICombine(c, ti));
  PetscFunctionReturn(0);
}

PetscErrorCode InmEntropyTIDestroy(InmEntropyTI *ti)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(ti->T));
  PetscCall(PetscFree3(ti->T_node, ti->U_node, ti->U_err));
  PetscCall(PetscFree7(ti->U, ti->U_stat, ti->s_id, ti->s_ex, ti->s_total, ti->s_err, ti->s_quad));
  PetscCall(PetscFree(ti->s_quad_noise));
  PetscFunctionReturn(0);
}
