package exporter

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// rulesDir is docs/deploy/prometheus at the module root, where operators
// find the rules beside the other deployment files.
var rulesDir = filepath.Join("..", "..", "..", "..", "docs", "deploy", "prometheus")

// needTool returns the path of the named program, skipping the test when
// it is missing, except under CI=true, where a missing tool fails it
// (.ci/run installs it: Debian package prometheus).
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := name + " not found in $PATH (install the Debian package prometheus: apt-get install -y prometheus)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true requires it")
	}
	t.Skip(msg)
	return ""
}

// TestPromtoolRules runs promtool check rules and promtool test rules on
// the alerting rules in docs/deploy/prometheus.
func TestPromtoolRules(t *testing.T) {
	promtool := needTool(t, "promtool")
	for _, args := range [][]string{
		{"check", "rules", filepath.Join(rulesDir, "closewait-rules.yml")},
		{"test", "rules", filepath.Join(rulesDir, "closewait-rules_test.yml")},
	} {
		out, err := exec.Command(promtool, args...).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "SUCCESS") {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
