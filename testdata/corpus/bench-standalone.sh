#!/usr/bin/env bash
# Measures the standalone command, closewait PATTERNS, in one run against
# the standalone bodyclose and plain go vet on the same packages, cold and
# warm, and prints a markdown table of wall time, peak RSS and ratios.
#
# usage: testdata/corpus/bench-standalone.sh [std|corpus|subset|all]
#
# Targets: std, the standard library with its tests (closewait std,
# bodyclose std, go vet std); corpus, the packages of packages.txt without
# tests (-test=false; go vet always analyzes tests, so it runs on those of
# the packages whose tests load); subset, those of subset.txt, like corpus;
# all, std and corpus.
#
# Runs, one at a time:
#   vet              plain go vet, its results not cached (an inert
#                    -printf.funcs=benchK makes each run's tool ID new)
#   bodyclose        github.com/timakin/bodyclose at the version of
#                    go.mod, standalone (x/tools' singlechecker)
#   closewait before BASE=binary, if set: an earlier closewait (the driver
#                    before the cache: x/tools' checker holding every
#                    package), without a cache
#   closewait cold   this work tree's cmd/closewait (or CLOSEWAIT=binary),
#                    with an empty cache directory
#   closewait warm   the same command again, on the cache the cold run
#                    left (skipped for a closewait without -cache)
#
# Wall time and peak RSS come from /usr/bin/time -v (peak RSS of the
# largest process: for go vet, the go command or one vet process). A run
# whose RSS passes LIMIT_MB (16000 unless set) is killed, so that a
# driver holding every package cannot exhaust a shared machine; its row
# says "killed". The machine is shared: timings are noisy, compare the
# ratios of one run. The findings of the cold and warm closewait runs are
# compared; a difference fails the script.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
export GOWORK=off GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"

part=all
for arg in "$@"; do
	case $arg in
	std | corpus | subset | all) part=$arg ;;
	*)
		echo "bench-standalone.sh: unknown argument $arg (usage: bench-standalone.sh [std|corpus|subset|all])" >&2
		exit 2
		;;
	esac
done
if [ ! -x /usr/bin/time ]; then
	echo "bench-standalone.sh: needs GNU time (/usr/bin/time -v): apt-get install time" >&2
	exit 1
fi
limit_kb=$((${LIMIT_MB:-16000} * 1024))

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${CLOSEWAIT:-}" ]; then
	cp "$CLOSEWAIT" "$work/closewait"
else
	(cd "$root" && CGO_ENABLED=0 go build -o "$work/closewait" ./cmd/closewait)
fi
go build -o "$work/bodyclose" github.com/timakin/bodyclose
if [ -n "${BASE:-}" ]; then
	cp "$BASE" "$work/before"
fi
cached=false
if "$work/closewait" -help 2>&1 | grep -q -e '-cache'; then
	cached=true
fi

list() { grep -v -e '^#' -e '^[[:space:]]*$' "$1"; }

# vetpkgs FILE: the packages of FILE whose test variants load.
vetpkgs() {
	# shellcheck disable=SC2046 # one argument per package
	go list -e -test -f '{{if or .Error .DepsErrors}}{{.ImportPath}}{{end}}' $(list "$1") |
		sed -n 's/^\([^ ]*\)\.test$/\1/p; s/^\([^ ]*\) \[.*$/\1/p; s/^\([^ []*\)$/\1/p' | sort -u >"$work/untestable"
	list "$1" | grep -vxF -f "$work/untestable" || true
}

