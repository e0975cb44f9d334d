package analyzer

import (
	"fmt"
	"strconv"
	"strings"
)

// The engine's configuration: set through Analyzer.Flags only (as
// -closewait.acquire and -closewait.exempt), read by every pass.
var (
	acquireFlag   = ""
	exemptFlag    = defaultExempt
	drainedFlag   = false
	withheldFlag  = false
	generatedFlag = true
)

func init() {
	Analyzer.Flags.Var(&checkedFlag{value: &acquireFlag, check: func(v string) error { _, err := parseConfig(v, ""); return err }}, "acquire",
		"comma-separated extra acquiring functions, each FUNC:RESULT:KIND, with FUNC as types.Func.FullName "+
			"(e.g. \"(*example.com/pool.Pool).Get:0:conn\"), RESULT the result index and KIND conn, listener or body; "+
			"repeatable: the entries of every occurrence accumulate; an empty value clears the list")
	Analyzer.Flags.Var(&checkedFlag{value: &exemptFlag, check: func(v string) error { _, err := parseConfig("", v); return err }}, "exempt",
		"comma-separated results that need no Close, each FUNC:RESULT (default: websocket dialers' handshake responses); "+
			"repeatable: the first occurrence replaces the default, later ones add to it; an empty value clears the list")
	Analyzer.Flags.BoolVar(&drainedFlag, "drained", false,
		"also report response bodies that are read to io.EOF (io.ReadAll, io.Copy), or given to a function that may read them to io.EOF, "+
			"before every return that leaves them unclosed: net/http has then given the connection back to its pool "+
			"(or closed it, on a failed read), so no socket is held, or none certainly is; and responses that hold no socket "+
			"for another reason: a HEAD response (no body), one whose request's context a deferred call cancels")
	Analyzer.Flags.BoolVar(&generatedFlag, "generated", true,
		"report leaks in files marked generated (\"// Code generated … DO NOT EDIT.\"), without suggested fixes: "+
			"their sockets leak in the program all the same; false skips those files (their functions are still analysed as callees)")
	Analyzer.Flags.BoolVar(&withheldFlag, "withheld", false,
		"also report the findings withheld as uncertain (see -drained), as diagnostics of category \""+WithheldCategory+"\", "+
			"for a driver to count and set apart: closewait's own command sets it and counts them")
}

// WithheldCategory is the category of the diagnostics of withheld
// findings, reported only under -closewait.withheld.
const WithheldCategory = "withheld"

// A checkedFlag is a comma-separated list flag whose value is validated
// when set, so a bad value is reported by the driver's flag parsing,
// naming the entry. The first Set replaces the default; each later Set
// (a repeated flag, or the elements of a list in golangci-lint's
// settings) adds its entries to the list; an empty value clears it.
type checkedFlag struct {
	value *string
	check func(string) error
	set   bool
}

func (f *checkedFlag) String() string {
	if f.value == nil {
		return ""
	}
	return *f.value
}

func (f *checkedFlag) Set(v string) error {
	if v == "" {
		*f.value, f.set = "", true // an empty value clears the list
		return nil
	}
	if err := f.check(v); err != nil {
		return err
	}
	if f.set && *f.value != "" {
		v = *f.value + "," + v
	}
	*f.value, f.set = v, true
	return nil
}

// config is the parsed form of the engine's flags.
type config struct {
	acquire map[string]acquirer
	exempt  map[string]map[int]bool
}

// parseConfig parses the engine's flags, naming the bad entry on error.
func parseConfig(acquire, exempt string) (*config, error) {
	c := &config{acquire: make(map[string]acquirer), exempt: make(map[string]map[int]bool)}
	for _, entry := range splitList(acquire) {
		name, rest, ok := cutLast(entry)
		name2, index, ok2 := cutLast(name)
		if !ok || !ok2 {
			return nil, fmt.Errorf("-acquire entry %q: want FUNC:RESULT:KIND", entry)
		}
		i, err := strconv.Atoi(index)
		if err != nil || i < 0 {
			return nil, fmt.Errorf("-acquire entry %q: result %q is not an index", entry, index)
		}
		kind, err := parseKind(rest)
		if err != nil {
			return nil, fmt.Errorf("-acquire entry %q: %v", entry, err)
		}
		c.acquire[name2] = acquirer{kind, i}
	}
	for _, entry := range splitList(exempt) {
		name, index, ok := cutLast(entry)
		i, err := strconv.Atoi(index)
		if !ok || err != nil || i < 0 {
			return nil, fmt.Errorf("-exempt entry %q: want FUNC:RESULT", entry)
		}
		if c.exempt[name] == nil {
			c.exempt[name] = make(map[int]bool)
		}
		c.exempt[name][i] = true
	}
	return c, nil
}

func parseKind(s string) (Kind, error) {
	for _, k := range []Kind{Conn, Listener, Body} {
		if s == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("kind %q is not conn, listener or body", s)
}

// cutLast splits s at its last colon (function names contain none after
// the closing parenthesis, but package paths may contain dots and slashes).
func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
