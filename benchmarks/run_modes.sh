#!/usr/bin/env bash
# Eigen-solver benchmark (SPEC §12; issue 3 item 7): every solver of `inmvisc modes` over
# system sizes and rank counts on KA liquids, with the reference a user would otherwise use
# (NumPy eigh, OpenBLAS dsyevd, plus P and Gamma, on the same dense D), in one run.
#   columns: code, solver, N, n = 3N, ranks, modes, solve_s (eigen-solve with P and Gamma, from
#   the [modes] line), wall_s (the whole command), peak_rss_mb (largest over the ranks)
# Writes benchmarks/results/modes.csv and modes.png (time against N, per solver and ranks).
# Usage: bash benchmarks/run_modes.sh [BUILD_DIR]   with, optionally,
#   NATOMS="500 1372 2916 4000" SOLVERS="lapack scalapack elpa1 elpa2 slepc slepc-ks" RANKS="1 2"
#   (slepc: the block slicing, the default method; slepc-ks: SLEPc's Krylov-Schur spectrum
#   slicing, -inm_unstable_method slepc-ks, with one partition per rank)
#   NUMPY=1 (0 to skip the reference), APPEND=1 (add rows to an existing modes.csv)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); build=${1:-$top/build}; out=$top/benchmarks/results
natoms=${NATOMS:-500 1372 2916 4000}; solvers=${SOLVERS:-lapack scalapack elpa1 elpa2 slepc slepc-ks}; ranks=${RANKS:-1 2}
csv=$out/modes.csv; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$out"
[ "${APPEND:-0}" = 1 ] && [ -f "$csv" ] || echo "code,solver,N,n,ranks,modes,solve_s,wall_s,peak_rss_mb" > "$csv"
for N in $natoms; do
  snap=$out/ka$N.h5 # KA liquid, T = 1, rho = 1.2 (made once, kept: the same matrix for every code)
  [ -f "$snap" ] || mpiexec -n 1 "$build/benchmarks/bench_hessian" -model ka -natoms "$N" -save "$snap" -repeat 1 > /dev/null
  for np in $ranks; do for s in $solvers; do
    [ "$s" = lapack ] && [ "$np" -gt 1 ] && continue # serial: the same run on more ranks says nothing
    solver=(-inm_solver "$s"); [ "$s" = slepc-ks ] && solver=(-inm_solver slepc -inm_unstable_method slepc-ks -inm_eps_krylovschur_partitions "$np")
    log=$tmp/log; t0=$(date +%s.%N)
    mpiexec -n "$np" /usr/bin/time -f "MAXRSS %M" "$build/inmvisc" modes -model ka -input "$snap" "${solver[@]}" -output "$tmp/m.h5" > "$log" 2>&1 || { echo "run_modes: $s N=$N ranks=$np failed:"; tail -3 "$log"; continue; }
    wall=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
    solve=$(sed -n 's/.*eigen-solve ([a-z0-9]*): \([0-9]*\) modes (\([0-9.]*\) s).*/\1,\2/p' "$log")
    rss=$(awk '/^MAXRSS/ {if ($2 > m) m = $2} END {printf "%.0f", m / 1024}' "$log")
    echo "inmvisc,$s,$N,$((3 * N)),$np,$solve,$wall,$rss" | tee -a "$csv"
    rm -f "$tmp/m.h5"
  done; done
  if [ "${NUMPY:-1}" = 1 ]; then
    /usr/bin/python3 - "$top/benchmarks" "$snap" "$N" <<'PY' | tee -a "$csv"
import resource, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
import hessian_numpy as h
x, t, L = h.load(sys.argv[2]); D, xi = h.build(x, t, L); A = D.toarray(); N = len(x)
t0 = time.perf_counter()
w, V = np.linalg.eigh(A)
P = 1 / (N * ((V.reshape(N, 3, -1) ** 2).sum(1) ** 2).sum(0))
G = (np.stack([xi[k] for k in ("xy", "xz", "yz", "bulk")]) @ V) ** 2
ts = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"numpy,eigh,{N},{3 * N},1,{3 * N},{ts:.2f},{ts:.2f},{rss:.0f}")
PY
  fi
done
/usr/bin/python3 - "$csv" "$out/modes.png" <<'PY'
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = list(csv.DictReader(open(sys.argv[1])))
series = {}
for r in rows:
    series.setdefault((r["code"], r["solver"], r["ranks"]), []).append((int(r["N"]), float(r["solve_s"])))
fig, ax = plt.subplots(figsize=(7, 5))
for (code, solver, ranks), pts in sorted(series.items()):
    pts.sort()
    ax.loglog(*zip(*pts), "o-" if code == "inmvisc" else "k--s", label=f"{code} {solver}, {ranks} rank(s)")
ax.set_xlabel("N (atoms; the matrix is 3N x 3N)")
ax.set_ylabel("eigen-solve with P and Gamma (s)")
ax.set_title("INM eigen-solvers, KA liquid T = 1, rho = 1.2 (slepc*: unstable branch only)")
ax.legend(fontsize=7)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=120)
print(f"run_modes: wrote {sys.argv[1]} and {sys.argv[2]}")
PY
