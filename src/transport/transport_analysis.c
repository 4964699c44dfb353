/* The transport campaign's analysis (transport_impl.h): per trajectory the MSD and D, the
 * Green-Kubo running integrals, G_inf and the memory kernel; per ensemble the means over
 * samples (formulas in transport_campaign.c's header); the state-point MD jobs. */
#include "transport_impl.h"

PetscErrorCode InmTransportAnalyseTrajectory(InmTransport t, PetscInt k, InmTransportBuffers *b)
{
  const Traj *r = &t->traj[k];
  const InmUnits *u;
  PetscReal       kT, mvv2e, *time, *xu, *stress, mass[INM_MAX_TYPES];
  PetscInt        nf, n, *type, rows, width;
  InmMSD         *msd;
  InmConfig      *cfg;

  PetscFunctionBegin;
  PetscCall(InmUnitsGet(r->units, &u));
  kT    = u->kB * r->T_mean;
  mvv2e = u->mvv2e;
  /* diffusion: every frame, centre of mass by the species' masses */
  PetscCall(InmReadH5MD(r->path, 0, &cfg));
  for (PetscInt s = 1; s <= r->ntypes; s++) mass[s - 1] = cfg->type_mass[s] > 0 ? cfg->type_mass[s] : 1.0;
  b->rho[k] = 0;
  for (PetscInt i = 0; i < cfg->n; i++) b->rho[k] += cfg->mass[i] / r->volume;
  PetscCall(InmConfigDestroy(&cfg));
  PetscCall(InmTrajectoryReadUnwrapped(r->path, &nf, &n, &type, &time, &xu));
  PetscCall(InmMSDCompute(nf, n, xu, type, r->ntypes, mass, r->dt_frame, t->nlag_msd, t->origin_stride, t->slope_tol, &msd));
  for (PetscInt s = 0; s < msd->nsets; s++) {
    b->D[k * t->nsets + s]    = msd->D[s];
    b->flag[k * t->nsets + s] = msd->fallback[s] ? 1 : 0;
    PetscCall(PetscArraycpy(b->msd + (k * t->nsets + s) * t->nlag_msd, msd->msd + s * msd->nlag, t->nlag_msd));
  }
  PetscCall(InmMSDDestroy(&msd));
  PetscCall(PetscFree3(xu, time, type));
  /* Green-Kubo running integrals of this sample's segments */
  PetscCall(InmTrajectoryReadObservable(r->path, "pressure_tensor", &rows, &width, &time, &stress));
  PetscCall(InmGreenKuboRunningIntegrals(rows, stress, r->dt_obs, r->volume, kT, t->gkopt.channels, t->nseg, t->nlag_gk, b->gk + k * t->nseg * t->nlag_gk));
  b->G[k] = InmShearModulusInfinite(rows, stress, r->volume, kT, u->nktv2p);
  PetscCall(PetscFree(time));
  PetscCall(PetscFree(stress));
  /* memory kernel: every Cartesian component of every series atom is one trajectory; forces
   * in mass length / time^2 (F / mvv2e), so that dp/dt = F and kT is kT / mvv2e: the kernel
   * is in mass / time^2 and vtilde(0) in mass / time, like kB T / D */
  if (r->nsteps > 2 && t->ncorr >= 2) {
    PetscReal *m, *v, *f, *p, *Cff;
    PetscInt   ns, na;
    PetscCall(InmTrajectoryReadSeries(r->path, &ns, &na, &m, &time, &v, &f));
    PetscCall(PetscMalloc2(ns * 3 * na, &p, t->ncorr, &Cff));
    for (PetscInt s = 0; s < ns; s++)
      for (PetscInt i = 0; i < na; i++)
        for (int c = 0; c < 3; c++) {
          p[3 * (s * na + i) + c] = m[i] * v[3 * (s * na + i) + c];
          f[3 * (s * na + i) + c] /= mvv2e;
        }
    PetscCall(InmMemoryKernel(PETSC_COMM_SELF, 3 * na, ns, f, p, r->dt_series, t->ncorr, Cff));
    PetscCall(InmMemoryKernelIntegral(t->ncorr, Cff, r->dt_series, kT / mvv2e, t->ncorr, &b->vt[k], NULL));
    for (PetscInt l = 0; l < t->ncorr; l++) b->kernel[k * t->ncorr + l] = Cff[l] / (kT / mvv2e);
    PetscCall(PetscFree2(p, Cff));
    PetscCall(PetscFree4(m, time, v, f));
  }
  PetscFunctionReturn(0);
}

