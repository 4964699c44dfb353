/* inmvisc info: the version of every library linked and the solvers compiled in. */
#include "commands.h"
#include <slepcversion.h>
#include <elpa/elpa_version.h>
#include <hdf5.h>
#include <fftw3.h>
#include <gsl/gsl_version.h>
#include <lammps/library.h>

extern char *openblas_get_config(void);

PetscErrorCode InmCmdInfo(MPI_Comm comm)
{
  char        petsc[256], mpi[MPI_MAX_LIBRARY_VERSION_STRING];
  int         mpilen;
  unsigned    h5[3];
  void       *lmp;
  int         lmpversion;
  const char *args[] = {"inmvisc", "-log", "none", "-screen", "none", "-nocite"};
  const char *pkgs[] = {"MANYBODY", "EXTRA-PAIR", "MOLECULE", "KSPACE"};

  PetscFunctionBegin;
  PetscCall(PetscGetVersion(petsc, sizeof(petsc)));
  PetscCallMPI(MPI_Get_library_version(mpi, &mpilen));
  for (int k = 0; k < mpilen; k++)
    if (mpi[k] == '\n' || mpi[k] == ',') {
      mpi[k] = '\0';
      break;
    }
  PetscCall(H5get_libversion(&h5[0], &h5[1], &h5[2]) < 0 ? PETSC_ERR_LIB : 0);
  lmp        = lammps_open(6, (char **)args, PETSC_COMM_SELF, NULL);
  lmpversion = lmp ? lammps_version(lmp) : 0;

  PetscCall(PetscPrintf(comm, "inmvisc %s\n", INMVISC_VERSION));
  PetscCall(PetscPrintf(comm, "  PETSc      %s (real, %d-byte PetscInt; MUMPS %s, ScaLAPACK %s)\n", petsc, (int)sizeof(PetscInt),
#if defined(PETSC_HAVE_MUMPS)
                        "yes",
#else
                        "no",
#endif
#if defined(PETSC_HAVE_SCALAPACK)
                        "yes"
#else
                        "no"
#endif
                        ));
  PetscCall(PetscPrintf(comm, "  SLEPc      %d.%d.%d\n", SLEPC_VERSION_MAJOR, SLEPC_VERSION_MINOR, SLEPC_VERSION_SUBMINOR));
  PetscCall(PetscPrintf(comm, "  ELPA       API %d (built against ELPA %s)\n", ELPA_API_VERSION, INM_ELPA_VERSION));
  PetscCall(PetscPrintf(comm, "  ScaLAPACK  %s\n", INM_SCALAPACK_VERSION));
  PetscCall(PetscPrintf(comm, "  HDF5       %u.%u.%u (parallel: %s)\n", h5[0], h5[1], h5[2],
#if defined(H5_HAVE_PARALLEL)
                        "yes"
#else
                        "no"
#endif
                        ));
  PetscCall(PetscPrintf(comm, "  LAMMPS     %d (library; exceptions %s;", lmpversion, lammps_config_has_exceptions() ? "yes" : "no"));
  for (size_t k = 0; k < sizeof(pkgs) / sizeof(pkgs[0]); k++) PetscCall(PetscPrintf(comm, " %s %s", pkgs[k], lammps_config_has_package(pkgs[k]) ? "yes" : "no"));
  PetscCall(PetscPrintf(comm, ")\n"));
  PetscCall(PetscPrintf(comm, "  FFTW       %s\n", fftw_version));
  PetscCall(PetscPrintf(comm, "  GSL        %s\n", gsl_version));
  PetscCall(PetscPrintf(comm, "  OpenBLAS   %s; %s\n", openblas_get_config(), INM_BLAS_THREADS ? "threads per rank set by inmvisc" : "threads from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS"));
  if (INM_BLAS_THREADS) PetscCall(PetscPrintf(comm, "             %" PetscInt_FMT " BLAS thread(s) on rank 0 (the cores it may run on, shared with the node's other ranks when unbound)\n", INM_BLAS_THREADS));
  PetscCall(PetscPrintf(comm, "  MPI        %s\n", mpi));
  PetscCall(PetscPrintf(comm, "  LAMMPS potentials: %s\n", INM_LAMMPS_POTENTIALS));
  PetscCall(PetscPrintf(comm, "eigen-solvers (-inm_solver): lapack (serial dsyevd/dsyevr), scalapack (pdsyevd/pdsyevr), elpa1, elpa2 (= elpa) — full spectrum on a block-cyclic layout; slicing (= slepc; unstable branch: block shift-and-invert Lanczos slicing over rank groups, MUMPS LDL^T with a METIS ordering; or SLEPc Krylov-Schur slicing; inertias count every gap); kpm (no modes: Chebyshev moments of the Xi~ measures and the density of states, Jackson kernel; also beside lapack or slicing with -inm_kpm_moments)\n"));
  PetscCall(PetscPrintf(comm, "default eigen-solver: " INM_MODES_DEFAULT_SOLVER ", the faster of ELPA's two on this build, " INM_DENSE_DEFAULT_WHY "\n"));
  PetscCall(PetscPrintf(comm, "potentials (-model): ka (shift|smooth), lj, eam (eam/fs, eam/alloy setfl), cuzr\n"));
  if (lmp) lammps_close(lmp);
  PetscFunctionReturn(0);
}
