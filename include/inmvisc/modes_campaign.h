/* inmvisc/modes_campaign.h — the modes of many snapshots over rank groups, one results file
 * (SPEC §6, §11).
 *
 *   tasks      one per snapshot (file, frame), each with the nominal temperature of its
 *              ensemble; an ensemble is the set of tasks of one (T, N)
 *   groups     MPI_COMM_WORLD is split into -groups G contiguous blocks of ranks; group g
 *              solves the pending tasks g, g + G, g + 2G, ... of the list sorted by
 *              decreasing N, each on its own communicator
 *   staging    a finished task is written atomically (PATH.partial, then renamed) to
 *              OUTPUT.tasks/task_NNNNNN.h5 with the campaign's identity; that rename is
 *              the mark "complete", so a killed run resumes with the tasks whose file is
 *              there, and a task file of another campaign is refused
 *   results    OUTPUT (HDF5, written with parallel HDF5 over all ranks to OUTPUT.partial):
 *              datasets created collectively, each group writes its own tasks, the ensemble
 *              spectra (InmSpectrum) are reduced across groups and written once; then
 *              renamed to OUTPUT and the staging directory removed
 *   identity   a 64-bit FNV-1a-type hash (InmIdentityHash) of the task list and of every option that changes the
 *              numbers (model, potential, solver, nev, spectrum grid), stored in every file;
 *              layout options (ranks, groups, block size, solver tuning) are not part of it,
 *              since the results do not depend on them (to round-off).
 */
#pragma once
#include <inmvisc/spectrum.h>

typedef struct _p_InmModesCampaign *InmModesCampaign;
PETSC_EXTERN PetscErrorCode InmModesCampaignCreate(MPI_Comm comm, InmModesCampaign *c);
/* Tasks from -input_list FILE or -input A,B,... (with -frame), -output, -groups, the solver
 * options of `modes` and the spectrum options (-inm_spectrum_bins, -inm_spectrum_range,
 * -inm_omega_c, -inm_slope_omega). */
PETSC_EXTERN PetscErrorCode InmModesCampaignSetFromOptions(InmModesCampaign c);
/* Make SetFromOptions read the options only (no task list, no checks): a command that runs the
 * campaign later (run) learns of a misspelt option before any work. */
PETSC_EXTERN PetscErrorCode InmModesCampaignSetOptionsOnly(InmModesCampaign c, PetscBool only);
/* Split the groups, compute the identity, find the tasks already complete (resume). */
PETSC_EXTERN PetscErrorCode InmModesCampaignSetUp(InmModesCampaign c);
/* Solve the pending tasks (one progress line per task), then write the results file. */
PETSC_EXTERN PetscErrorCode InmModesCampaignSolve(InmModesCampaign c);
/* The ensemble table (T, N, samples, f_u, mean P of the unstable modes) on stdout. */
PETSC_EXTERN PetscErrorCode InmModesCampaignView(InmModesCampaign c);
PETSC_EXTERN PetscErrorCode InmModesCampaignDestroy(InmModesCampaign *c);