/* Mean and standard error of the mean of x[k] over the ensemble's samples with use[k]. */
static void SampleMean(InmTransport t, PetscInt e, const PetscReal *x, PetscInt stride, const PetscReal *use, PetscReal *mean, PetscReal *err, PetscInt *count)
{
  PetscReal s = 0, s2 = 0;
  PetscInt  n = 0;
  for (PetscInt k = 0; k < t->ntraj; k++)
    if (t->traj[k].ens == e && (!use || use[k] > 0)) {
      s += x[k * stride];
      s2 += x[k * stride] * x[k * stride];
      n++;
    }
  *mean  = n ? s / n : 0;
  *err   = n > 1 ? PetscSqrtReal(PetscMax(0, s2 / n - *mean * *mean) * n / (n - 1) / n) : 0;
  *count = n;
}

PetscErrorCode InmTransportCombine(InmTransport t, const InmTransportBuffers *b, const PetscReal *has_kernel)
{
  const PetscReal kB = t->u->kB, mvv2e = t->u->mvv2e;
  PetscReal      *rows;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(t->ntraj * t->nseg * t->nlag_gk, &rows));
  for (PetscInt e = 0; e < t->nens; e++) {
    Ens     *E = &t->ens[e];
    PetscInt M = 0, n;
    E->T_mean  = 0;
    for (PetscInt k = 0; k < t->ntraj; k++)
      if (t->traj[k].ens == e) E->T_mean += t->traj[k].T_mean / E->nsamples;
    PetscCall(PetscCalloc2(t->nsets * t->nlag_msd, &E->msd, PetscMax(t->ncorr, 1), &E->kernel));
    for (PetscInt s = 0; s < t->nsets; s++) {
      SampleMean(t, e, b->D + s, t->nsets, NULL, &E->D[s], &E->D_err[s], &n);
      for (PetscInt k = 0; k < t->ntraj; k++)
        if (t->traj[k].ens == e) {
          E->flagged = (PetscBool)(E->flagged || b->flag[k * t->nsets + s] > 0);
          for (PetscInt l = 0; l < t->nlag_msd; l++) E->msd[s * t->nlag_msd + l] += b->msd[(k * t->nsets + s) * t->nlag_msd + l] / E->nsamples;
        }
    }
    { /* the shear-modulus variant of omega_min: 2 pi sqrt(G_inf / rho_mass) / L */
      PetscReal rho, drho, v;
      SampleMean(t, e, b->G, 1, NULL, &E->G, &E->G_err, &n);
      SampleMean(t, e, b->rho, 1, NULL, &rho, &drho, &n);
      PetscCall(InmModulusSpeed(t->units, E->G, rho, &v));
      for (PetscInt k = 0; k < t->ntraj; k++)
        if (t->traj[k].ens == e) E->omega_min_G = 2 * PETSC_PI * v / PetscCbrtReal(t->traj[k].volume);
    }
    /* vtilde(0) = kB T / D in mass / time (kT / mvv2e), error from D's */
    E->vt_D     = E->D[0] > 0 ? kB * E->T_mean / mvv2e / E->D[0] : 0;
    E->vt_D_err = E->D[0] > 0 ? E->vt_D * E->D_err[0] / E->D[0] : 0;
    E->vt_K = E->vt_K_err = (PetscReal)NAN; /* not computed: no per-step series */
    if (t->ncorr >= 2) {
      SampleMean(t, e, b->vt, 1, has_kernel, &E->vt_K, &E->vt_K_err, &E->nkernel);
      for (PetscInt k = 0; k < t->ntraj; k++)
        if (t->traj[k].ens == e && has_kernel[k] > 0)
          for (PetscInt l = 0; l < t->ncorr; l++) E->kernel[l] += b->kernel[k * t->ncorr + l] / E->nkernel;
    }
    for (PetscInt k = 0; k < t->ntraj; k++) /* this ensemble's running integrals, every segment */
      if (t->traj[k].ens == e) {
        PetscCall(PetscArraycpy(rows + M * t->nlag_gk, b->gk + k * t->nseg * t->nlag_gk, t->nseg * t->nlag_gk));
        M += t->nseg;
      }
    PetscCall(InmGreenKuboFit(M, t->nlag_gk, rows, t->traj[0].dt_obs, &t->gkopt, &E->gk));
  }
  PetscCall(PetscFree(rows));
  PetscFunctionReturn(0);
}


