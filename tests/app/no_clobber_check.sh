#!/usr/bin/env bash
# An output that is one of the inputs (the same file, also under another name: a hard link) is
# refused with one line before any work, and the input is byte-identical afterwards (issue 17):
# modes on one snapshot, a modes campaign, viscosity (1 and 2 ranks).
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
finish
