/* inmvisc/transport.h — transport coefficients from time series (SPEC §8; paper Eq. 7,
 * Apps. E, F, J). Serial functions on arrays, in the model's units; a caller with samples on
 * several ranks reduces what each function says is reducible (the memory kernel, whose
 * recursion needs ensemble averages at every lag, takes a communicator instead).
 *
 *   C(k) = (n-k)^-1 sum_{i=0}^{n-k-1} x_i x_{i+k}                  (autocorrelation, FFT)
 *   eta  = V/(kB T) int_0^inf <sigma_ab(t) sigma_ab(0)> dt          (Green-Kubo, Eq. 7)
 *   MSD(t) = <|dr_i(t) - dR_cm(t)|^2>,  MSD ~ 6 D t + c              (diffusion, App. E)
 *   v(t) = <F(0) F^-(t)> / (kB T),  F^-(t) = exp(i(1-P)L t) F,
 *   vtilde(0) = int_0^inf v(t) dt                                   (memory kernel, App. F)
 */
#pragma once
#include <petscsys.h>
#include <inmvisc/potential.h>

/* ---- Autocorrelation ---------------------------------------------------------------------
 * C[k] = (1/nseries) sum_s (n-k)^-1 sum_{i=0}^{n-k-1} x_s(i) x_s(i+k), k = 0..nlag-1 (no mean
 * subtracted), by FFTW r2c/c2r on each series zero-padded to at least 2n points (so the
 * circular correlation has no wrap-around). Element i of series s is
 * x[s*series_stride + i*step_stride]: series stored one after another are (1, n); channels
 * interleaved per step, x[n][nseries], are (nseries, 1). Needs 1 <= nlag <= n. */
PETSC_EXTERN PetscErrorCode InmAutocorrelation(PetscInt n, PetscInt nseries, const PetscReal x[], PetscInt step_stride, PetscInt series_stride, PetscInt nlag, PetscReal C[]);

/* Running integral by the trapezoid rule: integral[0] = 0, integral[k] = integral[k-1] + dt (f[k-1] + f[k]) / 2. */
PETSC_EXTERN void InmRunningIntegral(PetscInt n, const PetscReal f[], PetscReal dt, PetscReal integral[]);

/* ---- Green-Kubo shear viscosity (Eq. 7) -------------------------------------------------
 * Stress samples are the six components per step in LAMMPS order xx yy zz xy xz yz, as
 * stress[step*6 + c] (any sign convention: only products enter).
 *   INM_GK_SHEAR:     eta(t) = V/(3 kB T) sum_{xy,xz,yz} int_0^t C_ab
 *   INM_GK_TRACELESS: Daivis & Evans, J. Chem. Phys. 100, 541 (1994): all components of the
 *     symmetric traceless tensor, eta(t) = V/(10 kB T) int_0^t sum_{a,b} <P_ab(s) P_ab(0)>
 *     = V/(10 kB T) [2 sum_{xy,xz,yz} I_ab + sum_{a} I_{N_a}],  N_a = s_aa - tr(s)/3,
 *     which equals weights 2 on each off-diagonal channel and 4/3 on each of the three
 *     normal-stress differences (s_xx-s_yy)/2, (s_yy-s_zz)/2, (s_zz-s_xx)/2 (each of which
 *     integrates to eta kB T / V in an isotropic liquid; sum_a N_a N_a' = (4/3) sum_pairs d d').
 * The plateau is found by the time-decomposition method of Zhang, Otani & Maginn, J. Chem.
 * Theory Comput. 11, 3537 (2015); see src/transport/green_kubo.c for the rule and the error. */
typedef enum { INM_GK_SHEAR = 0, INM_GK_TRACELESS = 1 } InmGreenKuboChannels;

typedef struct {
  InmGreenKuboChannels channels;
  PetscInt             nsegments;         /* independent segments per trajectory (default 1) */
  PetscInt             nlag;              /* lags of the running integral; 0: half a segment */
  PetscReal            tolerance;         /* cutoff where s(t)/eta(t) first exceeds it (0.4) */
  PetscReal            level_sigma;       /* levelling-off cutoff: eta(t) changes by less than
                                             this many standard errors over every doubling of t
                                             from t_level on; t_cut <= 4 t_level (default 3;
                                             0: the spread rule alone) */
  PetscReal            max_extrapolation; /* refuse a fit whose curve at t_cut is further than
                                             this fraction below its plateau (default 0.05) */
} InmGreenKuboOptions;

typedef struct {
  PetscInt   nseg, nlag;       /* M independent segments, lags k = 0..nlag-1 */
  PetscReal  dt;
  PetscReal *mean, *std;       /* [nlag] mean running integral eta(t_k) and its standard
                                  deviation s(t_k) across the M segments (divisor M - 1) */
  PetscReal  eta, eta_err;     /* plateau A alpha tau1 + A (1-alpha) tau2 and its jackknife error */
  PetscReal  t_cut;            /* fit range (0, t_cut] */
  PetscInt   ncut;             /* lags in the fit: k = 1..ncut */
  PetscReal  t_spread;         /* last lag before s(t)/eta(t) first exceeds the tolerance */
  PetscReal  t_level;          /* first t from which eta changes by less than level_sigma
                                  standard errors over [t', 2t'] for every t' in [t, 2t] (0: not
                                  within the lags); t_cut = min(t_spread, 4 t_level) */
  PetscReal  A, alpha, tau1, tau2;          /* double exponential fitted to eta(t) */
  PetscReal  s_prefactor, s_exponent;       /* s(t) = a t^b; the fit weights residuals by 1/t^b */
  PetscReal  extrapolation;    /* fraction of eta the fitted curve adds beyond t_cut */
} InmGreenKubo;

