#!/usr/bin/env bash
# A million atoms through the front door (issue 18): a KA liquid of N = 4 x 63^3 = 1,000,188
# atoms at T = 1 (rho = 1.2) made by `inmvisc sample` (FCC start, melted at T = 3 for STEPS
# steps, then STEPS steps at T = 1, Nose-Hoover; dt = 0.005), then `modes -inm_solver kpm` (no
# eigenvector: the Chebyshev moments of the three shear channels' Xi~ measures and of the
# density of states) as a one-task campaign on the configuration distributed by space (auto
# from 1e5 atoms; DISTRIBUTE=no for the replicated one in the file's order), and `viscosity` for Eq. (1) per class with the
# inputs of the smaller KA systems (vtilde(0) = 84.8 = k_BT/D at T = 1, omega_c = 10.6 from the
# finite-size scaling, and omega_min = 3.8 of N = 4000: this box's own omega_min, 2 pi v_s / L
# ~ 0.5, lies far below the KPM resolution near lambda = 0 at these moments).
#   writes benchmarks/results/kpm_million.log (every line) and kpm_million.csv (stage, wall
#   seconds, peak RSS of the largest rank and of the node in GiB)
# Usage: bash benchmarks/run_kpm_million.sh [BUILD_DIR]   with, optionally, NP=2 STEPS=1000
#   MOMENTS=1024 VECTORS=2 WORK=benchmarks/results (the 1e6-atom snapshot, ~100 MB, is kept
#   there and reused). Two random vectors suffice at this size: one vector's count of the
#   ~4e5 unstable modes scatters by ~sqrt(2 x 4e5) ~ 900, 3e-4 of f_u.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); build=${1:-$top/build}; out=$top/benchmarks/results
distribute=${DISTRIBUTE:-auto}; np=${NP:-2}; steps=${STEPS:-1000}; M=${MOMENTS:-1024}; R=${VECTORS:-2}; work=${WORK:-$out}
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$out" "$work"; log=$out/kpm_million.log; csv=$out/kpm_million.csv
snap=$work/ka_million_T1.h5
if [ -f "$csv" ] && [ -f "$snap" ]; then sed -i '/^modes_kpm,\|^viscosity,/d' "$csv" # the snapshot's row stays with it, the others are this run's
else : > "$log"; echo "stage,ranks,wall_s,peak_rss_rank_gib,peak_rss_node_gib" > "$csv"; fi
stage() { # name, command...: wall time and peak RSS of every rank (/usr/bin/time per rank)
  local name=$1; shift; local t0; t0=$(date +%s.%N); local tmp; tmp=$(mktemp)
  mpiexec -n "$np" /usr/bin/time -f "MAXRSS %M"  "$@" > "$tmp" 2>&1 || { cat "$tmp" >> "$log"; echo "run_kpm_million: $name failed"; tail -3 "$tmp"; exit 1; }
  local t1; t1=$(date +%s.%N); cat "$tmp" >> "$log"
  awk -v n="$name" -v np="$np" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" '/RSS [0-9]+$/ {if ($NF > m) m = $NF; s += $NF} END {printf "%s,%d,%.1f,%.2f,%.2f\n", n, np, w, m / 1048576, s / 1048576}' "$tmp" | tee -a "$csv"
  rm -f "$tmp"
}
[ -f "$snap" ] || stage sample "$build/inmvisc" sample -model ka -natoms 1000188 -temperature 1.0 -melt_temperature 3.0 -steps "$steps" -seed 7 -output "$snap"
echo "$snap - 1.0" > "$work/ka_million_tasks.txt"
rm -rf "$work/ka_million_modes.h5" "$work/ka_million_modes.h5.tasks"
stage modes_kpm "$build/inmvisc" modes -model ka -input_list "$work/ka_million_tasks.txt" -groups 1 -inm_solver kpm -inm_kpm_moments "$M" -inm_kpm_vectors "$R" -config_distribute "$distribute" -output "$work/ka_million_modes.h5"
stage viscosity "$build/inmvisc" viscosity -modes "$work/ka_million_modes.h5" -vtilde0 84.8 -omega_c 10.6 -omega_min 3.8 -output "$work/ka_million_visc.h5"
grep -E "^\[modes\]|f_s|^ +1 |Eq\. \(1\)|omega_c =" "$log" | tail -20
