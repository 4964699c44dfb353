/* Eq. (1) per mode class and sample, the fractions of Fig. 2d and the modal loss modulus
 * (formulas in inmvisc/viscosity.h; SPEC §9). Per ensemble (T, N): the inputs vtilde(0) and
 * omega_min chosen (by hand, else from the matched transport ensemble by the chosen route),
 * then per sample
 *   S_C = sum_{p in C, |lambda_p| > zero, |omega_p| >= omega_min} Gamma_p / lambda_p^2,
 *   eta_C = F nu S_C / V,   nu = vtilde(0) / m,   F = InmUnitsModalToReported
 * and the ensemble mean with its standard error over the samples, combined in quadrature with
 * the relative error of vtilde(0). Every (vtilde(0) route, omega_min route) pair the transport
 * file allows is also reported (eta_routes). A class with modes outside those the file holds
 * is NaN (missing), never 0, unless the file has KPM moments (-inm_kpm_moments): the part of a
 * class beyond the modes held (the stable side of an unstable-branch campaign) is then the KPM
 * sum of Gamma / lambda^2 over its lambda intervals, and the change from M/2 to M moments is
 * added to the class's error as a systematic one. Rank 0. */
#include "viscosity_impl.h"
#include <inmvisc/transport.h>
#include <math.h>

const char *const InmModeClassNames[] = {"ULINM", "UDINM", "unstable", "stable", "all"};

void InmViscosityClassRange(InmViscosity v, PetscInt c, PetscReal omega_c, PetscReal *lo, PetscReal *hi)
{
  switch (c) {
  case INM_CLASS_ULINM: *lo = -PETSC_INFINITY, *hi = -omega_c; break;
  case INM_CLASS_UDINM: *lo = -omega_c, *hi = 0; break;
  case INM_CLASS_UNSTABLE: *lo = -PETSC_INFINITY, *hi = 0; break;
  case INM_CLASS_STABLE: *lo = 0, *hi = PETSC_INFINITY; break;
  case INM_CLASS_ALL: *lo = -PETSC_INFINITY, *hi = PETSC_INFINITY; break;
  default: *lo = v->intervals[2 * (c - INM_NCLASS)], *hi = v->intervals[2 * (c - INM_NCLASS) + 1];
  }
}

/* The part of a class beyond the modes a file holds, omega in [a, b) with |omega| >= wmin, from
 * the task's KPM moments (InmKPMIntegral of Gamma / lambda^2 on the lambda intervals); *terr
 * adds the change from M/2 to M moments. NaN without moments, or without a cut at omega = 0
 * (where Gamma / lambda^2 of a smoothed density has no limit). */
static PetscReal KPMPart(const VTask *t, PetscReal a, PetscReal b, PetscReal wmin, PetscReal *terr)
{
  PetscReal s = 0, iv[2][2] = {{0, 0}, {0, 0}}; /* lambda intervals of the omega > 0 and omega < 0 parts */
  if (!t->kpm.nmom || !(wmin > 0)) return (PetscReal)NAN;
  if (b > wmin) { /* omega in [max(a, wmin), b) */
    const PetscReal w0 = PetscMax(a, wmin);
    iv[0][0]           = w0 * w0;
    iv[0][1]           = b < PETSC_INFINITY ? b * b : PETSC_INFINITY;
  }
  if (a < -wmin) { /* omega in [a, min(b, -wmin)): lambda in (-min(b, -wmin)^2, -a^2] */
    const PetscReal w1 = PetscMin(b, -wmin);
    iv[1][0]           = a > -PETSC_INFINITY ? -a * a : -PETSC_INFINITY;
    iv[1][1]           = -w1 * w1;
  }
  for (int k = 0; k < 2; k++) {
    PetscReal v, e;
    if (!(iv[k][1] > iv[k][0])) continue;
    if (InmKPMIntegral(&t->kpm, iv[k][0], iv[k][1], -2, &v, NULL, &e)) return (PetscReal)NAN;
    s += v;
    *terr += e;
  }
  return s;
}

