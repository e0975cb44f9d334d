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
#            (cmd/closewait/internal/lint/corpus_test.go)
#   -update  rewrite findings.golden from this run (with "all" only), then
#            check ledger.tsv
#   -list    regenerate packages.txt from the modules in go.mod, then stop
#
# closewait is built from this work tree; CLOSEWAIT=/path/to/binary runs
# a prebuilt one instead.
#
# The corpus part runs closewait in chunks of whole modules (the packages
# of packages.txt grouped by module, in order, at most CORPUS_CHUNK
# packages a chunk, 60 unless set; a larger module is a chunk of its own),
# one process a chunk, not one over all of them: a single process over
# the whole corpus needs too much memory (11 GiB for 30 modules). A
# package's findings do not depend on the other root packages of its
# process (the facts of its dependencies are computed in every process),
# so the sorted findings are those of one process over all packages.
#
# It fails (exit 1) on a panic, an internal or analysis error, a package
# that does not load, and on any difference from findings.golden (limited
# to the packages of the part that ran), printed as a unified diff.
# Test files are not analyzed (-test=false): the corpus is production code;
# packages with only test files are left out of the lists given to closewait.
#
# Then it replays the triage, ledger.tsv (one line per finding, tab-separated:
# file:line as in findings.golden, pass, verdict real|false|unclear, slice
# tuned, heldback or heldbackN (a numbered held-back slice: heldback3,
# heldback4, heldback5), why), and fails on: a finding of this run without a
# ledger line; a finding labelled false whose why does not start with
# "known limitation:" (a false positive came back, fixed ones included:
# their why starts with "fixed:"); a finding labelled real, in a package
# of the part that ran, that this run no longer finds (unless its why
# starts with "missed:": a real leak the engine stopped reporting on
# purpose, recorded as a recall loss). Ledger lines of findings that are
# gone stay as history.
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
			done | awk '!seen[$0]++' # $m/... also matches nested modules (aws-sdk-go-v2/service/s3)
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

# Peak RSS of each closewait process, where GNU time is installed.
timed=()
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	timed=(/usr/bin/time -f %M -o "$work/rss")
fi

# analyze NAME PATTERN...: runs closewait on the patterns and appends the
# normalized findings to $work/new; fails on anything but findings.
analyze() {
	local name=$1
	shift
	local status=0 start=$SECONDS file=${name//\//_} rss=""
	: >"$work/rss"
	"${timed[@]}" "$work/closewait" -json -test=false "$@" >"$work/$file.json" 2>"$work/$file.err" || status=$?
	# The count of findings withheld as uncertain is not an error.
	sed -i '/^closewait: [0-9]* uncertain findings* withheld /d' "$work/$file.err"
	if [ "$status" -ne 0 ] && [ "$status" -ne 3 ] || [ -s "$work/$file.err" ]; then
		echo "run.sh: closewait failed on the $name part (exit $status):" >&2
		cat "$work/$file.err" >&2
		exit 1
	fi
	if ! "$work/findings" -goroot "$goroot" -modcache "$modcache" <"$work/$file.json" >"$work/$file.txt"; then
		echo "run.sh: analysis errors in the $name part" >&2
		exit 1
	fi
	cat "$work/$file.txt" >>"$work/new"
	if [ -s "$work/rss" ]; then
		rss=", $(($(tail -n 1 "$work/rss") / 1024)) MB peak RSS"
		tail -n 1 "$work/rss" >>"$work/rss.all"
	fi
	echo "$name: $# patterns, $(wc -l <"$work/$file.txt") findings, $((SECONDS - start))s$rss" >&2
}

# analyze_by_module NAME FILE: analyzes the packages listed in FILE in
# chunks of whole modules, in order: a chunk takes modules while it has at
# most $chunk packages (a larger module is a chunk of its own), and one
# closewait process analyzes each chunk.
chunk=${CORPUS_CHUNK:-60}
analyze_by_module() {
	local name=$1 file=$2 start=$SECONDS n=0 i
	local -a chunks pkgs
	# shellcheck disable=SC2046 # one argument per package
	# Packages with only _test.go files are left out: under -test=false
	# closewait names them as not analyzed, and exits 1.
	go list -find -f '{{if or .GoFiles .CgoFiles}}{{.ImportPath}}{{"\t"}}{{with .Module}}{{.Path}}{{end}}{{end}}' $(list "$file") | grep -v '^$' >"$work/modules.tsv"
	if awk -F'\t' '$2 == "" { print "run.sh: " $1 " is in no module"; bad = 1 } END { exit !bad }' "$work/modules.tsv" >&2; then
		exit 1
	fi
	# $work/chunks.tsv: chunk number, package; the chunks' names in $work/chunks.
	awk -F'\t' -v max="$chunk" '
	!($2 in size) { order[++nmod] = $2 }
	{ size[$2]++; pkgs[$2] = pkgs[$2] $1 "\n" }
	END {
		for (i = 1; i <= nmod; i++) {
			m = order[i]
			if (n == 0 || count + size[m] > max) {
				n++
				count = 0
				name[n] = m
				nmods[n] = 0
			}
			count += size[m]
			nmods[n]++
			np = split(pkgs[m], p, "\n")
			for (j = 1; j < np; j++) print n "\t" p[j] > CHUNKS
		}
		for (c = 1; c <= n; c++)
			print name[c] (nmods[c] > 1 ? " +" (nmods[c] - 1) : "") > NAMES
	}' CHUNKS="$work/chunks.tsv" NAMES="$work/chunks" "$work/modules.tsv"
	mapfile -t chunks <"$work/chunks"
	: >"$work/rss.all"
	for i in "${!chunks[@]}"; do
		mapfile -t pkgs < <(awk -F'\t' -v c=$((i + 1)) '$1 == c { print $2 }' "$work/chunks.tsv")
		analyze "$name/${chunks[i]}" "${pkgs[@]}"
		n=$((n + ${#pkgs[@]}))
	done
	local peak=""
	if [ -s "$work/rss.all" ]; then
		peak=", largest peak RSS $(($(sort -n "$work/rss.all" | tail -n 1) / 1024)) MB"
	fi
	echo "$name: $n packages of $(awk -F'\t' '!seen[$2]++' "$work/modules.tsv" | wc -l) modules in ${#chunks[@]} processes, $((SECONDS - start))s$peak" >&2
}

# std_packages lists std's packages but those with only _test.go files,
# which closewait -test=false names as not analyzed (exiting 1).
std_packages() { go list -f '{{if or .GoFiles .CgoFiles}}{{.ImportPath}}{{end}}' std | grep -v '^$'; }

: >"$work/new"
# A std package's path has no dot in its first element.
is_std='{ split($1, e, "/"); if (e[1] !~ /\./) print }'
not_std='{ split($1, e, "/"); if (e[1] ~ /\./) print }'
case $part in
all)
	analyze std $(std_packages)
	analyze_by_module corpus packages.txt
	cp findings.golden "$work/want" 2>/dev/null || : >"$work/want"
	{ go list std && list packages.txt; } >"$work/ran"
	;;
std)
	analyze std $(std_packages)
	awk -F'\t' "$is_std" findings.golden >"$work/want"
	go list std >"$work/ran"
	;;
corpus)
	analyze_by_module corpus packages.txt
	awk -F'\t' "$not_std" findings.golden >"$work/want"
	list packages.txt >"$work/ran"
	;;
subset)
	# shellcheck disable=SC2046
	analyze subset $(list subset.txt)
	list subset.txt | awk -F'\t' 'NR == FNR { keep[$1] = 1; next } $1 in keep' - findings.golden >"$work/want"
	list subset.txt >"$work/ran"
	;;
