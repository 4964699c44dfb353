/* The LAMMPS instance behind InmLammps (private to src/md). */
#pragma once
#define _POSIX_C_SOURCE 200809L /* strtok_r, getpid */
#include <inmvisc/md.h>
#include <inmvisc/prepare.h>

struct _p_InmLammps {
  void       *handle;
  MPI_Comm    comm;
  PetscMPIInt rank;
  PetscBool   keeplog;
  char        logpath[PETSC_MAX_PATH_LEN];
  FILE       *logread;  /* rank 0: our own handle on LAMMPS's log, whose name is unlinked at once */
  char        lastcmd[1024];
  char       *history; /* every command run, one per line: the LAMMPS input of this instance */
  size_t      hlen, hcap;
};

/* Lattice starts shared by the quick liquid and the `prepare` protocols (lattice_start.c):
 * units, atom style, box and atoms; the potential is set and masses defined. */
PETSC_INTERN PetscErrorCode InmLammpsLatticeStart(InmLammps lmp, InmPotential pot, PetscInt natoms, PetscReal density, PetscInt seed);

/* The stages of InmProtocolRun (protocol.c): lattice start, melt and quench; then NPT at T with
 * the box fixed at the mean volume (*volume, 0 without NPT) and NVT at T. */
PETSC_INTERN PetscErrorCode InmProtocolMeltQuench(InmLammps lmp, InmPotential pot, const InmProtocol *p, PetscReal T, PetscInt N, PetscInt seed);
PETSC_INTERN PetscErrorCode InmProtocolEquilibrate(InmLammps lmp, const InmProtocol *p, PetscReal T, PetscReal *volume);
