/* inmvisc/modes.h — instantaneous normal modes of one snapshot (SPEC §5, §6): the route from
 * a configuration to its modes by any solver of inmvisc/eigen.h, the modes files, and the
 * zero-mode threshold of every classification of modes.
 */
#pragma once
#include <inmvisc/eigen.h>
#include <inmvisc/io.h>

/* The options both front doors of `modes` share (one snapshot, a campaign) beside the
 * eigen-solver's own, read by one function so that their names, help texts and defaults
 * cannot differ: -input_format, -config_distribute, -frame, -output, -inm_zero_tol. Called inside the caller's
 * PetscOptionsBegin/End block (PetscOptionsObject). */
typedef enum { INM_DISTRIBUTE_AUTO, INM_DISTRIBUTE_NO, INM_DISTRIBUTE_YES } InmDistribute;
PETSC_EXTERN const char *const InmDistributeModes[]; /* for PetscOptionsEnum */
#define INM_DISTRIBUTE_AUTO_ATOMS 100000 /* "auto" distributes from this many atoms on (issue 18) */
typedef struct {
  InmFormat     format;
  InmDistribute distribute; /* -config_distribute */
  PetscInt      frame;
  PetscReal zero_tol;
  char      output[PETSC_MAX_PATH_LEN];
  PetscBool has_output;
} InmModesCommonOptions;
PETSC_EXTERN PetscErrorCode InmModesCommonOptionsDefault(InmModesCommonOptions *o);
PETSC_EXTERN PetscErrorCode InmModesCommonOptionsRead(PetscOptionItems *PetscOptionsObject, InmModesCommonOptions *o);
/* The configuration of a `modes` run (one snapshot, or a campaign's task) on comm: replicated
 * (InmConfigRead), or distributed over comm by space (InmConfigReadDistributed, a halo of the
 * potential's Hessian reach) with -config_distribute yes, or with auto when es is kpm (the
 * solver that needs only D's own rows) and the file's header gives at least
 * INM_DISTRIBUTE_AUTO_ATOMS atoms. Checks the model and the units, which it fills in if the
 * file does not say. */
PETSC_EXTERN PetscErrorCode InmModesReadConfig(MPI_Comm comm, const char path[], InmFormat format, InmDistribute distribute, PetscInt frame, InmEigenSolver es, InmPotential pot, InmConfig **cfg);
/* The model rule of `modes`: -model is required unless the snapshot says which potential made
 * it (an H5MD trajectory of prepare: cfg->model), and when it says, it must be the potential
 * in use. Without it a CuZr snapshot read with the default KA gave 1287 "zero modes". */
PETSC_EXTERN PetscErrorCode InmModesCheckModel(MPI_Comm comm, const InmConfig *cfg, InmPotential pot);
/* The modes of one configuration by the eigen-solver es on comm (the route of every `modes`
 * run, one snapshot or a campaign's task): the Hessian generator (checks types, distances,
 * box), then InmEigenSolverSolve. times[0] = neighbour list + matrix, times[1] = solve. */
PETSC_EXTERN PetscErrorCode InmModesCompute(MPI_Comm comm, InmConfig *cfg, InmPotential pot, InmEigenSolver es, InmModes **modes, PetscLogDouble times[2]);
/* tol max|lambda| over the computed modes: a mode with |lambda| at or below it is a
 * translational zero mode, neither stable (lambda > 0) nor unstable (lambda < 0). */
PETSC_EXTERN PetscReal InmModesZeroThreshold(const InmModes *m, PetscReal tol);

/* Write the per-mode datasets lambda, omega, omega_thz (metal only), participation,
 * gamma_xy, gamma_xz, gamma_yz, gamma_bulk with attributes N, volume, temperature (if the
 * configuration has velocities), units. Collective on comm; written via PATH.partial. */
PETSC_EXTERN PetscErrorCode InmModesWrite(MPI_Comm comm, const char path[], const InmConfig *cfg, const InmModes *modes);
/* The same, with the campaign identity as the attribute campaign_id (a campaign's task file). */
PETSC_EXTERN PetscErrorCode InmModesWriteTagged(MPI_Comm comm, const char path[], const InmConfig *cfg, const InmModes *modes, const char campaign[]);

/* What a modes file says about its snapshot (attributes of InmModesWrite). */
typedef struct {
  PetscInt  natoms, nmodes, nvec;
  PetscInt  kpm_shape[5];        /* KPM moments: per channel, random vectors, per vector, atoms, per atom (0: none) */
  PetscReal volume, temperature; /* temperature NaN when the snapshot had no velocities */
  PetscReal mass_mean;           /* number-averaged atomic mass; NaN in files older than it */
  char      units[16], campaign[64], source[PETSC_MAX_PATH_LEN];
} InmModesInfo;
/* Read a file of InmModesWrite on this rank: its info and, if modes != NULL, the modes.
 * A file that is not such a file is an error naming the file and the missing part. */
PETSC_EXTERN PetscErrorCode InmModesRead(const char path[], InmModesInfo *info, InmModes **modes);
/* The kept eigenvectors as datasets vectors [nvec][N][3] and vector_index [nvec] under loc
 * (an HDF5 file or group); negative on failure. */
#include <hdf5.h>
PETSC_EXTERN herr_t InmModesWriteVectors(hid_t loc, const InmModes *m);
/* The KPM moments of m (-inm_kpm_moments), shape {M, R, Md, K, Ms} (M = 0: none, nothing
 * written), as the group kpm under loc: shear_moments [3][M], dos_moments [R][Md], bounds [2],
 * and with K atoms (-inm_kpm_sites) site_moments [K][Ms], created here
 * (collectively in a parallel file) and written by this rank if write; and back into m (n =
 * 3N), where a missing group leaves m without them; negative on failure. */
#define INM_KPM_SHAPE 5
PETSC_EXTERN herr_t InmModesWriteKPM(hid_t loc, const InmModes *m, const PetscInt shape[INM_KPM_SHAPE], PetscBool write);
PETSC_EXTERN herr_t InmModesReadKPM(hid_t loc, PetscInt n, InmModes *m);
