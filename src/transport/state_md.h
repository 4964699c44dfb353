/* LAMMPS runs at one state point from a stored configuration (private to src/transport):
 * the bulk modulus and shear MD share the start and the sampled average. */
#pragma once
#include <inmvisc/transport.h>
#include <inmvisc/md.h>

/* A LAMMPS instance on comm with configuration c and the model pot, time step o->dt, no
 * thermo output; the commands of `setup` (may be NULL: e.g. a box change) run next, then
 * velocities at T from o->seed if c has none. */
PETSC_INTERN PetscErrorCode InmStateMDOpen(MPI_Comm comm, InmPotential pot, const InmConfig *c, PetscReal T, const InmBulkOptions *o, const char setup[], InmLammps *lmp);
/* With the ensemble's fixes in place: o->equil steps, then the mean of the LAMMPS value
 * `value` (e.g. c_thermo_press) sampled every 10 steps over o->measure steps, with the error
 * of 10 block means; `what` names the quantity in messages. */
PETSC_INTERN PetscErrorCode InmStateMDMean(InmLammps lmp, const InmBulkOptions *o, const char value[], const char what[], PetscReal *mean, PetscReal *err);
/* The same for n LAMMPS values sampled together (mean[n], err[n]); the sampling fix is removed
 * afterwards, so one instance can measure at several state points in turn. */
PETSC_INTERN PetscErrorCode InmStateMDMeans(InmLammps lmp, const InmBulkOptions *o, PetscInt n, const char *const values[], const char what[], PetscReal mean[], PetscReal err[]);
