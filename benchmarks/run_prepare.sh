#!/usr/bin/env bash
# MD production through the library (issue #4): time per atom-step of `inmvisc prepare`'s NVE
# production for a KA liquid of N = 4000 on 1 and 2 ranks, next to LAMMPS's own executable
# `lmp` running the same production commands (the LAMMPS input inmvisc stored in the
# trajectory, replayed to its end) in the same run. inmvisc's time includes what it adds to
# LAMMPS: reading the observables after each chunk, gathering and writing the frames.
# Writes benchmarks/results/prepare.csv. Usage: bash benchmarks/run_prepare.sh [BUILD_DIR] [N]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); build=${1:-$top/build}; N=${2:-4000}; out=$top/benchmarks/results
mkdir -p "$out"; csv=$out/prepare.csv; work=$(mktemp -d)
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
prod_time=10; dt=0.005; steps=$(awk -v t=$prod_time -v d=$dt 'BEGIN{printf "%d", t/d + 0.5}')
opts="prepare -model ka -temperatures 1.0 -sizes $N -samples 1 -melt_time 1 -cooling_rate 0 -equilibration_time 1 -production_time $prod_time -snapshot_every 500 -stress_every 5"
echo "code,model,natoms,ranks,steps,seconds,us_per_atom_step,ratio_to_lmp" > "$csv"
for np in 1 2; do
  mpiexec -n $np "$build/inmvisc" $opts -output "$work/r$np" > "$work/r$np.log"
  # production wall time: LAMMPS runs + observables ("produce") and frames + files ("write")
  t_inm=$(sed -n 's/.*produce \([0-9.]*\) s, write \([0-9.]*\) s.*/\1 \2/p' "$work/r$np.log" | awk '{print $1 + $2}')
  /usr/bin/python3 - "$work/r$np/ka_T1_N${N}_s00.h5" > "$work/replay.in" <<'PYEOF'
import sys, h5py
text = h5py.File(sys.argv[1])["parameters/inmvisc/lammps_input"][()].decode()
sys.stdout.write(text)
PYEOF
  mpiexec -n $np lmp -in "$work/replay.in" -log "$work/lmp$np.log" -screen none -nocite
  # lmp's loop times of the production runs (every run after the production marker)
  t_lmp=$(awk '/# inmvisc: NVE production/ {p = 1} p && /^Loop time of/ {s += $4} END {print s}' "$work/lmp$np.log")
  awk -v np=$np -v N=$N -v st=$steps -v a=$t_inm -v b=$t_lmp 'BEGIN {
    printf("inmvisc,ka,%d,%d,%d,%.3f,%.4f,%.3f\n", N, np, st, a, 1e6 * a / (N * st), a / b);
    printf("lmp,ka,%d,%d,%d,%.3f,%.4f,1\n", N, np, st, b, 1e6 * b / (N * st)) }' >> "$csv"
done
rm -rf "$work"
cat "$csv"
awk -F, 'NR>1 && $1=="inmvisc" {printf("%s rank(s): inmvisc %.3f us/atom-step, overhead over lmp %.1f%%\n", $4, $7, 100 * ($8 - 1))}' "$csv"
