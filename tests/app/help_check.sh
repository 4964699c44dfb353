#!/usr/bin/env bash
# help_check.sh BIN COMMAND -- OPTION...: `BIN COMMAND -help` exits 0 and lists every OPTION
# with its default (a line "  -option <..." or "  -option: <...") exactly once, so that an
# option a solver reads outside -help, or lists twice, is caught.
set -u
bin=$1; cmd=$2; shift 3
out=$("$bin" "$cmd" -help 2>&1); rc=$?
fail=0
[ $rc -eq 0 ] || { echo "FAIL: exit code $rc"; fail=1; }
for opt in "$@"; do
  n=$(printf '%s\n' "$out" | grep -cE -- "^ +$opt:? <")
  [ "$n" -eq 1 ] || { echo "FAIL: $opt listed $n times (want 1)"; fail=1; }
done
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
