package lint

import (
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes files (path relative to dir → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFixOnlyMainModule runs -fix and -diff on code with a safe fix that
// lies outside the main module: a dependency (a module in a replacement
// directory, as the module cache or GOROOT would be: the go command says
// it is not the main module), and a file of the main module that is a
// symbolic link to a file outside it. As root nothing in the permissions
// stops the write; closewait must refuse, name the file and why, leave it
// unchanged and exit 1.
func TestFixOnlyMainModule(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	leaky, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "vetmod", "leaky", "leaky.go"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"main/go.mod":      "module example.com/main\n\ngo 1.26\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n",
		"main/main.go":     "package main\n\nimport _ \"example.com/dep/leaky\"\n\nfunc main() {}\n",
		"dep/go.mod":       "module example.com/dep\n\ngo 1.26\n",
		"dep/leaky/x.go":   string(leaky),
		"outside/leaky.go": string(leaky),
	})
	main := filepath.Join(root, "main")
	if err := os.MkdirAll(filepath.Join(main, "link"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside", "leaky.go"), filepath.Join(main, "link", "leaky.go")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pkg, file, why string
	}{
		{"example.com/dep/leaky", filepath.Join(root, "dep", "leaky", "x.go"), "it is not a file of the main module"},
		{"./link", filepath.Join(root, "outside", "leaky.go"), "it is a symbolic link to " + filepath.Join(root, "outside", "leaky.go") + ", outside the main module's directory"},
	} {
		for _, flag := range []string{"-fix", "-diff"} {
			r := runIn(t, main, closewaitBin, flag, tc.pkg)
			if r.code != exitFailure || !strings.Contains(r.stderr, "closewait: not changing ") ||
				!strings.Contains(r.stderr, tc.why) || !strings.Contains(r.stderr, "(2 fixes not applied)") {
				t.Errorf("%s %s: exit %d, want 1 and %q:\n%s", flag, tc.pkg, r.code, tc.why, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("%s %s printed a diff:\n%s", flag, tc.pkg, r.stdout)
			}
			if got, _ := os.ReadFile(tc.file); string(got) != string(leaky) {
				t.Errorf("%s %s changed %s", flag, tc.pkg, tc.file)
			}
		}
	}
	if fi, err := os.Lstat(filepath.Join(main, "link", "leaky.go")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symbolic link was replaced: %v, %v", fi, err)
	}
}

// TestFixFormatting checks the text a fix inserts in a file that is not
// gofmt-formatted (indented with spaces, a comment after the error
// check's closing brace): the inserted line takes the file's indentation
// and goes after the comment, which stays on its line; -diff shows the
// same change and, since it changes nothing, exits 3. In a
// gofmt-formatted file, the fixed file is gofmt-formatted.
func TestFixFormatting(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := t.TempDir()
	const src = `package fmtfix

import "net"

// Ping is indented with spaces, and its error check ends in a comment.
func Ping(addr string) error {
    c, err := net.Dial("tcp", addr)
    if err != nil {
        return err
    } // no conn to close
    _, err = c.Write([]byte("ping"))
    return err
}
`
	want := strings.Replace(src, "    } // no conn to close\n", "    } // no conn to close\n    defer c.Close()\n", 1)
	writeFiles(t, dir, map[string]string{"go.mod": "module example.com/fmtfix\n\ngo 1.26\n", "spaces.go": src})
	file := filepath.Join(dir, "spaces.go")

	r := runIn(t, dir, closewaitBin, "-diff", "./...")
	if r.code != exitLeaks {
		t.Errorf("-diff: exit %d, want 3 (the leak is still there)\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "     } // no conn to close\n+    defer c.Close()\n") {
		t.Errorf("-diff output:\n%s\nwant the defer added, indented with spaces, after the comment", r.stdout)
	}
	r = runIn(t, dir, closewaitBin, "-fix", "./...")
	if r.code != exitNoLeaks {
		t.Errorf("-fix: exit %d, want 0\n%s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(file); string(got) != want {
		t.Errorf("after -fix:\n%s\nwant\n%s", got, want)
	}

	formatted, err := format.Source([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"spaces.go": string(formatted)})
	r = runIn(t, dir, closewaitBin, "-fix", "./...")
	got, _ := os.ReadFile(file)
	if again, err := format.Source(got); r.code != exitNoLeaks || err != nil || string(again) != string(got) || !strings.Contains(string(got), "\tdefer c.Close()\n") {
		t.Errorf("-fix on a gofmt-formatted file: exit %d, result not gofmt-formatted or without the fix (%v):\n%s", r.code, err, got)
	}
}
