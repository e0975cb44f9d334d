package lint

import (
	"encoding/json"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/closewait/closewait/passes"
)

// sarifSchemaFile is the OASIS SARIF 2.1.0 (Errata 01) JSON schema, copied
// verbatim from oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json.
const sarifSchemaFile = "testdata/sarif/sarif-schema-2.1.0.json"

// validateSARIF validates a SARIF log against the official schema, with
// format assertions (uri, uri-reference) on.
func validateSARIF(t *testing.T, out string) {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, sarifSchemaFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schema, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, schema); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("output does not validate against the SARIF 2.1.0 schema: %v", err)
	}
}

// sarifLogT holds the parts of a SARIF log that the tests read.
type sarifLogT struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string    `json:"id"`
					ShortDescription sarifText `json:"shortDescription"`
					FullDescription  sarifText `json:"fullDescription"`
					HelpURI          string    `json:"helpUri"`
					Default          struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level   string    `json:"level"`
				Message sarifText `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			Level               string            `json:"level"`
			Message             sarifText         `json:"message"`
			Locations           []sarifLocation   `json:"locations"`
			RelatedLocations    []sarifLocation   `json:"relatedLocations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func parseSARIF(t *testing.T, out string) *sarifLogT {
	t.Helper()
	var log sarifLogT
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("SARIF output does not parse: %v\n%s", err, out)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with 1 run", log.Version, len(log.Runs))
	}
	return &log
}

// TestSARIF checks -format=sarif on the bundled example: the log
// validates against the official schema, has one rule per pass, and one
// result per LEAK mark, with the same message and related locations as
// the JSON output and artifact URIs relative to %SRCROOT%.
func TestSARIF(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	r := closewait(t, "-format=sarif", "./"+exampleDir)
	if r.code != exitLeaks {
		t.Fatalf("exit status %d, want %d\nstderr:\n%s", r.code, exitLeaks, r.stderr)
	}
	validateSARIF(t, r.stdout)
	run := parseSARIF(t, r.stdout).Runs[0]

	driver := run.Tool.Driver
	all := passes.All()
	if driver.Name != "closewait" || len(driver.Rules) != len(all) {
		t.Fatalf("driver %q with %d rules, want closewait with %d", driver.Name, len(driver.Rules), len(all))
	}
	for i, a := range all {
		rule := driver.Rules[i]
		if rule.ID != a.Name || rule.ShortDescription.Text != docTitle(a.Doc) ||
			rule.FullDescription.Text != a.Doc || rule.HelpURI != a.URL || rule.Default.Level != "warning" {
			t.Errorf("rule %d = %+v, want the %s pass", i, rule, a.Name)
		}
	}
	if got, want := run.OriginalURIBaseIDs[sarifSrcRoot].URI, fileURI(repoRoot)+"/"; got != want {
		t.Errorf("%s = %q, want %q", sarifSrcRoot, got, want)
	}
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v, want one successful", run.Invocations)
	}

	// Each result against the JSON output of the same run.
	jr := closewait(t, "-json", "./"+exampleDir)
	byPass := passFindings(t, jr.stdout)
	related := jsonRelated(t, jr.stdout)
	var fs []textFinding
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(driver.Rules) || driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %q: ruleIndex %d does not name its rule", res.RuleID, res.RuleIndex)
		}
		if res.Level != "warning" || len(res.Locations) != 1 {
			t.Errorf("result %q: level %q, %d locations; want warning, 1", res.RuleID, res.Level, len(res.Locations))
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != sarifSrcRoot || loc.ArtifactLocation.URI != exampleDir+"/main.go" {
			t.Errorf("result %q: artifact %+v, want %s/main.go under %s", res.RuleID, loc.ArtifactLocation, exampleDir, sarifSrcRoot)
		}
		if loc.Region == nil || loc.Region.StartColumn < 1 {
			t.Errorf("result %q: region %+v, want line and column", res.RuleID, loc.Region)
			continue
		}
		f := textFinding{loc.ArtifactLocation.URI, loc.Region.StartLine, res.Message.Text}
		fs = append(fs, f)
		if len(at(byPass[res.RuleID], f.file, f.line)) != 1 {
			t.Errorf("result %s at %s:%d: no such %s finding in the JSON output", res.RuleID, f.file, f.line, res.RuleID)
		}
		var got []string
		for _, rl := range res.RelatedLocations {
			got = append(got, fmt.Sprintf("%s:%d: %s", rl.PhysicalLocation.ArtifactLocation.URI, rl.PhysicalLocation.Region.StartLine, rl.Message.Text))
		}
		if want := related[fmt.Sprintf("%s:%d: %s", f.file, f.line, f.message)]; strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("result %s at %s:%d: related locations\n%s\nwant (from -json)\n%s", res.RuleID, f.file, f.line,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	checkLines(t, fs, marks(t, repoRoot, exampleDir))
}

// jsonRelated maps each finding of -json output, as "file:line: message"
// relative to the module root, to its related positions in the same form.
func jsonRelated(t *testing.T, out string) map[string][]string {
	t.Helper()
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	rel := func(posn, msg string) string {
		f := parseText(posn + ": " + msg)[0]
		if r, err := filepath.Rel(repoRoot, f.file); err == nil {
			f.file = filepath.ToSlash(r)
		}
		return fmt.Sprintf("%s:%d: %s", f.file, f.line, strings.TrimSpace(f.message))
	}
	m := make(map[string][]string)
	for _, passes := range rep {
		for _, raw := range passes {
			var diags []jsonDiag
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				var rs []string
				for _, r := range d.Related {
					rs = append(rs, rel(r.Posn, r.Message))
				}
				m[rel(d.Posn, d.Message)] = rs
			}
		}
	}
	return m
}

