/* Embedded-atom method from a setfl file, eam/alloy and eam/fs (SPEC §2, §4):
 *   E = sum_i F_{t_i}(rho_i) + 1/2 sum_{i != j} phi_{t_i t_j}(r_ij),
 *   rho_i = sum_{j != i} f_{t_j -> t_i}(r_ij)      (alloy: f depends on t_j only)
 * with every function evaluated from LAMMPS's splines exactly as pair_style eam/alloy and
 * eam/fs do (knot m = min(int(r/dr) + 1, nr - 1), p = min(r/dr + 1 - m, 1); for F,
 * m = max(1, min(int(rho/drho) + 1, nrho - 1)) and F continued linearly above rhomax), so
 * forces agree with LAMMPS to round-off; phi = (r phi)/r from the z2r table.
 *
 * Forces: f_i = sum_j psi'_ij d_ij / r,  psi'_ij = phi' + F'_i f'_{j->i} + F'_j f'_{i->j}.
 * Hessian: H = sum over bonds of the pair block of g(r) = phi + F'_i f_{j->i} + F'_j f_{i->j}
 * with F' held fixed (g' = psi', g'' from the second derivatives of the same cubic pieces),
 * plus the embedding term sum_c F''_c (d rho_c/d r_k)(d rho_c/d r_l)^T, which couples every
 * two neighbours k, l of an atom c (second neighbours; its connecting vector for the affine
 * field runs k -> c -> l). F'' = 0 where F is continued linearly. */
#include "eam_impl.h"

typedef struct {
  EamSetfl   tab;
  PetscInt   nel;                        /* types used (= elements named) */
  PetscInt   map[INM_MAX_TYPES + 1];     /* type -> file element */
  EamSpline *F[EAM_MAXEL];
  EamSpline *rho[EAM_MAXEL][EAM_MAXEL];  /* [source element][centre element] */
  EamSpline *z2[EAM_MAXEL][EAM_MAXEL];   /* symmetric */
  PetscReal  rdr, rdrho;
  /* per configuration (hessian_prepare) */
  PetscInt   n, nnz;
  PetscReal *rhob, *Fp, *Fpp;            /* [n] */
  PetscReal *U, *Uself;                  /* [3 nnz]: d rho_i / d r_j for entry (i, j); [3n]: d rho_i / d r_i */
} Eam;

/* Value, first and second derivative of a spline in r. */
static inline void EvalR(const Eam *e, const EamSpline *s, PetscReal r, PetscReal *v, PetscReal *d1, PetscReal *d2)
{
  PetscReal p = r * e->rdr + 1.0;
  PetscInt  m = PetscMin((PetscInt)p, e->tab.nr - 1);
  const PetscReal *c;
  p -= m;
  p  = PetscMin(p, 1.0);
  c  = s[m];
  *v  = ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
  *d1 = (c[0] * p + c[1]) * p + c[2];
  *d2 = (2.0 * c[0] * p + c[1]) * e->rdr;
}

static inline void EvalF(const Eam *e, const EamSpline *s, PetscReal rho, PetscReal *F, PetscReal *d1, PetscReal *d2)
{
  PetscReal p = rho * e->rdrho + 1.0, praw;
  PetscInt  m = PetscMax(1, PetscMin((PetscInt)p, e->tab.nrho - 1));
  const PetscReal *c;
  p -= m;
  praw = p;
  p    = PetscMin(p, 1.0);
  c    = s[m];
  *d1  = (c[0] * p + c[1]) * p + c[2];
  if (F) {
    *F = ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
    if (rho > e->tab.rhomax) *F += *d1 * (rho - e->tab.rhomax);
  }
  *d2 = praw > 1.0 ? 0.0 : (2.0 * c[0] * p + c[1]) * e->rdrho;
}

/* phi, phi', phi'' from z2 = r phi. */
static inline void EvalPhi(const Eam *e, PetscInt a, PetscInt b, PetscReal r, PetscReal *phi, PetscReal *d1, PetscReal *d2)
{
  PetscReal z, z1, z2, ir = 1.0 / r;
  EvalR(e, e->z2[a][b], r, &z, &z1, &z2);
  *phi = z * ir;
  *d1  = (z1 - *phi) * ir;
  *d2  = (z2 - 2.0 * *d1) * ir;
}

/* Types and masses. LAMMPS's EAM styles take each type's mass from the setfl file (its
 * pair_coeff overrides a data file's Masses), and so does inmvisc: a configuration's own mass
 * must agree with its type's element to 1e-4 (a data file's masses are printed with limited
 * digits), else the file's types are not those elements (Masses 1.0 in a CuZr data file shifts
 * every omega by sqrt(63.5) = 8.0; Zr,Cu for Cu,Zr swaps them) and the error says so. A
 * configuration without masses (a dump) takes the element's. */
