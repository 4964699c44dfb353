#!/usr/bin/env bash
# KPM moments of several vectors per product (src/eigen/block_product.c) against one vector per
# PETSc MatMult, in one run (bench_kpm's rows shear_moments_one_by_one / shear_moments: the three
# shear channels, 1024 moments; dos_moments_one_by_one / f_u: 24 random vectors x 256 moments in
# blocks of -kpm_block 12), on a KA liquid of N atoms (T = 1, rho = 1.2, made once by
# bench_hessian and kept in /tmp), on 1 and 2 ranks. The moments agree to the bit (the
# shear_moments row's error column: the largest change of a moment / mu_0).
#   writes benchmarks/results/kpm_block.csv
# Usage: bash benchmarks/run_kpm_block.sh [BUILD_DIR]   with, optionally, NATOMS=32000 RANKS="1 2"
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd); build=${1:-$top/build}; out=$top/benchmarks/results
N=${NATOMS:-32000}; ranks=${RANKS:-1 2}; snap=/tmp/inmvisc_ka$N.h5
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
[ -f "$snap" ] || mpiexec -n 1 "$build/benchmarks/bench_hessian" -model ka -natoms "$N" -save "$snap" -repeat 1 > /dev/null
{ echo "code,what,N,ranks,value,error,seconds"
  for np in $ranks; do
    mpiexec -n "$np" "$build/benchmarks/bench_kpm" -model ka -input "$snap" -kpm_moments 1024 -kpm_dos_moments 256 -kpm_vectors 24 -kpm_block 12 -omega_c 10.6 -omega_min 3.8 -windows 0 | grep -E "^kpm,(assembly|shear_moments|dos_moments|f_u)"
  done; } | tee "$out/kpm_block.csv"
awk -F, '/one_by_one/ {t[$4, $2] = $7} /shear_moments,|f_u,/ {b[$4, $2] = $7} END {for (k in t) {split(k, a, SUBSEP); w = a[2] ~ /shear/ ? "shear_moments" : "f_u"; printf "run_kpm_block: %s rank(s), %s: one vector a product %.2f s, blocks %.2f s (%.1fx)\n", a[1], a[2], t[k], b[a[1], w], t[k] / b[a[1], w]}}' "$out/kpm_block.csv"
