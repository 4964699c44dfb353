/* Lennard-Jones pair potentials: the Kob–Andersen mixture and a one-type LJ (SPEC §2).
 *
 *   phi_LJ(r) = 4 eps [(s/r)^12 - (s/r)^6]
 *   phi_LJ'   = (24 eps / r) [(s/r)^6 - 2 (s/r)^12]
 *   phi_LJ''  = (24 eps / r^2) [26 (s/r)^12 - 7 (s/r)^6]
 *
 * "shift" (LAMMPS lj/cut + pair_modify shift yes): phi = phi_LJ - phi_LJ(rc) for r < rc;
 * the force jumps at rc (see SPEC §4 on finite differences there).
 * "smooth" (LAMMPS lj/gromacs r1 rc): for r1 < r < rc, with t = r - r1,
 *   phi = phi_LJ + C + t^3 (A/3 + B t/4)  and  phi' = phi_LJ' + t^2 (A + B t),
 * A, B, C chosen so that phi, phi' and phi'' vanish at rc (GROMACS switching):
 *   A = -[(m+4) rc - (m+1) r1] / (rc^(m+2) (rc - r1)^2) m,
 *   B =  [(m+3) rc - (m+1) r1] / (rc^(m+2) (rc - r1)^3) m   for each power r^-m (m = 12, 6),
 * which is exactly what LAMMPS tabulates (ljsw1..5), so MD and Hessian use one potential.
 * Pair Hessian block: K = phi'' rr^T + (phi'/r)(I - rr^T), H_ij = -K, H_ii = sum_j K.
 */
#include <inmvisc/potential.h>

#define LJ_MAXT 4

typedef struct {
  PetscInt  ntypes;
  PetscBool smooth;
  PetscReal eps[LJ_MAXT + 1][LJ_MAXT + 1], sig[LJ_MAXT + 1][LJ_MAXT + 1], rc[LJ_MAXT + 1][LJ_MAXT + 1], r1[LJ_MAXT + 1][LJ_MAXT + 1];
  /* derived per pair: energy offset (shift) or switching constants (smooth) */
  PetscReal off[LJ_MAXT + 1][LJ_MAXT + 1];
  PetscReal swA[LJ_MAXT + 1][LJ_MAXT + 1], swB[LJ_MAXT + 1][LJ_MAXT + 1], swC[LJ_MAXT + 1][LJ_MAXT + 1];
} PairLJ;

/* Switching coefficients for one inverse power r^-m with prefactor c (term c r^-m). */
static void GromacsSwitch(PetscReal c, PetscReal m, PetscReal r1, PetscReal rc, PetscReal *A, PetscReal *B, PetscReal *C)
{
  const PetscReal t = rc - r1;
  /* phi'(r) of c r^-m is -m c r^-(m+1); the switch adds t^2 (A + B t) to phi' */
  const PetscReal a = m * ((m + 4) * rc - (m + 1) * r1) / (PetscPowReal(rc, m + 2) * t * t);
  const PetscReal b = -m * ((m + 3) * rc - (m + 1) * r1) / (PetscPowReal(rc, m + 2) * t * t * t);
  *A += c * a;
  *B += c * b;
  /* C makes phi(rc) = 0: C = -c rc^-m - t^3 (A/3 + B t/4) */
  *C += -c * PetscPowReal(rc, -m) - t * t * t * (c * a / 3.0 + c * b * t / 4.0);
}

static PetscErrorCode PairLJSetUp(PairLJ *p)
{
  PetscFunctionBegin;
  for (PetscInt a = 1; a <= p->ntypes; a++)
    for (PetscInt b = 1; b <= p->ntypes; b++) {
      const PetscReal e = p->eps[a][b], s = p->sig[a][b], rc = p->rc[a][b];
      const PetscReal s6 = PetscPowReal(s / rc, 6.0);
      p->off[a][b] = p->smooth ? 0.0 : 4 * e * (s6 * s6 - s6);
      p->swA[a][b] = p->swB[a][b] = p->swC[a][b] = 0;
      if (p->smooth) {
        GromacsSwitch(4 * e * PetscPowReal(s, 12), 12, p->r1[a][b], rc, &p->swA[a][b], &p->swB[a][b], &p->swC[a][b]);
        GromacsSwitch(-4 * e * PetscPowReal(s, 6), 6, p->r1[a][b], rc, &p->swA[a][b], &p->swB[a][b], &p->swC[a][b]);
      }
    }
  PetscFunctionReturn(0);
}

