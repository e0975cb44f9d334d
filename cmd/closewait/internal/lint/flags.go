package lint

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/cmd/closewait/internal/runner"
)

// Exit status of the standalone command.
const (
	exitNoLeaks  = 0 // no findings
	exitFailure  = 1 // bad patterns, packages that fail to load, analysis errors
	exitBadUsage = 2 // bad command line
	exitLeaks    = 3 // at least one finding
)

// checkOptions are the settings of one standalone run, from the command line.
type checkOptions struct {
	format    string // "text", "json" or "sarif"
	context   int    // -c: lines of context around each finding, or -1
	tests     bool   // -test: analyze test files too
	json      bool   // -json: same as -format=json
	fix, diff bool   // -fix, -diff: apply (or show) the suggested fixes
	version   bool   // -version: print the version and exit

	cache string // -cache: the cache directory, "off", or "" for the default

	baselineFile  string // -baseline: report only the findings not in this baseline file
	writeBaseline string // -write-baseline: record the findings in this file instead of reporting
	newFromRev    string // -new-from-rev: report only the findings on lines changed since this git revision

	base    *baseline  // -baseline, read
	changes *changeSet // -new-from-rev, from git

	listWithheld bool // -closewait.withheld given: list the withheld findings in -json output

	analyzers []*analysis.Analyzer // the passes to run
	cacheDir  string               // the cache directory to use, "" for none
	stderr    io.Writer            // for warnings
	progress  io.Writer            // for progress (a terminal), or nil
	patterns  []string             // package patterns
	dir       string               // directory the patterns are relative to, if not the working one
}

// newCheckFlagSet returns the standalone command's flags, bound to o. Each
// analyzer gets an enable flag -NAME, and each of its own flags appears
// as -NAME.FLAG, as in multichecker (and so under go vet).
func newCheckFlagSet(o *checkOptions, all []*analysis.Analyzer, enabled map[*analysis.Analyzer]*passFlag) *flag.FlagSet {
	fs := flag.NewFlagSet("closewait", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors and usage are printed by parseCheckArgs
	fs.StringVar(&o.format, "format", "text", "output `format`: text (to stderr), json or sarif (to stdout)")
	fs.BoolVar(&o.json, "json", false, "emit JSON output; same as -format=json")
	fs.IntVar(&o.context, "c", -1, "with text output, display the offending line with this many `lines` of context")
	fs.BoolVar(&o.tests, "test", true, "analyze test files too")
	fs.BoolVar(&o.fix, "fix", false, "apply all suggested fixes instead of reporting (to files of the main module only, never through a symbolic link out of it)")
	fs.BoolVar(&o.diff, "diff", false, "don't update the files, but print the suggested fixes as a unified diff (implies -fix)")
	fs.StringVar(&o.cache, "cache", "", "cache `directory` of analysis results (default: closewait under the user's cache directory); off: no cache")
	fs.StringVar(&o.baselineFile, "baseline", "", "report only the findings not recorded in this baseline `file` (see -write-baseline)")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record every finding in this baseline `file` (replaced atomically) instead of reporting them, and exit 0")
	fs.StringVar(&o.newFromRev, "new-from-rev", "", "report only the findings whose acquisition or leaking exit is on a line changed since this git `revision` (git diff REV, and untracked files)")
	fs.BoolVar(&o.version, "version", false, "print closewait's version (module version, VCS revision, Go version) and exit")
	for _, a := range all {
		ts := new(passFlag)
		enabled[a] = ts
		fs.Var(ts, a.Name, fmt.Sprintf("enable the %s pass: %s", a.Name, docTitle(a.Doc)))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	return fs
}

// parseCheckArgs parses the standalone command line. It returns nil options
// and the exit status when the run ends here: after -help (status 0) or
// on a bad command line (status 2, with the reason on stderr).
func parseCheckArgs(args []string, all []*analysis.Analyzer, stdout, stderr io.Writer) (*checkOptions, int) {
	o := new(checkOptions)
	enabled := make(map[*analysis.Analyzer]*passFlag)
	fs := newCheckFlagSet(o, all, enabled)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCheckUsage(stdout, fs, all)
			return nil, exitNoLeaks
		}
		return nil, checkUsageError(stderr, "%v", err)
	}
	o.patterns = fs.Args()
	var err error
	if o.listWithheld, err = countWithheld(fs); err != nil {
		return nil, checkUsageError(stderr, "%v", err)
	}
	if o.version {
		fmt.Fprintln(stdout, versionLine())
		return nil, exitNoLeaks
	}
	if len(o.patterns) > 0 && o.patterns[0] == "help" {
		return nil, runHelp(stdout, stderr, fs, all, o.patterns[1:])
	}
	if len(o.patterns) == 0 {
		return nil, checkUsageError(stderr, "no packages to analyze (try 'closewait ./...')")
	}
	for _, p := range o.patterns {
		if strings.HasPrefix(p, "-") {
			return nil, checkUsageError(stderr, "flag %s after the packages: flags must come before the packages", p)
		}
	}
	if o.json {
		formatSet := false
		fs.Visit(func(f *flag.Flag) { formatSet = formatSet || f.Name == "format" })
		if formatSet && o.format != "json" {
			return nil, checkUsageError(stderr, "-json conflicts with -format=%s", o.format)
		}
		o.format = "json"
	}
	switch o.format {
	case "text", "json", "sarif":
	default:
		return nil, checkUsageError(stderr, "unknown -format %q (want text, json or sarif)", o.format)
	}
	o.fix = o.fix || o.diff
	if o.fix && o.format != "text" {
		return nil, checkUsageError(stderr, "-fix and -diff cannot be combined with -format=%s", o.format)
	}
	if o.writeBaseline != "" {
		for _, c := range []struct {
			set  bool
			flag string
		}{{o.baselineFile != "", "-baseline"}, {o.newFromRev != "", "-new-from-rev"}, {o.fix, "-fix and -diff"}, {o.format != "text", "-format=" + o.format}} {
			if c.set {
				return nil, checkUsageError(stderr, "-write-baseline records every finding: it cannot be combined with %s", c.flag)
			}
		}
	}
	for _, name := range []*string{&o.baselineFile, &o.writeBaseline} {
		if *name != "" {
			abs, err := filepath.Abs(*name)
			if err != nil {
				return nil, checkUsageError(stderr, "%v", err)
			}
			*name = abs
		}
	}
	o.analyzers = selectAnalyzers(all, enabled)
	switch o.cache {
	case "off":
	case "":
		o.cacheDir, _ = runner.DefaultCacheDir() // none without a home directory
	default:
		o.cacheDir = o.cache
	}
	return o, exitNoLeaks
}

