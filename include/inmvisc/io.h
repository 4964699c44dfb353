/* inmvisc/io.h — configuration readers and writers (SPEC §3), and the task lists of campaigns.
 *
 * Every reader runs on one rank (PETSC_COMM_SELF semantics) and raises
 * PETSC_ERR_FILE_OPEN / PETSC_ERR_FILE_UNEXPECTED / PETSC_ERR_FILE_READ with a
 * message "PATH:LINE: problem" (or "PATH:/dataset: problem" for HDF5) on bad input.
 * InmConfigRead is the collective entry point: rank 0 reads, everybody gets the
 * result or the error.
 */
#pragma once
#include <inmvisc/config.h>
#include <hdf5.h>

typedef enum { INM_FORMAT_AUTO, INM_FORMAT_LAMMPS_DATA, INM_FORMAT_LAMMPS_DUMP, INM_FORMAT_H5MD } InmFormat;
PETSC_EXTERN const char *const InmFormats[]; /* for PetscOptionsEnum */

/* LAMMPS data file, atom_style atomic: header (atoms, atom types, xlo xhi, ..., xy xz yz),
 * Masses, Atoms (id type x y z [ix iy iz]), Velocities. */
PETSC_EXTERN PetscErrorCode InmReadLammpsData(const char path[], InmConfig **cfg);
/* LAMMPS dump custom text file, frame `frame` (0-based; -1 = last). */
PETSC_EXTERN PetscErrorCode InmReadLammpsDump(const char path[], PetscInt frame, InmConfig **cfg);
/* Number of frames in a LAMMPS dump file. */
PETSC_EXTERN PetscErrorCode InmCountLammpsDumpFrames(const char path[], PetscInt *nframes);
/* H5MD 1.1 file, particle group "all", frame `frame` (0-based; -1 = last). */
PETSC_EXTERN PetscErrorCode InmReadH5MD(const char path[], PetscInt frame, InmConfig **cfg);
/* Atoms part*N/nparts .. (part+1)*N/nparts - 1 of frame `frame` of an H5MD file (in file
 * order, then sorted by id); cfg->nglobal = N. Each rank reads its own slice. */
PETSC_EXTERN PetscErrorCode InmReadH5MDSlice(const char path[], PetscInt frame, PetscMPIInt part, PetscMPIInt nparts, InmConfig **cfg);
/* The number of atoms of an H5MD file, from the shape of its positions. */
PETSC_EXTERN PetscErrorCode InmReadH5MDCount(const char path[], PetscInt *natoms);
/* Write one configuration as a single-frame H5MD 1.1 file (written to PATH.partial, then renamed). */
PETSC_EXTERN PetscErrorCode InmWriteH5MD(const char path[], const InmConfig *cfg);

/* Multi-frame H5MD trajectory written as a run goes (one process): frames of positions,
 * velocities, forces, image flags and box; observable series /observables/NAME [rows][width];
 * parameters under /parameters/inmvisc. Written to PATH.partial; Close(commit = TRUE) renames
 * it to PATH, Close(FALSE) removes it. `first` gives N, species, ids, masses and units. */
typedef struct _p_InmTrajectory *InmTrajectory;
PETSC_EXTERN PetscErrorCode InmTrajectoryCreate(const char path[], const InmConfig *first, InmTrajectory *traj);
PETSC_EXTERN PetscErrorCode InmTrajectoryWriteFrame(InmTrajectory traj, const InmConfig *cfg);
/* One row of the per-step series of the first k atoms (velocities and forces of cfg). */
PETSC_EXTERN PetscErrorCode InmTrajectoryAppendSeries(InmTrajectory traj, const InmConfig *cfg, PetscInt k);
PETSC_EXTERN PetscErrorCode InmTrajectoryAppendObservable(InmTrajectory traj, const char name[], PetscInt width, PetscInt rows, const PetscInt64 step[], const PetscReal time[], const PetscReal value[], const char unit[]);
/* The open /parameters/inmvisc group (an HDF5 hid_t; owned by traj). */
PETSC_EXTERN PetscErrorCode InmTrajectoryParameters(InmTrajectory traj, hid_t *params);
PETSC_EXTERN PetscErrorCode InmTrajectoryClose(InmTrajectory *traj, PetscBool commit);
/* Reading such a trajectory (one process; arrays allocated with PetscMalloc):
 * observable NAME: rows x width values and their times (free both with PetscFree);
 * every frame's unwrapped positions xu[frames][N][3], times and species
 * (PetscFree3(xu, time, type));
 * the per-step series of the first k atoms: masses, times, v and f [steps][k][3]
 * (PetscFree4(mass, time, v, f)); *nsteps = 0 when the file has none. */
PETSC_EXTERN PetscErrorCode InmTrajectoryReadObservable(const char path[], const char name[], PetscInt *rows, PetscInt *width, PetscReal **time, PetscReal **value);
PETSC_EXTERN PetscErrorCode InmTrajectoryReadUnwrapped(const char path[], PetscInt *nframes, PetscInt *natoms, PetscInt **type, PetscReal **time, PetscReal **xu);
/* The sizes and time steps of a trajectory, from dataset shapes and time axes only. */
typedef struct {
  PetscInt  natoms, ntypes, nframes, rows, nsteps; /* atoms, species, frames, observable rows, series steps (0: none) */
  PetscReal volume, dt_frame, dt_obs, dt_series;   /* volume of the first frame; spacings */
} InmTrajectoryInfo;
PETSC_EXTERN PetscErrorCode InmTrajectoryReadInfo(const char path[], InmTrajectoryInfo *info);
PETSC_EXTERN PetscErrorCode InmTrajectoryReadSeries(const char path[], PetscInt *nsteps, PetscInt *natoms, PetscReal **mass, PetscReal **time, PetscReal **v, PetscReal **force);

/* Collective: rank 0 reads with the reader for `format` (AUTO guesses from content), broadcasts. */
PETSC_EXTERN PetscErrorCode InmConfigRead(MPI_Comm comm, const char path[], InmFormat format, PetscInt frame, InmConfig **cfg);
/* Collective: a configuration distributed over comm by space with a halo `halo` wide
 * (InmConfigDistribute). H5MD: every rank reads a slice of the atoms; the text formats: rank 0
 * reads and hands out slices. No rank holds all the atoms except rank 0 for a text file.
 * Forces and image flags are not kept. */
PETSC_EXTERN PetscErrorCode InmConfigReadDistributed(MPI_Comm comm, const char path[], InmFormat format, PetscInt frame, PetscReal halo, InmConfig **cfg);
/* Collective: the number of atoms of the file if its header tells it (H5MD), else -1. */
PETSC_EXTERN PetscErrorCode InmConfigReadCount(MPI_Comm comm, const char path[], InmFormat format, PetscInt *natoms);

/* One task of a campaign: a snapshot (modes) or a trajectory (transport). */
typedef struct {
  char      path[PETSC_MAX_PATH_LEN];
  PetscInt  frame; /* 0-based, -1 = last */
  PetscReal T;     /* the ensemble's nominal temperature; NaN when not given */
} InmTask;

/* A task list file: one task per line, "path [frame|-] [T|-]", '#' starts a comment;
 * relative paths are relative to the list file's directory. Errors name the line. */
PETSC_EXTERN PetscErrorCode InmTaskListRead(const char path[], PetscInt default_frame, PetscInt *ntasks, InmTask **tasks);
