/* The LAMMPS instance behind InmLammps (private to src/md). */
#pragma once
#define _POSIX_C_SOURCE 200809L /* strtok_r, getpid */
#include <inmvisc/md.h>

struct _p_InmLammps {
  void       *handle;
  MPI_Comm    comm;
  PetscMPIInt rank;
  PetscBool   keeplog;
  char        logpath[PETSC_MAX_PATH_LEN];
  char        lastcmd[1024];
};
