#!/usr/bin/env bash
# Runs closewait on the real-leak regression corpus: leaks that public Go
# projects fixed, listed in cases/*.tsv, each a module version with the
# leak (bad) and one with the fix (good). See README.md.
#
# usage: testdata/realleaks/run.sh [-update | -check] [-md] [-only ID[,ID…]]
#                                  [-kind conn|body|listener] [-j N]
#                                  [-cases DIR] [-golden FILE] [-cache DIR]
#
#   -update  write the verdicts of this run to results.golden
#   -check   compare the verdicts with results.golden: exit 1 on a
#            regression (a leak found before and now missed, a fixed
#            version clean before and now flagged, a case that errors)
#   -md      print the summary as a Markdown table on stdout
#   -only    run only these cases (comma-separated ids)
#   -kind    run only the cases of this kind
#   -j       analyze up to N module versions at a time (default 2)
#   -cases   read the case files from DIR instead of cases/
#   -golden  read and write FILE instead of results.golden
#   -cache   keep the scratch modules in DIR instead of
#            ${XDG_CACHE_HOME:-$HOME/.cache}/closewait-realleaks
#
# closewait is built from this work tree; CLOSEWAIT=/path/to/binary runs
# a prebuilt one instead. Each module version is analyzed in a scratch
# module of its own, fetched through the Go module proxy.
#
# Exit status: 0 on success, 1 when a case cannot be judged or -check
# finds a regression, 2 on bad usage or a malformed case file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
usage="usage: run.sh [-update | -check] [-md] [-only ID[,ID…]] [-kind conn|body|listener] [-j N] [-cases DIR] [-golden FILE] [-cache DIR]"

# Check the arguments before building anything; the runner checks their
# values again.
args=("$@")
while [ $# -gt 0 ]; do
	case $1 in
	-update | -check | -md | -only=* | -kind=* | -j=* | -cases=* | -golden=* | -cache=*) shift ;;
	-only | -kind | -j | -cases | -golden | -cache)
		if [ $# -lt 2 ]; then
			echo "run.sh: $1 needs a value ($usage)" >&2
			exit 2
		fi
		shift 2
		;;
	-h | -help | --help)
		echo "$usage"
		exit 0
		;;
	*)
		echo "run.sh: unknown argument $1 ($usage)" >&2
		exit 2
		;;
	esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${CLOSEWAIT:-}" ]; then
	cp "$CLOSEWAIT" "$work/closewait" # a prebuilt binary, to compare two engines
else
	(cd "$root" && go build -o "$work/closewait" ./cmd/closewait)
fi
(cd "$here" && GOWORK=off go build -o "$work/realleaks" .)

# The defaults come first: the arguments override them.
"$work/realleaks" -closewait "$work/closewait" -cases "$here/cases" -golden "$here/results.golden" "${args[@]}"