esac
LC_ALL=C sort -o "$work/new" "$work/new"

# check_ledger: replays ledger.tsv on the findings of this run ($work/new,
# the packages of the part that ran in $work/ran); prints every problem
# and fails if there is one.
check_ledger() {
	if [ ! -f ledger.tsv ]; then
		echo "run.sh: ledger.tsv is missing" >&2
		return 1
	fi
	# A ledger line's package: its file's directory, without the @version.
	awk -F'\t' -v part="$part" '
	FILENAME == ARGV[1] { ran[$1] = 1; next }
	FILENAME == ARGV[2] {
		if ($0 ~ /^#/ || $0 ~ /^[[:space:]]*$/) next
		where = "ledger.tsv:" FNR ": "
		if (NF != 5) { bad(where "want 5 tab-separated fields (file:line, pass, verdict, slice, why), have " NF); next }
		if ($3 != "real" && $3 != "false" && $3 != "unclear") bad(where "verdict " $3 " is not real, false or unclear")
		if ($4 != "tuned" && $4 !~ /^heldback[0-9]*$/) bad(where "slice " $4 " is not tuned, heldback or heldbackN")
		if ($5 ~ /^fixed:/ && $3 != "false") bad(where "a fixed finding must be labelled false")
		if ($5 ~ /^missed:/ && $3 != "real") bad(where "a missed finding must be labelled real")
		key = $1 "\t" $2
		if (key in verdict) { bad(where "a second line for " $1 " (" $2 ")"); next }
		verdict[key] = $3
		why[key] = $5
		pkg = $1
		sub(/@[^\/]*/, "", pkg)
		sub(/\/[^\/]*$/, "", pkg)
		pkgof[key] = pkg
		next
	}
	{
		key = $2 "\t" $3
		found[key] = 1
		if (!(key in verdict))
			bad("untriaged finding " $2 " (" $3 "): label it in ledger.tsv")
		else if (verdict[key] == "false" && why[key] !~ /^known limitation:/)
			bad("a false positive came back: " $2 " (" $3 "), labelled: " why[key])
	}
	END {
		for (key in verdict)
			if (verdict[key] == "real" && why[key] !~ /^missed:/ && pkgof[key] in ran && !(key in found)) {
				split(key, k, "\t")
				bad("lost a real finding: " k[1] " (" k[2] ") is no longer found")
			}
		exit (nbad > 0)
	}
	function bad(msg) { print "run.sh: " msg; nbad++ }
	' "$work/ran" ledger.tsv "$work/new" | LC_ALL=C sort >&2 || {
		echo "run.sh: $part: the findings do not match ledger.tsv (triage each finding there: see TRIAGE.md)" >&2
		return 1
	}
	echo "run.sh: $part: every finding is labelled in ledger.tsv, no real one lost, no false positive back" >&2
}

if $update; then
	cp "$work/new" findings.golden
	echo "wrote $(wc -l <findings.golden) findings to findings.golden" >&2
	check_ledger || exit 1
	exit 0
fi
if ! diff -u --label findings.golden --label "this run ($part)" "$work/want" "$work/new"; then
	echo "run.sh: the findings differ from findings.golden (review the diff; accept it with: testdata/corpus/run.sh -update, then label every new line in ledger.tsv)" >&2
	exit 1
fi
echo "run.sh: $part: $(wc -l <"$work/new") findings, as in findings.golden" >&2
check_ledger || exit 1
