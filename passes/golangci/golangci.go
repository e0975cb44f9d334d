package golangci

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/passes"
)

// linterName is the linter's name in golangci-lint: the key under
// linters.settings.custom, the name in linters.enable, and the name that
// //nolint directives use.
const linterName = "closewait"

func init() {
	register.Plugin(linterName, newPlugin)
}

// plugin is closewait's register.LinterPlugin.
type plugin struct {
	analyzers []*analysis.Analyzer
}

// newPlugin returns the plugin after applying settings, golangci-lint's
// decoded YAML for linters.settings.custom.closewait.settings (nil if
// absent), to the flags of the engine and of every pass.
func newPlugin(settings any) (register.LinterPlugin, error) {
	raw, err := register.DecodeSettings[map[string]json.RawMessage](settings)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", linterName, err)
	}
	if err := apply(raw, flagSets()); err != nil {
		return nil, fmt.Errorf("%s: %w", linterName, err)
	}
	return &plugin{analyzers: withoutRelated(passes.All())}, nil
}

// BuildAnalyzers returns passes.All(), through withoutRelated.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode returns register.LoadModeTypesInfo: the engine needs types
// and builds SSA from syntax.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// withoutRelated returns a copy of each analyzer in as whose diagnostics
// have no Related information. The copies share everything else with the
// originals (name, flags, requirements). An analyzer with a result (the
// engine, which the others require and which reports nothing) is kept as
// it is, so that it still runs once.
func withoutRelated(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		if a.ResultType != nil {
			out[i] = a
			continue
		}
		c := *a
		c.Run = func(pass *analysis.Pass) (any, error) {
			p := *pass
			p.Report = func(d analysis.Diagnostic) {
				d.Related = nil
				pass.Report(d)
			}
			return a.Run(&p)
		}
		out[i] = &c
	}
	return out
}

// A flagSet is one analyzer's flags, under the analyzer's name.
type flagSet struct {
	Name  string
	Flags *flag.FlagSet
}

// flagSets returns the flag sets that settings may set: the engine's
// (analyzer.Analyzer, named "closewait") first, then each pass's, in the
// order of passes.All. An analyzer listed twice appears once.
func flagSets() []flagSet {
	var sets []flagSet
	seen := make(map[*analysis.Analyzer]bool)
	for _, a := range append([]*analysis.Analyzer{analyzer.Analyzer}, passes.All()...) {
		if !seen[a] {
			seen[a] = true
			sets = append(sets, flagSet{a.Name, &a.Flags})
		}
	}
	return sets
}

// apply sets flags in sets from settings, a mapping from key to JSON value.
//
// A key is a flag name, set in every flagSet that defines it, or a
// flagSet's name whose value is an object mapping that set's flag names to
// values. Keys match flag and set names exactly or, failing that, without
// regard to case (golangci-lint's configuration reader lowercases keys),
// provided only one name matches.
//
// A value is given to flag.Value.Set as follows: a string as it is; a
// boolean as "true" or "false"; a number as written; null leaves the flag
// unchanged; a list is joined with commas if the flag holds a single
// string (its flag.Getter returns a string), as for a comma-separated list
// flag, and is otherwise given element by element, as for a repeatable
// flag. Objects are accepted only under a flagSet's name.
//
// apply reports the first unknown key, naming it and listing the valid
// keys, and the first value that a flag rejects.
func apply(settings map[string]json.RawMessage, sets []flagSet) error {
	// Sorted, so that the first error is the same on every run.
	for _, key := range sortedKeys(settings) {
		raw := settings[key]
		// A set's name with an object value selects that set.
		if isObject(raw) {
			set, ok := lookupSet(sets, key)
			if !ok {
				return fmt.Errorf("settings: %q is not an analyzer name, so its value cannot be a mapping; valid keys: %s",
					key, strings.Join(validKeys(sets), ", "))
			}
			var sub map[string]json.RawMessage
			if err := json.Unmarshal(raw, &sub); err != nil {
				return fmt.Errorf("settings: %s: %v", key, err)
			}
			for _, name := range sortedKeys(sub) {
				f := lookupFlag(set.Flags, name)
				if f == nil {
					return fmt.Errorf("settings: unknown key %q under %q; valid keys there: %s",
						name, key, strings.Join(flagNames(set.Flags), ", "))
				}
				if err := setFlag(f, sub[name]); err != nil {
					return fmt.Errorf("settings: %s.%s: %v", key, name, err)
				}
			}
			continue
		}

		found := false
		for _, set := range sets {
			if f := lookupFlag(set.Flags, key); f != nil {
				found = true
				if err := setFlag(f, raw); err != nil {
					return fmt.Errorf("settings: %s (flag of %s): %v", key, set.Name, err)
				}
			}
		}
		if _, isSet := lookupSet(sets, key); !found && isSet {
			return fmt.Errorf("settings: %q names an analyzer: its value must be a mapping of its flags", key)
		}
		if !found {
			return fmt.Errorf("settings: unknown key %q; valid keys: %s",
				key, strings.Join(validKeys(sets), ", "))
		}
	}
	return nil
}