// TestSARIFCleanAndErrors checks SARIF for a clean package (no results,
// exit 0) and for a pattern that fails to load (exit 1, the error as a
// tool execution notification); both logs validate.
func TestSARIFCleanAndErrors(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)

	r := runIn(t, dir, closewaitBin, "-format=sarif", "./clean")
	if r.code != exitNoLeaks {
		t.Errorf("clean: exit status %d, want 0\n%s", r.code, r.stderr)
	}
	validateSARIF(t, r.stdout)
	run := parseSARIF(t, r.stdout).Runs[0]
	if run.Results == nil || len(run.Results) != 0 {
		t.Errorf("clean: results = %+v, want an empty array", run.Results)
	}

	r = runIn(t, dir, closewaitBin, "-format=sarif", "./nonexistent")
	if r.code != exitFailure {
		t.Errorf("bad pattern: exit status %d, want %d", r.code, exitFailure)
	}
	validateSARIF(t, r.stdout)
	run = parseSARIF(t, r.stdout).Runs[0]
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) == 0 ||
		!strings.Contains(inv.Notifications[0].Message.Text, "cannot load ./nonexistent") {
		t.Errorf("bad pattern: invocation %+v, want a failed one naming ./nonexistent", inv)
	}
}

// TestSARIFColumns checks the conversion of Go's byte columns to the
// UTF-16 code units that SARIF counts by default.
func TestSARIFColumns(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.go")
	src := "package x\n\nvar s = \"é😀\" + y\n" // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cols := make(columnMapper)
	for _, tc := range []struct{ byteCol, want int }{
		{1, 1},   // v
		{9, 9},   // opening quote
		{10, 10}, // é
		{12, 11}, // 😀
		{16, 13}, // closing quote
		{18, 15}, // +
		{20, 17}, // y
	} {
		if got := cols.column(token.Position{Filename: file, Line: 3, Column: tc.byteCol}); got != tc.want {
			t.Errorf("byte column %d: got UTF-16 column %d, want %d", tc.byteCol, got, tc.want)
		}
	}
	// Without the source, columns are passed through.
	if got := cols.column(token.Position{Filename: file + ".missing", Line: 3, Column: 18}); got != 18 {
		t.Errorf("missing file: got %d, want 18", got)
	}
}