/* sum Gamma / lambda^2 over the modes of [lo, hi) with |omega| >= wmin: the modes the file holds,
 * and beyond them (omega >= cover_hi) the KPM moments, whose truncation estimate is added to
 * *terr; NaN if the file has neither */
static PetscReal ClassSum(const VTask *t, PetscReal lo, PetscReal hi, PetscReal wmin, PetscReal *terr)
{
  PetscReal s = 0, top = PetscMin(hi, t->cover_hi), e = 0;
  for (PetscInt p = 0; p < t->nmodes; p++) {
    const PetscReal w = t->omega[p];
    if (w < lo || w >= top || PetscAbsReal(t->lambda[p]) <= t->zero || PetscAbsReal(w) < wmin) continue;
    s += t->gamma[p] / (t->lambda[p] * t->lambda[p]);
  }
  if (hi > t->cover_hi) s += KPMPart(t, PetscMax(lo, t->cover_hi), hi, wmin, &e);
  if (terr) *terr += e;
  return s;
}

static void MeanErr(PetscInt n, const PetscReal x[], PetscInt stride, PetscReal *mean, PetscReal *err)
{
  PetscReal s = 0, s2 = 0;
  for (PetscInt k = 0; k < n; k++) s += x[k * stride];
  *mean = s / n;
  for (PetscInt k = 0; k < n; k++) s2 += PetscSqr(x[k * stride] - *mean);
  *err = n > 1 ? PetscSqrtReal(s2 / (n - 1) / n) : (PetscReal)NAN;
}

/* A value given by hand: one for all temperatures, or one per temperature (ascending). */
static PetscBool Hand(const PetscReal *vals, PetscInt n, PetscInt ti, PetscReal *x)
{
  if (!n) return PETSC_FALSE;
  *x = vals[n == 1 ? 0 : ti];
  return PETSC_TRUE;
}

