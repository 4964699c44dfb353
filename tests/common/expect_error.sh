#!/usr/bin/env bash
# expect_error.sh REGEX OUTPUT -- COMMAND...
# Passes when COMMAND exits non-zero, prints exactly one "inmvisc: error:" line, that line
# matches REGEX (grep -E), no PETSc traceback, and neither OUTPUT nor OUTPUT.partial exists.
set -u
regex=$1; output=$2; shift 3
rm -f "$output" "$output.partial"
err=$("$@" 2>&1 >/dev/null); rc=$?
lines=$(printf '%s\n' "$err" | grep -c '^inmvisc: error:')
fail=0
[ "$rc" -ne 0 ] || { echo "FAIL: exit code 0"; fail=1; }
[ "$lines" -eq 1 ] || { echo "FAIL: $lines error lines (want exactly 1)"; fail=1; }
printf '%s\n' "$err" | grep '^inmvisc: error:' | grep -qE -- "$regex" || { echo "FAIL: message does not match /$regex/"; fail=1; }
printf '%s\n' "$err" | grep -q 'PETSC ERROR' && { echo "FAIL: PETSc traceback printed"; fail=1; }
[ -e "$output" ] && { echo "FAIL: $output was left behind"; fail=1; }
[ -e "$output.partial" ] && { echo "FAIL: $output.partial was left behind"; fail=1; }
echo "--- stderr:"; printf '%s\n' "$err"
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
