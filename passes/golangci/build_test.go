package golangci_test

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// golangciLint is the golangci-lint module and version that the plugin
// targets; the README's golangci-lint section names the same version.
const (
	golangciLintModule  = "github.com/golangci/golangci-lint/v2"
	golangciLintVersion = "v2.15.0"
	ourModule           = "github.com/closewait/closewait"
	pluginImport        = ourModule + "/passes/golangci"
)

// goCmd runs the go command in dir and returns its standard output,
// failing the test on error.
func goCmd(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, stderr.String())
	}
	return out
}

// downloadGolangciLint downloads golangci-lint's module into the module
// cache and returns go mod download's JSON description of it.
func downloadGolangciLint(t *testing.T) (dir, gomod string) {
	t.Helper()
	var m struct{ Dir, GoMod string }
	out := goCmd(t, ".", "mod", "download", "-json", golangciLintModule+"@"+golangciLintVersion)
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" || m.GoMod == "" {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}
	return m.Dir, m.GoMod
}

// requirement returns the version that the go.mod file at path requires
// of module, or "".
func requirement(t *testing.T, path, module string) string {
	t.Helper()
	var mf struct {
		Require []struct{ Path, Version string }
	}
	if err := json.Unmarshal(goCmd(t, ".", "mod", "edit", "-json", path), &mf); err != nil {
		t.Fatal(err)
	}
	for _, r := range mf.Require {
		if r.Path == module {
			return r.Version
		}
	}
	return ""
}

// repoRoot returns the directory of our go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	gomod := strings.TrimSpace(string(goCmd(t, ".", "env", "GOMOD")))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("not in a module")
	}
	return filepath.Dir(gomod)
}

// TestXToolsMatchesGolangciLint checks that our golang.org/x/tools pin is
// the one golangci-lint requires, so that building golangci-lint with the
// plugin neither upgrades its analysis framework nor ours, and that both
// require the same plugin-module-register.
func TestXToolsMatchesGolangciLint(t *testing.T) {
	_, theirs := downloadGolangciLint(t)
	ours := filepath.Join(repoRoot(t), "go.mod")
	for _, mod := range []string{"golang.org/x/tools", "github.com/golangci/plugin-module-register"} {
		o, g := requirement(t, ours, mod), requirement(t, theirs, mod)
		if o == "" || o != g {
			t.Errorf("%s: our go.mod requires %q, golangci-lint %s requires %q", mod, o, golangciLintVersion, g)
		}
	}
}

// buildGolangciLint returns the path of a golangci-lint binary built with
// the plugin, the documented manual way, since golangci-lint custom clones
// golangci-lint from its repository: the README's "Offline build" commands,
// run as written with this working tree as the checkout (copy
// golangci-lint's module from the module cache, add
// cmd/golangci-lint/plugins.go importing the plugin, require and replace
// our module with the checkout, and build).
//
// The binary is cached under os.UserCacheDir()/closewait-e2e, keyed by the
// hash of our module's non-test Go files, go.mod, go.sum, the Go version
// and golangci-lint's version; a key change rebuilds it, and the cache
// keeps the last few binaries only.
func buildGolangciLint(t *testing.T) string {
	t.Helper()
	bin, failure := build(t)
	if failure != "" {
		t.Fatal(failure)
	}
	return bin
}