PETSC_EXTERN PetscErrorCode InmGreenKuboOptionsDefault(InmGreenKuboOptions *opt);
/* Running integrals eta_i(t_k), k = 0..nlag-1, of the nseg consecutive segments of one
 * trajectory stress[nsteps][6] (a trailing remainder shorter than a segment is unused), into
 * eta_t[nseg][nlag]. Rows of different trajectories (ranks) can be gathered and passed
 * together to InmGreenKuboFit. */
PETSC_EXTERN PetscErrorCode InmGreenKuboRunningIntegrals(PetscInt nsteps, const PetscReal stress[], PetscReal dt, PetscReal volume, PetscReal kT, InmGreenKuboChannels channels, PetscInt nseg, PetscInt nlag, PetscReal eta_t[]);
/* Time decomposition of M >= 4 independent running integrals eta_t[M][nlag]. */
PETSC_EXTERN PetscErrorCode InmGreenKuboFit(PetscInt M, PetscInt nlag, const PetscReal eta_t[], PetscReal dt, const InmGreenKuboOptions *opt, InmGreenKubo **gk);
/* Both, for ntraj independent trajectories stress[ntraj][nsteps][6], each cut into
 * opt->nsegments segments (M = ntraj nsegments). */
PETSC_EXTERN PetscErrorCode InmGreenKuboCompute(PetscInt ntraj, PetscInt nsteps, const PetscReal stress[], PetscReal dt, PetscReal volume, PetscReal kT, const InmGreenKuboOptions *opt, InmGreenKubo **gk);
PETSC_EXTERN PetscErrorCode InmGreenKuboDestroy(InmGreenKubo **gk);
/* The integral is in pressure^2 volume time / energy: InmUnitsGreenKuboToReported (units.h)
 * converts it to the reported unit (metal: mPa s). */
/* The infinite-frequency shear modulus, the Green-Kubo integrand at t = 0 (Zwanzig & Mountain,
 * J. Chem. Phys. 43, 4464 (1965)):  G_inf = V <P_ab^2> / kB T  over xy, xz, yz and the rows of
 * stress[rows][6], in the pressure unit (V p^2 / kT is pressure x nktv2p, kT = kB T in energy). */
PETSC_EXTERN PetscReal InmShearModulusInfinite(PetscInt rows, const PetscReal stress[], PetscReal volume, PetscReal kT, PetscReal nktv2p);

/* ---- Mean-squared displacement and self-diffusion (App. E) ------------------------------
 * x[nframes][natoms][3] unwrapped positions at uniform spacing dt; types 1..ntypes; mass[t-1]
 * the mass of type t for the centre of mass (NULL: equal masses). Each frame's centre of
 * mass is removed:
 *   MSD_S(k) = < |x_i(t0+k) - x_i(t0) - (R(t0+k) - R(t0))|^2 >_{i in S, t0 = 0, s, 2s, ...}
 * for the sets S = all atoms (set 0) and type t (set t), origins every origin_stride frames.
 * D from the linear regime, per set (src/transport/msd.c): the local slope
 *   alpha(k) = ln(MSD(2k)/MSD(k)) / ln 2,
 * the window [k_a, nlag-1] where k_a is the first lag from which |alpha - 1| <= slope_tol
 * for every k with 2k <= nlag-1; MSD = 6 D t + c fitted there by least squares. If there is
 * no such lag (slope off at the longest lags), the last half of the lags is fitted and the
 * set is flagged `fallback` (a type with no atoms: D = 0, klo = khi = -1). The per-sample MSD arrays can be averaged by the caller and
 * refitted with InmDiffusionFit; errors come from the spread over samples. */
typedef struct {
  PetscInt   nsets, nlag;      /* nsets = ntypes + 1 */
  PetscReal  dt;
  PetscReal *msd;              /* [nsets][nlag] */
  PetscInt  *count;            /* [nsets] atoms in each set */
  PetscReal *D, *intercept;    /* [nsets] */
  PetscInt  *klo, *khi;        /* [nsets] fit window, lags klo..khi inclusive */
  PetscBool *fallback;         /* [nsets] window by the fallback rule */
} InmMSD;

PETSC_EXTERN PetscErrorCode InmMSDCompute(PetscInt nframes, PetscInt natoms, const PetscReal x[], const PetscInt type[], PetscInt ntypes, const PetscReal mass[], PetscReal dt, PetscInt nlag, PetscInt origin_stride, PetscReal slope_tol, InmMSD **msd);
/* The rule above on one MSD array (msd[0] = 0); needs nlag >= 8. */
PETSC_EXTERN PetscErrorCode InmDiffusionFit(PetscInt nlag, const PetscReal msd[], PetscReal dt, PetscReal slope_tol, PetscReal *D, PetscReal *intercept, PetscInt *klo, PetscInt *khi, PetscBool *fallback);
PETSC_EXTERN PetscErrorCode InmMSDDestroy(InmMSD **msd);

