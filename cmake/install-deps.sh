#!/usr/bin/env bash
# Installs the Debian packages inmvisc builds and runs with, when they are missing.
# Idempotent: a machine that has them all does nothing (no apt-get call at all).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  openmpi-bin libopenmpi-dev
  petsc-dev slepc-dev            # PETSc/SLEPc 3.18, real scalars, with MUMPS and ScaLAPACK
  libelpa-dev                    # ELPA 2022.11
  libmumps-dev libmetis-dev      # MUMPS called directly, with a METIS ordering (PETSc's interface takes none for LDL^T)
  libscalapack-openmpi-dev
  libhdf5-openmpi-dev hdf5-tools # parallel HDF5 (MPI-IO) and h5dump for inspection
  liblammps-dev lammps-data      # LAMMPS as a library, and its potential files
  lammps                         # the lmp executable: tests replay inmvisc's LAMMPS input with it; benchmark reference
  libopenblas-dev liblapacke-dev
  libfftw3-dev libgsl-dev
  python3-numpy python3-scipy python3-h5py # benchmarks' reference implementations; the tests' HDF5 comparer
  python3-matplotlib             # benchmark plots
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
