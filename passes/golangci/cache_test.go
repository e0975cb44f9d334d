package golangci_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestSourceKey checks that the e2e binary's cache key changes with what
// the plugin is built from, and only with that.
func TestSourceKey(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	key := func(goVersion string) string {
		t.Helper()
		k, err := sourceKey(root, goVersion)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	write("go.mod", "module m\n")
	write("go.sum", "")
	write("a/a.go", "package a\n")
	base := key("go1")

	for _, tc := range []struct {
		rel, content string
		changes      bool
	}{
		{"a/a_test.go", "package a\n", false},
		{"a/testdata/x.go", "package x\n", false},
		{".hidden/h.go", "package h\n", false},
		{"README.md", "text\n", false},
		{"a/a.go", "package a // edited\n", true},
		{"b/b.go", "package b\n", true},
		{"go.mod", "module m\n\ngo 1.26\n", true},
		{"go.sum", "x v1 h1:y\n", true},
	} {
		before := key("go1")
		write(tc.rel, tc.content)
		if after := key("go1"); (after != before) != tc.changes {
			t.Errorf("writing %s: key changed = %v, want %v", tc.rel, after != before, tc.changes)
		}
	}
	if key("go1") == base {
		t.Errorf("key unchanged after editing sources")
	}
	if key("go1") == key("go2") {
		t.Errorf("key does not depend on the Go version")
	}
}

// TestPruneCache checks that the cache keeps the newest binaries only.
func TestPruneCache(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	names := []string{"golangci-lint-a", "golangci-lint-b", "golangci-lint-c", "golangci-lint-d", "building-x"}
	for i, n := range names {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, nil, 0o666); err != nil {
			t.Fatal(err)
		}
		// a is the newest, d the oldest.
		mt := now.Add(-time.Duration(i) * time.Hour)
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	pruneCache(dir, 2)
	left, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range left {
		left[i] = filepath.Base(left[i])
	}
	if want := []string{"building-x", "golangci-lint-a", "golangci-lint-b"}; !slices.Equal(left, want) {
		t.Errorf("after pruneCache(2): %v, want %v", left, want)
	}
}
