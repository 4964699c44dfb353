/* The mobility edge omega_c(T) of the unstable branch (paper Fig. 2a-c, S9, S10; SPEC §6).
 *
 * The unstable branch of every sample at T is binned on one grid [omega_lo, 0) (-fss_bins
 * bins); per size N the binned mean participation ratio P_N(omega) pools the modes of all its
 * samples, and a bin counts only where every size has at least -fss_min_count modes in it.
 *   Finite-size scaling (two or more N at T): s(omega) = d ln P / d ln N, the least-squares
 *   slope of ln P_N against ln N per bin. Localized modes have P ~ 1/N (s = -1), extended ones
 *   P independent of N (s = 0): omega_c is where s first rises through -1/2 scanning from the
 *   most unstable side (-fss_exponent), linearly interpolated between the two bin centres that straddle it;
 *   P_c = P(omega_c) at the largest N, interpolated the same way.
 *   With a threshold P_c (given, or the mean P_c of the temperatures where the scaling found
 *   one): omega_c where P at the largest N at T first reaches P_c, by the same scan.
 * No crossing: omega_c = 0 when every valid bin is below the threshold (all unstable modes
 * localized), |first valid centre| when the first valid bin is already above it (none).
 * Error: the standard deviation of omega_c over -fss_bootstrap resamples of the samples
 * (each size's samples drawn with replacement), in quadrature with half a bin width, the
 * largest error of the interpolated crossing of a step. Rank 0. */
#include "viscosity_impl.h"
#include <gsl/gsl_rng.h>
#include <math.h>

/* Per task: sum of P and count of its non-zero unstable modes in each bin. */
static void BinTask(const VTask *t, PetscReal wlo, PetscReal dw, PetscInt nb, PetscReal *sumP, PetscInt *cnt)
{
  for (PetscInt b = 0; b < nb; b++) sumP[b] = 0, cnt[b] = 0;
  for (PetscInt p = 0; p < t->nmodes; p++) {
    PetscInt b;
    if (t->omega[p] >= 0 || PetscAbsReal(t->lambda[p]) <= t->zero) continue;
    b = (PetscInt)PetscFloorReal((t->omega[p] - wlo) / dw);
    b = PetscMin(PetscMax(b, 0), nb - 1);
    sumP[b] += t->P[p];
    cnt[b]++;
  }
}

/* First crossing of value >= thr over the valid bins, scanning up from the lowest omega. */
static PetscReal Crossing(PetscInt nb, PetscReal wlo, PetscReal dw, const PetscReal val[], const PetscBool valid[], PetscReal thr, PetscInt *bhi)
{
  PetscInt prev = -1;
  *bhi          = -1;
  for (PetscInt b = 0; b < nb; b++) {
    if (!valid[b]) continue;
    if (val[b] >= thr) {
      const PetscReal wb = wlo + (b + 0.5) * dw;
      *bhi               = b;
      if (prev < 0) return PetscAbsReal(wb);
      {
        const PetscReal wp = wlo + (prev + 0.5) * dw;
        return PetscAbsReal(wp + (thr - val[prev]) * (wb - wp) / (val[b] - val[prev]));
      }
    }
    prev = b;
  }
  return 0;
}

typedef struct {
  PetscInt   nsz, nb, *ntask;  /* sizes, bins, samples per size */
  PetscReal *lnN, *sumP;       /* sumP[size][sample][bin] */
  PetscInt  *cnt;
  PetscReal  wlo, dw, thr;     /* thr > 0: P threshold; 0: the exponent crossing sthr */
  PetscReal  sthr;
  PetscInt   min_count;
} EdgeData;

