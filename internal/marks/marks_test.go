package marks

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// driverFixtures are the modules that real drivers run on, relative to
// the module root: each marks its leaks with // LEAK(pass).
var driverFixtures = []string{
	"testdata/example",
	"testdata/vetmod/leaky",
	"testdata/vetfacts/app",
	"testdata/precommit/leaky",
	"testdata/adopt/base",
	"testdata/adopt/shift",
	"testdata/adopt/shiftonly",
	"passes/golangci/testdata/mod",
}

// TestDriverFixtures checks that every driver fixture has marks and that
// each names a pass of passes/.
func TestDriverFixtures(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, dir := range driverFixtures {
		for _, m := range Find(t, filepath.Join(root, dir)) {
			if fi, err := os.Stat(filepath.Join(root, "passes", m.Pass)); err != nil || !fi.IsDir() || m.Pass == "internal" || m.Pass == "golangci" {
				t.Errorf("%s/%s: LEAK(%s) names no pass", dir, m, m.Pass)
			}
		}
	}
}

// TestFind checks what is and is not a mark, and the order of Find.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.go", "package p\n// LEAK(connleak) in a doc comment\nx := f() // LEAK(bodyleak)\n")
	write(t, dir, "a.go", strings.Repeat("\n", 9)+"c := g() // LEAK(connleak): why\nd := h() // NEW LEAK(connleak)\n")
	got := fmt.Sprint(Find(t, dir))
	if want := "[a.go:10 b.go:3]"; got != want {
		t.Errorf("Find = %s, want %s", got, want)
	}
	if ms := Find(t, dir); ms[0].Pass != "connleak" || ms[1].Pass != "bodyleak" {
		t.Errorf("passes %q and %q, want connleak and bodyleak", ms[0].Pass, ms[1].Pass)
	}
	if got, want := Lines(t, dir), []string{"a.go:10", "b.go:3"}; !slices.Equal(got, want) {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

// TestFindFails checks that a LEAK comment without its pass, and a
// directory without marks, fail the test.
func TestFindFails(t *testing.T) {
	for name, text := range map[string]string{
		"bare": "package p\nc := g() // LEAK\n",
		"none": "package p\n",
		"typo": "package p\nc := g() //LEAK(\n",
	} {
		dir := t.TempDir()
		write(t, dir, "a.go", text)
		ft := &fatalT{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			Find(ft, dir)
		}()
		<-done
		if ft.msg == "" {
			t.Errorf("%s: Find did not fail on %q", name, text)
		}
	}
}

// fatalT records the first Fatalf and ends the goroutine, as t.Fatalf does.
type fatalT struct {
	testing.TB
	msg string
}

func (f *fatalT) Helper() {}

func (f *fatalT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (f *fatalT) Fatal(args ...any) {
	f.msg = fmt.Sprint(args...)
	runtime.Goexit()
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
}
