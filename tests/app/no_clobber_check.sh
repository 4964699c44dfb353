#!/usr/bin/env bash
# An output that is one of the inputs (the same file, also under another name: a hard link) is
# refused with one line before any work, and the input is byte-identical afterwards (issue 17):
# modes on one snapshot, a modes campaign, viscosity (1 and 2 ranks).
# And the rule for an existing output (include/inmvisc/h5util.h): a file of another kind is
# refused, byte-identical afterwards (a modes campaign's results under a one-snapshot modes, a
# one-snapshot modes file under sample, a text file under sample); one of the same kind is
# replaced.
set -u
bin=$1; mpiexec=$2; data=$3; work=$4
. "$(dirname "$0")/../common/checklib.sh"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
cp "$data/valid.data" a.data; cp "$data/valid.data" b.data; ln a.data link.data
sum0=$(md5sum a.data b.data | md5sum)
refused() { # NAME ARGS...: non-zero exit, exactly one error line naming the input, inputs unchanged
  local name=$1; shift
  err=$("$@" 2>&1 >/dev/null); rc=$?
  check "$name: refused" "[ $rc -ne 0 ] && [ \$(printf '%s\n' \"\$err\" | grep -c '^inmvisc: error:.*is the input') -eq 1 ]"
  check "$name: inputs unchanged" "[ \"\$(md5sum a.data b.data | md5sum)\" = '$sum0' ]"
}
for np in 1 2; do
  refused "modes, -output = -input ($np ranks)" "$mpiexec" -n $np "$bin" modes -model ka -input a.data -output a.data
  refused "modes, -output a hard link of -input ($np ranks)" "$mpiexec" -n $np "$bin" modes -model ka -input a.data -output link.data
  refused "modes campaign, -output = an input ($np ranks)" "$mpiexec" -n $np "$bin" modes -model ka -input a.data,b.data -output b.data
  refused "viscosity, -output = -modes ($np ranks)" "$mpiexec" -n $np "$bin" viscosity -modes a.data -vtilde0 1 -omega_min 0 -omega_c 1 -output a.data
done

"$bin" modes -model ka -input a.data,b.data -output campaign.h5 > /dev/null 2>&1
"$bin" modes -model ka -input a.data -output single.h5 > /dev/null 2>&1
check "a campaign and a one-snapshot modes file made" "[ -s campaign.h5 ] && [ -s single.h5 ]"
kinds0=$(md5sum campaign.h5 single.h5 a.data | md5sum)
other_kind() { # NAME REGEX ARGS...: one error line matching REGEX, the files unchanged, no .partial
  local name=$1 re=$2; shift 2
  err=$("$@" 2>&1 >/dev/null); rc=$?
  check "$name: refused" "[ $rc -ne 0 ] && [ \$(printf '%s\n' \"\$err\" | grep -c '^inmvisc: error:') -eq 1 ] && printf '%s\n' \"\$err\" | grep -q -- \"$re\""
  check "$name: files unchanged" "[ \"\$(md5sum campaign.h5 single.h5 a.data | md5sum)\" = '$kinds0' ] && ! ls *.partial > /dev/null 2>&1"
}
for np in 1 2; do
  other_kind "one-snapshot modes onto a campaign's results ($np ranks)" "campaign.h5: exists and is not an inmvisc modes file (it is a modes campaign file)" "$mpiexec" -n $np "$bin" modes -model ka -input a.data -output campaign.h5
  other_kind "a modes campaign onto a one-snapshot file ($np ranks)" "single.h5: exists and is not the results of this campaign" "$mpiexec" -n $np "$bin" modes -model ka -input a.data,b.data -output single.h5
  other_kind "sample onto a modes file ($np ranks)" "single.h5: exists and is not an inmvisc snapshot file (it is a modes file)" "$mpiexec" -n $np "$bin" sample -model ka -natoms 108 -steps 10 -output single.h5
done
cp a.data text.data
other_kind "sample onto an existing text snapshot" "text.data: exists and is not an inmvisc LAMMPS text snapshot file" "$bin" sample -model ka -natoms 108 -steps 10 -output text.data
inode0=$(stat -c %i single.h5)
"$bin" modes -model ka -input b.data -output single.h5 > /dev/null 2>&1; rc=$?
check "a one-snapshot modes file is replaced by the same command (a new file renamed over it)" "[ $rc -eq 0 ] && [ \$(stat -c %i single.h5) != $inode0 ] && h5dump -a inmvisc_output single.h5 | grep -q '\"modes\"'"
finish
