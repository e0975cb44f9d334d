package trace

import (
	"archive/zip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// leakdep is a module with a leak at v1.0.0, fixed at v1.1.0 (which also
// moves the lines). Its Greet reads a server's greeting.
var leakdep = map[string]string{
	"v1.0.0": `package leakdep

import "net"

// Greet reads the greeting of the server at addr.
func Greet(addr string) error {
	c, err := net.Dial("tcp", addr) // SITE(greet)
	if err != nil {
		return err
	}
	buf := make([]byte, 64)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	return c.Close()
}
`,
	"v1.1.0": `package leakdep

import "net"

// Greet reads the greeting of the server at addr.
//
// Since v1.1.0 it closes the connection on every path.
func Greet(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	buf := make([]byte, 64)
	_, err = c.Read(buf)
	return err
}
`,
}

// appMain is a program that greets a server that hangs up, through
// leakdep, speaking the test programs' ready/go/done protocol.
const appMain = `package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"example.com/leakdep"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	fmt.Println("ready")
	in := bufio.NewReader(os.Stdin)
	if _, err := in.ReadString('\n'); err != nil {
		return
	}
	for i := 0; i < 3; i++ {
		leakdep.Greet(ln.Addr().String())
	}
	time.Sleep(200 * time.Millisecond)
	fmt.Println("done")
	io.Copy(io.Discard, in)
}
`

// moduleWorld is a module proxy in a directory holding leakdep's two
// versions, a module cache of its own and an application module using
// leakdep, with the environment of go commands that use them offline.
type moduleWorld struct {
	app string
	env []string
}

func newModuleWorld(t *testing.T) *moduleWorld {
	t.Helper()
	dir := t.TempDir()
	proxy := filepath.Join(dir, "proxy", "example.com", "leakdep", "@v")
	if err := os.MkdirAll(proxy, 0o755); err != nil {
		t.Fatal(err)
	}
	var list []string
	for v, src := range leakdep {
		list = append(list, v)
		mod := "module example.com/leakdep\n\ngo 1.21\n"
		writeFile(t, filepath.Join(proxy, v+".mod"), mod)
		writeFile(t, filepath.Join(proxy, v+".info"), fmt.Sprintf(`{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, v))
		f, err := os.Create(filepath.Join(proxy, v+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		z := zip.NewWriter(f)
		for name, content := range map[string]string{"go.mod": mod, "greet.go": src} {
			w, err := z.Create("example.com/leakdep@" + v + "/" + name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(content))
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	writeFile(t, filepath.Join(proxy, "list"), strings.Join(list, "\n")+"\n")
	cache := filepath.Join(dir, "modcache")
	// The module cache's files are read-only: make them removable.
	t.Cleanup(func() { exec.Command("chmod", "-R", "u+w", cache).Run() })
	w := &moduleWorld{
		app: filepath.Join(dir, "app"),
		env: append(os.Environ(), "GOPROXY=file://"+filepath.Join(dir, "proxy"), "GOSUMDB=off", "GOMODCACHE="+cache,
			"GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local"),
	}
	writeFile(t, filepath.Join(w.app, "go.mod"), "module example.com/app\n\ngo 1.21\n\nrequire example.com/leakdep v1.0.0\n")
	writeFile(t, filepath.Join(w.app, "main.go"), appMain)
	return w
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run runs a command in the application module.
func (w *moduleWorld) run(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = w.app, w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// build builds the application into a directory every user can read.
func (w *moduleWorld) build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "app")
	os.Chmod(filepath.Dir(bin), 0o755)
	w.run(t, "go", "build", "-o", bin, ".")
	return bin
}

// TestCheckBinaryVersions traces a program built with leakdep v1.0.0 (the
// leak) from a checkout that now requires v1.1.0 (the fix), with -check
// on leakdep's package: the static passes must analyse v1.0.0, the
// version in the binary, so that the leak is confirmed; and the site is
// named by its module, version and path.
func TestCheckBinaryVersions(t *testing.T) {
	requireBPF(t)
	cw := buildClosewait(t)
	w := newModuleWorld(t)
	bin := w.build(t)
	w.run(t, "go", "get", "example.com/leakdep@v1.1.0")
	l := startLeaker(t, nil, bin)
	code, out, errs := traceCommand(t, cw, l, 3, w.app, w.env, "-check", "example.com/leakdep")
	if code != 3 {
		t.Errorf("exit code %d, want 3; stderr:\n%s", code, errs)
	}
	if !strings.Contains(errs, "the static passes analyse the module versions of the binary, not the ones here: example.com/leakdep v1.0.0 (here v1.1.0)") {
		t.Errorf("no note on the versions analysed:\n%s", errs)
	}
	line := 0
	for i, l := range strings.Split(leakdep["v1.0.0"], "\n") {
		if strings.Contains(l, "SITE(greet)") {
			line = i + 1
		}
	}
	site := fmt.Sprintf("3 sockets in CLOSE_WAIT opened at example.com/leakdep@v1.0.0/greet.go:%d in example.com/leakdep.Greet (dial)\n", line)
	if !strings.Contains(out, site) {
		t.Errorf("report lacks the site %q:\n%s", site, out)
	}
	re := regexp.MustCompile(fmt.Sprintf(`(?m)^example\.com/leakdep@v1\.0\.0/greet\.go:%d:\d+: net\.Conn c from net\.Dial is not closed.*\n\tconfirmed: 3 sockets in CLOSE_WAIT opened here\n`, line))
	if !re.MatchString(out) {
		t.Errorf("the finding of v1.0.0 is not confirmed:\n%s", out)
	}
}

// TestCheckOtherRevision traces a program built from a git checkout that
// has moved on since: -check on the checkout's packages is refused before
// tracing, naming both revisions.
func TestCheckOtherRevision(t *testing.T) {
	requireBPF(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is needed: %v", err)
	}
	w := newModuleWorld(t)
	git := func(args ...string) {
		w.run(t, "git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	}
	git("init", "-q")
	w.run(t, "go", "mod", "tidy")
	git("add", ".")
	git("commit", "-q", "-m", "first")
	bin := w.build(t)
	writeFile(t, filepath.Join(w.app, "doc.go"), "// Command app greets.\npackage main\n")
	git("add", ".")
	git("commit", "-q", "-m", "second")
	l := startLeaker(t, nil, bin)
	cw := buildClosewait(t)
	code, out, errs := traceCommand(t, cw, l, 0, w.app, w.env, "-for", "1h", "-check", "./...")
	if code != 2 || out != "" || strings.Contains(errs, "tracing pid") ||
		!regexp.MustCompile(`-check: the binary was built from revision [0-9a-f]{12} of example\.com/app, and the checkout in \S+ is at [0-9a-f]{12}`).MatchString(errs) {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 before tracing, naming both revisions", code, out, errs)
	}
}
