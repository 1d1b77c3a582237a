#!/usr/bin/env bash
# Counts what each event costs the worker in round trips, end to end: SQLite transactions and
# page writes, hand-offs to Swift's cooperative pool, futex calls. Counts, unlike CPU time,
# hardly move with this machine's speed, so they show a structural change in one run.
#
#   swift build -c release --product inboxbot && swift build -c release --product inboxbot-e2e-benchmark
#   sudo scripts/round-trips.sh [.build/release] [inboxbot-e2e-benchmark options]
#
# Needs root and `perf` with uprobes. The worker is watched from its start to its exit, and
# the counts are divided by every event posted (the steady phase's and the burst's), so its
# start (migrations, the inventory) is in them too: a few transactions in all.
set -euo pipefail
dir=${1:-.build/release}
[ $# -gt 0 ] && shift
options=("$@")
[ ${#options[@]} -eq 0 ] && options=(--acting 1)

worker=$(readlink -f "$dir/inboxbot" 2>/dev/null || echo "$dir/inboxbot")
[ -x "$worker" ] && [ -x "$dir/inboxbot-e2e-benchmark" ] || { echo "error: no inboxbot and inboxbot-e2e-benchmark in $dir; build them in release first" >&2; exit 1; }
command -v perf >/dev/null || { echo "error: perf is not installed" >&2; exit 1; }
library() { ldd "$worker" | grep -o "/[^ ]*$1[^ ]*" | head -1; }
sqlite=$(library libsqlite3.so)
concurrency=$(library libswift_Concurrency.so)

# A probe on a library function also fires at its PLT entry: such counts are halved below.
perf probe -q -d 'probe_libsqlite3:*' 2>/dev/null || true
perf probe -q -d 'probe_libswift_Concurrency:*' 2>/dev/null || true
for function in sqlite3WalBeginReadTransaction sqlite3WalBeginWriteTransaction sqlite3WalCheckpoint; do
  perf probe -q -x "$sqlite" "$function" >/dev/null
done
perf probe -q -x "$sqlite" sqlite3_prepare_v3 >/dev/null
perf probe -q -x "$concurrency" swift_task_enqueueGlobal >/dev/null
trap 'perf probe -q -d "probe_libsqlite3:*" 2>/dev/null; perf probe -q -d "probe_libswift_Concurrency:*" 2>/dev/null' EXIT

log=$(mktemp) data=$(mktemp)
"$dir/inboxbot-e2e-benchmark" "${options[@]}" >"$log" 2>&1 &
benchmark=$!
# Recorded system-wide and sorted by process afterwards: attached to the worker, perf would
# miss the threads it starts later (the database's queues grow under load).
perf record -q -a -o "$data" -e 'probe_libsqlite3:*,probe_libswift_Concurrency:*' \
  -e 'syscalls:sys_enter_futex,syscalls:sys_enter_pwrite64,syscalls:sys_enter_pread64' -- tail --pid="$benchmark" -f /dev/null 2>/dev/null
wait "$benchmark" || true
cat "$log"
pid=$(sed -nE 's/.*\(pids ([0-9]+).*/\1/p' "$log" | head -1)
[ -n "$pid" ] || { echo "error: the benchmark named no worker" >&2; exit 1; }

rate=$(sed -nE 's/.*steady ([0-9.]+) events\/s for ([0-9.]+) s.*/\1 \2/p' "$log")
burst=$(sed -nE 's/.*burst of ([0-9]+).*/\1/p' "$log" | head -1)
[ -n "$rate" ] && [ -n "$burst" ] || { echo "error: the benchmark printed no steady phase and burst" >&2; exit 1; }
events=$(echo "$rate $burst" | awk '{ printf "%d", $1 * $2 + $3 }')
echo
echo "per event, over $events events:"
perf script -i "$data" -F pid,event 2>/dev/null | awk -v pid="$pid" -v events="$events" '
  $1 != pid { next }
  /sqlite3WalBeginWriteTransaction/ { writes += 0.5 }
  /sqlite3WalBeginReadTransaction/ { reads += 0.5 }
  /sqlite3WalCheckpoint/ { checkpoints += 0.5 }
  /sqlite3_prepare_v3/ { prepares++ }
  /swift_task_enqueueGlobal/ { handoffs++ }
  /sys_enter_futex/ { futex++ }
  /sys_enter_pwrite64/ { pwrite++ }
  /sys_enter_pread64/ { pread++ }
  END {
    printf "  SQLite write transactions  %6.2f\n", writes / events
    printf "  SQLite read transactions   %6.2f  (every write also begins a read; these are the others)\n", (reads - writes) / events
    printf "  SQLite checkpoints         %6.4f\n", checkpoints / events
    printf "  statements prepared        %6.2f\n", prepares / events
    printf "  page writes (pwrite)       %6.1f\n", pwrite / events
    printf "  page reads (pread)         %6.1f\n", pread / events
    printf "  hand-offs to the pool      %6.1f  (swift_task_enqueueGlobal)\n", handoffs / events
    printf "  futex calls                %6.1f\n", futex / events
  }'
rm -f "$log" "$data"
