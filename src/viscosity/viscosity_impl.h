/* Private state of `inmvisc viscosity` (see inmvisc/viscosity.h for the physics). */
#pragma once
#include <inmvisc/viscosity.h>
#include <inmvisc/units.h>
#include <inmvisc/modes.h>

#define INM_MAX_INTERVALS 8
#define INM_MAX_INPUTS    64

/* One snapshot's modes, as the modes campaign stored them. */
typedef struct {
  char       source[PETSC_MAX_PATH_LEN];
  PetscInt   N, nmodes, frame, ens;
  PetscReal  T, volume, mass_mean;
  PetscReal  cover_hi;   /* every mode with omega < cover_hi is in the file (+inf: all 3N) */
  PetscReal  zero;       /* |lambda| <= zero: a translational mode (1e-9 max|lambda|, as modes) */
  PetscReal *lambda, *omega, *P, *gamma; /* gamma: mean of the xy, xz, yz channels */
  InmChebyshevMoments kpm; /* the KPM moments of the same mean measure, if the file has them (nmom 0: none) */
  InmChebyshevMoments dos; /* and of the density of states (the fractions where no mode is held) */
} VTask;

/* What a transport file says about one (T, N). NaN where it does not say. */
typedef struct {
  PetscReal T;
  PetscInt  N;
  PetscReal vt[2], vt_err[2];     /* vtilde(0) by kB T / D and by the memory kernel */
  PetscReal wmin[2];              /* omega_min from the bulk and from the shear modulus */
  PetscReal eta_gk, eta_gk_err;   /* reported unit */
  PetscReal eta_md, eta_md_err;   /* shear MD at the lowest rate, reported unit */
} VTransport;

typedef struct {
  PetscReal  T;
  PetscInt   N, ntasks, *task;
  PetscReal  volume, mass_mean;                 /* means over the samples */
  const VTransport *tr;                         /* matched transport ensemble, or NULL */
  PetscReal  vtilde0, vtilde0_err, omega_min;   /* the values used */
  PetscReal  omega_c, omega_c_err, P_c;
  PetscReal  f[4], f_err[4];                    /* f_s, f_u, f_u^L, f_u^D */
  PetscReal  eta[INM_NCLASS + INM_MAX_INTERVALS], eta_err[INM_NCLASS + INM_MAX_INTERVALS];
  PetscReal  eta_routes[4][INM_NCLASS];         /* (D, bulk), (D, shear), (kernel, bulk), (kernel, shear) */
  PetscReal *G2;                                /* [nclass][ngrid] loss modulus, reported pressure unit */
} VEnsemble;

/* Finite-size scaling at one temperature. */
typedef struct {
  PetscReal  T;
  PetscInt   nsizes, nbins, *sizes;
  PetscReal  wlo, dw;             /* bin b covers [wlo + b dw, wlo + (b+1) dw) */
  PetscReal *P, *s, *s_err;       /* P[k][b] binned mean at size k; exponent and its bootstrap spread */
  PetscInt  *count;               /* [k][b] modes */
  PetscReal  omega_c, omega_c_err, P_c;
  PetscInt   nboot_ok;            /* resamples that found an edge */
} VFss;

typedef struct {
  PetscReal p[3], err[3], chi2; /* VFT: ln eta_0, B, T_0; entropy model: ln A, B, lambda; linear: a, b */
  PetscInt  npoints;
  PetscBool ok;
  char      why[128];
} VFit;

struct _p_InmViscosity {
  MPI_Comm        comm;
  PetscMPIInt     rank;
  char           *modes_files[INM_MAX_INPUTS], *transport_files[INM_MAX_INPUTS];
  PetscInt        nmodes_files, ntransport_files;
  char            output[PETSC_MAX_PATH_LEN], units[16], model[64];
  const InmUnits *u;
  /* by hand: one value, or one per temperature (ascending); 0 given = not given */
  PetscReal       vt_hand[64], D_hand[64], wmin_hand[64], B_hand[64];
  PetscInt        nvt_hand, nD_hand, nwmin_hand, nB_hand;
  PetscInt        vt_route, wmin_route; /* 0: D / bulk, 1: kernel / shear */
  PetscReal       P_c_hand, omega_c_hand;
  PetscBool       has_P_c, has_omega_c;
  PetscBool       omega_c_typical; /* -omega_c_typical: each ensemble's edge from the modes campaign's typical density of states */
  PetscReal       intervals[2 * INM_MAX_INTERVALS];
  PetscInt        nintervals;
  PetscReal       grid[3];  /* loss modulus: Omega from grid[0] to grid[1], grid[2] points (log) */
  PetscInt        fss_bins, fss_boot, min_count;
  PetscReal       fss_exponent; /* omega_c where d ln P / d ln N crosses it (-1/2) */
  /* data (rank 0) */
  VTask          *tasks;
  PetscInt        ntasks;
  VTransport     *tr;
  PetscInt        ntr;
  VEnsemble      *ens;
  PetscInt        nens;
  VFss           *fss;
  PetscInt        nfss;
  PetscReal      *eta_sample; /* [ntasks][nclass] */
  PetscReal      *fr_sample;  /* [ntasks][4] */
  VFit            fits[6];    /* VFT of eta_GK, eta_ULINM, vtilde(0); S_conf(ln f_u^L), entropy model, combined */
  char            sconf_file[PETSC_MAX_PATH_LEN], entropy_file[PETSC_MAX_PATH_LEN];
  PetscReal      *sconf;      /* [nsconf][3]: T, S_conf, its error (0: none) */
  PetscInt        nsconf;
  PetscBool       computed;
};

static inline PetscInt InmViscosityNumClasses(InmViscosity v) { return INM_NCLASS + v->nintervals; }

/* The mobility edge of ensemble E from the modes campaign results' typical density of states
 * (modes/ensembles/omega_c_typical of the file that holds its T and N); errors if missing or 0. */
PETSC_INTERN PetscErrorCode InmViscosityReadTypicalEdge(InmViscosity v, VEnsemble *E);
PETSC_INTERN PetscErrorCode InmViscosityReadModes(InmViscosity v);
PETSC_INTERN PetscErrorCode InmViscosityReadTransport(InmViscosity v);
PETSC_INTERN PetscErrorCode InmViscosityReadSconf(InmViscosity v);
PETSC_INTERN PetscErrorCode InmViscosityMobilityEdges(InmViscosity v);
PETSC_INTERN PetscErrorCode InmViscosityModal(InmViscosity v);
PETSC_INTERN PetscErrorCode InmViscosityFits(InmViscosity v);
PETSC_INTERN PetscErrorCode InmViscosityWrite(InmViscosity v);
/* Class c's omega range [lo, hi) for an ensemble with mobility edge omega_c (intervals after the five classes). */
PETSC_INTERN void InmViscosityClassRange(InmViscosity v, PetscInt c, PetscReal omega_c, PetscReal *lo, PetscReal *hi);
/* VFT fit of y(T) (y > 0, errors dy) in ln y. */
PETSC_INTERN PetscErrorCode InmFitVFT(PetscInt n, const PetscReal T[], const PetscReal y[], const PetscReal dy[], VFit *fit);
