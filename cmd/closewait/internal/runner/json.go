package runner

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
)

// The JSON output of x/tools' analysis drivers (checker.Graph.PrintJSON,
// unitchecker -json): package ID → analyzer → diagnostics or error.
type (
	jsonTextEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonSuggestedFix struct {
		Message string         `json:"message"`
		Edits   []jsonTextEdit `json:"edits"`
	}
	jsonDiagnostic struct {
		Category       string             `json:"category,omitempty"`
		Posn           string             `json:"posn"`
		End            string             `json:"end"`
		Message        string             `json:"message"`
		SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
		Related        []jsonRelatedInfo  `json:"related,omitempty"`
	}
	jsonRelatedInfo struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// PrintJSON writes the diagnostics of the root actions and the errors of
// all actions as checker.Graph.PrintJSON does.
func (r *Result) PrintJSON(w io.Writer) error {
	fset := r.Fset
	tree := make(map[string]map[string]any)
	for _, act := range r.Actions {
		var v any
		if act.Err != nil {
			v = jsonError{act.Err.Error()}
		} else if act.IsRoot && len(act.Diagnostics) > 0 {
			diags := make([]jsonDiagnostic, 0, len(act.Diagnostics))
			for _, d := range act.Diagnostics {
				var fixes []jsonSuggestedFix
				for _, fix := range d.SuggestedFixes {
					var edits []jsonTextEdit
					for _, e := range fix.TextEdits {
						edits = append(edits, jsonTextEdit{
							Filename: fset.Position(e.Pos).Filename,
							Start:    fset.Position(e.Pos).Offset,
							End:      fset.Position(e.End).Offset,
							New:      string(e.NewText),
						})
					}
					fixes = append(fixes, jsonSuggestedFix{Message: fix.Message, Edits: edits})
				}
				var related []jsonRelatedInfo
				for _, rel := range d.Related {
					related = append(related, jsonRelatedInfo{
						Posn:    fset.Position(rel.Pos).String(),
						End:     fset.Position(cmp.Or(rel.End, rel.Pos)).String(),
						Message: rel.Message,
					})
				}
				diags = append(diags, jsonDiagnostic{
					Category:       d.Category,
					Posn:           fset.Position(d.Pos).String(),
					End:            fset.Position(cmp.Or(d.End, d.Pos)).String(),
					Message:        d.Message,
					SuggestedFixes: fixes,
					Related:        related,
				})
			}
			v = diags
		}
		if v == nil {
			continue
		}
		m, ok := tree[act.Package.ID]
		if !ok {
			m = make(map[string]any)
			tree[act.Package.ID] = m
		}
		m[act.Analyzer.Name] = v
	}
	// A package that was not analyzed has, under each analyzer, the
	// error that says why, as go vet -json gives an analysis's error.
	for _, s := range r.Skipped {
		m, ok := tree[s.Package.ID]
		if !ok {
			m = make(map[string]any)
			tree[s.Package.ID] = m
		}
		for _, a := range r.analyzers {
			m[a.Name] = jsonError{"not analyzed: " + s.Reason}
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
