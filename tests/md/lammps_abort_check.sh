#!/usr/bin/env bash
# A LAMMPS error->one (MPI_Abort: a neighbour-list overflow at density 50) on 1 and 2 ranks:
# exactly one "inmvisc: error:" line carrying LAMMPS's message (or, when only a rank other than
# LAMMPS's rank 0 stops, that rank and the command), no output, and no LAMMPS log left behind.
# Then -lammps_screen prints LAMMPS's screen output on stdout and creates no file ./stdout.
set -u
bin=$1; mpiexec=$2; expect=$3; work=$4
. "$(dirname "$0")/../common/checklib.sh"
rm -rf "$work"; mkdir -p "$work/tmp"; cd "$work" || exit 1
export TMPDIR=$work/tmp
for np in 1 2; do
  out=$("$expect" "LAMMPS: ERROR on proc [0-9]+: Neighbor list overflow.*last command: run|LAMMPS stopped on rank [0-9]+ of its group in .run" dense_$np.data -- "$mpiexec" -n $np "$bin" sample -model ka -natoms 256 -density 50 -steps 200 -output dense_$np.data 2>&1)
  check "LAMMPS abort on $np rank(s): one line" "printf '%s\\n' \"\$out\" | grep -q '^1 passed'" || printf '%s\n' "$out"
  check "LAMMPS abort on $np rank(s): no log left in TMPDIR" "[ -z \"\$(ls tmp)\" ]"
done
"$mpiexec" -n 1 "$bin" sample -model ka -natoms 256 -steps 50 -lammps_screen -output screen.data > screen.log 2>&1
check "-lammps_screen: LAMMPS's output on stdout, no file ./stdout" "grep -q '^LAMMPS (' screen.log && [ ! -e stdout ] && [ -s screen.data ]"
finish
