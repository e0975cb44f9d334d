package lint

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/passes"
)

// readmeAnchors returns the anchors that GitHub gives the headings of a
// markdown file: the heading's text lowercased, without characters other
// than letters, digits, spaces, hyphens and underscores, spaces turned
// into hyphens, and "-1", "-2", … appended to repeats. Headings inside
// fenced code blocks are not headings.
func readmeAnchors(md string) map[string]bool {
	anchors := make(map[string]bool)
	seen := make(map[string]int)
	fenced := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimLeft(line, "#")
		if len(line)-len(text) > 6 || !strings.HasPrefix(text, " ") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(text)) {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteByte('-')
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			anchors[a+"-"+strconv.Itoa(n)] = true
		} else {
			anchors[a] = true
		}
		seen[a]++
	}
	return anchors
}

func TestReadmeAnchorsAlgorithm(t *testing.T) {
	got := readmeAnchors("# A b\n## `go vet` tool\n```\n# not a heading\n```\n### A b\n#nope\n## From a growing CLOSE_WAIT count to the line of code\n")
	for _, want := range []string{"a-b", "go-vet-tool", "a-b-1", "from-a-growing-close_wait-count-to-the-line-of-code"} {
		if !got[want] {
			t.Errorf("no anchor %q in %v", want, got)
		}
	}
	if len(got) != 4 {
		t.Errorf("anchors %v, want 4", got)
	}
}

// repoURL matches the links to the README that the code emits.
var repoURL = regexp.MustCompile(`https://github\.com/closewait/closewait(#[A-Za-z0-9_-]*)?`)

// TestReadmeAnchors checks that every link into the README that closewait
// emits (the analyzers' URL fields, which SARIF's helpUri and 'closewait
// help PASS' print, and the help text itself) names an anchor that a
// heading of the README defines.
func TestReadmeAnchors(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	md, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := readmeAnchors(string(md))
	sources := map[string]string{}
	for _, a := range append(passes.All(), analyzer.Analyzer) {
		sources["URL of "+a.Name] = a.URL
	}
	var help bytes.Buffer
	all := passes.All()
	fs := newCheckFlagSet(new(checkOptions), all, make(map[*analysis.Analyzer]*passFlag))
	printCheckUsage(&help, fs, all)
	for _, a := range all {
		runHelp(&help, io.Discard, fs, all, []string{a.Name})
	}
	sources["closewait help"] = help.String()
	if closewaitBin != "" {
		dir := t.TempDir()
		copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)
		r := runIn(t, dir, closewaitBin, "-format=sarif", "./...")
		sources["SARIF"] = r.stdout
		if !strings.Contains(r.stdout, `"helpUri"`) {
			t.Errorf("SARIF has no helpUri:\n%s", r.stdout)
		}
	}
	links := 0
	for src, text := range sources {
		for _, m := range repoURL.FindAllStringSubmatch(text, -1) {
			if m[1] == "" {
				continue
			}
			links++
			if !anchors[m[1][1:]] {
				t.Errorf("%s links to %s, but no README heading has the anchor %s", src, m[0], m[1])
			}
		}
	}
	if links < 8 {
		t.Errorf("found %d links with anchors, want at least the passes' in their URLs and in help", links)
	}
}
