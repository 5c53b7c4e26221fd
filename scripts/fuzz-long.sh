#!/usr/bin/env bash
# Long fuzz run of the file readers (Jazzer, one reader after the other, one thread each).
#   scripts/fuzz-long.sh [SECONDS_PER_READER] [READER...]
#   READER: Tflite Npy Wav FrontendJson BoardYaml KerasH5 (default: all); SECONDS default 600.
# Per reader it prints executions, seconds and executions/s (libFuzzer's own count) and PASS or FINDING; the full
# log is in tests/target-fuzzlong/fuzz-<Reader>.log. A finding is saved by Jazzer as tests/crash-<sha1> (or
# timeout-/slow-unit-); keep it as a regression seed under
# tests/src/test/resources/earforge/fuzz/<Reader>FuzzInputs/<method>/ once the reader is fixed.
# The corpus grows in tests/target-fuzzlong/.cifuzz-corpus and is reused by the next run.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_READER="${1:-600}"
shift || true
READERS=("$@")
[ ${#READERS[@]} -eq 0 ] && READERS=(Tflite Npy Wav FrontendJson BoardYaml KerasH5)
BUILD=target-fuzzlong
mkdir -p "$ROOT/tests/$BUILD"
status=0
printf '%-14s %14s %8s %10s  %s\n' reader executions seconds 'exec/s' result
for r in "${READERS[@]}"; do
  log="$ROOT/tests/$BUILD/fuzz-$r.log"
  (cd "$ROOT" && mvn -B -ntp -q ${MVN_ARGS:-} test -pl tests -am -Dearforge.build.dir=$BUILD -Dtest="${r}Fuzz" \
      -Dsurefire.failIfNoSpecifiedTests=false -Dearforge.fuzz.seconds="$SECONDS_PER_READER" -Dearforge.fuzz.runs=-1 -Dearforge.fuzz.seed=0) >"$log" 2>&1
  rc=$?
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)"
  runs="$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")"
  secs="$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")"
  if [ -z "$done_line" ]; then   # stopped by a finding: take libFuzzer's last status line
    last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
    runs="$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")"; secs="?"
  fi
  rate="?"
  [ -n "$runs" ] && [ "$secs" != "?" ] && [ "${secs:-0}" -gt 0 ] && rate=$((runs / secs))
  result=PASS
  if [ $rc -ne 0 ]; then result="FINDING (see $log)"; status=1; fi
  printf '%-14s %14s %8s %10s  %s\n' "$r" "${runs:-?}" "$secs" "$rate" "$result"
done
exit $status
