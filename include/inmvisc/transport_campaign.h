/* inmvisc/transport_campaign.h — `inmvisc transport`: transport coefficients of the
 * trajectories a `prepare` campaign wrote (SPEC §8; paper Eq. 5, 7, Apps. E, F).
 *
 * Tasks are trajectories; an ensemble is the set of trajectories of one (T, N). Every rank
 * takes the trajectories k = rank, rank + P, ...; per trajectory: the MSD of its frames (all
 * time origins, centre of mass removed) and D per species and for all atoms; the Green–Kubo
 * running integrals of its pressure tensor (Eq. 7, cut into -gk_segments segments); and, when
 * it holds per-step series, the random-force autocorrelation of the memory kernel (App. F).
 * Rank 0 then combines each ensemble: D as the mean over samples with the standard error of
 * that mean; eta by the time-decomposition method over all segments of all samples;
 * vtilde(0) = kB T / D (Eq. 5 with App. J) and, from the kernel, int C_FF / kB T dt (Eq. 3),
 * with the spread over samples. On request, from the last frame of each ensemble's first
 * sample (the -model options name the potential): the bulk modulus, sound speed and
 * omega_min (App. H; -bulk_modulus) and shear MD at -shear_rates (Fig. 3a). One HDF5 file
 * (units attributes on every dataset with a dimension) and the table on stdout. */
#pragma once
#include <inmvisc/sys.h>

typedef struct _p_InmTransport *InmTransport;
PETSC_EXTERN PetscErrorCode InmTransportCreate(MPI_Comm comm, InmTransport *t);
/* -input DIR (a prepare output: its snapshots.txt) or -input A.h5,B.h5,..., -output FILE.h5,
 * -gk_segments, -gk_tolerance, -gk_traceless, -msd_slope_tol, -msd_origin_stride,
 * -kernel_time, -bulk_modulus, -bulk_strain, -bulk_time, -shear_rates, -shear_time. */
PETSC_EXTERN PetscErrorCode InmTransportSetFromOptions(InmTransport t);
PETSC_EXTERN PetscErrorCode InmTransportSetUp(InmTransport t);
PETSC_EXTERN PetscErrorCode InmTransportRun(InmTransport t);
PETSC_EXTERN PetscErrorCode InmTransportView(InmTransport t);
PETSC_EXTERN PetscErrorCode InmTransportDestroy(InmTransport *t);
