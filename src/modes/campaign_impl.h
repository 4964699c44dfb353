/* Private state of a campaign (see inmvisc/modes_campaign.h). */
#pragma once
#include <inmvisc/modes_campaign.h>

#define INM_CAMPAIGN_FORMAT 1 /* layout version of the results file, part of the identity */

typedef struct {
  PetscReal T;
  PetscInt  natoms, nsamples;
  PetscReal omega_c; /* the mobility edge used: -inm_omega_c, or where P(omega) crosses -inm_P_c */
  PetscReal omega_c_typ; /* the mobility edge from the typical density of states (-inm_kpm_sites), 0 without */
  PetscReal fs, fu, fuL, fuD, slope, slope_err;
  InmSpectrum *spectrum;
} InmEnsemble;

struct _p_InmModesCampaign {
  PetscBool    options_only; /* SetFromOptions reads the options and stops (InmModesCampaignSetOptionsOnly) */
  MPI_Comm     world, group;
  PetscMPIInt  size, rank, ngroups, color, grank;
  PetscInt     ntasks, *order;      /* order: tasks by decreasing N (then index) */
  InmTask     *tasks;
  PetscInt    *natoms;              /* [ntasks] atoms of each snapshot (from its header) */
  PetscInt    *ensemble;            /* [ntasks] index into ens */
  PetscBool   *done;                /* [ntasks] task file present and of this campaign */
  PetscInt     nens;
  InmEnsemble *ens;
  char         output[PETSC_MAX_PATH_LEN], staging[PETSC_MAX_PATH_LEN], list[PETSC_MAX_PATH_LEN];
  char         solver[32], units[16];
  const InmUnits *u; /* of units */
  char         id[17];              /* InmIdentityHash of identity, hex */
  char        *identity;            /* the canonical text hashed */
  PetscBool    full, finished;      /* full spectrum; results file already complete */
  PetscInt     nev, nbins;
  PetscReal    zero_tol, range[2], omega_c, P_c, slope_omega;
  PetscBool    has_range;
  InmFormat    format;
  InmDistribute distribute; /* -config_distribute */
  InmPotential pot;
  InmEigenSolver es;               /* every task's solver, its options read once */
};

PETSC_INTERN PetscErrorCode InmModesCampaignTaskPath(InmModesCampaign c, PetscInt task, char path[], size_t len);
PETSC_INTERN PetscErrorCode InmModesCampaignWriteResults(InmModesCampaign c);
