/* inmvisc transport: D, eta (Green–Kubo) and vtilde(0) of a prepare campaign's trajectories
 * (SPEC §8; see inmvisc/transport_campaign.h for the layout of the work).
 *
 * Per ensemble (T, N) of S samples:
 *   D      per sample from its MSD (InmMSDCompute: all origins, centre of mass removed, lags
 *          up to half the production, the linear window of msd.c); reported: the mean over samples and the standard error of
 *          that mean, s/sqrt(S) (0 for one sample); the MSD averaged over samples is stored
 *   eta    Eq. (7) by the time decomposition (green_kubo.c) over M = S x gk_segments running
 *          integrals, each with its sample's own V / (kB <T>), <T> the NVE mean kinetic T
 *   vtilde(0) = kB T / D  (Eq. 5; App. J, Eq. S8), T the ensemble's mean NVE temperature,
 *          its error propagated from D's; and, from samples with per-step series,
 *          int_0^t_k C_FF(t) / kB T dt (Eq. 3, App. F) with C_FF averaged over those samples
 *          and the standard error of the per-sample integrals.
 * Units: those of the trajectories (lj or metal); eta also in the reported unit
 * (InmUnitsGreenKuboToReported: mPa s for metal). */
#include "transport_impl.h"

PetscErrorCode InmTransportCreate(MPI_Comm comm, InmTransport *out)
{
  InmTransport t;

  PetscFunctionBegin;
  PetscCall(PetscNew(&t));
  t->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &t->rank));
  PetscCallMPI(MPI_Comm_size(comm, &t->size));
  t->nseg          = 0;
  t->slope_tol     = 0.1;
  t->origin_stride = 1;
  t->kernel_time   = 0;
  t->bopt.strain   = 0.01;
  t->bopt.seed     = 4321;
  PetscCall(InmGreenKuboOptionsDefault(&t->gkopt));
  *out = t;
  PetscFunctionReturn(0);
}

