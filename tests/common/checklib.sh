# Sourced by the tests' shell scripts: check NAME CONDITION records "ok: NAME" or "FAIL: NAME";
# finish [LOGS...] prints the closing line ctest reads (and the logs on failure) and exits.
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
finish() {
  if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else [ $# -gt 0 ] && cat "$@"; echo "0 passed, 1 failed"; fi
  exit $fail
}
