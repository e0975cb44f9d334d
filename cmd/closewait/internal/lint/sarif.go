package lint

import (
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// This file writes a checkResult as a SARIF 2.1.0 log: one run of the tool
// closewait, with one rule per pass and one result per finding. Artifact
// URIs are relative to the main module's directory, the base %SRCROOT%,
// so that code scanning services can map them onto a checkout. Columns
// are counted in UTF-16 code units, the SARIF default.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifSrcRoot = "%SRCROOT%"
	toolURI      = "https://github.com/closewait/closewait"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
	// Properties holds "withheld": the number of findings withheld as
	// uncertain (see setAsideWithheld), when there are any.
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string           `json:"id"`
	Name                 string           `json:"name"`
	ShortDescription     sarifText        `json:"shortDescription"`
	FullDescription      sarifText        `json:"fullDescription"`
	HelpURI              string           `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleDefault `json:"defaultConfiguration"`
}

type sarifRuleDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	// PartialFingerprints holds the finding's fingerprint, the one
	// -baseline matches: code scanning tracks a result across commits
	// by it, however the lines around it shift.
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
}

// sarifFingerprintKey names closewait's fingerprint in partialFingerprints;
// the suffix is its version, changed if the fingerprint ever is.
const sarifFingerprintKey = "closewaitFinding/v1"

type sarifLocation struct {
	ID               int                   `json:"id,omitempty"` // 1-based, for related locations
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// printSARIF writes r to w as a SARIF 2.1.0 log.
func printSARIF(w io.Writer, r *checkResult) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "closewait",
			Version:        toolVersion(),
			InformationURI: toolURI,
			Rules:          []sarifRule{},
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(r.errors) == 0}},
		ColumnKind:  "utf16CodeUnits",
		Results:     []sarifResult{},
	}
	if root := fileURI(r.root); root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
			sarifSrcRoot: {URI: strings.TrimSuffix(root, "/") + "/"},
		}
	}
	for _, e := range r.errors {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{e}})
	}
	if note := r.withheldNote(); note != "" {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
			sarifNotification{Level: "note", Message: sarifText{note}})
		run.Properties = map[string]any{"withheld": r.withheld}
	}
	ruleIndex := make(map[*analysis.Analyzer]int)
	for i, a := range r.analyzers {
		ruleIndex[a] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     sarifText{docTitle(a.Doc)},
			FullDescription:      sarifText{a.Doc},
			HelpURI:              a.URL,
			DefaultConfiguration: sarifRuleDefault{Level: "warning"},
		})
	}
	cols := make(columnMapper)
	for _, f := range r.findings {
		res := sarifResult{
			RuleID:    f.analyzer.Name,
			RuleIndex: ruleIndex[f.analyzer],
			Level:     "warning",
			Message:   sarifText{f.diag.Message},
			Locations: []sarifLocation{r.location(cols, f.fset, f.diag.Pos, f.diag.End)},
		}
		if f.fingerprint != "" {
			res.PartialFingerprints = map[string]string{sarifFingerprintKey: f.fingerprint}
		}
		for i, rel := range f.diag.Related {
			loc := r.location(cols, f.fset, rel.Pos, rel.End)
			loc.ID = i + 1
			loc.Message = &sarifText{rel.Message}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// location returns the SARIF location of the source range [pos, end).
func (r *checkResult) location(cols columnMapper, fset *token.FileSet, pos, end token.Pos) sarifLocation {
	start := fset.Position(pos)
	var loc sarifLocation
	loc.PhysicalLocation.ArtifactLocation = r.artifact(start.Filename)
	if start.Line > 0 {
		reg := &sarifRegion{StartLine: start.Line}
		if start.Column > 0 {
			reg.StartColumn = cols.column(start)
		}
		if stop := fset.Position(end); end.IsValid() && stop.Filename == start.Filename && stop.Line >= start.Line {
			reg.EndLine = stop.Line
			if stop.Column > 0 {
				reg.EndColumn = cols.column(stop)
			}
		}
		loc.PhysicalLocation.Region = reg
	}
	return loc
}

// artifact returns the location of file: relative to %SRCROOT% if the
// file is under the module root, an absolute file URI otherwise.
func (r *checkResult) artifact(file string) sarifArtifactLocation {
	if rel, err := filepath.Rel(r.root, file); err == nil && filepath.IsLocal(rel) {
		u := &url.URL{Path: filepath.ToSlash(rel)}
		return sarifArtifactLocation{URI: u.String(), URIBaseID: sarifSrcRoot}
	}
	return sarifArtifactLocation{URI: fileURI(file)}
}

// fileURI returns the file URI of an absolute path, or "".
func fileURI(path string) string {
	if !filepath.IsAbs(path) {
		return ""
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// toolVersion returns the main module's version, if the build records one.
func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return ""
}

// A columnMapper converts Go's byte-based columns to UTF-16 code units,
// reading each source file at most once.
type columnMapper map[string][]string

// column returns posn's 1-based column in UTF-16 code units.
func (m columnMapper) column(posn token.Position) int {
	lines, ok := m[posn.Filename]
	if !ok {
		data, err := os.ReadFile(posn.Filename)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		m[posn.Filename] = lines
	}
	if posn.Line > len(lines) || posn.Column-1 > len(lines[posn.Line-1]) {
		return posn.Column // no source: assume ASCII
	}
	prefix := lines[posn.Line-1][:posn.Column-1]
	n := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRuneInString(prefix)
		prefix = prefix[size:]
		n += utf16.RuneLen(r)
	}
	return n + 1
}
