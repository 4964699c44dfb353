#!/usr/bin/env bash
# Campaigns over rank groups (SPEC §11), on four KA snapshots (N = 500; T = 1.0 and 2.0, two
# seeds each), solved with ScaLAPACK so that the rank count changes the round-off:
#  1. identity: the results files of (ranks, groups) = (1, 1), (2, 1) and (2, 2) are the same
#     object for object (the /run group, which records the layout, excepted), floating data
#     to 1e-9 of each dataset's largest value. An eigenvalue moves by ~eps max|lambda| from
#     one layout to another and an eigenvector by ~eps max|lambda| / gap; P and Gamma measure
#     ~1e-12 here, so 1e-9 fails only on a real difference (a task's modes in the wrong
#     place, a spectrum summed twice or missing a sample).
#  2. kill and resume: a 1-rank run killed with SIGKILL once its first task file exists leaves
#     no results file; re-running (now on 2 ranks, 2 groups) reports the finished tasks as
#     complete and ends with a file equal to the uninterrupted one.
#     The eigenvectors of modes 0 and 1 (-inm_vectors) are part of every file compared.
#  3. the run again: "nothing to do"; another campaign (other spectrum bins) on the same
#     output is refused with one line; a resumed run of another campaign too.
set -u
bin=$1; py=$2; mpiexec=$3; work=$4
cmp="$py $(dirname "$0")/../common/h5compare.py"
. "$(dirname "$0")/../common/checklib.sh"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1

: > list.txt
for T in 1.0 2.0; do for s in 1 2; do
  "$bin" sample -model ka -natoms 500 -temperature $T -steps 500 -seed $s -output ka_T${T}_s$s.h5 > /dev/null || { echo "FAIL: sample"; exit 1; }
  echo "ka_T${T}_s$s.h5 - $T" >> list.txt
done; done
opts="modes -model ka -input_list list.txt -inm_solver scalapack -inm_vectors 0,1"

"$mpiexec" -n 1 "$bin" $opts -output r11.h5 > r11.log 2>&1; check "(1,1) run" "[ $? -eq 0 ]"
"$mpiexec" -n 2 "$bin" $opts -output r21.h5 > r21.log 2>&1; check "(2,1) run" "[ $? -eq 0 ]"
"$mpiexec" -n 2 "$bin" $opts -output r22.h5 -groups 2 > r22.log 2>&1; check "(2,2) run" "[ $? -eq 0 ]"
check "(2,2): both groups solved tasks" "grep -q 'group 1/2' r22.log && grep -q 'group 2/2' r22.log"
check "(1,1) = (2,1)" "$cmp r11.h5 r21.h5 --exclude /run --rtol 1e-9"
check "(1,1) = (2,2)" "$cmp r11.h5 r22.h5 --exclude /run --rtol 1e-9"
check "/run records the layout" "h5dump -a /run/groups r22.h5 | grep -q '(0): 2'"
check "task files removed after the results" "[ ! -e r11.h5.tasks ]"
check "eigenvectors of modes 0 and 1 kept per task" "h5ls r22.h5/modes/task_000003/vectors | grep -q '{2, 500, 3}'"

# the mobility edge from P_c: omega_c per ensemble, f_u^L + f_u^D = f_u
"$bin" $opts -output pc.h5 -inm_P_c 0.3 > pc.log 2>&1; check "run with -inm_P_c" "[ $? -eq 0 ]"
check "omega_c from P_c, f_u^L + f_u^D = f_u" "$py -c \"
import h5py, numpy as np, sys
e = h5py.File('pc.h5')['modes/ensembles']
sys.exit(not (e['omega_c'].shape == (2,) and (e['omega_c'][()] > 0).all() and np.allclose(e['f_u_L'][()] + e['f_u_D'][()], e['f_u'][()], rtol=1e-14, atol=0)))\""

# the 30 most unstable modes only (-inm_nev): they stay far from omega = 0, so no slope a of
# g = a|omega| is fitted (NaN, said once) where the fit used to stop the campaign
"$bin" $opts -output nev.h5 -inm_nev 30 > nev.log 2>&1; check "run with -inm_nev 30" "[ $? -eq 0 ]"
check "-inm_nev: slope a not fitted, said once, NaN in the file" "[ \$(grep -c 'low-frequency slope a is not fitted' nev.log) -eq 1 ] && $py -c \"
import h5py, numpy as np, sys
e = h5py.File('nev.h5')['modes/ensembles']
sys.exit(not np.isnan(e['slope_a'][()]).all())\""

# 2. kill -9 after the first task file appears, then resume on another layout
"$bin" $opts -output k.h5 > k1.log 2>&1 &
pid=$!
for i in $(seq 1 3000); do
  ls k.h5.tasks/task_*.h5 > /dev/null 2>&1 && break
  kill -0 $pid 2> /dev/null || break
  sleep 0.01
done
kill -9 $pid 2> /dev/null; wait $pid 2> /dev/null
ndone=$(ls k.h5.tasks/task_*.h5 2> /dev/null | wc -l)
check "killed with 1 to 3 of 4 tasks complete ($ndone)" "[ $ndone -ge 1 ] && [ $ndone -le 3 ]"
check "no results file after the kill" "[ ! -e k.h5 ]"
"$mpiexec" -n 2 "$bin" $opts -output k.h5 -groups 2 > k2.log 2>&1; check "resumed run" "[ $? -eq 0 ]"
check "resumed run skipped the complete tasks" "grep -q '$ndone already complete' k2.log"
check "resumed file = uninterrupted file" "$cmp r11.h5 k.h5 --exclude /run --rtol 1e-9"

# 3. re-runs
"$bin" $opts -output k.h5 > k3.log 2>&1; check "complete campaign: nothing to do, and no empty k.h5.tasks left" "[ $? -eq 0 ] && grep -q 'nothing to do' k3.log && [ ! -e k.h5.tasks ]"
"$bin" $opts -output k.h5 -inm_spectrum_bins 50 > k4.log 2>&1; rc=$?
check "another campaign on the same results file refused (one line)" "[ $rc -ne 0 ] && grep -q 'k.h5: exists and is not the results of this campaign' k4.log && [ \$(grep -c 'error' k4.log) -eq 1 ]"
"$bin" $opts -output other.h5 -inm_nev 30 > /dev/null 2>&1 &
pid=$!; for i in $(seq 1 3000); do ls other.h5.tasks/task_*.h5 > /dev/null 2>&1 && break; kill -0 $pid 2> /dev/null || break; sleep 0.01; done
kill -9 $pid 2> /dev/null; wait $pid 2> /dev/null
"$bin" $opts -output other.h5 > k5.log 2>&1; rc=$?
check "task file of another campaign refused (one line)" "[ $rc -ne 0 ] && grep -q 'a task file of another campaign' k5.log && [ \$(grep -c 'error' k5.log) -eq 1 ]"

finish r22.log k2.log
