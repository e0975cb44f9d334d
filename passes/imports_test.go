package passes_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

// The import rules of the module (each package's doc.go states its own):
//
//   - the engine (analyzer/...) imports neither the passes nor the
//     commands nor the runtime library (runtimeLibrary): the passes depend
//     on the engine, and the static and runtime halves share nothing;
//   - a pass (passes/NAME) imports no other pass and not the list of
//     passes (package passes) (its tests may: they check how passes work
//     together); what two passes share lives in passes/internal (the
//     provider behind connreuse, which ignorecheck reads too);
//   - the runtime library (sockstate/... and the internal packages it
//     shares with the runtime commands) imports neither the analyzers nor
//     golang.org/x/tools, so that test binaries that import sockstate stay
//     small;
//   - a command (cmd/closewait/internal/NAME) imports no other command;
//     the runtime commands (sockets, exporter, trace) import neither the
//     analyzers nor golang.org/x/tools, and the linter (lint, with its
//     runner) does not import the runtime library;
//   - what several commands share lives in a package of its own under
//     cmd/closewait/internal (sharedPackages), which imports no command,
//     and, being runtime code, neither the analyzers nor golang.org/x/tools;
//   - nothing outside cmd/ imports a package of cmd/.
//
// The other rules hold for the tests of the packages too.

const module = "github.com/closewait/closewait"

// runtimeLibrary are the packages of the runtime half outside cmd/: the
// sockstate test helper and the internal packages under it, which the
// runtime commands share.
var runtimeLibrary = []string{"sockstate", "internal/sockscan", "internal/procfs", "internal/holder"}

// inRuntimeLibrary reports whether rel (a path in the module) is in the
// runtime library.
func inRuntimeLibrary(rel string) bool {
	return slices.ContainsFunc(runtimeLibrary, func(dir string) bool { return rel == dir || strings.HasPrefix(rel, dir+"/") })
}

// sharedPackages are the packages under cmd/closewait/internal that are
// not commands but code that commands share, each with who shares it.
var sharedPackages = map[string]string{
	"gotrace": "the eBPF uprobes and symbolization of trace and exporter -trace",
}

// A listedPackage is what the rules read of a package from go list.
type listedPackage struct {
	ImportPath string   // with " [p.test]" for a test variant
	ForTest    string   // for a test variant: the package under test
	Deps       []string // transitive imports, possibly test variants
}

// importRuleViolations returns the broken import rules of pkg, one line
// each.
func importRuleViolations(pkg listedPackage) []string {
	name := basePath(pkg.ImportPath)
	test := pkg.ForTest != ""
	if test {
		name = pkg.ForTest // an in-package or external test
	}
	var bad []string
	for _, d := range pkg.Deps {
		dep := basePath(d)
		if why := forbidden(name, dep, test); why != "" {
			bad = append(bad, fmt.Sprintf("%s imports %s: %s", pkg.ImportPath, dep, why))
		}
	}
	return bad
}

// forbidden returns why pkg, or its tests if test, may not import dep
// (directly or not), or "".
func forbidden(pkg, dep string, test bool) string {
	rel, ok := strings.CutPrefix(pkg, module+"/")
	if !ok || dep == pkg {
		return ""
	}
	depRel, inModule := strings.CutPrefix(dep, module+"/")
	under := func(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }
	switch {
	case inModule && under(depRel, "cmd") && !under(rel, "cmd"):
		return "only commands import cmd/"
	case under(rel, "analyzer") && inModule && (under(depRel, "passes") || under(depRel, "cmd") || inRuntimeLibrary(depRel)):
		return "the engine never imports the passes, the commands or the runtime library"
	case inRuntimeLibrary(rel) && (inModule && (under(depRel, "analyzer") || under(depRel, "passes")) || under(dep, "golang.org/x/tools")):
		return "the runtime library never imports the analyzers or golang.org/x/tools"
	}
	if p := passName(rel); p != "" && inModule && !test {
		if depRel == "passes" {
			return "a pass never imports the list of passes"
		}
		if q := passName(depRel); q != "" && q != p {
			return "a pass never imports another pass"
		}
	}
	if shared, ok := strings.CutPrefix(rel, "cmd/closewait/internal/"); ok && sharedPackages[strings.Split(shared, "/")[0]] != "" {
		if inModule && commandName(depRel) != "" {
			return "a shared package never imports a command"
		}
		if inModule && (under(depRel, "analyzer") || under(depRel, "passes")) || under(dep, "golang.org/x/tools") {
			return "a shared runtime package never imports the analyzers or golang.org/x/tools"
		}
	}
	if c := commandName(rel); c != "" {
		if d := commandName(depRel); inModule && d != "" && d != c {
			return "a command never imports another command"
		}
		switch c {
		case "sockets", "exporter", "trace":
			if inModule && (under(depRel, "analyzer") || under(depRel, "passes")) || under(dep, "golang.org/x/tools") {
				return "a runtime command never imports the analyzers or golang.org/x/tools"
			}
		case "lint":
			if inModule && inRuntimeLibrary(depRel) {
				return "the linter never imports the runtime library"
			}
		}
	}
	return ""
}