// checkUsageError prints a command-line error and returns exitBadUsage.
func checkUsageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "closewait: "+format+"\n", args...)
	fmt.Fprintln(stderr, "Run 'closewait -help' for usage.")
	return exitBadUsage
}

// selectAnalyzers applies the enable flags as multichecker does: if any
// -NAME flag is true, only those passes run; otherwise, if any is false,
// all but those run; otherwise all run.
func selectAnalyzers(all []*analysis.Analyzer, enabled map[*analysis.Analyzer]*passFlag) []*analysis.Analyzer {
	var hasTrue, hasFalse bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == passOn
		hasFalse = hasFalse || *ts == passOff
	}
	var keep []*analysis.Analyzer
	for _, a := range all {
		switch {
		case hasTrue && *enabled[a] != passOn:
		case !hasTrue && hasFalse && *enabled[a] == passOff:
		default:
			keep = append(keep, a)
		}
	}
	return keep
}

// title returns the first line of an analyzer's Doc.
func docTitle(doc string) string {
	first, _, _ := strings.Cut(doc, "\n")
	return first
}

// A passFlag is a bool flag that remembers whether it was set at all.
type passFlag int

const (
	passUnset passFlag = iota
	passOn
	passOff
)

func (ts *passFlag) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return errors.New("want true or false")
	}
	*ts = passOff
	if b {
		*ts = passOn
	}
	return nil
}

func (ts *passFlag) String() string {
	if ts != nil && *ts == passOff {
		return "false"
	}
	return "true"
}

func (ts *passFlag) Get() any         { return *ts != passOff }
func (ts *passFlag) IsBoolFlag() bool { return true }

// loadFilters reads the baseline and the git changes that o's flags name,
// before any analysis, so a bad file or revision fails at once. It
// returns false, having said why on stderr, if one cannot be read.
func (o *checkOptions) loadFilters(stderr io.Writer) bool {
	var err error
	if o.baselineFile != "" {
		if o.base, err = readBaseline(o.baselineFile); err != nil {
			fmt.Fprintf(stderr, "closewait: %v\n", err)
			return false
		}
	}
	if o.newFromRev != "" {
		if o.changes, err = gitChanges(o.dir, o.newFromRev); err != nil {
			fmt.Fprintf(stderr, "closewait: %v\n", err)
			return false
		}
	}
	return true
}
