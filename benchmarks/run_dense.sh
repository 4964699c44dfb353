#!/usr/bin/env bash
# Full-spectrum solvers on the 4000-atom KA liquid of run_hessian.sh (n = 12000), in one run:
# inmvisc modes with scalapack / elpa1 / elpa2 on NP ranks (wall time of the eigen-solve with
# P and Gamma, from the [modes] line), and NumPy eigh (OpenBLAS dsyevd) on the same dense D.
# Writes benchmarks/results/dense.csv. Usage: bash benchmarks/run_dense.sh [BUILD_DIR] [NP]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); build=${1:-$top/build}; np=${2:-2}; out=$top/benchmarks/results
snap=$out/ka4000.h5; csv=$out/dense.csv
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
[ -f "$snap" ] || mpiexec -n 1 "$build/benchmarks/bench_hessian" -model ka -natoms 4000 -save "$snap" -repeat 1 > /dev/null
echo "code,solver,n,ranks,seconds" > "$csv"
for s in ${SOLVERS:-elpa1 scalapack elpa2}; do
  t=$(mpiexec -n "$np" "$build/inmvisc" modes -model ka -input "$snap" -inm_solver "$s" -output "$out/dense_$s.h5" | sed -n 's/.*eigen-solve ([a-z0-9]*): [0-9]* modes (\([0-9.]*\) s).*/\1/p')
  echo "inmvisc,$s,12000,$np,$t" | tee -a "$csv"
  rm -f "$out/dense_$s.h5"
done
/usr/bin/python3 -c "
import sys, time, numpy as np
sys.path.insert(0, '$top/benchmarks')
import hessian_numpy as h
x, t, L = h.load('$snap'); D, xi = h.build(x, t, L); A = D.toarray()
t0 = time.perf_counter(); w, V = np.linalg.eigh(A); P = 1 / (len(x) * ((V.reshape(len(x), 3, -1)**2).sum(1)**2).sum(0)); G = (np.stack([xi[k] for k in ('xy','xz','yz','bulk')]) @ V)**2
print(f'numpy,eigh,12000,1,{time.perf_counter() - t0:.2f}')
" | tee -a "$csv"