// passName returns NAME if rel (a path in the module) is in the pass
// passes/NAME, and "" otherwise: passes/internal/... holds test helpers
// and passes/golangci the golangci-lint plugin, which are not passes.
func passName(rel string) string {
	rest, ok := strings.CutPrefix(rel, "passes/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	if name == "internal" || name == "golangci" {
		return ""
	}
	return name
}

// commandName returns NAME if rel is in cmd/closewait/internal/NAME and
// NAME is not a shared package. The runner is the linter's (its
// standalone driver's engine room), so it counts as part of lint.
func commandName(rel string) string {
	rest, ok := strings.CutPrefix(rel, "cmd/closewait/internal/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	if name == "runner" {
		return "lint"
	}
	if _, ok := sharedPackages[name]; ok {
		return ""
	}
	return name
}

// basePath strips the " [p.test]" of a test variant, and the "_test" of
// an external test package.
func basePath(importPath string) string {
	p, _, _ := strings.Cut(importPath, " ")
	return strings.TrimSuffix(p, "_test")
}

// TestImportRules checks the import rules on every package of the module
// and its tests, as go list sees them.
func TestImportRules(t *testing.T) {
	cmd := exec.Command("go", "list", "-test", "-json=ImportPath,ForTest,Deps", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	seen := make(map[string]bool)
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		if strings.HasSuffix(p.ImportPath, ".test") {
			continue // a test's generated main package
		}
		seen[basePath(p.ImportPath)] = true
		for _, v := range importRuleViolations(p) {
			t.Error(v)
		}
	}
	// The rules must have seen the packages they are about.
	for _, p := range []string{"analyzer", "passes", "passes/connleak", "passes/ignorecheck", "sockstate", "internal/sockscan", "cmd/closewait", "cmd/closewait/internal/lint", "cmd/closewait/internal/gotrace"} {
		if !seen[path.Join(module, p)] {
			t.Errorf("go list did not list %s", p)
		}
	}
}

