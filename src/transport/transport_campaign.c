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
#include <inmvisc/transport_campaign.h>
#include <inmvisc/transport.h>
#include <inmvisc/config.h>
#include <inmvisc/io.h>
#include <inmvisc/h5util.h>
#include <math.h>

#define MAX_SETS (INM_MAX_TYPES + 1)

typedef struct {
  char      path[PETSC_MAX_PATH_LEN];
  char      units[16];
  PetscReal T, T_mean, volume, dt_obs, dt_frame, dt_series, dt, tdamp;
  PetscInt  N, ntypes, rows, nframes, nsteps, ens;
  PetscReal type_mass[INM_MAX_TYPES + 1];
} Traj;

typedef struct {
  PetscReal     T, T_mean;
  PetscInt      N, nsamples, nkernel;
  PetscReal     D[MAX_SETS], D_err[MAX_SETS];
  PetscReal     vt_D, vt_D_err, vt_K, vt_K_err;
  InmBulk       bulk; /* from the last frame of the ensemble's first sample (-bulk_modulus) */
  PetscReal     G, G_err, omega_min_G; /* infinite-frequency shear modulus and its omega_min */
  PetscReal    *eta_nemd, *eta_nemd_err; /* [nrates] shear MD from that frame (-shear_rates) */
  InmGreenKubo *gk;
  PetscReal    *msd, *kernel; /* [nsets][nlag_msd] mean over samples; [ncorr] mean v(t) */
  PetscBool     flagged;      /* some sample's D by the fallback window */
} Ens;

struct _p_InmTransport {
  MPI_Comm            comm;
  PetscMPIInt         rank, size;
  PetscInt            ntraj, nens, nsets, nlag_gk, nlag_msd, ncorr, nseg, origin_stride;
  Traj               *traj;
  Ens                *ens;
  char                input[PETSC_MAX_PATH_LEN], output[PETSC_MAX_PATH_LEN], units[16];
  const InmUnits     *u; /* of units */
  char              **files;
  PetscReal           slope_tol, kernel_time, dt_series, bulk_time[2];
  PetscBool           bulk;
  PetscReal           rates[32], shear_time[2];
  PetscInt            nrates;
  InmBulkOptions      bopt;
  InmPotential        pot;
  InmGreenKuboOptions gkopt;
};

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

/* The trajectory files: DIR/snapshots.txt's distinct paths, or the comma-separated list. */
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

/* One trajectory's share of the buffers: D and the fallback flag per set, the MSD, the GK
 * running integrals, the kernel C_FF / kT and its integral, G_inf and the mass density. */
typedef struct {
  PetscReal *D, *flag, *msd, *gk, *kernel, *vt, *G, *rho;
} Buffers;

static PetscErrorCode AnalyseTrajectory(InmTransport t, PetscInt k, Buffers *b)
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
  /* G_inf = V <P_ab^2> / kB T over xy, xz, yz (Zwanzig & Mountain 1965: the Green-Kubo
   * integrand at t = 0), in the pressure unit (metal: V p^2 / kT is in bar x nktv2p) */
  b->G[k] = 0;
  for (PetscInt q = 0; q < rows; q++)
    for (int c = 3; c < 6; c++) b->G[k] += stress[6 * q + c] * stress[6 * q + c] / (3.0 * rows);
  b->G[k] *= r->volume / kT / u->nktv2p;
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

static PetscErrorCode Combine(InmTransport t, const Buffers *b, const PetscReal *has_kernel)
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

