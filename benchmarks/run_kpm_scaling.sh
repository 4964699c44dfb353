#!/usr/bin/env bash
# Strong scaling of the KPM sparse products (issue 18): one snapshot's D on every count of RANKS
# (default "1 2"; written for clusters: RANKS="16 32 64 128 256" LAUNCH="srun -n" with a
# 10^6-atom SNAPSHOT from run_kpm_million.sh), bench_kpm without the window solves: the moments
# of the three shear channels (M / 2 products of D with the three as one block) and of the
# density of states (R random vectors in blocks of 12, Md / 2 products each): D is PETSc
# MPIBAIJ, rows by atom, and a block product (src/eigen/block_product.c) scatters the ghost
# atoms' rows of all the block's vectors at once.
#   writes benchmarks/results/kpm_scaling.csv: ranks, stage, seconds, speed-up over the first count
# Usage: bash benchmarks/run_kpm_scaling.sh SNAPSHOT [BUILD_DIR]   with, optionally,
#   RANKS="1 2" LAUNCH="mpiexec -n" MOMENTS=2048
set -euo pipefail
snap=$1; build=$(cd "${2:-build}" && pwd); here=$(cd "$(dirname "$0")" && pwd)
ranks=${RANKS:-"1 2"}; launch=${LAUNCH:-"mpiexec -n"}; M=${MOMENTS:-2048}
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
csv=$here/results/kpm_scaling.csv
echo "ranks,stage,seconds,speedup" > "$csv"
declare -A t1 # each stage's time on the first rank count
for np in $ranks; do
  # shellcheck disable=SC2086
  out=$($launch "$np" "$build/benchmarks/bench_kpm" -model ka -input "$snap" -kpm_moments "$M" -windows 0)
  for st in assembly shear_moments f_u; do
    t=$(echo "$out" | awk -F, -v s="$st" '$2 == s {print $7}')
    t1[$st]=${t1[$st]:-$t}
    awk -v np="$np" -v s="$st" -v t="$t" -v r="${t1[$st]}" 'BEGIN {printf "%d,%s,%.3f,%.2f\n", np, s, t, (t > 0 ? r / t : 0)}' | tee -a "$csv"
  done
done
