/* inmvisc/md.h — LAMMPS as a library, in-process (SPEC §7).
 *
 * One LAMMPS instance per rank group, opened on the group's communicator through the
 * C API (library.h with LAMMPS_LIB_MPI). The project writes LAMMPS commands; it never
 * integrates equations of motion itself. A LAMMPS error becomes a PETSc error whose
 * message is LAMMPS's own, printed once.
 */
#pragma once
#include <inmvisc/potential.h>

typedef struct _p_InmLammps *InmLammps;

/* Open LAMMPS on comm (log and screen off unless -lammps_screen). */
PETSC_EXTERN PetscErrorCode InmLammpsOpen(MPI_Comm comm, InmLammps *lmp);
/* -lammps_screen (LAMMPS's screen output on stdout), -lammps_keep_log (its log file kept),
 * read on comm (either pointer may be NULL); InmLammpsOpen reads them, and every command
 * that runs LAMMPS lists them under -help. */
PETSC_EXTERN PetscErrorCode InmLammpsOptions(MPI_Comm comm, PetscBool *screen, PetscBool *keeplog);
PETSC_EXTERN PetscErrorCode InmLammpsClose(InmLammps *lmp);
/* Run one command (printf-style) or several newline-separated ones. */
PETSC_EXTERN PetscErrorCode InmLammpsCommand(InmLammps lmp, const char fmt[], ...) PETSC_ATTRIBUTE_FORMAT(2, 3);
PETSC_EXTERN PetscErrorCode InmLammpsCommands(InmLammps lmp, const char block[]);
/* Every command run so far, one per line (the instance's LAMMPS input; owned by lmp). */
PETSC_EXTERN PetscErrorCode InmLammpsHistory(InmLammps lmp, const char **text);
/* Define the interaction of `pot` (units, pair_style, pair_coeff, masses) in a LAMMPS
 * instance whose box already exists. */
PETSC_EXTERN PetscErrorCode InmLammpsSetPotential(InmLammps lmp, InmPotential pot);
/* Collective: the current configuration (ids, types, masses, wrapped x, v, f, image flags,
 * box, step, time, units), replicated on every rank of the instance's communicator. */
PETSC_EXTERN PetscErrorCode InmLammpsGetConfig(InmLammps lmp, InmConfig **cfg);
/* A fresh instance holding configuration cfg (box, ids, types, x, v, image flags) with the
 * interaction of `pot`; the inverse of InmLammpsGetConfig. */
PETSC_EXTERN PetscErrorCode InmLammpsSetConfig(InmLammps lmp, InmPotential pot, const InmConfig *cfg);
/* A thermo keyword's value (pxy, temp, pe, ...) after a run. */
PETSC_EXTERN PetscErrorCode InmLammpsThermo(InmLammps lmp, const char keyword[], PetscReal *value);
/* Element (row, col) of a fix's global array (LAMMPS's fix vector with several values). */
PETSC_EXTERN PetscErrorCode InmLammpsFixVectorValue(InmLammps lmp, const char fix[], PetscInt row, PetscInt col, PetscReal *value);
/* Collective: potential energy, forces [3N] in id order, and pair virial (xx,yy,zz,xy,xz,yz)
 * in energy units (LAMMPS's own numbers, after "run 0"). */
PETSC_EXTERN PetscErrorCode InmLammpsEnergyForcesVirial(InmLammps lmp, PetscReal *pe, PetscReal *f, PetscReal virial[6]);
/* Make a small equilibrated-ish liquid for tests and the demo: model "ka" (fcc lattice at
 * `density`, 80:20) or "eam" (B2 lattice for a binary setfl, NPT-free NVT at `density` in
 * atoms/A^3, or 0 for the lattice's own), melted at T_melt for `steps`, then `steps` at T. */
PETSC_EXTERN PetscErrorCode InmLammpsQuickLiquid(InmLammps lmp, InmPotential pot, PetscInt natoms, PetscReal density, PetscReal T_melt, PetscReal T, PetscInt steps, PetscInt seed);
