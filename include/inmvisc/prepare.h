/* inmvisc/prepare.h — MD sampling campaigns through LAMMPS (SPEC §7, §11; paper App. A, B).
 *
 * A campaign is the tasks (T, N, sample) of -temperatures x -sizes x -samples. MPI_COMM_WORLD
 * is split into -groups G blocks of ranks; group g runs the pending tasks g, g + G, ... of the
 * list sorted by decreasing N, each in one LAMMPS instance on the group's communicator. Every
 * task starts from its own lattice and runs the model's protocol (InmProtocol): melt, quench
 * at the cooling rate, (NPT at T and the box fixed at its mean volume), NVT at T, then NVE
 * production, which writes one H5MD trajectory per task (frames every -snapshot_every steps,
 * the pressure tensor with its kinetic part, T, potential and kinetic energy and the MSD every
 * -stress_every steps under /observables, the protocol, seed and checks under
 * /parameters/inmvisc, and the LAMMPS input that was run). The seed of a task is derived from
 * the campaign seed and (T, N, sample), so the same options give the same trajectories.
 * A trajectory is written as NAME.partial and renamed when complete: a re-run skips the tasks
 * whose file is there (and refuses a file of another campaign) and redoes half-written ones.
 */
#pragma once
#include <inmvisc/md.h>

/* The MD protocol of one model; times in the model's time unit (tau, or ps for metal). */
typedef struct {
  PetscReal dt, tdamp, pdamp;   /* time step; Nose-Hoover thermostat / barostat damping */
  PetscReal density;            /* number density of the lattice start (metal: 0 = B2 at 3.23 A) */
  PetscReal T_melt, melt_time;  /* melting (metal: NPT) */
  PetscReal cooling_rate;       /* T per time unit from T_melt down to T (0: jump to T) */
  PetscReal pressure;           /* NPT target in the units' pressure (metal: bar) */
  PetscReal npt_time;           /* metal: NPT at T; the box is then fixed at the mean volume of its second half */
  PetscReal equil_time;         /* NVT at T */
  PetscReal prod_time;          /* NVE production */
  PetscInt  snapshot_every;     /* steps between frames */
  PetscInt  stress_every;       /* steps between observable rows */
  PetscReal min_msd;            /* production MSD below this is flagged (0: (V/N)^(2/3)) */
  PetscInt  series_steps;       /* every step of the first series_steps of production ... */
  PetscInt  series_atoms;       /* ... velocities and forces of the first series_atoms atoms (0: all) */
  PetscBool npt;                /* the model is prepared under NPT (metal presets) */
} InmProtocol;

/* The MD set-up of a model family, one table for every command (src/md/presets.c): the lattice
 * start (FCC with per_cell 4, or B2 with 2 atoms per cell), the default size, the temperatures
 * and density of `sample`, whether a density of 0 means the lattice's own, and the defaults of
 * the `prepare` protocol. */
typedef struct {
  InmPotentialFamily family;
  const char        *lattice;          /* "FCC" or "B2" */
  PetscInt           per_cell, natoms;
  PetscReal          T, T_melt, density;
  PetscBool          own_density;      /* density 0: the lattice's own (B2 at 3.23 A) */
  InmProtocol        protocol;
} InmMDPreset;
PETSC_EXTERN const InmMDPreset *InmMDPresetGet(InmPotential pot);
/* The n with per_cell n^3 = natoms, or on comm the error "WHAT N atoms is not f n^3 for the L
 * lattice start (nearest: a and b)" (what: "-sizes:", "-natoms", ...). */
PETSC_EXTERN PetscErrorCode InmMDPresetCells(MPI_Comm comm, const InmMDPreset *preset, const char what[], PetscInt natoms, PetscInt *n);

/* Defaults of the model's preset (ka/lj: LJ units; eam: metal units, Cu50Zr50), then
 * -dt, -density, -melt_temperature, -melt_time, -cooling_rate, -pressure, -npt_time,
 * -equilibration_time, -production_time, -snapshot_every, -stress_every, -min_msd. */
PETSC_EXTERN PetscErrorCode InmProtocolSetFromOptions(MPI_Comm comm, InmPotential pot, InmProtocol *p);

/* Results of one task's production, recorded in its trajectory and printed. */
typedef struct {
  PetscReal T_mean, T_err;      /* mean kinetic temperature of NVE and its standard error (block averages) */
  PetscReal drift;              /* total-energy drift per atom per time unit (least-squares slope) */
  PetscReal msd;                /* all-atom MSD at the end of production */
  PetscReal density;            /* number density of production */
  PetscBool msd_ok;             /* msd > min_msd */
  PetscLogDouble seconds[4];    /* wall time: melt + quench, NPT + NVT, production, writing */
} InmProductionInfo;

/* Run the whole protocol for (T, N, seed) in a fresh instance `lmp` and write the trajectory
 * `path` (on the instance's rank 0; collective over the instance's communicator). `stage`
 * prefixes the progress lines. `attrs` (may be NULL) are extra text attributes written under
 * /parameters/inmvisc as "name=value" strings. */
PETSC_EXTERN PetscErrorCode InmProtocolRun(InmLammps lmp, InmPotential pot, const InmProtocol *p, PetscReal T, PetscInt N, PetscInt seed, const char path[], const char stage[], PetscInt nattrs, const char *const attrs[], InmProductionInfo *info);

typedef struct _p_InmPrepare *InmPrepare;
PETSC_EXTERN PetscErrorCode InmPrepareCreate(MPI_Comm comm, InmPrepare *prep);
/* -model ..., -temperatures, -sizes, -samples, -seed, -groups, -output DIR, the protocol options. */
PETSC_EXTERN PetscErrorCode InmPrepareSetFromOptions(InmPrepare prep);
/* Split the groups, compute the identity, find the tasks already complete (resume). */
PETSC_EXTERN PetscErrorCode InmPrepareSetUp(InmPrepare prep);
/* Run the pending tasks (progress lines per task and stage), then write DIR/snapshots.txt,
 * the task list of every frame with its temperature, for `inmvisc modes -input_list`. */
PETSC_EXTERN PetscErrorCode InmPrepareRun(InmPrepare prep);
/* The table of tasks: T, N, sample, seed, mean T, drift, MSD check. */
PETSC_EXTERN PetscErrorCode InmPrepareView(InmPrepare prep);
PETSC_EXTERN PetscErrorCode InmPrepareDestroy(InmPrepare *prep);
