#!/usr/bin/env bash
# Counts the worker's passes at a steady rate: the pipeline's batch reads, its reads of due
# timers and the executor's reads of actions, per event, over 5 s in the middle of a 12 s
# steady phase, with the worker's CPU per event. Counts, unlike CPU time, hardly move with
# this machine's speed.
#
#   swift build -c release --product inboxbot && swift build -c release --product inboxbot-e2e-benchmark
#   sudo scripts/passes.sh [.build/release] [events per second, 500]
#
# Needs root and `perf` with uprobes; the probes go on the store's read closures, found by
# their symbols in the release binary.
set -euo pipefail
dir=${1:-.build/release}
rate=${2:-500}
worker=$(readlink -f "$dir/inboxbot" 2>/dev/null || echo "$dir/inboxbot")
[ -x "$worker" ] && [ -x "$dir/inboxbot-e2e-benchmark" ] || { echo "error: no inboxbot and inboxbot-e2e-benchmark in $dir; build them in release first" >&2; exit 1; }
command -v perf >/dev/null || { echo "error: perf is not installed" >&2; exit 1; }
closure() { nm "$worker" | grep -E "$1" | grep -vE "(TA|Tm|TQ[0-9]*_|TY[0-9]*_)$" | head -1 | cut -d' ' -f1; }
batch=$(closure 'SQLiteC5StoreC12pendingBatch5limit3for2at11budgetSince.*KXEfU_$')
timers=$(closure 'SQLiteC5StoreC9dueTimers2at5limit.*KXEfU_$')
actions=$(closure 'SQLiteC5StoreC12fetchActions.*KXEfU_$')
[ -n "$batch" ] && [ -n "$timers" ] && [ -n "$actions" ] || { echo "error: the store's read closures are not in $worker" >&2; exit 1; }

perf probe -q -d 'probe_inboxbot:*' 2>/dev/null || true
perf probe -q -x "$worker" -a "batch_reads=0x$batch" -a "timer_reads=0x$timers" -a "action_reads=0x$actions" >/dev/null
trap 'perf probe -q -d "probe_inboxbot:*" 2>/dev/null' EXIT

log=$(mktemp) counts=$(mktemp)
"$dir/inboxbot-e2e-benchmark" --acting 1 --rate "$rate" --seconds 12 --burst 10 >"$log" 2>&1 &
benchmark=$!
for _ in $(seq 1 100); do pid=$(pgrep -f "$worker run" | head -1 || true); [ -n "$pid" ] && break; sleep 0.1; done
[ -n "${pid:-}" ] || { echo "error: the worker did not start" >&2; exit 1; }
sleep 4
perf stat -e 'probe_inboxbot:*' -e task-clock,context-switches -p "$pid" -x, -o "$counts" -- sleep 5
wait "$benchmark" || true
grep steady "$log" || true
events=$((rate * 5))
echo "per event, over 5 s at $rate events/s:"
grep -v '^#' "$counts" | grep -v '^$' | awk -F, -v events="$events" '
  /task-clock/ { printf "  worker CPU                 %6.3f ms\n", $1 / events; next }
  { name = $3; sub(/.*:/, "", name); printf "  %-26s %6.2f\n", name, $1 / events }'
rm -f "$log" "$counts"
