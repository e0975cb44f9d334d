package golangci_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golangci/plugin-module-register/register"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/passes"
	"github.com/closewait/closewait/passes/golangci"
)

// listValue is a repeatable flag: each Set appends.
type listValue []string

func (l *listValue) String() string     { return strings.Join(*l, ";") }
func (l *listValue) Set(s string) error { *l = append(*l, s); return nil }

// testFlags is a copy-like stand-in for the engine's and a pass's flags.
type testFlags struct {
	engine, pass                    *flag.FlagSet
	mode, funcs, shared, passShared *string
	strict, verbose                 *bool
	depth                           *int
	ratio                           *float64
	timeout                         *time.Duration
	extra                           listValue
	passOnly                        *int
	camel                           *string
}

func newTestFlags() *testFlags {
	t := &testFlags{engine: flag.NewFlagSet("closewait", flag.ContinueOnError), pass: flag.NewFlagSet("connleak", flag.ContinueOnError)}
	t.mode = t.engine.String("mode", "fast", "")
	t.funcs = t.engine.String("funcs", "", "comma-separated list")
	t.shared = t.engine.String("shared", "e", "")
	t.strict = t.engine.Bool("strict", false, "")
	t.depth = t.engine.Int("depth", 3, "")
	t.ratio = t.engine.Float64("ratio", 0.5, "")
	t.timeout = t.engine.Duration("timeout", time.Second, "")
	t.engine.Var(&t.extra, "extra", "repeatable")
	t.camel = t.engine.String("maxDepthName", "", "")
	t.passShared = t.pass.String("shared", "p", "")
	t.verbose = t.pass.Bool("verbose", false, "")
	t.passOnly = t.pass.Int("limit", 7, "")
	return t
}

func (t *testFlags) sets() []golangci.FlagSet {
	return []golangci.FlagSet{{Name: "closewait", Flags: t.engine}, {Name: "connleak", Flags: t.pass}}
}

