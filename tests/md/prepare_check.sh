#!/usr/bin/env bash
# prepare campaigns over rank groups (SPEC §7, §11), KA N = 256, T = 2.0 and 1.0, 2 samples,
# a short protocol (0.5 tau melt, 0.5 tau NVT at T, 1 tau of production):
#  1. the same seeds give the same trajectories: two runs with -groups 2 on 2 ranks give
#     bit-identical files; -groups 1 (LAMMPS on 2 ranks instead of 1) gives the same files to
#     1e-6 of each dataset's largest value. Not bit-identical: LAMMPS sums forces in another
#     order over another domain decomposition, and the dynamics amplifies that round-off by
#     ~e^(lambda t) (Lyapunov exponent lambda of a few per tau): measured 2e-9 after these
#     400 steps, 1e-4 after 800. A wrong seed, sample or task assignment differs at O(1).
#  2. kill -9 during the campaign (1 rank) once the first trajectory exists, then re-run on
#     2 ranks and 2 groups: the complete tasks are skipped, the half-written one is redone
#     from its start, and every final file is bit-identical to the uninterrupted run's.
#  3. a complete campaign re-run does no task; another campaign (other seed) on the same
#     directory is refused with one line.
#  4. snapshots.txt feeds `inmvisc modes -input_list` directly.
set -u
bin=$1; py=$2; mpiexec=$3; work=$4
cmp="$py $(dirname "$0")/../common/h5compare.py"
. "$(dirname "$0")/../common/checklib.sh"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
opts="prepare -model ka -temperatures 2.0,1.0 -sizes 256 -samples 2 -melt_time 0.5 -cooling_rate 0 -equilibration_time 0.5 -production_time 1 -snapshot_every 50 -stress_every 2"
files="ka_T2_N256_s00.h5 ka_T2_N256_s01.h5 ka_T1_N256_s00.h5 ka_T1_N256_s01.h5"
same() { # same DIR_A DIR_B RTOL
  for f in $files; do $cmp "$1/$f" "$2/$f" --rtol "$3" > /dev/null || { echo "  $1/$f and $2/$f differ"; return 1; }; done
}

"$mpiexec" -n 2 "$bin" $opts -groups 2 -output g2 > g2.log 2>&1; check "(2 ranks, 2 groups) run" "[ $? -eq 0 ]"
"$mpiexec" -n 2 "$bin" $opts -groups 2 -output g2b > g2b.log 2>&1; check "(2 ranks, 2 groups) again" "[ $? -eq 0 ]"
"$mpiexec" -n 2 "$bin" $opts -groups 1 -output g1 > g1.log 2>&1; check "(2 ranks, 1 group) run" "[ $? -eq 0 ]"
check "both groups ran tasks" "grep -q 'prepare g0 task 2/2' g2.log && grep -q 'prepare g1 task 2/2' g2.log"
check "four trajectories and the snapshot list (4 x 5 frames)" "[ \$(ls g2/*.h5 | wc -l) -eq 4 ] && [ \$(grep -vc '^#' g2/snapshots.txt) -eq 20 ]"
check "same layout: bit-identical trajectories" "same g2 g2b 0"
check "groups 1 vs 2: the same trajectories to 1e-6" "same g2 g1 1e-6"
check "seeds recorded and distinct" "[ \$(for f in $files; do h5dump -a /parameters/inmvisc/seed g2/\$f | grep '(0)'; done | sort -u | wc -l) -eq 4 ]"

"$bin" $opts -output k > k1.log 2>&1 &
pid=$!
for i in $(seq 1 3000); do
  ls k/*.h5 > /dev/null 2>&1 && break
  kill -0 $pid 2> /dev/null || break
  sleep 0.01
done
kill -9 $pid 2> /dev/null; wait $pid 2> /dev/null
ndone=$(ls k/*.h5 2> /dev/null | wc -l)
check "killed with 1 to 3 of 4 trajectories complete ($ndone)" "[ $ndone -ge 1 ] && [ $ndone -le 3 ]"
"$mpiexec" -n 2 "$bin" $opts -groups 2 -output k > k2.log 2>&1; check "resumed run" "[ $? -eq 0 ]"
check "resumed run skipped the complete tasks" "grep -q '($ndone complete already)' k2.log"
check "no half-written file left" "[ -z \"\$(ls k/*.partial 2> /dev/null)\" ]"
check "resumed = uninterrupted, bit for bit" "same g2 k 0"

"$bin" $opts -output k > k3.log 2>&1; check "complete campaign: no task run" "[ $? -eq 0 ] && grep -q '(4 complete already)' k3.log && ! grep -q 'melt' k3.log"
"$bin" $opts -seed 7 -output k > k4.log 2>&1; rc=$?
check "another campaign on the same directory refused (one line)" "[ $rc -ne 0 ] && grep -q 'a trajectory of another campaign' k4.log && [ \$(grep -c 'error' k4.log) -eq 1 ]"

"$bin" modes -model ka -input_list g2/snapshots.txt -inm_solver lapack -output modes.h5 > modes.log 2>&1
check "modes on the campaign's snapshot list" "[ $? -eq 0 ] && h5dump -d /modes/ensembles/nsamples modes.h5 | grep -q '10, 10'"

finish g2.log k2.log modes.log