/* phi, phi', phi'' of the pair (a, b) at r < rc. */
static inline void PairLJEval(const PairLJ *p, PetscInt a, PetscInt b, PetscReal r, PetscReal *e, PetscReal *d1, PetscReal *d2)
{
  const PetscReal eps = p->eps[a][b], s = p->sig[a][b], ir = 1.0 / r;
  const PetscReal s6 = (s * ir) * (s * ir) * (s * ir) * (s * ir) * (s * ir) * (s * ir), s12 = s6 * s6;
  *e  = 4 * eps * (s12 - s6) - p->off[a][b];
  *d1 = 24 * eps * ir * (s6 - 2 * s12);
  *d2 = 24 * eps * ir * ir * (26 * s12 - 7 * s6);
  if (p->smooth) {
    *e += p->swC[a][b];
    if (r > p->r1[a][b]) {
      const PetscReal t = r - p->r1[a][b], A = p->swA[a][b], B = p->swB[a][b];
      *e += t * t * t * (A / 3.0 + B * t / 4.0);
      *d1 += t * t * (A + B * t);
      *d2 += t * (2 * A + 3 * B * t);
    }
  }
}

static PetscErrorCode PairLJCheckConfig(InmPotential pot, InmConfig *cfg)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < cfg->n; i++)
    PetscCheck(cfg->type[i] >= 1 && cfg->type[i] <= pot->ntypes, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: atom id %" PetscInt_FMT " has type %" PetscInt_FMT ", which the potential %s does not define (types 1..%" PetscInt_FMT ")", cfg->source[0] ? cfg->source : "configuration", cfg->id[i], cfg->type[i], pot->name, pot->ntypes);
  PetscFunctionReturn(0);
}

static PetscErrorCode PairLJCompute(InmPotential pot, const InmConfig *cfg, const InmNeighborList *nl, PetscReal *energy, PetscReal *f, PetscReal virial[6])
{
  const PairLJ *p = (const PairLJ *)pot->data;
  PetscReal     E = 0, W[6] = {0, 0, 0, 0, 0, 0};

  PetscFunctionBegin;
  if (f) PetscCall(PetscArrayzero(f, 3 * cfg->n));
  for (PetscInt i = 0; i < nl->n; i++) {
    const PetscInt a = cfg->type[i];
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
      const PetscInt   j = nl->j[k], b = cfg->type[j];
      const PetscReal  r = nl->r[k], *d = nl->d + 3 * k;
      PetscReal        e, d1, d2;
      if (j < i || r >= p->rc[a][b]) continue; /* each pair once */
      PairLJEval(p, a, b, r, &e, &d1, &d2);
      E += e;
      InmPairTally(f, i, j, d1 / r, d, W); /* f_i = phi' d/r, f_j = -f_i */
    }
  }
  if (energy) *energy = E;
  if (virial) PetscCall(PetscArraycpy(virial, W, 6));
  PetscFunctionReturn(0);
}

static PetscErrorCode PairLJHessianRow(InmPotential pot, const InmConfig *cfg, const InmNeighborList *nl, PetscInt i, InmBlockRow *row)
{
  const PairLJ   *p    = (const PairLJ *)pot->data;
  const PetscInt  a    = cfg->type[i];
  const PetscReal zero[3] = {0, 0, 0};

  PetscFunctionBegin;
  for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
    const PetscInt   j = nl->j[k], b = cfg->type[j];
    const PetscReal  r = nl->r[k], *d = nl->d + 3 * k;
    PetscReal        e, d1, d2, K[9];
    if (r >= p->rc[a][b]) continue;
    PairLJEval(p, a, b, r, &e, &d1, &d2);
    InmPairStiffness(d1, d2, d, r, K);
    PetscCall(InmBlockRowAdd(row, j, -1.0, K, d));
    PetscCall(InmBlockRowAdd(row, i, 1.0, K, zero));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode PairLJView(InmPotential pot, PetscViewer viewer)
{
  const PairLJ *p = (const PairLJ *)pot->data;

  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(viewer, "potential %s: %s cutoff, %" PetscInt_FMT " types\n", pot->name, p->smooth ? "smooth (lj/gromacs)" : "truncated and shifted", p->ntypes));
  for (PetscInt a = 1; a <= p->ntypes; a++)
    for (PetscInt b = a; b <= p->ntypes; b++) PetscCall(PetscViewerASCIIPrintf(viewer, "  %" PetscInt_FMT "-%" PetscInt_FMT ": eps %g sigma %g rc %g%s\n", a, b, (double)p->eps[a][b], (double)p->sig[a][b], (double)p->rc[a][b], p->smooth ? " (switch from r1)" : ""));
  PetscFunctionReturn(0);
}

static PetscErrorCode PairLJDestroy(InmPotential pot)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(pot->data));
  PetscFunctionReturn(0);
}

