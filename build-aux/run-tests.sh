#!/bin/sh
# run-tests.sh "WRAPPER" TEST...
# Runs each gtest program (TAP output), under WRAPPER when one is given, and
# prints one summary line: "N passed, N failed".
wrapper=$1; shift
eval "export $TEST_ENV"
passed=0 failed=0 failures=""
for t in "$@"; do
  log=$(mktemp)
  if $wrapper "$t" --tap >"$log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures="$failures $t"
    cat "$log"
  fi
  n_ok=$(grep -c '^ok ' "$log"); n_skip=$(grep -c '^ok .*# SKIP' "$log")
  echo "  $(basename "$t"): $n_ok ok ($n_skip skipped)$(grep -q '^not ok' "$log" && echo ', FAILURES')"
  grep '# SKIP' "$log" | sed 's/^/    /'
  rm -f "$log"
done
echo "unit tests: $passed passed, $failed failed"
[ $failed -eq 0 ] || { echo "failed:$failures"; exit 1; }