static PetscErrorCode WriteResults(InmTransport t)
{
  char        partial[PETSC_MAX_PATH_LEN];
  hid_t       f, g, tg;
  herr_t      st = 0;
  const InmUnits *u      = t->u;
  const PetscReal factor = InmUnitsGreenKuboToReported(u), factor_nemd = InmUnitsViscosityToReported(u);
  PetscReal      *col;
  const char     *vname = u->visc_reported, *ut = u->time, *uD = u->diffusion, *uvt = u->vtilde, *ueta = u->visc_gk;
  char            umsd[32];
  hsize_t         ne = (hsize_t)t->nens, d2[2] = {(hsize_t)t->nens, (hsize_t)t->nsets};

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(umsd, sizeof(umsd), "%s2", u->length));
  PetscCall(InmPartialPath(t->output, partial, sizeof(partial)));
  f = InmH5CreateOutput(partial, INM_OUTPUT_TRANSPORT, H5P_DEFAULT);
  PetscCheck(f >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create", partial);
  st |= InmH5AttrString(f, "units", t->units) < 0;
  st |= InmH5AttrString(f, "version", INMVISC_VERSION) < 0;
  st |= InmH5AttrString(f, "input", t->input) < 0;
  tg = H5Gcreate2(f, "transport", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g  = H5Gcreate2(tg, "ensembles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  PetscCall(PetscMalloc1(t->nens * PetscMax(t->nsets, t->nrates), &col));
  {
    const struct {
      const char *name, *unit;
      size_t      off;
      PetscReal   scale;
    } cols[] = {
      {"temperature_nominal", u->temperature, offsetof(Ens, T), 1},
      {"temperature", u->temperature, offsetof(Ens, T_mean), 1},
      {"vtilde0_D", uvt, offsetof(Ens, vt_D), 1},
      {"vtilde0_D_err", uvt, offsetof(Ens, vt_D_err), 1},
      {"vtilde0_kernel", uvt, offsetof(Ens, vt_K), 1},
      {"vtilde0_kernel_err", uvt, offsetof(Ens, vt_K_err), 1},
      {"bulk_modulus", u->pressure, offsetof(Ens, bulk.B), 1},
      {"bulk_modulus_err", u->pressure, offsetof(Ens, bulk.B_err), 1},
      {"bulk_modulus_npt", u->pressure, offsetof(Ens, bulk.B_npt), 1},
      {"bulk_modulus_npt_err", u->pressure, offsetof(Ens, bulk.B_npt_err), 1},
      {"sound_speed", u->velocity, offsetof(Ens, bulk.v_s), 1},
      {"omega_min", u->omega, offsetof(Ens, bulk.omega_min), 1},
      {"shear_modulus_inf", u->pressure, offsetof(Ens, G), 1},
      {"shear_modulus_inf_err", u->pressure, offsetof(Ens, G_err), 1},
      {"omega_min_shear", u->omega, offsetof(Ens, omega_min_G), 1},
    };
    for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
      hid_t ds;
      for (PetscInt e = 0; e < t->nens; e++) col[e] = *(const PetscReal *)((const char *)&t->ens[e] + cols[c].off) * cols[c].scale;
      st |= InmH5Write(g, cols[c].name, H5T_NATIVE_DOUBLE, 1, &ne, col) < 0;
      ds = H5Dopen2(g, cols[c].name, H5P_DEFAULT);
      st |= ds < 0 || InmH5AttrString(ds, "units", cols[c].unit) < 0;
      if (ds >= 0) H5Dclose(ds);
    }
  }
  {
    const char *names[] = {"eta", "eta_err", "eta_reported", "eta_reported_err", "gk_t_cut", "gk_t_spread", "gk_t_level"};
    const char *units[] = {ueta, ueta, vname, vname, ut, ut, ut};
    for (int c = 0; c < 7; c++) {
      hid_t ds;
      for (PetscInt e = 0; e < t->nens; e++) {
        const InmGreenKubo *gk = t->ens[e].gk;
        const PetscReal     v[7] = {gk->eta, gk->eta_err, gk->eta * factor, gk->eta_err * factor, gk->t_cut, gk->t_spread, gk->t_level};
        col[e]                   = v[c];
      }
      st |= InmH5Write(g, names[c], H5T_NATIVE_DOUBLE, 1, &ne, col) < 0;
      ds = H5Dopen2(g, names[c], H5P_DEFAULT);
      st |= ds < 0 || InmH5AttrString(ds, "units", units[c]) < 0;
      if (ds >= 0) H5Dclose(ds);
    }
  }
  if (t->nrates) { /* shear MD: eta per rate, and the rates */
    hsize_t dr[2] = {(hsize_t)t->nens, (hsize_t)t->nrates}, nr = (hsize_t)t->nrates;
    hid_t   ds;
    for (int c = 0; c < 2; c++) {
      for (PetscInt e = 0; e < t->nens; e++)
        for (PetscInt r = 0; r < t->nrates; r++) col[e * t->nrates + r] = (c ? t->ens[e].eta_nemd_err[r] : t->ens[e].eta_nemd[r]) * factor_nemd; /* -<P_xy>/rate: pressure x time */
      st |= InmH5Write(g, c ? "eta_shear_md_err" : "eta_shear_md", H5T_NATIVE_DOUBLE, 2, dr, col) < 0;
      ds = H5Dopen2(g, c ? "eta_shear_md_err" : "eta_shear_md", H5P_DEFAULT);
      st |= ds < 0 || InmH5AttrString(ds, "units", vname) < 0;
      if (ds >= 0) H5Dclose(ds);
    }
    st |= InmH5Write(g, "shear_rates", H5T_NATIVE_DOUBLE, 1, &nr, t->rates) < 0;
    ds = H5Dopen2(g, "shear_rates", H5P_DEFAULT);
    {
      char urate[32];
      PetscCall(PetscSNPrintf(urate, sizeof(urate), "%s-1", u->time));
      st |= ds < 0 || InmH5AttrString(ds, "units", urate) < 0;
    }
    if (ds >= 0) H5Dclose(ds);
  }
  for (int c = 0; c < 2; c++) { /* D per set: all atoms, then species 1, 2, ... */
    hid_t ds;
    for (PetscInt e = 0; e < t->nens; e++)
      for (PetscInt s = 0; s < t->nsets; s++) col[e * t->nsets + s] = c ? t->ens[e].D_err[s] : t->ens[e].D[s];
    st |= InmH5Write(g, c ? "D_err" : "D", H5T_NATIVE_DOUBLE, 2, d2, col) < 0;
    ds = H5Dopen2(g, c ? "D_err" : "D", H5P_DEFAULT);
    st |= ds < 0 || InmH5AttrString(ds, "units", uD) < 0 || InmH5AttrString(ds, "columns", "all atoms, then species 1, 2, ...") < 0;
    if (ds >= 0) H5Dclose(ds);
  }
  {
    int *iv;
    PetscCall(PetscMalloc1(t->nens, &iv));
    for (PetscInt e = 0; e < t->nens; e++) iv[e] = (int)t->ens[e].N;
    st |= InmH5Write(g, "N", H5T_NATIVE_INT, 1, &ne, iv) < 0;
    for (PetscInt e = 0; e < t->nens; e++) iv[e] = (int)t->ens[e].nsamples;
    st |= InmH5Write(g, "nsamples", H5T_NATIVE_INT, 1, &ne, iv) < 0;
    for (PetscInt e = 0; e < t->nens; e++) iv[e] = (int)t->ens[e].flagged;
    st |= InmH5Write(g, "D_window_fallback", H5T_NATIVE_INT, 1, &ne, iv) < 0;
    PetscCall(PetscFree(iv));
  }
  H5Gclose(g);
  for (PetscInt e = 0; e < t->nens; e++) { /* the curves behind the numbers */
    char                name[64];
    const Ens          *E  = &t->ens[e];
    const InmGreenKubo *gk = E->gk;
    hsize_t             n1 = (hsize_t)gk->nlag, dm[2] = {(hsize_t)t->nsets, (hsize_t)t->nlag_msd}, nk = (hsize_t)t->ncorr;
    PetscCall(PetscSNPrintf(name, sizeof(name), "ensemble_%03" PetscInt_FMT, e));
    g = H5Gcreate2(tg, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    st |= InmH5Write(g, "gk_running_mean", H5T_NATIVE_DOUBLE, 1, &n1, gk->mean) < 0;
    st |= InmH5Write(g, "gk_running_std", H5T_NATIVE_DOUBLE, 1, &n1, gk->std) < 0;
    st |= InmH5AttrNumber(g, "gk_dt", H5T_NATIVE_DOUBLE, &gk->dt) < 0;
    st |= InmH5AttrNumber(g, "msd_dt", H5T_NATIVE_DOUBLE, &t->traj[0].dt_frame) < 0;
    st |= InmH5AttrString(g, "time_units", ut) < 0;
    st |= InmH5AttrString(g, "msd_units", umsd) < 0;
    st |= InmH5Write(g, "msd", H5T_NATIVE_DOUBLE, 2, dm, E->msd) < 0;
    if (t->ncorr >= 2 && E->nkernel) {
      st |= InmH5Write(g, "kernel", H5T_NATIVE_DOUBLE, 1, &nk, E->kernel) < 0;
      st |= InmH5AttrNumber(g, "kernel_dt", H5T_NATIVE_DOUBLE, &t->dt_series) < 0;
      {
        char ukern[48];
        PetscCall(PetscSNPrintf(ukern, sizeof(ukern), "%s %s-2", u->mass, u->time));
        st |= InmH5AttrString(g, "kernel_units", ukern) < 0;
      }
    }
    H5Gclose(g);
  }
  PetscCall(PetscFree(col));
  H5Gclose(tg);
  st |= H5Fclose(f) < 0;
  PetscCheck(!st, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: writing failed (disk full or file system error)", partial);
  PetscFunctionReturn(0);
}

/* MD from the last frame of each ensemble's first sample, each on one rank (LAMMPS on
 * PETSC_COMM_SELF), the jobs taken by the ranks in turn, then shared: the bulk modulus and
 * omega_min (-bulk_modulus), shear MD at each rate (-shear_rates). */
static PetscErrorCode StateMD(InmTransport t)
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

PetscErrorCode InmTransportRun(InmTransport t)
{
  const PetscInt nb = t->ntraj * t->nsets, nm = nb * t->nlag_msd, ng = t->ntraj * t->nseg * t->nlag_gk, nk = t->ntraj * PetscMax(t->ncorr, 1);
  Buffers        b;
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
    PetscCall(AnalyseTrajectory(t, k, &b));
    has[k] = t->traj[k].nsteps > 2 && t->ncorr >= 2;
    PetscCall(InmProgress(PETSC_COMM_SELF, "transport", ++done, mine, t0));
  }
  PetscCall(StateMD(t));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, all, (int)total, MPIU_REAL, MPIU_SUM, t->comm));
  if (t->rank == 0) {
    ierr = Combine(t, &b, has);
    if (!ierr) ierr = WriteResults(t);
  }
  PetscCall(InmCheckCollective(t->comm, 0, ierr));
  PetscCall(InmCommitFile(t->comm, t->output));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

PetscErrorCode InmTransportView(InmTransport t)
{
  const PetscReal factor = InmUnitsGreenKuboToReported(t->u), factor_nemd = InmUnitsViscosityToReported(t->u);
  const char     *vname  = t->u->visc_reported;

  PetscFunctionBegin;
  if (t->rank) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "%8s %6s %3s %8s %11s %9s %12s %10s %12s %11s %12s %11s %10s %9s %10s %10s %10s\n", "T", "N", "S", "<T>", "D", "+-", "eta", "+-", "vt0 kT/D", "+-", "vt0 kernel", "+-", "B", "+-", "omega_min", "G_inf", "omega_G"));
  for (PetscInt e = 0; e < t->nens; e++) {
    const Ens *E = &t->ens[e];
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "%8.4g %6" PetscInt_FMT " %3" PetscInt_FMT " %8.4g %11.4e %9.2e %12.5g %10.2g %12.5g %11.3g %12.5g %11.3g %10.5g %9.2g %10.4g %10.5g %10.4g%s\n", (double)E->T, E->N, E->nsamples, (double)E->T_mean, (double)E->D[0], (double)E->D_err[0], (double)(E->gk->eta * factor), (double)(E->gk->eta_err * factor), (double)E->vt_D, (double)E->vt_D_err, (double)E->vt_K, (double)E->vt_K_err, (double)E->bulk.B, (double)E->bulk.B_err, (double)E->bulk.omega_min, (double)E->G, (double)E->omega_min_G, E->flagged ? "  (D: fallback window)" : ""));
  }
  for (PetscInt e = 0; e < t->nens; e++)
    for (PetscInt r = 0; r < t->nrates; r++) PetscCall(PetscPrintf(PETSC_COMM_SELF, "  shear MD T %.6g N %" PetscInt_FMT ": rate %.6g  eta %.5g +- %.2g\n", (double)t->ens[e].T, t->ens[e].N, (double)t->rates[r], (double)(t->ens[e].eta_nemd[r] * factor_nemd), (double)(t->ens[e].eta_nemd_err[r] * factor_nemd)));
  for (PetscInt e = 0; e < t->nens && t->bulk && t->bopt.fluctuations; e++) {
    const InmBulk *b = &t->ens[e].bulk;
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "  bulk modulus T %.6g N %" PetscInt_FMT ": NPT volume fluctuations %.5g +- %.2g (<V> %.6g), NVT density slope %.5g +- %.2g\n", (double)t->ens[e].T, t->ens[e].N, (double)b->B_npt, (double)b->B_npt_err, (double)b->V_npt, (double)b->B, (double)b->B_err));
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "(%s units; eta in %s; vtilde(0) in mass/time; B in %s, omega_min in rad/time%s; written to %s)\n", t->units, vname, t->u->pressure, t->bulk ? "" : ", not computed: -bulk_modulus", t->output));
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