/* vtilde(0) and omega_min of ensemble e (ti: its temperature's index) */
static PetscErrorCode Inputs(InmViscosity v, PetscInt e, PetscInt ti)
{
  VEnsemble        *E  = &v->ens[e];
  const VTransport *tr = E->tr;
  const char       *vr = v->vt_route ? "kernel" : "D", *wr = v->wmin_route ? "shear" : "bulk";
  PetscReal         x;

  PetscFunctionBegin;
  E->vtilde0_err = 0;
  if (Hand(v->vt_hand, v->nvt_hand, ti, &E->vtilde0)) {
  } else if (Hand(v->D_hand, v->nD_hand, ti, &x)) E->vtilde0 = v->u->kB * E->T / v->u->mvv2e / x; /* Eq. (5): kB T / D in mass / time */
  else {
    PetscCheck(tr, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "viscosity: T = %g, N = %" PetscInt_FMT ": no transport ensemble at this temperature%s%s; give -vtilde0 v or -diffusion D, or a -transport file with T = %g", (double)E->T, E->N, v->ntransport_files ? " in " : " (no -transport file)", v->ntransport_files ? v->transport_files[0] : "", (double)E->T);
    E->vtilde0     = tr->vt[v->vt_route];
    E->vtilde0_err = tr->vt_err[v->vt_route];
    PetscCheck(E->vtilde0 > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "viscosity: T = %g: the transport file has no vtilde(0) by the %s route%s; give -vtilde0 v or -vtilde0_route %s", (double)E->T, vr, v->vt_route ? " (no per-step series for the memory kernel: prepare -series_steps)" : "", v->vt_route ? "D" : "kernel");
  }
  if (Hand(v->wmin_hand, v->nwmin_hand, ti, &E->omega_min)) {
  } else if (Hand(v->B_hand, v->nB_hand, ti, &x)) {
    const PetscReal rho = E->N * E->mass_mean / E->volume, L = PetscCbrtReal(E->volume);
    PetscReal       vs;
    PetscCall(InmModulusSpeed(v->units, x, rho, &vs));
    E->omega_min = 2 * PETSC_PI * vs / L; /* App. H: the longest sound wave the box holds */
  } else {
    PetscCheck(tr, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "viscosity: T = %g, N = %" PetscInt_FMT ": no transport ensemble at this temperature for omega_min; give -omega_min w (0: no cut) or -omega_min_bulk B, or a -transport file with T = %g", (double)E->T, E->N, (double)E->T);
    E->omega_min = tr->wmin[v->wmin_route];
    PetscCheck(E->omega_min > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "viscosity: T = %g: the transport file has no omega_min by the %s route%s; give -omega_min w or -omega_min_bulk B", (double)E->T, wr, v->wmin_route ? "" : " (run transport with -bulk_modulus, or use -omega_min_route shear)");
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmViscosityModal(InmViscosity v)
{
  const PetscInt  nc = InmViscosityNumClasses(v), ng = (PetscInt)v->grid[2];
  const PetscReal F  = InmUnitsModalToReported(v->u), FG = F / InmUnitsViscosityToReported(v->u); /* Eq. (1) unit / time -> pressure */
  PetscInt        ti = -1;
  PetscReal      *buf, *kpm_err;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(v->ntasks * nc, &v->eta_sample, v->ntasks * 4, &v->fr_sample));
  PetscCall(PetscMalloc1(v->ntasks * PetscMax(nc, 4), &buf));
  PetscCall(PetscMalloc1(nc, &kpm_err));
  for (PetscInt e = 0; e < v->nens; e++) {
    VEnsemble *E = &v->ens[e];
    if (e == 0 || E->T != v->ens[e - 1].T) ti++;
    PetscCall(Inputs(v, e, ti));
    for (PetscInt c = 0; c < nc; c++) kpm_err[c] = 0;
    for (PetscInt j = 0; j < E->ntasks; j++) {
      const PetscInt k = E->task[j];
      const VTask   *t = &v->tasks[k];
      PetscReal      n[3] = {0, 0, 0}, nz = 3.0 * t->N - 3.0; /* stable, unstable, unstable localized */
      for (PetscInt c = 0; c < nc; c++) {
        PetscReal lo, hi, terr = 0;
        InmViscosityClassRange(v, c, E->omega_c, &lo, &hi);
        v->eta_sample[k * nc + c] = F * E->vtilde0 / E->mass_mean / t->volume * ClassSum(t, lo, hi, E->omega_min, &terr);
        kpm_err[c] += F * E->vtilde0 / E->mass_mean / t->volume * terr / E->ntasks;
      }
      for (PetscInt p = 0; p < t->nmodes; p++) {
        if (PetscAbsReal(t->lambda[p]) <= t->zero) continue;
        if (t->omega[p] > 0) n[0]++;
        else {
          n[1]++;
          if (t->omega[p] < -E->omega_c) n[2]++;
        }
      }
      if (t->cover_hi < 0 && t->dos.nmom) { /* no unstable branch held (-inm_solver kpm): the counts of the density of states */
        PetscCall(InmKPMCountNonzero(&t->dos, -PETSC_INFINITY, 0, &n[1], NULL));
        PetscCall(InmKPMCountNonzero(&t->dos, -PETSC_INFINITY, -E->omega_c * E->omega_c, &n[2], NULL));
        v->fr_sample[4 * k + 0] = 1 - n[1] / nz;
        v->fr_sample[4 * k + 1] = n[1] / nz;
        v->fr_sample[4 * k + 2] = n[2] / nz;
      } else {
        v->fr_sample[4 * k + 0] = t->cover_hi == PETSC_INFINITY ? n[0] / nz : t->cover_hi >= 0 ? 1 - n[1] / nz : (PetscReal)NAN;
        v->fr_sample[4 * k + 1] = t->cover_hi >= 0 ? n[1] / nz : (PetscReal)NAN;
        v->fr_sample[4 * k + 2] = t->cover_hi >= -E->omega_c ? n[2] / nz : (PetscReal)NAN;
      }
      v->fr_sample[4 * k + 3] = v->fr_sample[4 * k + 1] - v->fr_sample[4 * k + 2];
    }
    for (PetscInt c = 0; c < nc; c++) {
      for (PetscInt j = 0; j < E->ntasks; j++) buf[j] = v->eta_sample[E->task[j] * nc + c];
      MeanErr(E->ntasks, buf, 1, &E->eta[c], &E->eta_err[c]);
      /* KPM's truncation: systematic, not averaged down; with one sample (no spread: NaN) the
       * error is that alone, rather than lost in the NaN (the table says so) */
      if (PetscIsNanReal(E->eta_err[c])) E->eta_err[c] = kpm_err[c] > 0 ? kpm_err[c] : (PetscReal)NAN;
      else E->eta_err[c] = PetscSqrtReal(PetscSqr(E->eta_err[c]) + PetscSqr(kpm_err[c]));
      if (E->vtilde0_err > 0) E->eta_err[c] = PetscSqrtReal(PetscSqr(E->eta_err[c]) + PetscSqr(E->eta[c] * E->vtilde0_err / E->vtilde0));
    }
    for (int q = 0; q < 4; q++) {
      for (PetscInt j = 0; j < E->ntasks; j++) buf[j] = v->fr_sample[4 * E->task[j] + q];
      MeanErr(E->ntasks, buf, 1, &E->f[q], &E->f_err[q]);
    }
    { /* (vtilde(0) route, omega_min route) pairs of the transport file: the class sums depend on
       * the omega_min route only, so each is formed once for the two vtilde(0) routes (a KPM
       * part costs O(M^2) per task and class) */
      PetscReal *cs;
      PetscCall(PetscMalloc1(2 * INM_NCLASS * E->ntasks, &cs));
      for (int q = 0; q < 2; q++)
        for (PetscInt c = 0; c < INM_NCLASS; c++) {
          PetscReal wm = E->tr ? E->tr->wmin[q] : (PetscReal)NAN, lo, hi;
          InmViscosityClassRange(v, c, E->omega_c, &lo, &hi);
          for (PetscInt j = 0; j < E->ntasks; j++) cs[(q * INM_NCLASS + c) * E->ntasks + j] = ClassSum(&v->tasks[E->task[j]], lo, hi, wm, NULL);
        }
      for (int r = 0; r < 4; r++)
        for (PetscInt c = 0; c < INM_NCLASS; c++) {
          PetscReal vt = E->tr ? E->tr->vt[r / 2] : (PetscReal)NAN, s = 0;
          for (PetscInt j = 0; j < E->ntasks; j++) s += F * vt / E->mass_mean / v->tasks[E->task[j]].volume * cs[((r % 2) * INM_NCLASS + c) * E->ntasks + j] / E->ntasks;
          E->eta_routes[r][c] = s;
        }
      PetscCall(PetscFree(cs));
    }
    /* G''_C(Omega), mean over the samples, no omega_min cut */
    PetscCall(PetscCalloc1(nc * ng, &E->G2));
    for (PetscInt j = 0; j < E->ntasks; j++) {
      const VTask    *t  = &v->tasks[E->task[j]];
      const PetscReal nu = E->vtilde0 / E->mass_mean;
      for (PetscInt c = 0; c < nc; c++) {
        PetscReal lo, hi;
        InmViscosityClassRange(v, c, E->omega_c, &lo, &hi);
        if (hi > t->cover_hi) {
          for (PetscInt q = 0; q < ng; q++) E->G2[c * ng + q] = (PetscReal)NAN;
          continue;
        }
        for (PetscInt q = 0; q < ng; q++) {
          const PetscReal W = v->grid[0] * PetscPowReal(v->grid[1] / v->grid[0], ng > 1 ? (PetscReal)q / (ng - 1) : 0);
          PetscReal       s = 0;
          for (PetscInt p = 0; p < t->nmodes; p++) {
            const PetscReal w = t->omega[p];
            if (w < lo || w >= hi || PetscAbsReal(t->lambda[p]) <= t->zero) continue;
            s += t->gamma[p] * nu * W / (PetscSqr(t->lambda[p] - W * W) + PetscSqr(nu * W));
          }
          E->G2[c * ng + q] += FG * s / t->volume / E->ntasks;
        }
      }
    }
  }
  PetscCall(PetscFree(buf));
  PetscCall(PetscFree(kpm_err));
  PetscFunctionReturn(0);
}