/* MD from the last frame of each ensemble's first sample, each on one rank (LAMMPS on
 * PETSC_COMM_SELF), the jobs taken by the ranks in turn, then shared: the bulk modulus and
 * omega_min (-bulk_modulus), shear MD at each rate (-shear_rates). */
PetscErrorCode InmTransportStateMD(InmTransport t)
{
  const PetscReal tm    = t->u->md_time; /* default run lengths in its multiples */
  const PetscInt  per   = 11 + 2 * t->nrates, njobs = t->nens * ((t->bulk ? 1 : 0) + t->nrates);
  PetscReal      *v;
  PetscLogDouble  t0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(per * t->nens, &v));
  PetscCall(PetscTime(&t0));
  for (PetscInt j = t->rank, done = 0; j < njobs; j += t->size) {
    const PetscInt e = j % t->nens, kind = j / t->nens; /* kind 0: bulk (if asked), then the rates */
    const PetscInt r = t->bulk ? kind - 1 : kind;
    const Traj    *tr = NULL;
    InmConfig     *cfg;
    InmBulkOptions o = t->bopt;
    for (PetscInt k = 0; k < t->ntraj && !tr; k++)
      if (t->traj[k].ens == e) tr = &t->traj[k];
    o.dt    = tr->dt;
    o.tdamp = tr->tdamp;
    PetscCall(InmReadH5MD(tr->path, -1, &cfg));
    if (r < 0) {
      InmBulk b;
      o.equil   = (PetscInt)((t->bulk_time[0] > 0 ? t->bulk_time[0] : 5 * tm) / tr->dt + 0.5);
      o.measure = (PetscInt)((t->bulk_time[1] > 0 ? t->bulk_time[1] : 10 * tm) / tr->dt + 0.5);
      PetscCall(InmBulkModulus(PETSC_COMM_SELF, t->pot, cfg, tr->T_mean, &o, &b));
      v[per * e + 0] = b.B;
      v[per * e + 1] = b.B_err;
      v[per * e + 2] = b.P_minus;
      v[per * e + 3] = b.P_plus;
      v[per * e + 4] = b.rho_mass;
      v[per * e + 5] = b.L;
      v[per * e + 6] = b.v_s;
      v[per * e + 7] = b.omega_min;
      v[per * e + 8] = b.B_npt;
      v[per * e + 9] = b.B_npt_err;
      v[per * e + 10] = b.V_npt;
    } else {
      o.equil   = (PetscInt)((t->shear_time[0] > 0 ? t->shear_time[0] : 5 * tm) / tr->dt + 0.5);
      o.measure = (PetscInt)((t->shear_time[1] > 0 ? t->shear_time[1] : 50 * tm) / tr->dt + 0.5);
      PetscCall(InmShearViscosity(PETSC_COMM_SELF, t->pot, cfg, tr->T_mean, t->rates[r], &o, &v[per * e + 11 + 2 * r], &v[per * e + 12 + 2 * r]));
    }
    PetscCall(InmConfigDestroy(&cfg));
    PetscCall(InmProgress(PETSC_COMM_SELF, r < 0 ? "transport: bulk modulus" : "transport: shear MD", ++done, (njobs - t->rank + t->size - 1) / t->size, t0));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, v, (int)(per * t->nens), MPIU_REAL, MPIU_SUM, t->comm));
  for (PetscInt e = 0; e < t->nens; e++) {
    const PetscReal *x = v + per * e;
    t->ens[e].bulk     = t->bulk ? (InmBulk){x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10]} : (InmBulk){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN}; /* NaN: not asked for */
    PetscCall(PetscMalloc2(t->nrates, &t->ens[e].eta_nemd, t->nrates, &t->ens[e].eta_nemd_err));
    for (PetscInt r = 0; r < t->nrates; r++) {
      t->ens[e].eta_nemd[r]     = x[11 + 2 * r];
      t->ens[e].eta_nemd_err[r] = x[12 + 2 * r];
    }
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

