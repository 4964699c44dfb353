#!/usr/bin/env bash
# A mobility edge without eigenvectors (issue 18): the typical density of states of S random
# atoms against the number of KPM moments M (bench_typical_edge.c: M_max and its halvings from one
# computation), on KA liquids (T = 1, rho = 1.2, made once by bench_hessian, kept in /tmp) of
# each N. The exponent s(omega) = d ln(rho_typ / rho_mean) / d ln M is 0 where the modes are
# extended and negative where they are localized; the edge omega_c is where s first falls
# below -1/2 coming from omega = 0 (linear between the two bins), the criterion of the
# participation ratio's finite-size scaling (d ln P / d ln N = -1/2) with M in place of N.
#   writes benchmarks/results/typical_edge.csv (every row) and typical_edge.png (the ratio per M
#   and s against omega, per N)
# Usage: bash benchmarks/run_typical_edge.sh [BUILD_DIR]   with, optionally,
#   NATOMS="4000 32000" SITES=64 MOMENTS=4096 LEVELS=4 NP=2 P_EDGE=9.55 (drawn for comparison:
#   the participation ratio's edge at T = 1, benchmarks/results/ka_paper), PLOT_ONLY=1 (redraw
#   from an existing typical_edge.csv)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); build=${1:-$top/build}; out=$top/benchmarks/results
natoms=${NATOMS:-4000 32000}; S=${SITES:-64}; M=${MOMENTS:-4096}; L=${LEVELS:-4}; np=${NP:-2}; pedge=${P_EDGE:-9.55}
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
csv=$out/typical_edge.csv
[ "${PLOT_ONLY:-0}" = 1 ] || { : > "$csv"; for N in $natoms; do
  snap=/tmp/inmvisc_ka$N.h5
  [ -f "$snap" ] || mpiexec -n 1 "$build/benchmarks/bench_hessian" -model ka -natoms "$N" -save "$snap" -repeat 1 > /dev/null
  mpiexec -n "$np" "$build/benchmarks/bench_typical_edge" -model ka -input "$snap" -sites "$S" -moments "$M" -levels "$L" -bins 24 | tee -a "$csv" | grep '^time'
done; }
/usr/bin/python3 - "$csv" "$out/typical_edge.png" "$pedge" <<'PY'
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = list(csv.reader(open(sys.argv[1]))); pedge = float(sys.argv[3])
Ns = sorted({int(r[1]) for r in rows if r[0] == "slope"})
fig, ax = plt.subplots(1, 2, figsize=(11, 4.5))
for N in Ns:
    sl = sorted((float(r[2]), float(r[3])) for r in rows if r[0] == "slope" and int(r[1]) == N)
    edge = None
    for (w0, s0), (w1, s1) in zip(reversed(sl[1:]), reversed(sl[:-1])):  # from omega near 0 downwards
        if s0 >= -0.5 > s1:
            edge = w0 + (w1 - w0) * (-0.5 - s0) / (s1 - s0); break
    print(f"run_typical_edge: N = {N}: |omega_c| = {-edge:.2f} from the typical density of states (s = -1/2); the participation ratio's edge {pedge}" if edge else f"run_typical_edge: N = {N}: s never falls below -1/2")
    ax[1].plot(*zip(*sl), "o-", label=f"N = {N}" + (f": |omega_c| = {-edge:.2f}" if edge else ""))
    for M in sorted({int(r[2]) for r in rows if r[0] == "typ" and int(r[1]) == N}):
        pts = sorted((float(r[3]), float(r[4])) for r in rows if r[0] == "typ" and int(r[1]) == N and int(r[2]) == M)
        ax[0].semilogy(*zip(*pts), "-" if N == Ns[-1] else ":", label=f"N = {N}, M = {M}")
for a in ax:
    a.axvline(-pedge, color="k", lw=0.8, ls="--")
    a.set_xlabel("omega (unstable side; lj units)")
ax[0].set_ylabel("rho_typ / rho_mean"); ax[0].legend(fontsize=6)
ax[1].axhline(-0.5, color="gray", lw=0.8)
ax[1].set_ylabel("s = d ln(rho_typ / rho_mean) / d ln M"); ax[1].legend(fontsize=7)
ax[1].set_ylim(-3, 1)
fig.suptitle(f"KA liquid, T = 1: typical density of states of random atoms against KPM moments (dashed: the participation ratio's edge {-pedge})", fontsize=9)
fig.tight_layout(); fig.savefig(sys.argv[2], dpi=120)
PY