// setFlag gives the JSON value raw to f as described at apply.
func setFlag(f *flag.Flag, raw json.RawMessage) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		elems := make([]string, len(v))
		for i, e := range v {
			s, err := scalar(e)
			if err != nil {
				return fmt.Errorf("list element %d: %v", i, err)
			}
			elems[i] = s
		}
		if g, ok := f.Value.(flag.Getter); ok {
			if _, ok := g.Get().(string); ok {
				return f.Value.Set(strings.Join(elems, ","))
			}
		}
		for _, s := range elems {
			if err := f.Value.Set(s); err != nil {
				return err
			}
		}
		return nil
	default:
		s, err := scalar(v)
		if err != nil {
			return err
		}
		return f.Value.Set(s)
	}
}

// scalar returns the flag text of a decoded JSON string, boolean or number.
func scalar(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		if v {
			return "true", nil
		}
		return "false", nil
	case json.Number:
		return v.String(), nil
	}
	return "", fmt.Errorf("want a string, boolean, number or list, got %s", jsonKind(v))
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func isObject(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{'
}

// lookupSet returns the set named key, matching exactly or else uniquely
// without regard to case.
func lookupSet(sets []flagSet, key string) (flagSet, bool) {
	var names []string
	for _, s := range sets {
		names = append(names, s.Name)
	}
	i := match(names, key)
	if i < 0 {
		return flagSet{}, false
	}
	return sets[i], true
}

// lookupFlag returns fs's flag named key, matching exactly or else
// uniquely without regard to case, or nil.
func lookupFlag(fs *flag.FlagSet, key string) *flag.Flag {
	names := flagNames(fs)
	if i := match(names, key); i >= 0 {
		return fs.Lookup(names[i])
	}
	return nil
}

// match returns the index in names of key, exactly or else as the only
// case-insensitive match, or -1.
func match(names []string, key string) int {
	if i := slices.Index(names, key); i >= 0 {
		return i
	}
	found := -1
	for i, n := range names {
		if strings.EqualFold(n, key) {
			if found >= 0 {
				return -1 // ambiguous
			}
			found = i
		}
	}
	return found
}

// flagNames returns the names of fs's flags, sorted.
func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names // VisitAll visits in lexical order
}

// validKeys returns every key that apply accepts at the top level, sorted:
// each flag name and, as "name: {...}", each set's name.
func validKeys(sets []flagSet) []string {
	var keys []string
	for _, s := range sets {
		for _, n := range flagNames(s.Flags) {
			if !slices.Contains(keys, n) {
				keys = append(keys, n)
			}
		}
	}
	slices.Sort(keys)
	for _, s := range sets {
		keys = append(keys, s.Name+": {...}")
	}
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