/* omega_c (and P_c, the binned P and the exponent) of the samples pick[size][j] (or all when NULL). */
static void EdgeOf(const EdgeData *d, const PetscInt *pick, PetscReal *P, PetscInt *count, PetscReal *s, PetscBool *valid, PetscReal *omega_c, PetscReal *P_c)
{
  const PetscInt nb = d->nb, last = d->nsz - 1;
  PetscInt       off = 0, bhi;
  for (PetscInt k = 0; k < d->nsz; k++) {
    for (PetscInt b = 0; b < nb; b++) P[k * nb + b] = 0, count[k * nb + b] = 0;
    for (PetscInt j = 0; j < d->ntask[k]; j++) {
      const PetscInt src = off + (pick ? pick[off + j] : j);
      for (PetscInt b = 0; b < nb; b++) {
        P[k * nb + b] += d->sumP[src * nb + b];
        count[k * nb + b] += d->cnt[src * nb + b];
      }
    }
    off += d->ntask[k];
    for (PetscInt b = 0; b < nb; b++)
      if (count[k * nb + b]) P[k * nb + b] /= count[k * nb + b];
  }
  for (PetscInt b = 0; b < nb; b++) {
    PetscReal sx = 0, sy = 0, sxx = 0, sxy = 0;
    valid[b] = PETSC_TRUE;
    for (PetscInt k = 0; k < d->nsz; k++) {
      const PetscReal x = d->lnN[k], y = count[k * nb + b] ? PetscLogReal(P[k * nb + b]) : 0;
      if (count[k * nb + b] < d->min_count || !(P[k * nb + b] > 0)) valid[b] = PETSC_FALSE;
      sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    s[b] = d->nsz > 1 ? (d->nsz * sxy - sx * sy) / (d->nsz * sxx - sx * sx) : (PetscReal)NAN;
  }
  if (d->thr > 0) *omega_c = Crossing(nb, d->wlo, d->dw, P + last * nb, valid, d->thr, &bhi);
  else *omega_c = Crossing(nb, d->wlo, d->dw, s, valid, d->sthr, &bhi);
  *P_c = d->thr > 0 ? d->thr : (PetscReal)NAN;
  if (d->thr <= 0 && bhi >= 0) { /* P at the largest N, interpolated at -omega_c */
    PetscInt prev = -1;
    for (PetscInt b = bhi - 1; b >= 0 && prev < 0; b--)
      if (valid[b]) prev = b;
    if (prev < 0) *P_c = P[last * nb + bhi];
    else {
      const PetscReal wb = d->wlo + (bhi + 0.5) * d->dw, wp = d->wlo + (prev + 0.5) * d->dw;
      *P_c = P[last * nb + prev] + (P[last * nb + bhi] - P[last * nb + prev]) * (-*omega_c - wp) / (wb - wp);
    }
  }
}

/* The edge at one temperature from the ensembles e[0..nsz-1] (ascending N); thr as in EdgeData. */
static PetscErrorCode EdgeAt(InmViscosity v, PetscInt nsz, const PetscInt e[], PetscReal thr, VFss *out)
{
  EdgeData  d;
  PetscInt  ntot = 0, off = 0, *pick, nb = v->fss_bins, *cnt_tmp;
  PetscReal wlo = 0, *Pb, *sb, *boot, *sboot, *sboot2, sum = 0, sum2 = 0, pc;
  PetscBool *valid;
  gsl_rng  *rng;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < nsz; k++)
    for (PetscInt j = 0; j < v->ens[e[k]].ntasks; j++) {
      const VTask *t = &v->tasks[v->ens[e[k]].task[j]];
      for (PetscInt p = 0; p < t->nmodes; p++)
        if (t->omega[p] < 0 && PetscAbsReal(t->lambda[p]) > t->zero) wlo = PetscMin(wlo, t->omega[p]);
      ntot++;
    }
  PetscCheck(wlo < 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "T = %g: no unstable mode in any sample; no mobility edge", (double)v->ens[e[0]].T);
  d.nsz = nsz, d.nb = nb, d.wlo = wlo, d.dw = -wlo / nb, d.thr = thr, d.sthr = v->fss_exponent, d.min_count = v->min_count;
  PetscCall(PetscMalloc5(nsz, &d.ntask, nsz, &d.lnN, ntot * nb, &d.sumP, ntot * nb, &d.cnt, ntot, &pick));
  for (PetscInt k = 0; k < nsz; k++) {
    const VEnsemble *E = &v->ens[e[k]];
    d.ntask[k]         = E->ntasks;
    d.lnN[k]           = PetscLogReal((PetscReal)E->N);
    for (PetscInt j = 0; j < E->ntasks; j++, off++) BinTask(&v->tasks[E->task[j]], wlo, d.dw, nb, d.sumP + off * nb, d.cnt + off * nb);
  }
  out->T      = v->ens[e[0]].T;
  out->nsizes = nsz;
  out->nbins  = nb;
  out->wlo    = wlo;
  out->dw     = d.dw;
  PetscCall(PetscMalloc5(nsz, &out->sizes, nsz * nb, &out->P, nb, &out->s, nb, &out->s_err, nsz * nb, &out->count));
  for (PetscInt k = 0; k < nsz; k++) out->sizes[k] = v->ens[e[k]].N;
  PetscCall(PetscMalloc6(nsz * nb, &Pb, nb, &sb, nb, &valid, PetscMax(v->fss_boot, 1), &boot, nb, &sboot, nb, &sboot2));
  PetscCall(PetscMalloc1(nsz * nb, &cnt_tmp));
  EdgeOf(&d, NULL, out->P, out->count, out->s, valid, &out->omega_c, &out->P_c);
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 20261204);
  for (PetscInt b = 0; b < nb; b++) sboot[b] = sboot2[b] = 0;
  out->nboot_ok = 0;
  for (PetscInt r = 0; r < v->fss_boot; r++) {
    off = 0;
    for (PetscInt k = 0; k < nsz; k++) {
      for (PetscInt j = 0; j < d.ntask[k]; j++) pick[off + j] = (PetscInt)gsl_rng_uniform_int(rng, (unsigned long)d.ntask[k]);
      off += d.ntask[k];
    }
    EdgeOf(&d, pick, Pb, cnt_tmp, sb, valid, &boot[r], &pc);
    sum += boot[r], sum2 += boot[r] * boot[r];
    for (PetscInt b = 0; b < nb; b++) sboot[b] += sb[b], sboot2[b] += sb[b] * sb[b];
    out->nboot_ok++;
  }
  gsl_rng_free(rng);
  {
    const PetscInt  B    = out->nboot_ok;
    const PetscReal var  = B > 1 ? PetscMax(0, (sum2 - sum * sum / B) / (B - 1)) : 0;
    out->omega_c_err     = PetscSqrtReal(var + 0.25 * d.dw * d.dw);
    for (PetscInt b = 0; b < nb; b++) out->s_err[b] = B > 1 ? PetscSqrtReal(PetscMax(0, (sboot2[b] - sboot[b] * sboot[b] / B) / (B - 1))) : (PetscReal)NAN;
  }
  PetscCall(PetscFree6(Pb, sb, valid, boot, sboot, sboot2));
  PetscCall(PetscFree(cnt_tmp));
  PetscCall(PetscFree5(d.ntask, d.lnN, d.sumP, d.cnt, pick));
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityMobilityEdges(InmViscosity v)
{
  PetscInt *e, ntemps = 0, nsingle = 0;
  PetscReal Pc_mean = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(v->nens, &e));
  PetscCall(PetscCalloc1(v->nens, &v->fss));
  /* pass 1: finite-size scaling where a temperature has two or more sizes (no edge given) */
  for (PetscInt a = 0, b; a < v->nens; a = b) {
    for (b = a; b < v->nens && v->ens[b].T == v->ens[a].T; b++) e[b - a] = b;
    ntemps++;
    if (v->has_omega_c || v->has_P_c || v->omega_c_typical) continue;
    if (b - a < 2) {
      nsingle++;
      continue;
    }
    PetscCall(EdgeAt(v, b - a, e, 0, &v->fss[v->nfss]));
    for (PetscInt k = a; k < b; k++) {
      v->ens[k].omega_c     = v->fss[v->nfss].omega_c;
      v->ens[k].omega_c_err = v->fss[v->nfss].omega_c_err;
      v->ens[k].P_c         = v->fss[v->nfss].P_c;
    }
    Pc_mean += v->fss[v->nfss].P_c;
    v->nfss++;
  }
  PetscCheck(!nsingle || v->nfss > 0 || v->has_omega_c || v->has_P_c || v->omega_c_typical, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "viscosity: the mobility edge needs two or more system sizes at the same temperature (finite-size scaling), but every temperature of %s has one size only: give -P_c p (e.g. 0.27 for KA, 0.37 for CuZr, the paper's) or -omega_c w", v->modes_files[0]);
  if (v->nfss) Pc_mean /= v->nfss;
  /* pass 2: a threshold P_c (given, or the scaling's mean) at the largest size of each T */
  for (PetscInt a = 0, b; a < v->nens; a = b) {
    for (b = a; b < v->nens && v->ens[b].T == v->ens[a].T; b++) {}
    if (v->has_omega_c) {
      for (PetscInt k = a; k < b; k++) v->ens[k].omega_c = v->omega_c_hand, v->ens[k].omega_c_err = 0, v->ens[k].P_c = (PetscReal)NAN;
    } else if (v->omega_c_typical) {
      for (PetscInt k = a; k < b; k++) {
        PetscCall(InmViscosityReadTypicalEdge(v, &v->ens[k]));
        v->ens[k].omega_c_err = 0;
        v->ens[k].P_c         = (PetscReal)NAN;
      }
    } else if (v->has_P_c || b - a < 2) {
      VFss     f;
      PetscInt last = b - 1;
      PetscCall(EdgeAt(v, 1, &last, v->has_P_c ? v->P_c_hand : Pc_mean, &f));
      for (PetscInt k = a; k < b; k++) v->ens[k].omega_c = f.omega_c, v->ens[k].omega_c_err = f.omega_c_err, v->ens[k].P_c = f.P_c;
      PetscCall(PetscFree5(f.sizes, f.P, f.s, f.s_err, f.count));
    }
  }
  PetscCall(PetscFree(e));
  PetscFunctionReturn(0);
}