# measure NAME ARGS...: runs ARGS under /usr/bin/time -v, killing it past
# the RSS limit; appends "NAME wall_s rss_kb status" to $work/results.
measure() {
	local name=$1 status=0
	shift
	/usr/bin/time -v -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" &
	local pid=$! killed=false
	while kill -0 "$pid" 2>/dev/null; do
		local rss
		rss=$(ps -o rss= --ppid "$pid" 2>/dev/null | sort -n | tail -n 1) || true # the child may just have exited
		if [ -n "$rss" ] && [ "$rss" -gt "$limit_kb" ]; then
			pkill -KILL -P "$pid" || true
			killed=true
		fi
		sleep 1
	done
	wait "$pid" || status=$?
	if grep -q -e '^panic:' -e 'internal error' "$work/$name.err"; then
		echo "bench-standalone.sh: $name crashed:" >&2
		grep -A20 -e '^panic:' -e 'internal error' "$work/$name.err" | head -40 >&2
		exit 1
	fi
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
	if $killed; then
		status=killed
	fi
	echo "$name $wall $rss $status" >>"$work/results"
	echo "  $name: ${wall}s, $((rss / 1024)) MB, exit $status" >&2
}

: >"$work/results"
: >"$work/same"
k=$((($(date +%s) % 100000) * 1000 + $$ % 1000))
targets=("$part")
if [ "$part" = all ]; then
	targets=(std corpus)
fi
for target in "${targets[@]}"; do
	case $target in
	std)
		pats=(std)
		vpats=(std)
		flags=()
		;;
	corpus | subset)
		file=packages.txt
		[ "$target" = subset ] && file=subset.txt
		mapfile -t pats < <(list "$file")
		mapfile -t vpats < <(vetpkgs "$file")
		flags=(-test=false)
		;;
	esac
	echo "$target: ${#pats[@]} patterns (go vet: ${#vpats[@]})" >&2
	measure "$target.vet" go vet "-printf.funcs=bench$k" "${vpats[@]}"
	k=$((k + 1))
	measure "$target.bodyclose" "$work/bodyclose" "${flags[@]}" "${pats[@]}"
	if [ -n "${BASE:-}" ]; then
		measure "$target.before" "$work/before" -json "${flags[@]}" "${pats[@]}"
	fi
	cache=()
	if $cached; then
		cache=("-cache=$work/cache.$target")
	fi
	measure "$target.cold" "$work/closewait" "${cache[@]}" -json "${flags[@]}" "${pats[@]}"
	if [ -n "${BASE:-}" ] && [ "$(awk -v n="$target.before" '$1 == n { print $4 }' "$work/results")" != killed ]; then
		if cmp -s "$work/$target.before.out" "$work/$target.cold.out"; then
			echo "$target: the JSON output of closewait before and cold is byte-identical" >>"$work/same"
		else
			echo "$target: the JSON output of closewait before and cold DIFFERS" >>"$work/same"
		fi
	fi
	if ! $cached; then
		continue # no cache: a second run would be a second cold one
	fi
	measure "$target.warm" "$work/closewait" "${cache[@]}" -json "${flags[@]}" "${pats[@]}"
	if ! cmp -s "$work/$target.cold.out" "$work/$target.warm.out"; then
		echo "bench-standalone.sh: $target: the warm run's findings differ from the cold run's" >&2
		exit 1
	fi
	echo "$target: the JSON output of closewait cold and warm is byte-identical" >>"$work/same"
done

echo
echo "$(go version | cut -d' ' -f3), $(nproc) cores (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)), one run each"
echo
echo "| target | run | wall (s) | × closewait cold | peak RSS (MB) | RSS × bodyclose | exit |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"
awk '
{ split($1, n, "."); t = n[1]; r = n[2]; order[++nr] = $1; tgt[$1] = t; run[$1] = r; wall[$1] = $2; rss[$1] = $3; st[$1] = $4 }
END {
	for (i = 1; i <= nr; i++) {
		k = order[i]; t = tgt[k]
		name = run[k] == "cold" ? "closewait cold" : run[k] == "warm" ? "closewait warm" : run[k] == "vet" ? "plain `go vet`" : run[k] == "before" ? "closewait before" : run[k]
		printf "| %s | %s | %.1f | %.2f | %.0f | %.2f | %s |\n", t, name, wall[k], wall[k] / wall[t ".cold"], rss[k] / 1024, rss[k] / rss[t ".bodyclose"], st[k]
	}
}' "$work/results"
if [ -s "$work/same" ]; then
	echo
	cat "$work/same"
fi
