#!/usr/bin/env bash
# Measures go vet -vettool=closewait against three baselines on the
# standard library and on the corpus (packages.txt), in one run, and
# prints a markdown table of medians and ratios.
#
# usage: testdata/corpus/bench.sh [-n RUNS] [-nowarm] [std|corpus|subset|all]
#
# Targets: std; corpus, the packages of packages.txt whose tests load too
# (go vet analyzes test files, and a few test packages import modules the
# corpus does not pin); subset, the packages of subset.txt (CI's subset);
# all, std and corpus. -nowarm skips the untimed warm-up runs, for a build
# cache already warm for the target.
#
# Tools, each run as go vet [-vettool=TOOL] on the same packages:
#   vet        plain go vet (its default analyzers)
#   floor      cmd/floor: a no-op analyzer requiring buildssa and ctrlflow
#              and declaring closewait's fact type, the cost any
#              SSA-based checker pays
#   bodyclose  github.com/timakin/bodyclose at the version of go.mod
#   closewait  this work tree's cmd/closewait, built with CGO_ENABLED=0 as
#              the README installs it (or CLOSEWAIT=/path/to/binary)
#
# The build cache is warmed first (one untimed run of each tool). go vet
# caches its results under the tool's ID (for a vet tool built from a
# module, a hash of its executable) and its flags, so each run gets a
# fresh ID: a copy of the tool with a run number appended to the
# executable (the program is unchanged), and for plain vet, whose ID is
# the Go version, an inert -printf.funcs=benchK. Every run analyzes every
# package again, dependencies included, but no package is recompiled; K
# is unique to the run and to this invocation of bench.sh.
# Wall time and peak RSS come from /usr/bin/time -v; peak RSS is that of
# the largest single process (the go command or one vet tool process).
# The runs of the tools are interleaved, RUNS rounds, and the medians
# compared. Diagnostics are expected (go vet exits 1 on them); a panic or
# an internal error in any tool fails the script.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
export GOWORK=off GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"

runs=3
part=all
warm=true
while [ $# -gt 0 ]; do
	case $1 in
	-n)
		runs=${2:?-n needs a number}
		shift
		;;
	-nowarm) warm=false ;;
	std | corpus | subset | all) part=$1 ;;
	*)
		echo "bench.sh: unknown argument $1 (usage: bench.sh [-n RUNS] [-nowarm] [std|corpus|subset|all])" >&2
		exit 2
		;;
	esac
	shift
done
if [ ! -x /usr/bin/time ]; then
	echo "bench.sh: needs GNU time (/usr/bin/time -v): apt-get install time" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${CLOSEWAIT:-}" ]; then
	cp "$CLOSEWAIT" "$work/closewait"
else
	# Built as the README installs it: static (CGO_ENABLED=0).
	(cd "$root" && CGO_ENABLED=0 go build -o "$work/closewait" ./cmd/closewait)
fi
go build -o "$work/floor" ./cmd/floor
go build -o "$work/bodyclose" github.com/timakin/bodyclose

tools=(vet floor bodyclose closewait)
targets=()
case $part in
all) targets=(std corpus) ;;
*) targets=("$part") ;;
esac

# The corpus packages whose test variants load.
# shellcheck disable=SC2046 # one argument per package
go list -e -test -f '{{if or .Error .DepsErrors}}{{.ImportPath}}{{end}}' $(grep -v -e '^#' -e '^[[:space:]]*$' packages.txt) |
	sed -n 's/^\([^ ]*\)\.test$/\1/p; s/^\([^ ]*\) \[.*$/\1/p; s/^\([^ []*\)$/\1/p' | sort -u >"$work/untestable"
grep -v -e '^#' -e '^[[:space:]]*$' packages.txt | grep -vxF -f "$work/untestable" >"$work/corpus.pkgs" || true

# patterns TARGET: the package patterns of a target.
patterns() {
	case $1 in
	std) echo std ;;
	corpus) cat "$work/corpus.pkgs" ;;
	subset) grep -v -e '^#' -e '^[[:space:]]*$' subset.txt ;;
	esac
}

# measure TOOL TARGET K: one go vet run; appends "wall_s rss_kb" to
# $work/TARGET.TOOL.
measure() {
	local tool=$1 target=$2 k=$3 args=()
	if [ "$tool" = vet ]; then
		args+=("-printf.funcs=bench$k")
	else
		rm -f "$work/run-"*
		cp "$work/$tool" "$work/run-$tool"
		printf 'bench%s' "$k" >>"$work/run-$tool"
		args+=("-vettool=$work/run-$tool")
	fi
	local status=0
	# shellcheck disable=SC2046 # one argument per package
	/usr/bin/time -v -o "$work/time" go vet "${args[@]}" $(patterns "$target") >/dev/null 2>"$work/err" || status=$?
	if grep -q -e '^go: ' -e 'no required module' -e 'missing go.sum' "$work/err"; then
		echo "bench.sh: go vet could not load $target for $tool:" >&2
		grep -e '^go: ' -e 'no required module' -e 'missing go.sum' "$work/err" | head -10 >&2
		exit 1
	fi
	if grep -q -e '^panic:' -e 'internal error' "$work/err"; then
		echo "bench.sh: $tool crashed on $target (go vet exit $status):" >&2
		grep -A20 -e '^panic:' -e 'internal error' "$work/err" | head -40 >&2
		exit 1
	fi
	if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
		echo "bench.sh: go vet with $tool on $target exited $status:" >&2
		tail -20 "$work/err" >&2
		exit 1
	fi
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
	echo "$wall $rss" >>"$work/$target.$tool"
	echo "  $target $tool run $k: ${wall}s, $((rss / 1024)) MB" >&2
}

# median FILE COLUMN
median() {
	sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# K: this invocation's start time and PID, then a counter.
k=$((($(date +%s) % 100000) * 100000 + ($$ % 1000) * 100))
for target in "${targets[@]}"; do
	echo "$target: $(patterns "$target" | wc -l) patterns" >&2
	for tool in "${tools[@]}"; do
		if $warm; then
			measure "$tool" "$target" "$k" # warms the build cache
		fi
		: >"$work/$target.$tool" # the warm-up run is not counted
	done
	k=$((k + 1))
	for ((r = 1; r <= runs; r++)); do
		for tool in "${tools[@]}"; do
			measure "$tool" "$target" "$k"
		done
		k=$((k + 1))
	done
done

echo
echo "$(go version | cut -d' ' -f3), $(nproc) cores (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)), medians of $runs runs, warm build cache, vet results not cached"
echo
echo "| target | tool | wall (s) | × floor | × plain vet | × bodyclose | peak RSS (MB) | RSS × floor |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for target in "${targets[@]}"; do
	fw=$(median "$work/$target.floor" 1)
	fr=$(median "$work/$target.floor" 2)
	vw=$(median "$work/$target.vet" 1)
	bw=$(median "$work/$target.bodyclose" 1)
	for tool in "${tools[@]}"; do
		w=$(median "$work/$target.$tool" 1)
		r=$(median "$work/$target.$tool" 2)
		awk -v t="$target" -v n="$tool" -v w="$w" -v r="$r" -v fw="$fw" -v fr="$fr" -v vw="$vw" -v bw="$bw" \
			'BEGIN { printf "| %s | %s | %.1f | %.2f | %.2f | %.2f | %.0f | %.2f |\n", t, n, w, w / fw, w / vw, w / bw, r / 1024, r / fr }'
	done
done
