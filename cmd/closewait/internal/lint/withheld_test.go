package lint

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

const withheldDir = "./testdata/withheld"

// withheldLine is the line of testdata/withheld/fetch.go marked WITHHELD.
const withheldLine = 14

// TestWithheldCounted checks that a finding withheld as uncertain (a body
// read to io.EOF) is not reported, nor counted in the exit status, but is
// counted on stderr and in SARIF, and listed, with its category, in the
// JSON output only when -closewait.withheld asks; that -closewait.drained
// reports it; and that -closewait.withheld=false stops the count.
func TestWithheldCounted(t *testing.T) {
	t.Parallel()
	warmDefaultCache(t)
	const note = "closewait: 1 uncertain finding withheld"

	r := closewait(t, withheldDir)
	if r.code != exitNoLeaks || !strings.Contains(r.stderr, note) || len(parseText(r.stderr)) != 0 {
		t.Errorf("text: exit %d, want %d, with the note %q and no finding; stderr:\n%s", r.code, exitNoLeaks, note, r.stderr)
	}

	for _, tc := range []struct {
		flags []string
		want  []string
	}{
		{[]string{"-json"}, nil}, // the x/tools format: findings only
		{[]string{"-json", "-closewait.withheld"}, []string{"bodyleak withheld fetch.go:14:15"}},
	} {
		r = closewait(t, append(tc.flags, withheldDir)...)
		var tree map[string]map[string][]struct {
			Category string `json:"category"`
			Posn     string `json:"posn"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
			t.Fatalf("%v: %v\n%s", tc.flags, err, r.stdout)
		}
		var listed []string
		for _, byPass := range tree {
			for pass, diags := range byPass {
				for _, d := range diags {
					listed = append(listed, pass+" "+d.Category+" "+d.Posn[strings.LastIndex(d.Posn, "/")+1:])
				}
			}
		}
		if r.code != exitNoLeaks || !strings.Contains(r.stderr, note) || !slices.Equal(listed, tc.want) {
			t.Errorf("%v: exit %d, diagnostics %q; want exit %d, %q and the note on stderr:\n%s", tc.flags, r.code, listed, exitNoLeaks, tc.want, r.stderr)
		}
	}

	r = closewait(t, "-format=sarif", withheldDir)
	var log struct {
		Runs []struct {
			Results    []json.RawMessage `json:"results"`
			Properties map[string]int    `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("-format=sarif: %v, %d runs\n%s", err, len(log.Runs), r.stdout)
	}
	if run := log.Runs[0]; r.code != exitNoLeaks || len(run.Results) != 0 || run.Properties["withheld"] != 1 {
		t.Errorf("-format=sarif: exit %d, %d results, properties %v; want exit %d, no result, withheld 1", r.code, len(run.Results), run.Properties, exitNoLeaks)
	}

	r = closewait(t, "-closewait.drained", withheldDir)
	fs := parseText(r.stderr)
	if r.code != exitLeaks || len(fs) != 1 || fs[0].line != withheldLine || strings.Contains(r.stderr, note) {
		t.Errorf("-closewait.drained: exit %d, findings %v; want exit %d and one finding at line %d, no note; stderr:\n%s", r.code, fs, exitLeaks, withheldLine, r.stderr)
	}

	r = closewait(t, "-closewait.withheld=false", withheldDir)
	if r.code != exitNoLeaks || strings.Contains(r.stderr, "withheld") {
		t.Errorf("-closewait.withheld=false: exit %d, want %d and no note; stderr:\n%s", r.code, exitNoLeaks, r.stderr)
	}
}