static PetscErrorCode EamCheckConfig(InmPotential pot, InmConfig *cfg)
{
  const Eam *e = (const Eam *)pot->data;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < cfg->n; i++) {
    PetscInt  t = cfg->type[i];
    PetscReal m;
    PetscCheck(t >= 1 && t <= e->nel, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: atom id %" PetscInt_FMT " has type %" PetscInt_FMT ", which the potential %s does not define (%" PetscInt_FMT " element%s)", cfg->source[0] ? cfg->source : "configuration", cfg->id[i], t, pot->name, e->nel, e->nel > 1 ? "s" : "");
    m = pot->type_mass[t];
    PetscCheck(cfg->mass[i] <= 0 || PetscAbsReal(cfg->mass[i] - m) <= 1e-4 * m, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: atom id %" PetscInt_FMT " (type %" PetscInt_FMT ") has mass %g, but type %" PetscInt_FMT " is %s, of mass %g in the potential's file (which LAMMPS's EAM uses too): the types are not those elements (check -eam_elements and the file's masses)", cfg->source[0] ? cfg->source : "configuration", cfg->id[i], t, (double)cfg->mass[i], t, e->tab.element[e->map[t]], (double)m);
    cfg->mass[i] = m;
  }
  PetscFunctionReturn(0);
}

/* Densities, F', F'' of every atom. */
static PetscErrorCode EamDensities(Eam *e, const InmConfig *cfg, const InmNeighborList *nl, PetscReal *energy)
{
  PetscFunctionBegin;
  if (e->n != cfg->n) {
    PetscCall(PetscFree3(e->rhob, e->Fp, e->Fpp));
    PetscCall(PetscFree(e->Uself));
    e->n = cfg->n;
    PetscCall(PetscMalloc3(e->n, &e->rhob, e->n, &e->Fp, e->n, &e->Fpp));
    PetscCall(PetscMalloc1(3 * e->n, &e->Uself));
  }
  if (energy) *energy = 0;
  for (PetscInt i = 0; i < nl->n; i++) {
    const PetscInt ti = e->map[cfg->type[i]];
    PetscReal      rho = 0, v, d1, d2, F;
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
      EvalR(e, e->rho[e->map[cfg->type[nl->j[k]]]][ti], nl->r[k], &v, &d1, &d2);
      rho += v;
    }
    e->rhob[i] = rho;
    EvalF(e, e->F[ti], rho, &F, &e->Fp[i], &e->Fpp[i]);
    if (energy) *energy += F;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode EamCompute(InmPotential pot, const InmConfig *cfg, const InmNeighborList *nl, PetscReal *energy, PetscReal *f, PetscReal virial[6])
{
  Eam      *e = (Eam *)pot->data;
  PetscReal E, W[6] = {0, 0, 0, 0, 0, 0};

  PetscFunctionBegin;
  PetscCall(EamDensities(e, cfg, nl, &E));
  if (f) PetscCall(PetscArrayzero(f, 3 * cfg->n));
  for (PetscInt i = 0; i < nl->n; i++) {
    const PetscInt ti = e->map[cfg->type[i]];
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
      const PetscInt   j = nl->j[k], tj = e->map[cfg->type[j]];
      const PetscReal  r = nl->r[k], *d = nl->d + 3 * k;
      PetscReal        phi, phi1, phi2, v, rij1, rji1, dd, psi1;
      if (j < i) continue;
      EvalPhi(e, ti, tj, r, &phi, &phi1, &phi2);
      EvalR(e, e->rho[tj][ti], r, &v, &rji1, &dd); /* density at i from j */
      EvalR(e, e->rho[ti][tj], r, &v, &rij1, &dd); /* density at j from i */
      psi1 = phi1 + e->Fp[i] * rji1 + e->Fp[j] * rij1;
      E += phi;
      InmPairTally(f, i, j, psi1 / r, d, W);
    }
  }
  if (energy) *energy = E;
  if (virial) PetscCall(PetscArraycpy(virial, W, 6));
  PetscFunctionReturn(0);
}

static PetscErrorCode EamHessianPrepare(InmPotential pot, const InmConfig *cfg, const InmNeighborList *nl)
{
  Eam *e = (Eam *)pot->data;

  PetscFunctionBegin;
  PetscCall(EamDensities(e, cfg, nl, NULL));
  if (e->nnz != nl->start[nl->n]) {
    PetscCall(PetscFree(e->U));
    e->nnz = nl->start[nl->n];
    PetscCall(PetscMalloc1(3 * e->nnz, &e->U));
  }
  for (PetscInt i = 0; i < nl->n; i++) {
    const PetscInt ti = e->map[cfg->type[i]];
    PetscReal     *us = e->Uself + 3 * i;
    us[0] = us[1] = us[2] = 0;
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
      const PetscReal r = nl->r[k], *d = nl->d + 3 * k;
      PetscReal       v, d1, d2;
      EvalR(e, e->rho[e->map[cfg->type[nl->j[k]]]][ti], r, &v, &d1, &d2);
      for (PetscInt c = 0; c < 3; c++) {
        e->U[3 * k + c] = d1 * d[c] / r; /* d rho_i / d r_j */
        us[c] -= e->U[3 * k + c];
      }
    }
  }
  PetscFunctionReturn(0);
}

