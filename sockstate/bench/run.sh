#!/usr/bin/env bash
# Benchmark of `closewait sockets` against `ss -tanp` and the floor.
#
# For each size (default 1000 10000 50000) it starts holder processes with
# that many CLOSE_WAIT sockets on loopback, as many per holder as the fd
# hard limit allows (PER overrides; -pid N then scans the first holder),
# waits for the peers' FIN_WAIT2 sockets to expire so that only the
# CLOSE_WAIT sockets remain (as when the peers are other machines), then
# times, in RUNS rounds (default 7) that run each command once in turn, so
# that changes of the machine's load hit all of them alike:
#   closewait sockets -json          all processes, with orphan detection
#   closewait sockets -pid N -json   only the (first) holder's descriptors
#   ss -tanp state close-wait        what people run today
#   floor                            netlink dump filtered to CLOSE_WAIT plus
#                                    one readlink per open fd (all processes)
# and prints a Markdown table of the median wall times and their ratios,
# then one of the median CPU times (user + system).
#
# Linux only; needs ss (iproute2). Not part of `go test`. Usage:
#   sockstate/bench/run.sh [sizes...]     e.g. sockstate/bench/run.sh 1000 10000
# Environment: CLOSEWAIT (a prebuilt closewait binary to use), RUNS (7), PER (sockets per holder, default: ulimit -Hn - 300),
# WAIT_FIN (1: wait for FIN_WAIT2 to drain, up to tcp_fin_timeout+10s),
# BASELINE (other closewait binaries, e.g. of earlier commits, separated by
# spaces, timed in the same rounds with both commands, each printed as an
# extra "(baseline N)" row against the same ss and floor medians).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-7}
WAIT_FIN=${WAIT_FIN:-1}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
command -v ss >/dev/null || { echo "run.sh: ss not found (install iproute2)" >&2; exit 2; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
if [ -n "${CLOSEWAIT:-}" ]; then cp "$CLOSEWAIT" "$tmp/closewait"; else go build -o "$tmp/closewait" ./cmd/closewait; fi
go build -o "$tmp/holder" ./sockstate/bench/holder
go build -o "$tmp/floor" ./sockstate/bench/floor
baselines=(${BASELINE:-})
for i in "${!baselines[@]}"; do cp "${baselines[$i]}" "$tmp/baseline$i"; done

# timed TAG CMD...: runs CMD once, appends its wall time and CPU time
# (user + system, from the shell's `times`) in microseconds to
# $tmp/wall.TAG and $tmp/cpu.TAG.
timed() {
  local tag=$1 t0 t1 cpu
  shift
  t0=$(date +%s%N)
  cpu=$( { "$@" >/dev/null 2>&1; times; } | tail -1 |
    awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%d", t * 1e6 }')
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000 )) >>"$tmp/wall.$tag"
  echo "$cpu" >>"$tmp/cpu.$tag"
}

# median FILE: the median of the microsecond values in FILE, in ms.
median() {
  sort -n "$1" | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f\n", m/1000}'
}

count_state() { ss -tan state "$1" | tail -n +2 | wc -l; }

echo "| CLOSE_WAIT sockets | closewait sockets -json | closewait sockets -pid N -json | ss -tanp state close-wait | floor (dump + readlink) | ss ÷ closewait | closewait ÷ floor |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
cpurows=()
for n in "${sizes[@]}"; do
  per=${PER:-$(( $(ulimit -Hn) - 300 ))}
  left=$n
  first=
  while [ "$left" -gt 0 ]; do
    k=$(( left < per ? left : per ))
    fifo="$tmp/ready.$left"
    mkfifo "$fifo"
    "$tmp/holder" -n "$k" -timeout 30m -stdin=false </dev/null >"$fifo" &
    pids+=($!)
    read -r word hp <"$fifo"
    [ "$word" = ready ] || { echo "holder failed" >&2; exit 1; }
    first=${first:-$hp}
    left=$(( left - k ))
  done
  if [ "$WAIT_FIN" = 1 ]; then
    limit=$(( $(cat /proc/sys/net/ipv4/tcp_fin_timeout) + 10 ))
    for _ in $(seq "$limit"); do
      [ "$(count_state fin-wait-2)" -lt 10 ] && break
      sleep 1
    done
  fi
  got=$(count_state close-wait)
  uptime >&2
  rm -f "$tmp"/wall.* "$tmp"/cpu.*
  for _ in $(seq "$RUNS"); do
    timed cw "$tmp/closewait" sockets -json
    timed cwp "$tmp/closewait" sockets -pid "$first" -json
    timed ss ss -tanp state close-wait
    timed fl "$tmp/floor"
    for i in "${!baselines[@]}"; do
      timed "bcw$i" "$tmp/baseline$i" sockets -json
      timed "bcwp$i" "$tmp/baseline$i" sockets -pid "$first" -json
    done
  done
  row() { # row LABEL KIND CW CWP
    awk -v n="$1" -v cw="$(median "$tmp/$2.$3")" -v cwp="$(median "$tmp/$2.$4")" -v ss="$(median "$tmp/$2.ss")" -v fl="$(median "$tmp/$2.fl")" 'BEGIN {
      printf "| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f× | %.2f× |\n", n, cw, cwp, ss, fl, ss/cw, cw/fl }'
  }
  for i in "${!baselines[@]}"; do row "$got (baseline $((i + 1)))" wall "bcw$i" "bcwp$i"; done
  row "$got" wall cw cwp
  for i in "${!baselines[@]}"; do cpurows+=("$(row "$got (baseline $((i + 1)))" cpu "bcw$i" "bcwp$i")"); done
  cpurows+=("$(row "$got" cpu cw cwp)")
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
echo
echo "CPU time (user + system), medians of the same runs:"
echo
echo "| CLOSE_WAIT sockets | closewait sockets -json | closewait sockets -pid N -json | ss -tanp state close-wait | floor (dump + readlink) | ss ÷ closewait | closewait ÷ floor |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${cpurows[@]}"