PetscErrorCode InmTransportSetFromOptions(InmTransport t)
{
  PetscBool hasin, hasout, traceless = PETSC_FALSE, help;

  PetscFunctionBegin;
  PetscOptionsBegin(t->comm, NULL, "inmvisc transport: D, Green-Kubo eta and vtilde(0) of a prepare campaign", "transport");
  PetscCall(PetscOptionsString("-input", "A prepare output directory (its snapshots.txt lists the trajectories), or trajectory files A.h5,B.h5,...", "transport", t->input, t->input, sizeof(t->input), &hasin));
  PetscCall(PetscOptionsString("-output", "Results file (HDF5)", "transport", t->output, t->output, sizeof(t->output), &hasout));
  PetscCall(PetscOptionsInt("-gk_segments", "Green-Kubo: independent segments per trajectory (0: enough for 8 per ensemble)", "transport", t->nseg, &t->nseg, NULL));
  PetscCall(PetscOptionsReal("-gk_tolerance", "Green-Kubo: cutoff where the spread s(t)/eta(t) first exceeds this (Zhang et al.: 0.4)", "transport", t->gkopt.tolerance, &t->gkopt.tolerance, NULL));
  PetscCall(PetscOptionsReal("-gk_level_sigma", "Green-Kubo: cutoff also at 4 t_level, from which eta(t) changes by less than this many standard errors over every doubling of t (0: the spread rule alone)", "transport", t->gkopt.level_sigma, &t->gkopt.level_sigma, NULL));
  PetscCall(PetscOptionsBool("-gk_traceless", "Green-Kubo over the whole traceless stress tensor (Daivis-Evans), not only xy, xz, yz", "transport", traceless, &traceless, NULL));
  PetscCall(PetscOptionsReal("-msd_slope_tol", "Diffusive window: |d ln MSD / d ln t - 1| below this", "transport", t->slope_tol, &t->slope_tol, NULL));
  PetscCall(PetscOptionsInt("-msd_origin_stride", "MSD time origins every k-th frame", "transport", t->origin_stride, &t->origin_stride, NULL));
  PetscCall(PetscOptionsBool("-bulk_modulus", "Bulk modulus by NVT runs at V(1 -+ strain) from each ensemble's last frame, and omega_min (needs the -model options)", "transport", t->bulk, &t->bulk, NULL));
  PetscCall(PetscOptionsReal("-bulk_strain", "Relative volume change each way", "transport", t->bopt.strain, &t->bopt.strain, NULL));
  PetscCall(PetscOptionsBool("-bulk_fluctuations", "With -bulk_modulus, also B = kB T <V>/<dV^2> from an NPT run at the same state point (same -bulk_time; a tenth of it must outlast twice -bulk_pdamp)", "transport", t->bopt.fluctuations, &t->bopt.fluctuations, NULL));
  PetscCall(PetscOptionsReal("-bulk_pdamp", "Barostat damping of that NPT run (time units; 0: 10 times the thermostat's)", "transport", t->bopt.pdamp, &t->bopt.pdamp, NULL));
  {
    PetscInt two = 2;
    PetscCall(PetscOptionsRealArray("-bulk_time", "NVT time before, and during, the pressure average (0,0: 10,20 tau; 5,10 ps for metal)", "transport", t->bulk_time, &two, NULL));
  }
  t->nrates = 32;
  PetscCall(PetscOptionsRealArray("-shear_rates", "Shear MD (fix deform + nvt/sllod) at these strain rates (1/time) from each ensemble's last frame (needs the -model options)", "transport", t->rates, &t->nrates, NULL));
  {
    PetscInt two = 2;
    PetscCall(PetscOptionsRealArray("-shear_time", "Shear MD: time to steady state, then averaging time (0,0: 10,100 tau; 5,50 ps for metal)", "transport", t->shear_time, &two, NULL));
  }
  PetscCall(PetscOptionsReal("-kernel_time", "Memory kernel: longest lag (time units; 0: 2 tau for lj, 1 ps for metal, at most half the series)", "transport", t->kernel_time, &t->kernel_time, NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(0);
  t->gkopt.channels = traceless ? INM_GK_TRACELESS : INM_GK_SHEAR;
  for (PetscInt r = 0; r < t->nrates; r++) {
    char num[32];
    snprintf(num, sizeof(num), "%g", (double)t->rates[r]); /* C's %g: PETSc's adds a trailing '.' */
    PetscCheck(t->rates[r] > 0, t->comm, PETSC_ERR_USER_INPUT, "-shear_rates: %s is not positive", num);
  }
  if (t->bulk || t->nrates) {
    PetscErrorCode ierr;
    PetscCall(InmReplicatedBegin(t->comm));
    ierr = InmPotentialCreateFromOptions(NULL, &t->pot);
    PetscCall(InmReplicatedEnd(t->comm, ierr));
  }
  PetscCheck(hasin, t->comm, PETSC_ERR_USER_INPUT, "transport: -input DIR (a prepare output) or -input A.h5,B.h5,... is required");
  PetscCheck(hasout, t->comm, PETSC_ERR_USER_INPUT, "transport: -output FILE.h5 is required");
  PetscCheck(t->slope_tol > 0 && t->origin_stride > 0 && t->nseg >= 0 && t->kernel_time >= 0 && t->gkopt.tolerance > 0 && t->gkopt.level_sigma >= 0, t->comm, PETSC_ERR_USER_INPUT, "transport: -msd_slope_tol, -msd_origin_stride and -gk_tolerance must be positive, -gk_segments, -gk_level_sigma and -kernel_time not negative");
  PetscFunctionReturn(0);
}


static PetscErrorCode ListFiles(InmTransport t, PetscInt *n, char ***files)
{
  char      list[PETSC_MAX_PATH_LEN];
  PetscBool isdir = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscTestDirectory(t->input, 'r', &isdir));
  *n = 0;
  if (isdir) {
    InmTask *tasks;
    PetscInt ntasks;
    PetscCall(PetscSNPrintf(list, sizeof(list), "%s/snapshots.txt", t->input));
    PetscCall(InmTaskListRead(list, 0, &ntasks, &tasks));
    PetscCall(PetscMalloc1(ntasks, files));
    for (PetscInt k = 0; k < ntasks; k++) {
      PetscBool seen = PETSC_FALSE;
      for (PetscInt j = 0; j < *n && !seen; j++) seen = (PetscBool)!strcmp((*files)[j], tasks[k].path);
      if (!seen) PetscCall(PetscStrallocpy(tasks[k].path, &(*files)[(*n)++]));
    }
    PetscCall(PetscFree(tasks));
  } else {
    int    argc;
    char **args;
    PetscCall(PetscStrToArray(t->input, ',', &argc, &args));
    PetscCall(PetscMalloc1(argc, files));
    for (int k = 0; k < argc; k++) PetscCall(PetscStrallocpy(args[k], &(*files)[(*n)++]));
    PetscCall(PetscStrToArrayDestroy(argc, args));
  }
  PetscFunctionReturn(0);
}

/* Header of one trajectory (rank 0): temperatures and protocol from its attributes; sizes and
 * time steps of each series from the dataset shapes (no data read). */
static PetscErrorCode ReadHeader(const char path[], Traj *tr)
{
  hid_t f, g, a;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(tr, sizeof(*tr)));
  PetscCall(PetscStrncpy(tr->path, path, sizeof(tr->path)));
  PetscCall(InmH5OpenRead(path, &f));
  g = H5Gopen2(f, "parameters/inmvisc", H5P_DEFAULT);
  a = H5Gopen2(f, "particles/all", H5P_DEFAULT);
  if (g < 0 || a < 0 || InmH5ReadAttrNumber(g, "temperature", H5T_NATIVE_DOUBLE, &tr->T) < 0 || InmH5ReadAttrNumber(g, "T_mean", H5T_NATIVE_DOUBLE, &tr->T_mean) < 0 || InmH5ReadAttrNumber(g, "dt", H5T_NATIVE_DOUBLE, &tr->dt) < 0 || InmH5ReadAttrNumber(g, "tdamp", H5T_NATIVE_DOUBLE, &tr->tdamp) < 0 || InmH5ReadAttrString(a, "inmvisc_units", tr->units, sizeof(tr->units)) < 0) {
    if (g >= 0) H5Gclose(g);
    if (a >= 0) H5Gclose(a);
    H5Fclose(f);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: not a trajectory of inmvisc prepare (no /parameters/inmvisc temperature and T_mean, or no units)", path);
  }
  H5Gclose(g);
  H5Gclose(a);
  H5Fclose(f);
  {
    InmTrajectoryInfo info;
    PetscCall(InmTrajectoryReadInfo(path, &info));
    tr->N         = info.natoms;
    tr->ntypes    = info.ntypes;
    tr->nframes   = info.nframes;
    tr->rows      = info.rows;
    tr->nsteps    = info.nsteps;
    tr->volume    = info.volume;
    tr->dt_frame  = info.dt_frame;
    tr->dt_obs    = info.dt_obs;
    tr->dt_series = info.dt_series;
  }
  PetscCheck(tr->ntypes <= INM_MAX_TYPES, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: more than %d species", path, INM_MAX_TYPES);
  PetscFunctionReturn(0);
}

PetscErrorCode InmTransportSetUp(InmTransport t)
{
  PetscErrorCode ierr = 0;
  PetscInt       minseries = PETSC_MAX_INT;

  PetscFunctionBegin;
  PetscCall(InmCheckWritable(t->comm, t->output));
  if (t->rank == 0) {
    ierr = ListFiles(t, &t->ntraj, &t->files);
    if (!ierr) ierr = PetscMalloc1(t->ntraj, &t->traj);
    for (PetscInt k = 0; k < t->ntraj && !ierr; k++) ierr = ReadHeader(t->files[k], &t->traj[k]);
    for (PetscInt k = 1; k < t->ntraj && !ierr; k++)
      if (strcmp(t->traj[k].units, t->traj[0].units)) {
        ierr = PETSC_ERR_FILE_UNEXPECTED;
        (void)PetscError(PETSC_COMM_SELF, __LINE__, PETSC_FUNCTION_NAME, __FILE__, ierr, PETSC_ERROR_INITIAL, "%s: '%s' units, but %s is in '%s'", t->traj[k].path, t->traj[k].units, t->traj[0].path, t->traj[0].units);
      }
  }
  PetscCall(InmCheckCollective(t->comm, 0, ierr));
  PetscCall(InmCheckNotInput(t->comm, t->output, t->rank ? 0 : t->ntraj, (const char *const *)t->files));
  PetscCall(InmCheckOutputKind(t->comm, t->output, INM_OUTPUT_TRANSPORT));
  PetscCallMPI(MPI_Bcast(&t->ntraj, 1, MPIU_INT, 0, t->comm));
  if (t->rank) PetscCall(PetscMalloc1(t->ntraj, &t->traj));
  PetscCallMPI(MPI_Bcast(t->traj, (int)(t->ntraj * sizeof(Traj)), MPI_BYTE, 0, t->comm));
  PetscCall(PetscStrncpy(t->units, t->traj[0].units, sizeof(t->units)));
  PetscCall(InmUnitsGet(t->units, &t->u));
  /* ensembles: distinct (T, N), in order of N then T */
  PetscCall(PetscCalloc1(t->ntraj, &t->ens));
  for (PetscInt k = 0; k < t->ntraj; k++) {
    PetscInt e;
    for (e = 0; e < t->nens; e++)
      if (t->ens[e].N == t->traj[k].N && t->ens[e].T == t->traj[k].T) break;
    if (e == t->nens) {
      t->ens[e].N = t->traj[k].N;
      t->ens[e].T = t->traj[k].T;
      t->nens++;
    }
    t->ens[e].nsamples++;
    t->traj[k].ens = e;
    t->nsets       = PetscMax(t->nsets, t->traj[k].ntypes + 1);
  }
  /* one lag grid per quantity for the whole campaign (the trajectories share a protocol) */
  t->nlag_gk  = PETSC_MAX_INT;
  t->nlag_msd = PETSC_MAX_INT;
  for (PetscInt k = 0; k < t->ntraj; k++) {
    const Traj *r = &t->traj[k];
    PetscCheck(r->dt_obs == t->traj[0].dt_obs && r->dt_frame == t->traj[0].dt_frame, t->comm, PETSC_ERR_USER_INPUT, "%s: sampled every %g / %g time units, %s every %g / %g: one transport run takes one protocol", r->path, (double)r->dt_obs, (double)r->dt_frame, t->traj[0].path, (double)t->traj[0].dt_obs, (double)t->traj[0].dt_frame);
    PetscCheck(r->nframes / 2 + 1 >= 8, t->comm, PETSC_ERR_USER_INPUT, "%s: %" PetscInt_FMT " frames; the MSD (lags up to half the run) needs at least 14 (more production, or frames more often: prepare -snapshot_every)", r->path, r->nframes);
    t->nlag_msd = PetscMin(t->nlag_msd, r->nframes / 2 + 1); /* lags up to half the run: enough origins at every lag */
    if (r->nsteps > 2) minseries = PetscMin(minseries, r->nsteps);
  }
  if (!t->nseg) { /* at least 8 running integrals per ensemble for the time decomposition */
    PetscInt smin = PETSC_MAX_INT;
    for (PetscInt e = 0; e < t->nens; e++) smin = PetscMin(smin, t->ens[e].nsamples);
    t->nseg = PetscMax(1, (8 + smin - 1) / smin);
  }
  for (PetscInt k = 0; k < t->ntraj; k++) t->nlag_gk = PetscMin(t->nlag_gk, t->traj[k].rows / t->nseg / 2);
  PetscCheck(t->nlag_gk >= 8, t->comm, PETSC_ERR_USER_INPUT, "transport: %" PetscInt_FMT " segments per trajectory leave %" PetscInt_FMT " Green-Kubo lags; need at least 8 (longer production, or -gk_segments)", t->nseg, t->nlag_gk);
  if (minseries != PETSC_MAX_INT) { /* the memory kernel, from the trajectories with series */
    const PetscReal tk = t->kernel_time > 0 ? t->kernel_time : t->u->md_time;
    for (PetscInt k = 0; k < t->ntraj; k++)
      if (t->traj[k].nsteps > 2) {
        PetscCheck(!t->dt_series || t->traj[k].dt_series == t->dt_series, t->comm, PETSC_ERR_USER_INPUT, "%s: per-step series every %g, others every %g", t->traj[k].path, (double)t->traj[k].dt_series, (double)t->dt_series);
        t->dt_series = t->traj[k].dt_series;
      }
    t->ncorr = PetscMin(minseries / 2, (PetscInt)(tk / t->dt_series + 1.5));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode InmTransportRun(InmTransport t)
{
  const PetscInt nb = t->ntraj * t->nsets, nm = nb * t->nlag_msd, ng = t->ntraj * t->nseg * t->nlag_gk, nk = t->ntraj * PetscMax(t->ncorr, 1);
  InmTransportBuffers b;
  PetscReal     *all, *has;
  PetscInt       mine = 0, done = 0, total = nb * 2 + nm + ng + nk + 4 * t->ntraj;
  PetscLogDouble t0;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscPrintf(t->comm, "[transport] %" PetscInt_FMT " trajectories in %" PetscInt_FMT " ensembles on %d ranks; Green-Kubo: %" PetscInt_FMT " segments per trajectory, %" PetscInt_FMT " lags; MSD: %" PetscInt_FMT " lags; memory kernel: %" PetscInt_FMT " lags\n", t->ntraj, t->nens, (int)t->size, t->nseg, t->nlag_gk, t->nlag_msd, t->ncorr));
  PetscCall(PetscCalloc1(total, &all));
  b.D      = all;
  b.flag   = b.D + nb;
  b.msd    = b.flag + nb;
  b.gk     = b.msd + nm;
  b.kernel = b.gk + ng;
  b.vt     = b.kernel + nk;
  b.G      = b.vt + t->ntraj;
  b.rho    = b.G + t->ntraj;
  has      = b.rho + t->ntraj;
  for (PetscInt k = t->rank; k < t->ntraj; k += t->size) mine++;
  PetscCall(PetscTime(&t0));
  for (PetscInt k = t->rank; k < t->ntraj; k += t->size) {
    PetscCall(InmTransportAnalyseTrajectory(t, k, &b));
    has[k] = t->traj[k].nsteps > 2 && t->ncorr >= 2;
    PetscCall(InmProgress(PETSC_COMM_SELF, "transport", ++done, mine, t0));
  }
  PetscCall(InmTransportStateMD(t));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, all, (int)total, MPIU_REAL, MPIU_SUM, t->comm));
  if (t->rank == 0) {
    ierr = InmTransportCombine(t, &b, has);
    if (!ierr) ierr = InmTransportWriteResults(t);
  }
  PetscCall(InmCheckCollective(t->comm, 0, ierr));
  PetscCall(InmCommitFile(t->comm, t->output));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}


PetscErrorCode InmTransportDestroy(InmTransport *tp)
{
  InmTransport t = *tp;

  PetscFunctionBegin;
  if (!t) PetscFunctionReturn(0);
  for (PetscInt e = 0; e < t->nens; e++) {
    if (t->ens[e].gk) PetscCall(InmGreenKuboDestroy(&t->ens[e].gk));
    PetscCall(PetscFree2(t->ens[e].msd, t->ens[e].kernel));
    PetscCall(PetscFree2(t->ens[e].eta_nemd, t->ens[e].eta_nemd_err));
  }
  if (t->files)
    for (PetscInt k = 0; k < t->ntraj; k++) PetscCall(PetscFree(t->files[k]));
  PetscCall(PetscFree(t->files));
  PetscCall(PetscFree(t->ens));
  PetscCall(PetscFree(t->traj));
  PetscCall(InmPotentialDestroy(&t->pot));
  PetscCall(PetscFree(*tp));
  PetscFunctionReturn(0);
}