/* F''_c u w^T with connecting vector dpath, into row i. */
static inline PetscErrorCode AddEmbedding(InmBlockRow *row, PetscInt l, PetscReal Fpp, const PetscReal u[3], const PetscReal w[3], const PetscReal dpath[3])
{
  PetscReal K[9];
  for (PetscInt a = 0; a < 3; a++)
    for (PetscInt b = 0; b < 3; b++) K[3 * a + b] = Fpp * u[a] * w[b];
  return InmBlockRowAdd(row, l, 1.0, K, dpath);
}

static PetscErrorCode EamHessianRow(InmPotential pot, const InmConfig *cfg, const InmNeighborList *nl, PetscInt i, InmBlockRow *row)
{
  const Eam      *e    = (const Eam *)pot->data;
  const PetscInt  ti   = e->map[cfg->type[i]];
  const PetscReal zero[3] = {0, 0, 0};

  PetscFunctionBegin;
  /* bonds of i */
  for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
    const PetscInt   j = nl->j[k], tj = e->map[cfg->type[j]];
    const PetscReal  r = nl->r[k], *d = nl->d + 3 * k;
    PetscReal        phi, phi1, phi2, v, a1, a2, b1, b2, K[9];
    EvalPhi(e, ti, tj, r, &phi, &phi1, &phi2);
    EvalR(e, e->rho[tj][ti], r, &v, &a1, &a2); /* at i from j */
    EvalR(e, e->rho[ti][tj], r, &v, &b1, &b2); /* at j from i */
    InmPairStiffness(phi1 + e->Fp[i] * a1 + e->Fp[j] * b1, phi2 + e->Fp[i] * a2 + e->Fp[j] * b2, d, r, K);
    PetscCall(InmBlockRowAdd(row, j, -1.0, K, d));
    PetscCall(InmBlockRowAdd(row, i, 1.0, K, zero));
  }
  /* embedding: c = i itself ... */
  if (e->Fpp[i] != 0) {
    const PetscReal *u = e->Uself + 3 * i;
    PetscCall(AddEmbedding(row, i, e->Fpp[i], u, u, zero));
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) PetscCall(AddEmbedding(row, nl->j[k], e->Fpp[i], u, e->U + 3 * k, nl->d + 3 * k));
  }
  /* ... and every neighbour c of i: u = d rho_c / d r_i, path i -> c -> l */
  for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
    const PetscInt   c = nl->j[k], kc = nl->rev[k];
    const PetscReal *u = e->U + 3 * kc, *dic = nl->d + 3 * k, Fpp = e->Fpp[c];
    if (Fpp == 0) continue;
    PetscCall(AddEmbedding(row, c, Fpp, u, e->Uself + 3 * c, dic));
    for (PetscInt q = nl->start[c]; q < nl->start[c + 1]; q++) {
      const PetscReal *dcl = nl->d + 3 * q, dpath[3] = {dic[0] + dcl[0], dic[1] + dcl[1], dic[2] + dcl[2]};
      PetscCall(AddEmbedding(row, nl->j[q], Fpp, u, e->U + 3 * q, dpath));
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode EamView(InmPotential pot, PetscViewer viewer)
{
  const Eam *e = (const Eam *)pot->data;

  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(viewer, "potential %s from %s: cutoff %g A, Nrho %" PetscInt_FMT " drho %g, Nr %" PetscInt_FMT " dr %g; types:", pot->name, e->tab.path, (double)e->tab.cut, e->tab.nrho, (double)e->tab.drho, e->tab.nr, (double)e->tab.dr));
  for (PetscInt t = 1; t <= e->nel; t++) PetscCall(PetscViewerASCIIPrintf(viewer, " %" PetscInt_FMT "=%s", t, e->tab.element[e->map[t]]));
  PetscCall(PetscViewerASCIIPrintf(viewer, "\n"));
  PetscFunctionReturn(0);
}

