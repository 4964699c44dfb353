/* The transport campaign's object and the functions of its three files (private to
 * src/transport): transport_campaign.c (options, the trajectories' headers, the ensembles,
 * Run), transport_analysis.c (per trajectory: MSD, Green-Kubo integrals, G_inf, memory kernel;
 * per ensemble: the means; the state-point MD), transport_results.c (the file and the table). */
#pragma once
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

/* One trajectory's share of the buffers: D and the fallback flag per set, the MSD, the GK
 * running integrals, the kernel C_FF / kT and its integral, G_inf and the mass density. */
typedef struct {
  PetscReal *D, *flag, *msd, *gk, *kernel, *vt, *G, *rho;
} InmTransportBuffers;

/* Trajectory k into b (its rows of every buffer). */
PETSC_INTERN PetscErrorCode InmTransportAnalyseTrajectory(InmTransport t, PetscInt k, InmTransportBuffers *b);
/* Rank 0, after the buffers are summed over ranks: the ensembles' means and fits. */
PETSC_INTERN PetscErrorCode InmTransportCombine(InmTransport t, const InmTransportBuffers *b, const PetscReal *has_kernel);
/* The bulk modulus and shear MD jobs (every rank; results shared). */
PETSC_INTERN PetscErrorCode InmTransportStateMD(InmTransport t);
/* Rank 0: OUTPUT.partial. */
PETSC_INTERN PetscErrorCode InmTransportWriteResults(InmTransport t);
