#!/usr/bin/env bash
# `inmvisc run` end to end on a small campaign (KA, N = 256 and 500, T = 2.0, 2 samples, short
# MD, and the entropy stage with short TI runs; the default campaign itself takes minutes and is
# measured in benchmarks/, not here):
#  1. exit 0; md/, modes.h5, transport.h5, entropy.h5, viscosity.h5 (with S_conf from
#     entropy.h5) and report/ with its figures and summary.md; the summary's table equals
#     viscosity.h5 (report_check.py); `entropy` on 1 rank writes the same entropy.h5 as run's
#     on 2;
#  2. the same command again resumes: nothing recomputed in prepare and modes, and the same
#     viscosity.h5 to 1e-12;
#     the same campaign named by its absolute path resumes too (identities hold files, not
#     spellings);
#  3. a changed option that changes the numbers is refused with one line before any work.
set -u
bin=$1; py=$2; mpiexec=$3; work=$4
. "$(dirname "$0")/../common/checklib.sh"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
opts="run -output camp -temperatures 2.0 -sizes 256,500 -samples 2 -cooling_rate 1 -equilibration_time 5 -production_time 20 -snapshot_every 200 -series_steps 400 -series_atoms 100 -bulk_time 2,4 -fss_bins 12 -run_entropy -entropy_time 1,4"
"$mpiexec" -n 2 "$bin" $opts > run1.log 2>&1; check "run exits 0" "[ $? -eq 0 ]"
for f in camp/modes.h5 camp/transport.h5 camp/entropy.h5 camp/viscosity.h5 camp/report/summary.md camp/report/fig3b_classes_vs_gk.png camp/report/fig2a_P_vs_N.png; do
  check "$f written" "[ -s $f ]"
done
check "the eta table is printed" "grep -q 'Eq. (1) ULINM' run1.log && grep -q 'Green-Kubo' run1.log"
check "summary table = viscosity.h5" "$py $(dirname "$0")/report_check.py camp"
"$bin" entropy -model ka -input camp/modes_tasks.txt -entropy_time 1,4 -output ent1.h5 > ent1.log 2>&1
check "entropy on 1 rank = run's on 2 (the paths and quenches split over ranks)" "$py $(dirname "$0")/../common/h5compare.py ent1.h5 camp/entropy.h5 --rtol 0"
check "viscosity.h5 has S_conf of entropy.h5 (N = 256)" "$py -c \"import h5py,sys; e=h5py.File('camp/entropy.h5')['entropy']; v=h5py.File('camp/viscosity.h5')['viscosity/ensembles']; s=[x for x,n in zip(v['S_conf'][()],v['N'][()]) if n==256]; sys.exit(not (e.attrs['N']==256 and abs(s[0]-e['sconf'][0])<1e-12 and 0<s[0]<3))\""
cp camp/viscosity.h5 v1.h5
"$mpiexec" -n 2 "$bin" $opts > run2.log 2>&1; check "re-run exits 0" "[ $? -eq 0 ]"
check "re-run: prepare and modes resume with nothing to do" "grep -q '4 complete already' run2.log && grep -qi 'nothing to do\|already complete\|4 already' run2.log"
check "re-run: entropy.h5 is not recomputed" "grep -q 'entropy.h5 is there: not recomputed' run2.log"
check "re-run: the same viscosity.h5" "$py $(dirname "$0")/../common/h5compare.py v1.h5 camp/viscosity.h5 --rtol 1e-12"
"$mpiexec" -n 2 "$bin" $opts -output "$work/camp" > run3.log 2>&1; check "re-run as $work/camp exits 0, nothing recomputed" "[ $? -eq 0 ] && grep -q '4 complete already' run3.log && ! grep -q 'task 1/' run3.log"
out=$("$mpiexec" -n 2 "$bin" $opts -samples 3 2>&1 >/dev/null); rc=$?
check "a changed campaign is refused with one line" "[ $rc -ne 0 ] && [ \$(printf '%s\n' \"\$out\" | grep -c '^inmvisc: error:.*another campaign') -eq 1 ]"
finish