static PetscErrorCode EamDestroy(InmPotential pot)
{
  Eam *e = (Eam *)pot->data;

  PetscFunctionBegin;
  for (PetscInt a = 0; a < e->tab.nel; a++) {
    PetscCall(PetscFree(e->F[a]));
    for (PetscInt b = 0; b < e->tab.nel; b++) {
      PetscCall(PetscFree(e->rho[a][b]));
      if (b <= a) PetscCall(PetscFree(e->z2[a][b]));
    }
  }
  PetscCall(EamSetflFree(&e->tab));
  PetscCall(PetscFree3(e->rhob, e->Fp, e->Fpp));
  PetscCall(PetscFree(e->Uself));
  PetscCall(PetscFree(e->U));
  PetscCall(PetscFree(pot->data));
  PetscFunctionReturn(0);
}

PetscErrorCode InmPotentialCreateEAM(const char path[], const char style[], PetscInt nel, const char *const elements[], InmPotential *out)
{
  InmPotential pot;
  Eam         *e;
  PetscBool    fs, alloy;
  size_t       len;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(style, "eam/fs", &fs));
  PetscCall(PetscStrcmp(style, "eam/alloy", &alloy));
  PetscCheck(fs || alloy, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "EAM style '%s' is not known (eam/fs, eam/alloy)", style);
  PetscCheck(nel >= 1 && nel <= EAM_MAXEL && nel <= INM_MAX_TYPES, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "-eam_elements: between 1 and %d elements, one per atom type", EAM_MAXEL);
  PetscCall(PetscNew(&e));
  PetscCall(EamSetflRead(path, fs, &e->tab));
  e->nel   = nel;
  e->rdr   = 1.0 / e->tab.dr;
  e->rdrho = 1.0 / e->tab.drho;
  for (PetscInt t = 1; t <= nel; t++) {
    char have[EAM_MAXEL * 17] = "";
    e->map[t]                 = -1;
    for (PetscInt a = 0; a < e->tab.nel; a++) {
      PetscBool same;
      PetscCall(PetscStrcmp(elements[t - 1], e->tab.element[a], &same));
      if (same) e->map[t] = a;
      PetscCall(PetscStrlcat(have, a ? " " : "", sizeof(have)));
      PetscCall(PetscStrlcat(have, e->tab.element[a], sizeof(have)));
    }
    PetscCheck(e->map[t] >= 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: element '%s' is not in this setfl file (it has %s)", e->tab.path, elements[t - 1], have);
  }
  /* splines of the file's functions, indexed by file element */
  for (PetscInt a = 0; a < e->tab.nel; a++) {
    PetscCall(EamSplineCreate(e->tab.nrho, e->tab.drho, e->tab.frho[a], &e->F[a]));
    for (PetscInt b = 0; b < e->tab.nel; b++) PetscCall(EamSplineCreate(e->tab.nr, e->tab.dr, e->tab.rhor[a][fs ? b : 0], &e->rho[a][b]));
    for (PetscInt b = 0; b <= a; b++) {
      PetscCall(EamSplineCreate(e->tab.nr, e->tab.dr, e->tab.z2r[a][b], &e->z2[a][b]));
      e->z2[b][a] = e->z2[a][b];
    }
  }
  PetscCall(PetscNew(&pot));
  pot->data                 = e;
  pot->ops.check_config     = EamCheckConfig;
  pot->ops.compute          = EamCompute;
  pot->ops.hessian_prepare  = EamHessianPrepare;
  pot->ops.hessian_row      = EamHessianRow;
  pot->ops.view             = EamView;
  pot->ops.destroy          = EamDestroy;
  pot->ntypes               = nel;
  pot->cutoff               = e->tab.cut;
  pot->hessian_shells       = 1; /* rows i read the densities and rows of their neighbours */
  pot->rmin                 = 1.0; /* A: closer than any metal-metal distance even at several 1000 K */
  PetscCall(PetscStrncpy(pot->name, style, sizeof(pot->name)));
  PetscCall(PetscStrncpy(pot->units, "metal", sizeof(pot->units)));
  pot->family = INM_POTENTIAL_EAM;
  for (PetscInt t = 1; t <= nel; t++) pot->type_mass[t] = e->tab.mass[e->map[t]];
  PetscCall(PetscSNPrintf(pot->lammps_pair, sizeof(pot->lammps_pair), "pair_style %s\npair_coeff * * %s", style, e->tab.path));
  for (PetscInt t = 1; t <= nel; t++) {
    PetscCall(PetscStrlen(pot->lammps_pair, &len));
    PetscCall(PetscSNPrintf(pot->lammps_pair + len, sizeof(pot->lammps_pair) - len, " %s", elements[t - 1]));
  }
  PetscCall(PetscStrlcat(pot->lammps_pair, "\n", sizeof(pot->lammps_pair)));
  *out = pot;
  PetscFunctionReturn(0);
}
