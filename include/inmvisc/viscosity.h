/* inmvisc/viscosity.h — `inmvisc viscosity`: the shear viscosity from the instantaneous normal
 * modes, per mode class, beside Green-Kubo (paper Eq. 1, Figs. 2-4; SPEC §6, §9, §10).
 *
 * Eq. (1) as SPEC §9 writes it for a class C of modes of one snapshot of volume V:
 *   eta_C = (1/V) nu sum_{p in C, |omega_p| >= omega_min} Gamma_p / lambda_p^2,   nu = vtilde(0) / m
 * with Gamma_p the mean of the xy, xz, yz projections of mode p on the mass-weighted affine
 * field, lambda_p its eigenvalue, m the number-averaged mass. For equal masses this is
 * 3 rho vtilde(0) int_C g(omega) Gamma(omega) / (m^2 omega^4) d omega with g normalised to one
 * over all 3N modes (the paper's Gamma is m times ours). Classes: ULINM omega < -omega_c,
 * UDINM -omega_c <= omega < 0, unstable omega < 0, stable omega > 0, all, and intervals
 * [a, b) of omega; the three translational zero modes are never counted.
 * Modal loss modulus on a grid of Omega (SPEC §9):
 *   G''_C(Omega) = (1/V) sum_{p in C} Gamma_p nu Omega / ((lambda_p - Omega^2)^2 + (nu Omega)^2)
 * whose low-frequency slope G''/Omega -> eta_C without the omega_min cut.
 * Mobility edge by finite-size scaling (src/viscosity/mobility_edge.c): the local exponent
 * s(omega) = d ln P / d ln N of the binned participation ratio of the unstable branch at two or
 * more N at one T (localized modes P ~ 1/N: s = -1; extended: s = 0); omega_c where s first
 * rises through -1/2 from the most unstable side, P_c = P(omega_c) at the largest N; the error
 * from resampling the samples (bootstrap) and the bin width.
 * Fits (src/viscosity/fits.c): Vogel-Fulcher-Tammann eta = eta_0 exp(B / (T - T_0)) by
 * weighted least squares in ln eta (GSL), applied to eta_GK, eta_ULINM and vtilde(0). */
#pragma once
#include <inmvisc/sys.h>

/* The mode classes of Eq. (1), in the order of every per-class dataset. */
typedef enum { INM_CLASS_ULINM, INM_CLASS_UDINM, INM_CLASS_UNSTABLE, INM_CLASS_STABLE, INM_CLASS_ALL, INM_NCLASS } InmModeClass;
PETSC_EXTERN const char *const InmModeClassNames[]; /* "ULINM", "UDINM", "unstable", "stable", "all" */

typedef struct _p_InmViscosity *InmViscosity;
PETSC_EXTERN PetscErrorCode InmViscosityCreate(MPI_Comm comm, InmViscosity *v);
/* -modes A.h5[,B.h5,...] (modes campaign results), -transport T.h5[,...], -vtilde0 v |
 * -diffusion D, -vtilde0_route D|kernel, -omega_min w | -omega_min_bulk B, -omega_min_route
 * bulk|shear, -P_c p | -omega_c w, -eta_interval a,b[,a,b...], -loss_modulus_grid w0,w1,n,
 * -fss_bins, -fss_bootstrap, -output VISC.h5. */
PETSC_EXTERN PetscErrorCode InmViscositySetFromOptions(InmViscosity v);
/* Read and check every input (models, units and temperatures must agree; each ensemble needs
 * vtilde(0) and omega_min, and a mobility edge: two sizes at its T, or -P_c, or -omega_c). */
PETSC_EXTERN PetscErrorCode InmViscositySetUp(InmViscosity v);
/* Mobility edges, Eq. (1) per class and sample, fractions, loss moduli, fits; writes -output. */
PETSC_EXTERN PetscErrorCode InmViscosityCompute(InmViscosity v);
/* The table per temperature on stdout (rank 0). */
PETSC_EXTERN PetscErrorCode InmViscosityView(InmViscosity v);
PETSC_EXTERN PetscErrorCode InmViscosityDestroy(InmViscosity *v);
