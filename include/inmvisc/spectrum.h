/* inmvisc/spectrum.h — mode analysis of one (T, N) ensemble (SPEC §6; paper Figs. 1a,b,
 * 2b,d, S2-S4, S8).
 *   g(omega) = (3N-3)^-1 sum_p delta(omega - omega_p), histogrammed on a grid shared by all
 *              samples and averaged over them (zero modes excluded, so int g = 1);
 *   P(omega), Gamma(omega): means over the modes of each bin (Gamma averaged over the three
 *              shear channels, which an isotropic liquid makes equivalent); bins with fewer
 *              than min_count modes are flagged;
 *   f_s, f_u, f_u^L, f_u^D: fractions of the 3N-3 non-zero modes, localized meaning
 *              omega < -|omega_c| (SPEC §6);
 *   a(T): least-squares slope of g = a |omega| through the origin over 0 < |omega| < omega_fit
 *              (Fig. S3). */
#pragma once
#include <inmvisc/modes.h>

typedef struct {
  PetscInt   nbins, nsamples, min_count;
  PetscReal  wmin, wmax, dw;
  PetscReal *g;            /* [nbins] density of states, per unit omega */
  PetscReal *P, *Gamma;    /* [nbins] bin means (0 where empty) */
  PetscInt  *count;        /* [nbins] modes accumulated */
  PetscReal *kcount, *kGamma; /* [nbins] the KPM count and Gamma-weighted measure beyond the modes (InmSpectrumAddKPM) */
  PetscReal *typical;      /* [nbins] rho_typ / rho_mean of the local densities (-inm_kpm_sites), mean over samples */
  PetscReal *typical_half; /* [nbins] the same from the first half of the moments (twice the resolution width) */
  PetscReal  ntypical;     /* samples with local densities */
  PetscReal  nonzero;      /* non-zero modes accumulated (sum over samples of 3N - 3) */
  PetscReal  n_stable, n_unstable, n_unstable_loc; /* counts for the fractions (at omega_c) */
  PetscReal  omega_c;      /* mobility edge used for f_u^L (>= 0; the edge is at -omega_c) */
} InmSpectrum;

PETSC_EXTERN PetscErrorCode InmSpectrumCreate(PetscReal wmin, PetscReal wmax, PetscInt nbins, PetscReal omega_c, InmSpectrum **s);
/* Add one sample's modes; the zero modes (|lambda| <= zero_tol max|lambda|) are skipped. */
PETSC_EXTERN PetscErrorCode InmSpectrumAdd(InmSpectrum *s, const InmModes *m, PetscReal zero_tol);
/* Sum the accumulated samples of the copies of s held on the ranks of comm (each rank added
 * its own samples); call before Finish. */
/* Add one sample's KPM moments (if m has any) to the bins whose centres lie at omega >=
 * w_from, and to the fractions beyond w_from (0: the stable side of an unstable-branch solve;
 * -inf: everything, no modes; kpm_spectrum.c), and its local densities (if any) to every bin's
 * typical ratio. Call after InmSpectrumAdd of the same sample. */
PETSC_EXTERN PetscErrorCode InmSpectrumAddKPM(InmSpectrum *s, const InmModes *m, PetscReal w_from);
/* One snapshot's KPM f_u (count below 0 over 3N - 3, its error from the random vectors) and
 * mean Gamma of the unstable [0] and stable [1] modes (the shear channels' mean). */
PETSC_EXTERN PetscErrorCode InmModesKPMSummary(const InmModes *m, PetscReal *fu, PetscReal *fu_err, PetscReal gamma_mean[2]);
PETSC_EXTERN PetscErrorCode InmSpectrumReduce(MPI_Comm comm, InmSpectrum *s);
/* Normalise: g to unit integral, P and Gamma to bin means. Call once, after all Adds. */
PETSC_EXTERN PetscErrorCode InmSpectrumFinish(InmSpectrum *s);
PETSC_EXTERN PetscErrorCode InmSpectrumFractions(const InmSpectrum *s, PetscReal *fs, PetscReal *fu, PetscReal *fuL, PetscReal *fuD);
PETSC_EXTERN PetscErrorCode InmSpectrumLowFrequencySlope(const InmSpectrum *s, PetscReal omega_fit, PetscReal *a, PetscReal *a_err);
/* The mobility edge |omega_c| where the finished binned P(omega) of the unstable branch first
 * reaches P_c from the most unstable side (interpolated between bin centres; bins with
 * fewer than min_count modes skipped); 0 if it never does. */
PETSC_EXTERN PetscErrorCode InmSpectrumMobilityEdge(const InmSpectrum *s, PetscReal P_c, PetscReal *omega_c);
/* The mobility edge |omega_c| from the typical density of states, without eigenvectors (the
 * study benchmarks/bench_typical_edge.c, in the pipeline): per unstable bin the exponent
 *   e(omega) = log2(typical / typical_half) = d ln(rho_typ / rho_mean) / d ln M
 * over one doubling of the moments M is 0 where the modes are extended (a typical atom meets
 * its share of them at any resolution) and negative where they are localized (it meets fewer
 * as the resolution sharpens). The edge is where e first falls below -1/2 going down from
 * omega = 0 (interpolated between bin centres; the criterion of P's finite-size scaling);
 * 0 without local densities, or if e never falls so low. */
PETSC_EXTERN PetscErrorCode InmSpectrumTypicalEdge(const InmSpectrum *s, PetscReal *omega_c);
PETSC_EXTERN PetscErrorCode InmSpectrumDestroy(InmSpectrum **s);
