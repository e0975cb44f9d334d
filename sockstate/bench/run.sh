#!/usr/bin/env bash
# Benchmark of `closewait sockets` against `ss -tanp` and the floor.
#
# For each size (default 1000 10000 50000) it starts holder processes with
# that many CLOSE_WAIT sockets on loopback, as many per holder as the fd
# hard limit allows (PER overrides; -pid N then scans the first holder),
# waits for the peers' FIN_WAIT2 sockets to expire so that only the
# CLOSE_WAIT sockets remain (as when the peers are other machines), then
# times, RUNS times each (default 7), in the same run:
#   closewait sockets -json          all processes, with orphan detection
#   closewait sockets -pid N -json   only the (first) holder's descriptors
#   ss -tanp state close-wait        what people run today
#   floor                            netlink dump filtered to CLOSE_WAIT plus
#                                    one readlink per open fd (all processes)
# and prints a Markdown table of medians and ratios.
#
# Linux only; needs ss (iproute2). Not part of `go test`. Usage:
#   sockstate/bench/run.sh [sizes...]     e.g. sockstate/bench/run.sh 1000 10000
# Environment: CLOSEWAIT (a prebuilt closewait binary to use), RUNS (7), PER (sockets per holder, default: ulimit -Hn - 300),
# WAIT_FIN (1: wait for FIN_WAIT2 to drain, up to tcp_fin_timeout+10s),
# BASELINE (another closewait binary, e.g. of an earlier commit, timed in the
# same run with both commands, printed as an extra "(baseline)" row against
# the same ss and floor medians).
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
[ -z "${BASELINE:-}" ] || cp "$BASELINE" "$tmp/baseline"

# median_ms CMD...: runs CMD RUNS times, prints the median wall time in ms.
median_ms() {
  local times=() t0 t1
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f\n", m/1000}'
}

count_state() { ss -tan state "$1" | tail -n +2 | wc -l; }

echo "| CLOSE_WAIT sockets | closewait sockets -json | closewait sockets -pid N -json | ss -tanp state close-wait | floor (dump + readlink) | ss ÷ closewait | closewait ÷ floor |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
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
  cw=$(median_ms "$tmp/closewait" sockets -json)
  cwp=$(median_ms "$tmp/closewait" sockets -pid "$first" -json)
  ssp=$(median_ms ss -tanp state close-wait)
  fl=$(median_ms "$tmp/floor")
  if [ -n "${BASELINE:-}" ]; then
    bcw=$(median_ms "$tmp/baseline" sockets -json)
    bcwp=$(median_ms "$tmp/baseline" sockets -pid "$first" -json)
    awk -v n="$got" -v cw="$bcw" -v cwp="$bcwp" -v ss="$ssp" -v fl="$fl" 'BEGIN {
      printf "| %d (baseline) | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f× | %.2f× |\n", n, cw, cwp, ss, fl, ss/cw, cw/fl }'
  fi
  awk -v n="$got" -v cw="$cw" -v cwp="$cwp" -v ss="$ssp" -v fl="$fl" 'BEGIN {
    printf "| %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f× | %.2f× |\n", n, cw, cwp, ss, fl, ss/cw, cw/fl }'
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
