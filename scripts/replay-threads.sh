#!/usr/bin/env bash
# Where `inboxbot replay`'s threads spend their time: perf samples of a replay, per thread,
# by role (replaying: `Replayer`; decoding: the event decoder; the rest), and how busy each
# thread is from its first sample to its last. Wall time on a shared machine moves by half within the hour;
# these shares move far less.
#
#   swift build -c release --product inboxbot
#   swift run -c release inboxbot-benchmark --write-events /tmp/events200k.jsonl
#   scripts/replay-threads.sh /tmp/events200k.jsonl [rules/] [.build/release/inboxbot]
#
# Needs `perf` (as root, or with perf_event_paranoid at 1 or below).
set -euo pipefail
events=${1:?usage: scripts/replay-threads.sh EVENTS.jsonl [RULES] [INBOXBOT]}
rules=${2:-rules/}
inboxbot=${3:-.build/release/inboxbot}
[ -x "$inboxbot" ] || { echo "error: no $inboxbot; build it in release first" >&2; exit 1; }
command -v perf >/dev/null || { echo "error: perf is not installed" >&2; exit 1; }
hz=1000
data=$(mktemp)
trap 'rm -f "$data"' EXIT
perf record -q -F $hz -g -o "$data" "$inboxbot" replay --rules "$rules" "$events" > /dev/null 2>&1
perf script -i "$data" -F tid,time,ip,sym 2>/dev/null | awk -v hz=$hz '
  BEGIN { RS = "" }
  {
    split($0, lines, "\n"); split(lines[1], head, " "); tid = head[1]; t = head[2] + 0
    if (!(tid in first) || t < first[tid]) first[tid] = t
    if (t > last[tid]) last[tid] = t
    role = "other"
    if ($0 ~ /ReplayerV6replay|ReplayerV10fireTimers/) role = "replaying"
    else if ($0 ~ /EventLineDecoder|JSONCursor|DecodingReader/) role = "decoding"
    samples[tid]++; roles[tid, role]++
  }
  END {
    for (tid in samples) {
      if (samples[tid] < hz / 20) continue
      span = last[tid] - first[tid]
      printf "thread %s: %.2f s of samples, busy %.0f%% of %.2f s (replaying %.2f s, decoding %.2f s, other %.2f s)\n", tid,
        samples[tid] / hz, 100 * samples[tid] / hz / span, span, roles[tid, "replaying"] / hz, roles[tid, "decoding"] / hz,
        roles[tid, "other"] / hz
    }
  }' | sort -t: -k2 -rn
