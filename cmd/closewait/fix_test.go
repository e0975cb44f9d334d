package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestFix checks that -fix rewrites the files exactly as the suggested
// fixes of the -json output describe (whatever fixes the passes offer),
// and that -diff leaves the files alone.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)
	leaky := filepath.Join(dir, "leaky", "leaky.go")
	orig, err := os.ReadFile(leaky)
	if err != nil {
		t.Fatal(err)
	}

	r := runIn(t, dir, closewaitBin, "-json", "./leaky")
	want := applyJSONFixes(t, r.stdout, leaky, orig)

	if r := runIn(t, dir, closewaitBin, "-fix", "-diff", "./leaky"); r.code != 0 {
		t.Errorf("-fix -diff: exit status %d\n%s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(leaky); string(got) != string(orig) {
		t.Errorf("-fix -diff changed %s", leaky)
	}

	if r := runIn(t, dir, closewaitBin, "-fix", "./leaky"); r.code != 0 {
		t.Errorf("-fix: exit status %d\n%s", r.code, r.stderr)
	}
	got, err := os.ReadFile(leaky)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("after -fix, %s is\n%s\nwant (the -json suggested fixes applied)\n%s", leaky, got, want)
	}
}

// applyJSONFixes applies to src, the contents of file, every edit of
// every suggested fix in -json output that targets file.
func applyJSONFixes(t *testing.T, out, file string, src []byte) string {
	t.Helper()
	var rep map[string]map[string][]struct {
		Fixes []struct {
			Edits []struct {
				Filename   string `json:"filename"`
				Start, End int
				New        string `json:"new"`
			} `json:"edits"`
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	type edit struct {
		start, end int
		text       string
	}
	seen := make(map[edit]bool)
	var edits []edit
	for _, passes := range rep {
		for _, diags := range passes {
			for _, d := range diags {
				for _, f := range d.Fixes {
					for _, e := range f.Edits {
						k := edit{e.Start, e.End, e.New}
						if e.Filename == file && !seen[k] {
							seen[k] = true
							edits = append(edits, k)
						}
					}
				}
			}
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	s := string(src)
	for _, e := range edits {
		s = s[:e.start] + e.text + s[e.end:]
	}
	return s
}
