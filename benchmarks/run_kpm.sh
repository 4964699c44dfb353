#!/usr/bin/env bash
# KPM benchmark (issue 18): Eq. (1)'s class sums and f_u of one KA liquid by the kernel
# polynomial method (bench_kpm.c: Chebyshev moments of the Xi~ measures and of the density of
# states, without and with the eigenpairs near each class boundary), against the exact sums of
# NumPy eigh of the same D (hessian_numpy.py), in one run; ratios of the times.
#   writes benchmarks/results/kpm.csv (every row of both codes) and kpm.md (the comparison)
# Usage: bash benchmarks/run_kpm.sh SNAPSHOT [BUILD_DIR]   with, optionally,
#   RANKS="1 2" MOMENTS=8192 OMEGA_C=10.6 OMEGA_MIN=3.8 (the classes' edges, given)
#   APPEND=1 (add to an existing kpm.csv; RANKS="" then adds only the NumPy reference)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); snap=$1; build=${2:-$top/build}; out=$top/benchmarks/results
ranks=${RANKS-1 2}; M=${MOMENTS:-8192}; wc=${OMEGA_C:-10.6}; wmin=${OMEGA_MIN:-3.8}
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$out"; csv=$out/kpm.csv
[ "${APPEND:-0}" = 1 ] && [ -f "$csv" ] || echo "code,what,N,ranks,value,error,seconds" > "$csv"
for np in $ranks; do
  mpiexec -n "$np" "$build/benchmarks/bench_kpm" -model ka -input "$snap" -kpm_moments "$M" -omega_c "$wc" -omega_min "$wmin" -unstable | grep '^kpm,' | tee -a "$csv"
done
/usr/bin/python3 - "$top/benchmarks" "$snap" "$wc" "$wmin" <<'PY' | tee -a "$csv"
import sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
import hessian_numpy as h
x, t, L = h.load(sys.argv[2]); wc, wmin = float(sys.argv[3]), float(sys.argv[4])
D, xi = h.build(x, t, L); A = D.toarray(); N = len(x)
t0 = time.perf_counter()
w, V = np.linalg.eigh(A)
G = ((np.stack([xi[k] for k in ("xy", "xz", "yz")]) @ V) ** 2).mean(0)
ts = time.perf_counter() - t0
print(f"numpy,eigh,{N},1,{3 * N},0,{ts:.3f}")
zero = 1e-9 * np.abs(w).max()
print(f"numpy,f_u,{N},1,{np.sum(w < -zero) / (3 * N - 3):.12g},0,0")
cls = {"ULINM": w < -wc**2, "UDINM": (w >= -wc**2) & (w < -wmin**2), "unstable": w < -wmin**2, "stable": w >= wmin**2}
for c, sel in cls.items():
    print(f"numpy,S_{c},{N},1,{np.sum(G[sel] / w[sel] ** 2):.12g},0,0")
PY
/usr/bin/python3 - "$csv" "$out/kpm.md" "$M" "$wc" "$wmin" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
M, wc, wmin = sys.argv[3:6]
ref = {r["what"]: float(r["value"]) for r in rows if r["code"] == "numpy"}
teigh = float(next(r["seconds"] for r in rows if r["what"] == "eigh"))
N = rows[0]["N"]
lines = [f"# KPM against NumPy eigh: KA, N = {N}, {M} moments per channel, omega_c = {wc}, omega_min = {wmin}", "",
         f"NumPy eigh with Gamma: {teigh:.1f} s (1 process, OpenBLAS threads as set). Produced by `bash benchmarks/run_kpm.sh`.", "",
         "| ranks | class | exact | KPM | error | KPM + windows | error |", "|---|---|---|---|---|---|---|"]
for np_ in sorted({r["ranks"] for r in rows if r["code"] == "kpm"}):
    k = {r["what"]: r for r in rows if r["code"] == "kpm" and r["ranks"] == np_}
    for c in ("ULINM", "UDINM", "unstable", "stable"):
        ex, a, b = ref["S_" + c], float(k[f"S_{c}_kpm"]["value"]), float(k[f"S_{c}_windows"]["value"])
        lines.append(f"| {np_} | {c} | {ex:.6g} | {a:.6g} ± {float(k[f'S_{c}_kpm']['error']):.2g} | {abs(a / ex - 1):.2e} | {b:.6g} ± {float(k[f'S_{c}_windows']['error']):.2g} | {abs(b / ex - 1):.2e} |")
    fu = float(k["f_u"]["value"]); fe = float(k["f_u"]["error"])
    tk = sum(float(k[s]["seconds"]) for s in ("assembly", "bounds_lo", "shear_moments", "kpm_sums"))
    tw = tk + sum(float(k[s]["seconds"]) for s in ("window_solves", "window_sums"))
    tf = float(k["f_u"]["seconds"]); tu = float(k["unstable_branch"]["seconds"])
    lines += ["", f"{np_} rank(s): f_u {fu:.5f} ± {fe:.5f} (exact {ref['f_u']:.5f}); times / eigh: KPM sums {tk:.2f} s = {tk / teigh:.4f}, with the windows ({int(float(k['window_solves']['value']))} eigenpairs) {tw:.1f} s = {tw / teigh:.3f}, density of states {tf:.2f} s = {tf / teigh:.4f}, whole unstable branch by the block slicing {tu:.1f} s = {tu / teigh:.3f}; Figs. 1-3 (unstable branch + moments + density of states) {tu + tk + tf:.1f} s = {(tu + tk + tf) / teigh:.3f}", ""]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
