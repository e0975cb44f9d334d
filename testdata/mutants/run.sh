#!/usr/bin/env bash
# Runs the mutation benchmark: real functions of the corpus's modules
# with one closing statement removed where that leaks (mutants.tsv), each
# judged against its unmutated function (the control). See README.md.
#
# usage: testdata/mutants/run.sh [-update | -check] [-md] [-subset]
#                                [-only ID[,ID…]] [-mutants FILE]
#                                [-golden FILE] [-cache DIR]
#
#   -update  write the verdicts of this run to results.golden
#   -check   compare the verdicts with results.golden: exit 1 on a
#            regression (a mutant detected before and now missed, a
#            control clean before and now flagged, a mutant that errors)
#   -md      print the tables as Markdown on stdout
#   -subset  run only the mutants of subset.txt (what CI runs)
#   -only    run only these mutants (comma-separated ids)
#   -mutants read FILE instead of mutants.tsv
#   -golden  read and write FILE instead of results.golden
#   -cache   keep the scratch modules in DIR instead of
#            ${XDG_CACHE_HOME:-$HOME/.cache}/closewait-mutants
#
# closewait is built from this work tree (CGO_ENABLED=0); CLOSEWAIT=
# /path/to/binary runs a prebuilt one instead. Each module version is a
# writable copy in a scratch module with the build list of
# testdata/corpus/go.mod; modules come through the Go module proxy.
#
# Exit status: 0 on success, 1 when a mutant cannot be judged or -check
# finds a regression, 2 on bad usage or a malformed mutant file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
usage="usage: run.sh [-update | -check] [-md] [-subset] [-only ID[,ID…]] [-mutants FILE] [-golden FILE] [-cache DIR]"

args=("$@")
while [ $# -gt 0 ]; do
	case $1 in
	-update | -check | -md | -subset | -only=* | -mutants=* | -golden=* | -cache=*) shift ;;
	-only | -mutants | -golden | -cache)
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
	(cd "$root" && CGO_ENABLED=0 go build -o "$work/closewait" ./cmd/closewait)
fi
(cd "$here" && GOWORK=off go build -o "$work/mutants" .)

# The defaults come first: the arguments override them.
"$work/mutants" -closewait "$work/closewait" -corpus "$root/testdata/corpus" \
	-mutants "$here/mutants.tsv" -golden "$here/results.golden" -subset-file "$here/subset.txt" "${args[@]}"