/* Build the potential from the table in p (owned by pot afterwards) and write the LAMMPS lines. */
static PetscErrorCode PairLJFinish(PairLJ *p, const char name[], InmPotential *out)
{
  InmPotential pot;
  size_t       len = 0;
  PetscReal    rcmax = 0, smin = PETSC_MAX_REAL;

  PetscFunctionBegin;
  PetscCall(PairLJSetUp(p));
  PetscCall(PetscNew(&pot));
  pot->data                  = p;
  pot->ops.check_config      = PairLJCheckConfig;
  pot->ops.compute           = PairLJCompute;
  pot->ops.hessian_row       = PairLJHessianRow;
  pot->ops.view              = PairLJView;
  pot->ops.destroy           = PairLJDestroy;
  pot->ntypes                = p->ntypes;
  PetscCall(PetscStrncpy(pot->name, name, sizeof(pot->name)));
  PetscCall(PetscStrncpy(pot->units, "lj", sizeof(pot->units)));
  pot->family = INM_POTENTIAL_LJ;
  for (PetscInt a = 1; a <= p->ntypes; a++)
    for (PetscInt b = 1; b <= p->ntypes; b++) {
      rcmax = PetscMax(rcmax, p->rc[a][b]);
      smin  = PetscMin(smin, p->sig[a][b]);
    }
  pot->cutoff = rcmax;
  pot->rmin   = 0.5 * smin; /* phi(0.5 sigma) = 4 eps (4096 - 64): no thermal liquid gets there */
  /* LAMMPS lines giving the same forces and energies */
  if (p->smooth) PetscCall(PetscSNPrintf(pot->lammps_pair, sizeof(pot->lammps_pair), "pair_style lj/gromacs %.17g %.17g\n", (double)p->r1[1][1], (double)p->rc[1][1]));
  else PetscCall(PetscSNPrintf(pot->lammps_pair, sizeof(pot->lammps_pair), "pair_style lj/cut %.17g\n", (double)rcmax));
  for (PetscInt a = 1; a <= p->ntypes; a++)
    for (PetscInt b = a; b <= p->ntypes; b++) {
      PetscCall(PetscStrlen(pot->lammps_pair, &len));
      if (p->smooth) PetscCall(PetscSNPrintf(pot->lammps_pair + len, sizeof(pot->lammps_pair) - len, "pair_coeff %" PetscInt_FMT " %" PetscInt_FMT " %.17g %.17g %.17g %.17g\n", a, b, (double)p->eps[a][b], (double)p->sig[a][b], (double)p->r1[a][b], (double)p->rc[a][b]));
      else PetscCall(PetscSNPrintf(pot->lammps_pair + len, sizeof(pot->lammps_pair) - len, "pair_coeff %" PetscInt_FMT " %" PetscInt_FMT " %.17g %.17g %.17g\n", a, b, (double)p->eps[a][b], (double)p->sig[a][b], (double)p->rc[a][b]));
    }
  if (!p->smooth) PetscCall(PetscStrlcat(pot->lammps_pair, "pair_modify shift yes\n", sizeof(pot->lammps_pair)));
  *out = pot;
  PetscFunctionReturn(0);
}

PetscErrorCode InmPotentialCreateKA(PetscBool smooth, PetscReal inner, InmPotential *pot)
{
  PairLJ *p;
  /* Kob & Andersen, PRE 51, 4626 (1995): A = 1, B = 2; cut at 2.5 sigma_ab. The cutoffs are
   * the decimal numbers LAMMPS users write (2.5, 2.0, 2.2), not 2.5 * sigma in binary. */
  const PetscReal eps[3][3] = {{0}, {0, 1.0, 1.5}, {0, 1.5, 0.5}}, sig[3][3] = {{0}, {0, 1.0, 0.8}, {0, 0.8, 0.88}}, rc[3][3] = {{0}, {0, 2.5, 2.0}, {0, 2.0, 2.2}};

  PetscFunctionBegin;
  PetscCheck(!smooth || (inner > 0 && inner < 2.5), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "-ka_inner %g must lie in (0, 2.5) (units of sigma_ab)", (double)inner);
  PetscCall(PetscNew(&p));
  p->ntypes = 2;
  p->smooth = smooth;
  for (PetscInt a = 1; a <= 2; a++)
    for (PetscInt b = 1; b <= 2; b++) {
      p->eps[a][b] = eps[a][b];
      p->sig[a][b] = sig[a][b];
      p->rc[a][b]  = rc[a][b];
      p->r1[a][b]  = inner * sig[a][b];
    }
  PetscCall(PairLJFinish(p, "ka", pot));
  (*pot)->type_mass[1] = (*pot)->type_mass[2] = 1.0;
  PetscFunctionReturn(0);
}

PetscErrorCode InmPotentialCreateLJ(PetscReal eps, PetscReal sigma, PetscReal rc, PetscReal mass, InmPotential *pot)
{
  PairLJ *p;

  PetscFunctionBegin;
  PetscCheck(eps > 0 && sigma > 0 && rc > sigma && mass > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "LJ parameters must be positive with rc > sigma (eps %g sigma %g rc %g mass %g)", (double)eps, (double)sigma, (double)rc, (double)mass);
  PetscCall(PetscNew(&p));
  p->ntypes    = 1;
  p->eps[1][1] = eps;
  p->sig[1][1] = sigma;
  p->rc[1][1]  = rc;
  PetscCall(PairLJFinish(p, "lj", pot));
  (*pot)->type_mass[1] = mass;
  PetscFunctionReturn(0);
}