// decode turns YAML-like Go values into what New receives from
// golangci-lint, then into Apply's input, through register.DecodeSettings.
func decode(t *testing.T, settings any) map[string]json.RawMessage {
	t.Helper()
	raw, err := register.DecodeSettings[map[string]json.RawMessage](settings)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestApplyValues(t *testing.T) {
	f := newTestFlags()
	settings := map[string]any{
		"mode":         "exhaustive",
		"funcs":        []any{"a.Dial", "b.Get"},
		"strict":       true,
		"depth":        12,
		"ratio":        0.25,
		"timeout":      "1m30s",
		"extra":        []any{"x", 2, false},
		"maxdepthname": "lowercased by viper",
		"shared":       "both",
		"connleak":     map[string]any{"limit": 9, "verbose": "true"},
	}
	if err := golangci.Apply(decode(t, settings), f.sets()); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{
		"mode": *f.mode, "funcs": *f.funcs, "strict": *f.strict, "depth": *f.depth,
		"ratio": *f.ratio, "timeout": *f.timeout, "extra": []string(f.extra), "camel": *f.camel,
		"shared": *f.shared, "passShared": *f.passShared, "limit": *f.passOnly, "verbose": *f.verbose,
	}
	want := map[string]any{
		"mode": "exhaustive", "funcs": "a.Dial,b.Get", "strict": true, "depth": 12,
		"ratio": 0.25, "timeout": 90 * time.Second, "extra": []string{"x", "2", "false"}, "camel": "lowercased by viper",
		"shared": "both", "passShared": "both", "limit": 9, "verbose": true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after Apply:\n got %v\nwant %v", got, want)
	}
}

func TestApplyScoped(t *testing.T) {
	f := newTestFlags()
	// A set's name with a mapping sets only that set's flag of that name.
	if err := golangci.Apply(decode(t, map[string]any{"connleak": map[string]any{"shared": "only-pass"}}), f.sets()); err != nil {
		t.Fatal(err)
	}
	if *f.shared != "e" || *f.passShared != "only-pass" {
		t.Errorf("engine shared = %q, pass shared = %q; want \"e\", \"only-pass\"", *f.shared, *f.passShared)
	}
	// null leaves a flag at its value.
	if err := golangci.Apply(decode(t, map[string]any{"depth": nil, "closewait": map[string]any{"mode": nil}}), f.sets()); err != nil {
		t.Fatal(err)
	}
	if *f.depth != 3 || *f.mode != "fast" {
		t.Errorf("after nulls: depth = %d, mode = %q; want 3, \"fast\"", *f.depth, *f.mode)
	}
	// No settings at all is fine and changes nothing.
	if err := golangci.Apply(decode(t, nil), f.sets()); err != nil {
		t.Fatal(err)
	}
}

func TestApplyErrors(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     []string // substrings of the error
	}{
		{map[string]any{"bogus": 1},
			[]string{`unknown key "bogus"`, "valid keys: depth, extra, funcs, limit, maxDepthName, mode, ratio, shared, strict, timeout, verbose, closewait: {...}, connleak: {...}"}},
		{map[string]any{"connleak": map[string]any{"mode": "x"}},
			[]string{`unknown key "mode" under "connleak"`, "valid keys there: limit, shared, verbose"}},
		{map[string]any{"mode": map[string]any{"a": 1}},
			[]string{`"mode" is not an analyzer name`, "valid keys:"}},
		{map[string]any{"depth": "deep"}, []string{"depth (flag of closewait)", "parse error"}},
		{map[string]any{"strict": "maybe"}, []string{"strict"}},
		{map[string]any{"funcs": []any{"a", []any{"b"}}}, []string{"list element 1", "got a list"}},
		{map[string]any{"closewait": "x"}, []string{`"closewait" names an analyzer`, "a mapping of its flags"}},
		{[]any{"not", "a", "mapping"}, nil}, // rejected by DecodeSettings
	} {
		name := fmt.Sprint(tc.settings)
		f := newTestFlags()
		raw, err := register.DecodeSettings[map[string]json.RawMessage](tc.settings)
		if tc.want == nil {
			if err == nil {
				t.Errorf("%s: DecodeSettings accepted it", name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		err = golangci.Apply(raw, f.sets())
		if err == nil {
			t.Errorf("%s: Apply succeeded, want an error", name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", name, err, w)
			}
		}
	}
}

// TestAmbiguousCase checks that a key matching two flags only by case is
// rejected rather than guessed.
func TestAmbiguousCase(t *testing.T) {
	fs := flag.NewFlagSet("closewait", flag.ContinueOnError)
	a := fs.String("Mode", "", "")
	b := fs.String("MODE", "", "")
	sets := []golangci.FlagSet{{Name: "closewait", Flags: fs}}
	if err := golangci.Apply(decode(t, map[string]any{"mode": "x"}), sets); err == nil {
		t.Errorf("Apply(mode) succeeded with Mode and MODE defined; set %q, %q", *a, *b)
	}
	if err := golangci.Apply(decode(t, map[string]any{"MODE": "x"}), sets); err != nil || *b != "x" || *a != "" {
		t.Errorf("Apply(MODE): err %v, Mode %q, MODE %q; want nil, \"\", \"x\"", err, *a, *b)
	}
}

func TestFlagSets(t *testing.T) {
	sets := golangci.FlagSets()
	var names []string
	for _, s := range sets {
		names = append(names, s.Name)
	}
	want := []string{analyzer.Analyzer.Name}
	for _, a := range passes.All() {
		if a != analyzer.Analyzer { // listed last by passes.All, first here, once
			want = append(want, a.Name)
		}
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("FlagSets names = %v, want %v", names, want)
	}
	if sets[0].Flags != &analyzer.Analyzer.Flags {
		t.Errorf("FlagSets()[0] is not the engine's FlagSet")
	}
}

func TestPlugin(t *testing.T) {
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	all := passes.All()
	if len(as) != len(all) {
		t.Fatalf("BuildAnalyzers = %v, want copies of passes.All() = %v", as, all)
	}
	for i, a := range as {
		if w := all[i]; a.Name != w.Name || a.Doc != w.Doc || a.URL != w.URL || !reflect.DeepEqual(a.Requires, w.Requires) {
			t.Errorf("BuildAnalyzers()[%d] = %q, not a copy of pass %q", i, a.Name, w.Name)
		}
	}
	if m := p.GetLoadMode(); m != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode = %q, want %q", m, register.LoadModeTypesInfo)
	}
	// An unknown key is rejected by the real plugin, naming it.
	_, err = newPlugin(map[string]any{"no-such-closewait-flag": true})
	if err == nil || !strings.Contains(err.Error(), `unknown key "no-such-closewait-flag"`) || !strings.Contains(err.Error(), "connleak: {...}") {
		t.Errorf("New(unknown key) error = %v, want one naming the key and listing connleak: {...}", err)
	}
}

// TestPluginRealFlags sets each real scalar flag of the engine and the
// passes to its own default through New, by its name and under its
// analyzer's name, so that every real flag is reachable from settings.
func TestPluginRealFlags(t *testing.T) {
	n := 0
	for _, s := range golangci.FlagSets() {
		s.Flags.VisitAll(func(f *flag.Flag) {
			g, ok := f.Value.(flag.Getter)
			if !ok {
				return
			}
			switch g.Get().(type) {
			case string, bool, int, int64, uint, uint64, float64, time.Duration:
			default:
				return // a list or other accumulating flag: Set would append
			}
			n++
			for _, settings := range []map[string]any{
				{f.Name: f.DefValue},
				{s.Name: map[string]any{f.Name: f.DefValue}},
			} {
				if _, err := golangci.New(settings); err != nil {
					t.Errorf("New(%v): %v", settings, err)
				}
				if got := f.Value.String(); got != f.DefValue {
					t.Errorf("after New(%v): %s = %q, want %q", settings, f.Name, got, f.DefValue)
				}
			}
		})
	}
	if n == 0 {
		t.Skip("no analyzer defines a scalar flag yet")
	}
}

// TestPluginAcquireList checks that a list under acquire keeps every
// entry (each element is one Set of the engine's accumulating flag).
func TestPluginAcquireList(t *testing.T) {
	const p1, p2 = "(example.com/acq.Pool1).Get:0:conn", "(example.com/acq.Pool2).Get:0:conn"
	if _, err := golangci.New(map[string]any{"acquire": []any{p1, p2}}); err != nil {
		t.Fatal(err)
	}
	got := analyzer.Analyzer.Flags.Lookup("acquire").Value.String()
	if !strings.Contains(got, p1) || !strings.Contains(got, p2) {
		t.Errorf("after acquire: [%s, %s], the flag holds %q, want both", p1, p2, got)
	}
}