// TestImportRulesCatch checks that each rule reports an import that
// breaks it, and lets the allowed imports through.
func TestImportRulesCatch(t *testing.T) {
	m := func(p string) string { return module + "/" + p }
	for _, tc := range []struct {
		pkg  listedPackage
		want string // substring of the violation, or "" for none
	}{
		{listedPackage{ImportPath: m("analyzer"), Deps: []string{"fmt", m("passes/connleak")}}, "the engine never imports"},
		{listedPackage{ImportPath: m("analyzer"), Deps: []string{m("sockstate")}}, "the engine never imports"},
		{listedPackage{ImportPath: m("analyzer"), Deps: []string{m("internal/sockscan")}}, "the engine never imports"},
		{listedPackage{ImportPath: m("analyzer_test [" + m("analyzer.test") + "]"), ForTest: m("analyzer"), Deps: []string{m("passes")}}, "the engine never imports"},
		{listedPackage{ImportPath: m("analyzer"), Deps: []string{"golang.org/x/tools/go/ssa"}}, ""},
		{listedPackage{ImportPath: m("passes/connleak"), Deps: []string{m("analyzer"), m("passes/bodyleak")}}, "a pass never imports another pass"},
		{listedPackage{ImportPath: m("passes/connleak"), Deps: []string{m("passes")}}, "a pass never imports the list of passes"},
		{listedPackage{ImportPath: m("passes/connleak [" + m("passes/connleak.test") + "]"), ForTest: m("passes/connleak"), Deps: []string{m("internal/marks"), m("analyzer")}}, ""},
		{listedPackage{ImportPath: m("passes/connleak_test [" + m("passes/connleak.test") + "]"), ForTest: m("passes/connleak"), Deps: []string{m("passes/bodyleak")}}, ""},
		{listedPackage{ImportPath: m("passes/ignorecheck"), Deps: []string{m("passes/connreuse")}}, "a pass never imports another pass"},
		{listedPackage{ImportPath: m("passes/ignorecheck"), Deps: []string{m("passes/internal/reuse"), m("analyzer")}}, ""},
		{listedPackage{ImportPath: m("passes/connreuse"), Deps: []string{m("passes/ignorecheck")}}, "a pass never imports another pass"},
		{listedPackage{ImportPath: m("passes/golangci"), Deps: []string{m("passes"), m("passes/connleak")}}, ""},
		{listedPackage{ImportPath: m("sockstate"), Deps: []string{"golang.org/x/tools/go/analysis"}}, "the runtime library never imports"},
		{listedPackage{ImportPath: m("sockstate_test [" + m("sockstate.test") + "]"), ForTest: m("sockstate"), Deps: []string{m("analyzer [" + m("sockstate.test") + "]")}}, "the runtime library never imports"},
		{listedPackage{ImportPath: m("internal/holder"), Deps: []string{m("passes/connleak")}}, "the runtime library never imports"},
		{listedPackage{ImportPath: m("sockstate"), Deps: []string{"golang.org/x/sys/unix"}}, ""},
		{listedPackage{ImportPath: m("sockstate"), Deps: []string{m("internal/sockscan"), m("internal/procfs")}}, ""},
		{listedPackage{ImportPath: m("internal/sockscan"), Deps: []string{"golang.org/x/tools/go/analysis"}}, "the runtime library never imports"},
		{listedPackage{ImportPath: m("internal/sockscan_test [" + m("internal/sockscan.test") + "]"), ForTest: m("internal/sockscan"), Deps: []string{m("analyzer [" + m("internal/sockscan.test") + "]")}}, "the runtime library never imports"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/sockets"), Deps: []string{m("cmd/closewait/internal/lint")}}, "a command never imports another command"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/sockets"), Deps: []string{m("sockstate")}}, ""},
		{listedPackage{ImportPath: m("cmd/closewait/internal/exporter"), Deps: []string{"golang.org/x/tools/go/packages"}}, "a runtime command never imports"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/lint"), Deps: []string{m("sockstate")}}, "the linter never imports the runtime library"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/runner"), Deps: []string{m("sockstate")}}, "the linter never imports the runtime library"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/lint"), Deps: []string{m("internal/sockscan")}}, "the linter never imports the runtime library"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/sockets"), Deps: []string{m("internal/sockscan")}}, ""},
		{listedPackage{ImportPath: m("cmd/closewait/internal/lint"), Deps: []string{m("cmd/closewait/internal/runner")}}, ""},
		{listedPackage{ImportPath: m("cmd/closewait/internal/trace"), Deps: []string{m("passes")}}, "a runtime command never imports"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/lint"), Deps: []string{m("passes"), "golang.org/x/tools/go/packages"}}, ""},
		{listedPackage{ImportPath: m("cmd/closewait/internal/trace"), Deps: []string{m("cmd/closewait/internal/gotrace"), m("sockstate")}}, ""},
		{listedPackage{ImportPath: m("cmd/closewait/internal/exporter"), Deps: []string{m("cmd/closewait/internal/gotrace")}}, ""},
		{listedPackage{ImportPath: m("cmd/closewait/internal/gotrace"), Deps: []string{m("cmd/closewait/internal/trace")}}, "a shared package never imports a command"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/gotrace"), Deps: []string{m("cmd/closewait/internal/runner")}}, "a shared package never imports a command"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/gotrace"), Deps: []string{"golang.org/x/tools/go/ssa"}}, "a shared runtime package never imports"},
		{listedPackage{ImportPath: m("cmd/closewait/internal/gotrace"), Deps: []string{"github.com/cilium/ebpf"}}, ""},
		{listedPackage{ImportPath: m("cmd/closewait"), Deps: []string{m("cmd/closewait/internal/sockets"), m("cmd/closewait/internal/lint")}}, ""},
		{listedPackage{ImportPath: m("passes"), Deps: []string{m("cmd/closewait/internal/lint")}}, "only commands import cmd/"},
	} {
		got := importRuleViolations(tc.pkg)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s with deps %v: violations %q, want none", tc.pkg.ImportPath, tc.pkg.Deps, got)
		case tc.want != "" && !slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, tc.want) }):
			t.Errorf("%s with deps %v: violations %q, want one saying %q", tc.pkg.ImportPath, tc.pkg.Deps, got, tc.want)
		}
	}
}
