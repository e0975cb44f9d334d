package golangci_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/closewait/closewait/passes/golangci"
)

// TestReadmeSettings feeds the settings example of the golangci-lint
// section of docs/integrations.md to the plugin, as golangci-lint would decode it:
// every key it uses must be one the plugin accepts.
func TestReadmeSettings(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(md), "**Settings.**")
	if !ok {
		t.Fatal("docs/integrations.md has no **Settings.** paragraph")
	}
	_, block, ok := strings.Cut(after, "```yaml\n")
	if !ok {
		t.Fatal("no yaml block after **Settings.**")
	}
	block, _, _ = strings.Cut(block, "```")
	doc, err := parseYAML(block)
	if err != nil {
		t.Fatalf("settings example: %v\n%s", err, block)
	}
	settings, ok := doc["settings"]
	if !ok {
		t.Fatalf("settings example has no settings key:\n%s", block)
	}
	if m, ok := settings.(map[string]any); !ok || len(m) == 0 {
		t.Fatalf("settings example sets nothing: %v", settings)
	}
	if _, err := golangci.New(settings); err != nil {
		t.Errorf("the plugin refuses the documented settings example: %v\n%s", err, block)
	}
}

// TestParseYAML checks the small YAML reader of TestReadmeSettings.
func TestParseYAML(t *testing.T) {
	doc, err := parseYAML(`
settings:
  # a comment
  acquire:
    - "a.B:0:conn" # trailing
  closewait:
    acquire: [x, 'y']
  flag: true
`)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(doc)
	want := "map[settings:map[acquire:[a.B:0:conn] closewait:map[acquire:[x y]] flag:true]]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := parseYAML("a:\n    b: 1\n  c: 2\n"); err == nil {
		t.Error("bad indentation accepted")
	}
}

// parseYAML parses the subset of YAML that the README's examples use:
// nested block mappings, block sequences of scalars, flow sequences of
// scalars, quoted and plain scalars, comments. Keys are lowercased, as
// golangci-lint's configuration reader does.
func parseYAML(src string) (map[string]any, error) {
	type line struct {
		indent int
		text   string
	}
	var lines []line
	for _, l := range strings.Split(src, "\n") {
		l = stripComment(l)
		if strings.TrimSpace(l) == "" {
			continue
		}
		lines = append(lines, line{len(l) - len(strings.TrimLeft(l, " ")), strings.TrimSpace(l)})
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("empty document")
	}
	var parse func(i, indent int) (any, int, error)
	parse = func(i, indent int) (any, int, error) {
		if strings.HasPrefix(lines[i].text, "- ") {
			var list []any
			for i < len(lines) && lines[i].indent == indent && strings.HasPrefix(lines[i].text, "- ") {
				list = append(list, scalarYAML(strings.TrimPrefix(lines[i].text, "- ")))
				i++
			}
			return list, i, nil
		}
		m := make(map[string]any)
		for i < len(lines) && lines[i].indent == indent {
			key, val, ok := strings.Cut(lines[i].text, ":")
			if !ok {
				return nil, i, fmt.Errorf("line %q: want key: value", lines[i].text)
			}
			key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
			i++
			switch {
			case val != "":
				m[key] = valueYAML(val)
			case i < len(lines) && lines[i].indent > indent:
				v, next, err := parse(i, lines[i].indent)
				if err != nil {
					return nil, next, err
				}
				m[key], i = v, next
			default:
				m[key] = nil
			}
		}
		if i < len(lines) && lines[i].indent > indent {
			return nil, i, fmt.Errorf("line %q: unexpected indentation", lines[i].text)
		}
		return m, i, nil
	}
	v, i, err := parse(0, lines[0].indent)
	if err != nil {
		return nil, err
	}
	if i != len(lines) {
		return nil, fmt.Errorf("line %q: unexpected indentation", lines[i].text)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not a mapping")
	}
	return m, nil
}

// valueYAML parses a value written on its key's line: a flow sequence,
// {} or a scalar.
func valueYAML(v string) any {
	switch {
	case v == "{}":
		return map[string]any{}
	case strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
		list := []any{}
		for _, e := range strings.Split(v[1:len(v)-1], ",") {
			if e = strings.TrimSpace(e); e != "" {
				list = append(list, scalarYAML(e))
			}
		}
		return list
	}
	return scalarYAML(v)
}

// scalarYAML parses a quoted or plain scalar; true and false are booleans.
func scalarYAML(v string) any {
	switch {
	case len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0]:
		return v[1 : len(v)-1]
	case v == "true":
		return true
	case v == "false":
		return false
	}
	return v
}

// stripComment removes a comment that starts outside quotes.
func stripComment(l string) string {
	var quote byte
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || l[i-1] == ' '):
			return l[:i]
		}
	}
	return l
}