func build(t *testing.T) (bin, failure string) {
	t.Helper()
	root := repoRoot(t)
	// The key covers the README's build commands too: a change to them
	// builds again, so the test runs them as they are.
	key, err := sourceKey(root, strings.TrimSpace(string(goCmd(t, ".", "env", "GOVERSION")))+"\x00"+readmeSnippet(t, root, "golangci-offline"))
	if err != nil {
		return "", err.Error()
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	cache = filepath.Join(cache, "closewait-e2e")
	bin = filepath.Join(cache, "golangci-lint-"+key)
	if _, err := os.Stat(bin); err == nil {
		t.Logf("using cached %s", bin)
		return bin, ""
	}

	modDir, _ := downloadGolangciLint(t)
	// The README's offline build, as written, with this working tree as
	// the checkout; mktemp -d makes its directory under a TMPDIR of ours.
	script := strings.ReplaceAll(readmeSnippet(t, root, "golangci-offline"), "/path/to/closewait", root)
	tmpdir := t.TempDir()
	t.Logf("building golangci-lint %s with the plugin, by the README's commands (slow)", golangciLintVersion)
	sh := exec.Command("bash", "-e", "-c", script)
	sh.Dir, sh.Env = t.TempDir(), append(os.Environ(), "TMPDIR="+tmpdir)
	if out, err := sh.CombinedOutput(); err != nil {
		return "", fmt.Sprintf("the README's offline build failed: %v\n%s\n%s", err, script, out)
	}
	built, _ := filepath.Glob(filepath.Join(tmpdir, "*", "golangci-lint", "golangci-lint-closewait"))
	if len(built) != 1 {
		return "", fmt.Sprintf("the README's offline build left %d golangci-lint-closewait under %s, want 1", len(built), tmpdir)
	}
	src := filepath.Dir(built[0])
	if err := os.MkdirAll(cache, 0o777); err != nil {
		return "", err.Error()
	}
	tmp, err := os.CreateTemp(cache, "building-*")
	if err != nil {
		return "", err.Error()
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	data, err := os.ReadFile(built[0])
	if err == nil {
		err = os.WriteFile(tmp.Name(), data, 0o755)
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o755) // CreateTemp made it 0600
	}
	if err != nil {
		return "", err.Error()
	}

	// The build must not have moved golangci-lint's x/tools.
	if got := strings.TrimSpace(string(goCmd(t, src, "list", "-m", "-f", "{{.Version}}", "golang.org/x/tools"))); got != requirement(t, filepath.Join(modDir, "go.mod"), "golang.org/x/tools") {
		return "", "building with the plugin changed golangci-lint's golang.org/x/tools to " + got
	}

	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", err.Error()
	}
	pruneCache(cache, keepBinaries)
	return bin, ""
}

// readmeSnippet returns the fenced block that follows the
// "<!-- readme-test: NAME -->" line of the user documentation, README.md
// and docs/*.md, which must hold that line exactly once.
func readmeSnippet(t *testing.T, root, name string) string {
	t.Helper()
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	for _, path := range append([]string{filepath.Join(root, "README.md")}, docs...) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		md.Write(text)
		md.WriteString("\n")
	}
	marker := "<!-- readme-test: " + name + " -->\n"
	if n := strings.Count(md.String(), marker); n != 1 {
		t.Fatalf("README.md and docs/*.md hold %d %q, want 1", n, strings.TrimSpace(marker))
	}
	_, rest, _ := strings.Cut(md.String(), marker)
	fence, rest, ok := strings.Cut(rest, "\n")
	if !ok || !strings.HasPrefix(fence, "```") {
		t.Fatalf("%q is not followed by a fenced block", strings.TrimSpace(marker))
	}
	body, _, ok := strings.Cut(rest, "```\n")
	if !ok {
		t.Fatalf("the block after %q does not end", strings.TrimSpace(marker))
	}
	return body
}

// keepBinaries is how many built binaries the cache keeps: more than one,
// so that concurrent test runs of different trees do not delete each
// other's binary between building and running it.
const keepBinaries = 3

// pruneCache removes all but the keep most recently built binaries in dir.
func pruneCache(dir string, keep int) {
	bins, _ := filepath.Glob(filepath.Join(dir, "golangci-lint-*"))
	type built struct {
		path string
		mod  int64
	}
	var all []built
	for _, b := range bins {
		if fi, err := os.Stat(b); err == nil {
			all = append(all, built{b, fi.ModTime().UnixNano()})
		}
	}
	slices.SortFunc(all, func(a, b built) int { return cmp.Compare(b.mod, a.mod) }) // newest first
	for i := keep; i < len(all); i++ {
		os.Remove(all[i].path)
	}
}

// sourceKey hashes what the plugin binary depends on in our module: every
// non-test .go file outside testdata and hidden directories, go.mod and
// go.sum, plus the Go version and golangci-lint's version.
func sourceKey(root, goVersion string) (string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) || path == filepath.Join(root, "go.mod") || path == filepath.Join(root, "go.sum") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(files)
	h := sha256.New()
	io.WriteString(h, goVersion+"\x00"+golangciLintModule+"@"+golangciLintVersion+"\x00")
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		io.WriteString(h, filepath.ToSlash(rel)+"\x00")
		sum := sha256.Sum256(data)
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
