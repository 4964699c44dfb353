# Finds every library inmvisc links, through pkg-config, and fails naming the Debian
# package that provides a missing one (cmake/install-deps.sh installs them all).
# Result: the interface target inm::deps.
find_package(PkgConfig REQUIRED)
find_package(MPI REQUIRED COMPONENTS C)

function(inm_require_pkg var module debian)
  pkg_check_modules(${var} QUIET IMPORTED_TARGET ${module})
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "inmvisc: pkg-config module '${module}' not found: install the Debian package '${debian}' (or run cmake/install-deps.sh)")
  endif()
  message(STATUS "inmvisc: ${module} ${${var}_VERSION}")
endfunction()

inm_require_pkg(PETSC  petsc              petsc-dev)
inm_require_pkg(SLEPC  slepc              slepc-dev)
inm_require_pkg(ELPA   elpa               libelpa-dev)
inm_require_pkg(SCALAPACK scalapack-openmpi libscalapack-openmpi-dev)
inm_require_pkg(HDF5   hdf5-openmpi       libhdf5-openmpi-dev)
inm_require_pkg(LAMMPS liblammps          liblammps-dev)
inm_require_pkg(FFTW   fftw3              libfftw3-dev)
inm_require_pkg(GSL    gsl                libgsl-dev)
inm_require_pkg(LAPACKE lapacke           liblapacke-dev)
inm_require_pkg(OPENBLAS openblas         libopenblas-dev)

if(PETSC_VERSION VERSION_LESS 3.18 OR PETSC_VERSION VERSION_GREATER_EQUAL 3.19)
  message(FATAL_ERROR "inmvisc: needs PETSc 3.18 (found ${PETSC_VERSION}): Debian 12 package petsc-dev")
endif()

# The potentials folder of lammps-data (EAM setfl files such as CuZr_mm.eam.fs).
find_path(INM_LAMMPS_POTENTIALS CuZr_mm.eam.fs PATHS /usr/share/lammps/potentials NO_DEFAULT_PATH)
if(NOT INM_LAMMPS_POTENTIALS)
  message(FATAL_ERROR "inmvisc: LAMMPS potential files not found: install the Debian package 'lammps-data'")
endif()

# MUMPS and METIS, called directly by the LDL^T of the block slicing (src/eigen/mumps_ldlt.c):
# Debian ships neither with a pkg-config module.
function(inm_require_lib var header lib debian)
  find_path(${var}_INCLUDE ${header})
  find_library(${var}_LIBRARY ${lib})
  if(NOT ${var}_INCLUDE OR NOT ${var}_LIBRARY)
    message(FATAL_ERROR "inmvisc: ${header} / lib${lib} not found: install the Debian package '${debian}' (or run cmake/install-deps.sh)")
  endif()
  message(STATUS "inmvisc: ${lib} ${${var}_LIBRARY}")
endfunction()
inm_require_lib(DMUMPS dmumps_c.h dmumps libmumps-dev)
inm_require_lib(METIS  metis.h    metis  libmetis-dev)

add_library(inm_deps INTERFACE)
add_library(inm::deps ALIAS inm_deps)
target_link_libraries(inm_deps INTERFACE
  PkgConfig::SLEPC PkgConfig::PETSC PkgConfig::ELPA PkgConfig::SCALAPACK PkgConfig::HDF5
  PkgConfig::LAMMPS PkgConfig::FFTW PkgConfig::GSL PkgConfig::LAPACKE PkgConfig::OPENBLAS ${DMUMPS_LIBRARY} ${METIS_LIBRARY} MPI::MPI_C m)
target_include_directories(inm_deps INTERFACE ${DMUMPS_INCLUDE} ${METIS_INCLUDE})
