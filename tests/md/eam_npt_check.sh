#!/usr/bin/env bash
# CuZr (eam/fs, CuZr_mm.eam.fs), N = 432, T = 1500 K: the NPT (P = 0) density that `prepare`
# finds equals the one LAMMPS's own executable `lmp` finds for the same protocol within 1%.
# The protocol is the LAMMPS input `prepare` stored in the trajectory (/parameters/inmvisc/
# lammps_input), replayed by lmp up to the end of the NPT averaging run, where lmp prints
# its own mean volume:
#  - lmp on 1 rank, like `prepare` here: the same commands and seeds on the same decomposition
#    give the same volume to round-off (1e-12): the library drives LAMMPS exactly as a script;
#  - lmp on 2 ranks: another decomposition, whose round-off the dynamics amplifies (measured
#    4e-10 on the mean volume after these 10 ps); once decorrelated, the two means differ by
#    their statistical error: volume fluctuations of ~0.5% (N = 432 liquid metal) averaged
#    over 3 ps (a few correlation times) give ~0.3% on the difference; 1% is three of those.
set -u
bin=$1; py=$2; lmp=$3; mpiexec=$4; work=$5
. "$(dirname "$0")/../common/checklib.sh"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
"$bin" prepare -model eam -temperatures 1500 -sizes 432 -samples 1 -melt_time 3 -cooling_rate 400 -npt_time 6 \
  -equilibration_time 0.2 -production_time 0.2 -snapshot_every 100 -stress_every 10 -output cz > prepare.log 2>&1
check "prepare CuZr 1500 K" "[ $? -eq 0 ]"
f=cz/eam-fs_T1500_N432_s00.h5
$py - "$f" > replay.in <<'PYEOF'
import sys, h5py
g = h5py.File(sys.argv[1])["parameters/inmvisc"]
text = g["lammps_input"][()].decode()
head = text.split("# inmvisc: npt mean volume")[0]
sys.stdout.write(head + 'print "INM_VOLUME $(f_inm_vave:%.17g)"\n')
PYEOF
check "replayable input extracted" "grep -q 'fix inm_vave' replay.in"
"$mpiexec" -n 1 "$lmp" -in replay.in -log none -nocite > lmp1.out 2>&1
check "lmp (1 rank) ran the same protocol" "[ $? -eq 0 ] && grep -q '^INM_VOLUME' lmp1.out"
"$mpiexec" -n 2 "$lmp" -in replay.in -log none -nocite > lmp2.out 2>&1
check "lmp (2 ranks) ran the same protocol" "[ $? -eq 0 ] && grep -q '^INM_VOLUME' lmp2.out"
v1=$(grep '^INM_VOLUME' lmp1.out | awk '{print $2}')
v2=$(grep '^INM_VOLUME' lmp2.out | awk '{print $2}')
vi=$($py -c "import h5py; print(repr(h5py.File('$f')['parameters/inmvisc'].attrs['npt_mean_volume']))")
echo "mean NPT volume (A^3): inmvisc $vi, lmp 1 rank $v1, lmp 2 ranks $v2 (N = 432)"
check "NPT volume = lmp's on 1 rank to 1e-12" "$py -c \"import sys; a, b = $vi, $v1; sys.exit(not abs(a - b) / b < 1e-12)\""
check "NPT density within 1% of lmp's on 2 ranks" "$py -c \"import sys; a, b = $vi, $v2; print('relative difference %.2e' % (abs(a - b) / b)); sys.exit(not abs(a - b) / b < 0.01)\""
check "production box at the mean NPT volume" "$py -c \"
import h5py, numpy as np, sys
f = h5py.File('$f'); e = f['particles/all/box/edges/value'][0]
sys.exit(not abs(np.linalg.det(e) / f['parameters/inmvisc'].attrs['npt_mean_volume'] - 1) < 1e-12)\""
finish prepare.log lmp1.out lmp2.out
