package trace

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCheckConfirms traces the bundled example in its serving mode with
// -check on its package, through the closewait command, and checks that
// the two leaks that make CLOSE_WAIT sockets are confirmed and the two
// others are not seen live.
func TestCheckConfirms(t *testing.T) {
	requireBPF(t)
	cw := buildClosewait(t)
	root, err := filepath.Abs("../../../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	example := filepath.Join(dir, "example")
	if out, err := exec.Command("go", "build", "-o", example, "github.com/closewait/closewait/testdata/example").CombinedOutput(); err != nil {
		t.Fatalf("go build example: %v\n%s", err, out)
	}
	ex := exec.Command(example, "serve")
	ex.Env = append(os.Environ(), "GOGC=off")
	stdout, err := ex.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { ex.Process.Kill(); ex.Wait() }()
	if !bufio.NewScanner(stdout).Scan() {
		t.Fatal("the example did not start serving")
	}

	cmd := exec.Command(cw, "trace", "-pid", strconv.Itoa(ex.Process.Pid), "-for", "3s", "-check", "./testdata/example")
	cmd.Dir = root
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Errorf("exit code %d, want 3; stderr:\n%s", code, &errs)
	}
	report := out.String()
	for _, tc := range []struct{ posn, mark string }{
		{"testdata/example/main.go:71:15", `confirmed: \d+ sockets in CLOSE_WAIT opened here`},
		{"testdata/example/main.go:122:15", `confirmed: \d+ sockets in CLOSE_WAIT opened here`},
		{"testdata/example/main.go:51:13", `not seen live`},
		{"testdata/example/main.go:131:15", `not seen live`},
	} {
		re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tc.posn) + `: .*\n\t` + tc.mark)
		if !re.MatchString(report) {
			t.Errorf("report lacks %s marked %q:\n%s", tc.posn, tc.mark, report)
		}
	}
	for _, site := range []string{"opened at testdata/example/main.go:71 in main.acceptAndEcho (accept)", "opened at testdata/example/main.go:122 in main.healthy (http request)"} {
		if !strings.Contains(report, site) {
			t.Errorf("report lacks the site %q:\n%s", site, report)
		}
	}
}