/* ---- Memory kernel (App. F, Eqs. S1-S8) ----------------------------------------------------
 * Random-force autocorrelation Cff[n] = <F(0) F^-(n dt)>, n = 0..ncorr-1, by the second-order
 * orthogonal-dynamics propagator of Carof, Vuilleumier & Rotenberg, J. Chem. Phys. 140,
 * 124103 (2014) (equations in src/transport/memory_kernel.c). Input: ntraj independent
 * one-dimensional trajectories (each Cartesian component of each tagged particle) of force F
 * and momentum p = m v, stored step-major: F[m*ntraj + j] is trajectory j at step m, steps
 * m = 0..nsteps-1 at spacing dt (every MD step). The ensemble averages are over all origins of
 * all trajectories of all ranks of comm (PETSC_COMM_SELF: this rank's only). Needs
 * 2 <= ncorr < nsteps. */
PETSC_EXTERN PetscErrorCode InmMemoryKernel(MPI_Comm comm, PetscInt ntraj, PetscInt nsteps, const PetscReal F[], const PetscReal p[], PetscReal dt, PetscInt ncorr, PetscReal Cff[]);
/* v(t) = Cff/kT and vtilde(0) = int_0^{t_cut} v dt by the trapezoid rule over lags 0..ncut-1
 * (t_cut = (ncut-1) dt, where the running integral has reached its plateau); running[ncorr]
 * (may be NULL) receives the running integral at every lag. */
PETSC_EXTERN PetscErrorCode InmMemoryKernelIntegral(PetscInt ncorr, const PetscReal Cff[], PetscReal dt, PetscReal kT, PetscInt ncut, PetscReal *vtilde0, PetscReal running[]);

/* ---- Bulk modulus and omega_min (App. H; src/transport/bulk_modulus.c) --------------------
 * B = -(P+ - P-) / ln(V+/V-) from two NVT runs of LAMMPS at T, one at V (1 - strain) and one
 * at V (1 + strain), from configuration cfg (model pot); v_s = sqrt(B / rho_mass) and
 * |omega_min| = 2 pi v_s / L. Collective on comm (the LAMMPS instances run on it).
 * With opt->fluctuations, also B from the volume fluctuations of an NPT run at the same T and
 * at P0 = (P+ + P-)/2 (the pressure of V itself, to second order in the strain):
 *   B_T = kB T <V> / <dV^2>   (times nktv2p: energy/length^3 -> pressure),
 * over opt->measure steps after opt->equil, the barostat's damping opt->pdamp (0: 10 tdamp,
 * LAMMPS's advice of ~1000 steps against ~100 for the thermostat; a shorter one samples the
 * volume faster); error: delete-one jackknife over 10 blocks, each of which must be long
 * against the volume's correlation time (~pdamp). */
typedef struct {
  PetscReal strain;       /* relative volume change each way (default 0.01) */
  PetscReal dt, tdamp;    /* time step and thermostat damping (model units) */
  PetscInt  equil, measure; /* NVT steps before and during the pressure average */
  PetscInt  seed;           /* velocities at T when the configuration has none */
  PetscBool fluctuations;   /* also B from NPT volume fluctuations */
  PetscReal pdamp;          /* their barostat damping (0: 10 tdamp) */
} InmBulkOptions;
typedef struct {
  PetscReal B, B_err, P_minus, P_plus; /* pressure units of the model (metal: bar) */
  PetscReal rho_mass, L, v_s, omega_min;
  PetscReal B_npt, B_npt_err, V_npt;   /* volume-fluctuation route and its <V> (NaN if not run) */
} InmBulk;
/* v = sqrt(M / rho_mass): the speed of an elastic modulus M (pressure unit of `units`) in a
 * medium of mass density rho_mass (mass / length^3), in length / time. */
PETSC_EXTERN PetscErrorCode InmModulusSpeed(const char units[], PetscReal modulus, PetscReal rho_mass, PetscReal *v);
PETSC_EXTERN PetscErrorCode InmBulkModulus(MPI_Comm comm, InmPotential pot, const InmConfig *cfg, PetscReal T, const InmBulkOptions *opt, InmBulk *bulk);

/* ---- Shear MD (paper Fig. 3a; src/transport/shear_nemd.c) --------------------------------
 * eta = -<P_xy> / rate under fix deform xy erate + fix nvt/sllod at T from configuration cfg,
 * after opt->equil steps, averaged over opt->measure (dt, tdamp, seed as for the bulk
 * modulus); the error from 10 block means. Collective on comm. */
PETSC_EXTERN PetscErrorCode InmShearViscosity(MPI_Comm comm, InmPotential pot, const InmConfig *cfg, PetscReal T, PetscReal rate, const InmBulkOptions *opt, PetscReal *eta, PetscReal *eta_err);
