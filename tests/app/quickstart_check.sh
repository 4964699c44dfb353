#!/usr/bin/env bash
# The README's main job end to end (jobs/quickstart.sbatch on 2 ranks): LAMMPS makes a KA
# liquid, modes computes its 3N modes. Passes when it exits 0, the table shows exactly three
# zero modes and a fraction of unstable modes in the range known for KA at T = 1, rho = 1.2
# (0.05-0.25), and the modes file holds the per-mode datasets with 3N = 1500 entries.
set -u
bin=$1; out=$2
rm -rf "$out"
log=$(INMVISC="$bin" OUT="$out" NP=2 bash "$(dirname "$0")/../../jobs/quickstart.sbatch" 2>&1); rc=$?
printf '%s\n' "$log"
fail=0
[ $rc -eq 0 ] || { echo "FAIL: exit code $rc"; fail=1; }
printf '%s\n' "$log" | grep -q "zero modes: 3 " || { echo "FAIL: not exactly three zero modes"; fail=1; }
fu=$(printf '%s\n' "$log" | awk '$1=="unstable" {print $3}')
awk -v f="${fu:-0}" 'BEGIN {exit !(f > 0.05 && f < 0.25)}' || { echo "FAIL: unstable fraction '$fu' outside 0.05-0.25"; fail=1; }
for d in lambda omega participation gamma_xy gamma_xz gamma_yz gamma_bulk; do
  h5ls "$out/ka_T1.0_modes.h5/$d" 2>/dev/null | grep -q "{1500}" || { echo "FAIL: dataset $d missing or not of length 1500"; fail=1; }
done
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
