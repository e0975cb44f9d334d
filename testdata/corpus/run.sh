#!/usr/bin/env bash
# Runs every closewait pass over the corpus (the standard library and the
# modules pinned in go.mod) and compares the findings with findings.golden.
#
# usage: testdata/corpus/run.sh [-update] [-list] [all|std|corpus|subset]
#
#   all      the standard library and every package of packages.txt (default)
#   std      the standard library only
#   corpus   the packages of packages.txt only
#   subset   the packages of subset.txt: the bounded run of CI
#            (cmd/closewait/corpus_test.go)
#   -update  rewrite findings.golden from this run (with "all" only)
#   -list    regenerate packages.txt from the modules in go.mod, then stop
#
# closewait is built from this work tree; CLOSEWAIT=/path/to/binary runs
# a prebuilt one instead.
#
# It fails (exit 1) on a panic, an internal or analysis error, a package
# that does not load, and on any difference from findings.golden (limited
# to the packages of the part that ran), printed as a unified diff.
# Test files are not analyzed (-test=false): the corpus is production code.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
export GOWORK=off GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"

update=false
part=all
for arg in "$@"; do
	case $arg in
	-update) update=true ;;
	-list)
		# Every package of each pinned module that loads in this build
		# list; the benchmark's baselines (x/tools, bodyclose) are not
		# part of the corpus.
		{
			echo "# Packages the harness analyzes: every package of each corpus module that"
			echo "# loads in this module's build list. Regenerate with ./run.sh -list."
			for m in $(go list -m -f '{{if not .Indirect}}{{if not .Main}}{{.Path}}{{end}}{{end}}' all); do
				case $m in golang.org/x/tools | github.com/timakin/bodyclose | github.com/closewait/closewait) continue ;; esac
				go list -e -f '{{if or .Error .DepsErrors}}{{else}}{{.ImportPath}}{{end}}' "$m/..." | grep .
			done
		} >packages.txt
		echo "wrote $(grep -vc '^#' packages.txt) packages to packages.txt"
		exit 0
		;;
	all | std | corpus | subset) part=$arg ;;
	*)
		echo "run.sh: unknown argument $arg (usage: run.sh [-update] [-list] [all|std|corpus|subset])" >&2
		exit 2
		;;
	esac
done
if $update && [ "$part" != all ]; then
	echo "run.sh: -update rewrites the whole golden file: use it with 'all'" >&2
	exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${CLOSEWAIT:-}" ]; then
	cp "$CLOSEWAIT" "$work/closewait" # a prebuilt binary, to compare two engines
else
	(cd "$root" && go build -o "$work/closewait" ./cmd/closewait)
fi
go build -o "$work/findings" ./cmd/findings
goroot=$(go env GOROOT)
modcache=$(go env GOMODCACHE)

# list FILE: the package paths of FILE, without comments and blank lines.
list() { grep -v -e '^#' -e '^[[:space:]]*$' "$1"; }

# analyze NAME PATTERN...: runs closewait on the patterns and appends the
# normalized findings to $work/new; fails on anything but findings.
analyze() {
	local name=$1
	shift
	local status=0 start=$SECONDS
	"$work/closewait" -json -test=false "$@" >"$work/$name.json" 2>"$work/$name.err" || status=$?
	if [ "$status" -ne 0 ] && [ "$status" -ne 3 ] || [ -s "$work/$name.err" ]; then
		echo "run.sh: closewait failed on the $name part (exit $status):" >&2
		cat "$work/$name.err" >&2
		exit 1
	fi
	if ! "$work/findings" -goroot "$goroot" -modcache "$modcache" <"$work/$name.json" >"$work/$name.txt"; then
		echo "run.sh: analysis errors in the $name part" >&2
		exit 1
	fi
	cat "$work/$name.txt" >>"$work/new"
	echo "$name: $# patterns, $(wc -l <"$work/$name.txt") findings, $((SECONDS - start))s" >&2
}

: >"$work/new"
# A std package's path has no dot in its first element.
is_std='{ split($1, e, "/"); if (e[1] !~ /\./) print }'
not_std='{ split($1, e, "/"); if (e[1] ~ /\./) print }'
case $part in
all)
	analyze std std
	# shellcheck disable=SC2046 # one argument per package
	analyze corpus $(list packages.txt)
	cp findings.golden "$work/want" 2>/dev/null || : >"$work/want"
	;;
std)
	analyze std std
	awk -F'\t' "$is_std" findings.golden >"$work/want"
	;;
corpus)
	# shellcheck disable=SC2046
	analyze corpus $(list packages.txt)
	awk -F'\t' "$not_std" findings.golden >"$work/want"
	;;
subset)
	# shellcheck disable=SC2046
	analyze subset $(list subset.txt)
	list subset.txt | awk -F'\t' 'NR == FNR { keep[$1] = 1; next } $1 in keep' - findings.golden >"$work/want"
	;;
esac
LC_ALL=C sort -o "$work/new" "$work/new"

if $update; then
	cp "$work/new" findings.golden
	echo "wrote $(wc -l <findings.golden) findings to findings.golden" >&2
	exit 0
fi
if ! diff -u --label findings.golden --label "this run ($part)" "$work/want" "$work/new"; then
	echo "run.sh: the findings differ from findings.golden (review the diff; accept it with: testdata/corpus/run.sh -update, then triage every new line in TRIAGE.md)" >&2
	exit 1
fi
echo "run.sh: $part: $(wc -l <"$work/new") findings, as in findings.golden" >&2
