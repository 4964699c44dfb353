#!/usr/bin/env bash
# Hessian + Xi assembly benchmark (issue #2): inmvisc on 1 and 2 ranks and the NumPy/SciPy
# reference on the same 4000-atom KA liquid, in one run. Writes benchmarks/results/hessian.csv.
# Usage: bash benchmarks/run_hessian.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); build=${1:-$top/build}; out=$top/benchmarks/results
mkdir -p "$out"; csv=$out/hessian.csv; snap=$out/ka4000.h5
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
echo "code,model,natoms,ranks,setup_s,rows_s,assembly_s,total_s" > "$csv"
mpiexec -n 1 "$build/benchmarks/bench_hessian" -model ka -natoms 4000 -save "$snap" -repeat 1 > /dev/null
for np in 1 2; do mpiexec -n $np "$build/benchmarks/bench_hessian" -model ka -input "$snap" -repeat 5 -csv "$csv"; done
/usr/bin/python3 "$top/benchmarks/hessian_numpy.py" "$snap" 3 >> "$csv"
cat "$csv"
awk -F, 'NR>1 && $1=="inmvisc" {t[$4]=$8} NR>1 && $1=="numpy" {ref=$8}
  END {for (r in t) printf("speed-up over numpy/scipy on %s rank(s): %.1fx (%.4f s vs %.4f s)\n", r, ref/t[r], t[r], ref)}' "$csv"
