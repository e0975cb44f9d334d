package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScratchGoMod(t *testing.T) {
	in := "module github.com/closewait/closewait/testdata/corpus\n\ngo 1.26\n\nrequire github.com/hashicorp/yamux v0.1.2\n\nreplace github.com/closewait/closewait => ../..\n"
	got, err := scratchGoMod([]byte(in), "/repo", "github.com/hashicorp/yamux")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"module mutants.scratch\n",
		"replace github.com/closewait/closewait => /repo\n",
		"replace github.com/hashicorp/yamux => ./src\n",
		"require github.com/hashicorp/yamux v0.1.2\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("scratch go.mod lacks %q:\n%s", want, got)
		}
	}
	if _, err := scratchGoMod([]byte("go 1.26\n"), "/repo", "m"); err == nil {
		t.Errorf("no module line: no error")
	}
	if _, err := scratchGoMod([]byte(in), "/repo", "github.com/closewait/closewait"); err == nil {
		t.Errorf("a module the corpus replaces: no error")
	}
}

func TestCopyTreeRestore(t *testing.T) {
	from, to := t.TempDir(), filepath.Join(t.TempDir(), "src")
	if err := os.MkdirAll(filepath.Join(from, "sub"), 0o555); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(from, "sub", "a.go"), []byte("package a\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := copyTree(from, to); err != nil {
		t.Fatal(err)
	}
	s := &scratch{src: to, pristine: from}
	name := filepath.Join(to, "sub", "a.go")
	if err := os.WriteFile(name, []byte("mutated\n"), 0o666); err != nil {
		t.Fatalf("the copy is not writable: %v", err)
	}
	if err := s.restore([]string{"sub/a.go"}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(name); string(data) != "package a\n" {
		t.Errorf("restored %q", data)
	}
}
