package trace

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/closewait/closewait/cmd/closewait/internal/gotrace"
	"github.com/closewait/closewait/internal/sockscan"
)

// A report groups the open sockets of the traced process by the line
// that opened them.
type report struct {
	PID        int    `json:"pid"`
	Command    string `json:"command"`
	GoVersion  string `json:"go_version"`
	DurationMS int64  `json:"duration_ms"`
	// Opened counts the sockets the process created while traced.
	Opened int     `json:"opened"`
	Sites  []*site `json:"sites"`
	// Unattributed counts the open sockets that were created before tracing
	// began: no stack was recorded for them.
	Unattributed counts `json:"unattributed"`
	// Findings are the static findings on the -check packages: absent
	// without -check, an empty list when there are none.
	Findings []*finding `json:"findings,omitzero"`

	states  []sockscan.State
	names   pathNamer // how files are shown
	checked bool      // -check ran
}

// A site is a line of the program that opened sockets still open.
type site struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Kind     string `json:"kind"` // accept, dial, listen or http request
	counts
	States map[string]int `json:"states"`
	// Stack is the whole stack the site was taken from: for an HTTP
	// request, the stack that sent it; DialStack is then the stack of the
	// Transport's goroutine that dialed the connection.
	Stack     []frame  `json:"stack"`
	DialStack []frame  `json:"dial_stack,omitempty"`
	Findings  []string `json:"findings,omitempty"` // static findings confirmed here (-check)
}

// counts counts open sockets, those in CLOSE_WAIT and orphaned ones.
type counts struct {
	Sockets   int `json:"sockets"`
	CloseWait int `json:"close_wait"`
	Orphaned  int `json:"orphaned"`
}

// build groups the sockets of snap that the tracer saw created.
func build(sockets map[uint64]*gotrace.Created, sym *gotrace.Symbolizer, snap *sockscan.Snapshot) (sites []*site, un counts) {
	byKey := make(map[string]*site)
	add := func(inode uint64, state string, orphan bool) {
		c, ok := sockets[inode]
		if !ok {
			un.Sockets++
			if state == sockscan.CloseWait.String() {
				un.CloseWait++
			}
			if orphan {
				un.Orphaned++
			}
			return
		}
		stack := sym.Stack(c.Stack)
		kind := gotrace.KindOf(stack)
		var dial []frame
		if kind == "http request" && c.Request != nil {
			dial, stack = stack, sym.Stack(c.Request)
		}
		f := gotrace.SiteOf(stack)
		key := fmt.Sprintf("%s\x00%s\x00%d\x00%s", f.Function, f.File, f.Line, kind)
		s, ok := byKey[key]
		if !ok {
			s = &site{Function: f.Function, File: f.File, Line: f.Line, Kind: kind, States: make(map[string]int), Stack: stack, DialStack: dial}
			byKey[key] = s
			sites = append(sites, s)
		}
		s.Sockets++
		if orphan {
			s.Orphaned++
			return
		}
		s.States[state]++
		if state == sockscan.CloseWait.String() {
			s.CloseWait++
		}
	}
	for _, so := range snap.Sockets {
		if so.Inode != 0 {
			add(so.Inode, so.State.String(), false)
		}
	}
	for _, o := range snap.Orphaned {
		add(o.Inode, "", true)
	}
	slices.SortFunc(sites, func(a, b *site) int {
		return cmp.Or(cmp.Compare(b.CloseWait+b.Orphaned, a.CloseWait+a.Orphaned), cmp.Compare(b.Sockets, a.Sockets),
			cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Kind, b.Kind))
	})
	return sites, un
}

// selected returns the sites with sockets in the -state states or
// orphaned ones.
func (r *report) selected() []*site {
	var out []*site
	for _, s := range r.Sites {
		n := s.Orphaned
		for _, st := range r.states {
			n += s.States[st.String()]
		}
		if n > 0 {
			out = append(out, s)
		}
	}
	return out
}

// leaking reports whether the process holds sockets in CLOSE_WAIT or
// orphaned TCP fds, whether or not they were opened while traced: an
// orphaned fd is a leak, and sockets that could not be attributed are not
// clean.
func (r *report) leaking() bool {
	if r.Unattributed.CloseWait+r.Unattributed.Orphaned > 0 {
		return true
	}
	return slices.ContainsFunc(r.Sites, func(s *site) bool { return s.CloseWait+s.Orphaned > 0 })
}

func (r *report) writeJSON(w io.Writer) error {
	out := *r
	out.Sites = r.selected()
	if out.Sites == nil {
		out.Sites = []*site{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}

func (r *report) writeText(w io.Writer) {
	fmt.Fprintf(w, "traced pid %d (%s, %s) for %s: %d sockets opened\n", r.PID, sockscan.Printable(r.Command), r.GoVersion,
		(time.Duration(r.DurationMS) * time.Millisecond).Round(time.Millisecond), r.Opened)
	sites := r.selected()
	if len(sites) == 0 {
		fmt.Fprintf(w, "no socket opened while tracing is in %s, nor orphaned\n", stateList(r.states))
	}
	for _, s := range sites {
		fmt.Fprintf(w, "%s opened at %s:%d in %s (%s)\n", r.describe(s), r.names.display(s.File), s.Line, s.Function, s.Kind)
	}
	if r.checked {
		r.writeFindings(w)
	}
	if u := r.Unattributed; u.Sockets > 0 {
		fmt.Fprintf(w, "not attributed: %s opened before tracing began (%d in CLOSE_WAIT, %d orphaned): no stack was recorded for them\n",
			plural(u.Sockets, "open socket"), u.CloseWait, u.Orphaned)
		if u.CloseWait+u.Orphaned > 0 && !slices.ContainsFunc(r.Sites, func(s *site) bool { return s.CloseWait+s.Orphaned > 0 }) {
			fmt.Fprintf(w, "the process leaks, but not while traced: trace it while its CLOSE_WAIT count grows to find the lines\n")
		}
	}
}

// describe counts a site's sockets in the selected states, such as "37
// sockets in CLOSE_WAIT" or "3 sockets in ESTABLISHED, 1 in CLOSE_WAIT,
// 2 orphaned".
func (r *report) describe(s *site) string {
	var parts []string
	for _, st := range r.states {
		n := s.States[st.String()]
		if n == 0 {
			continue
		}
		if len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("%s in %s", plural(n, "socket"), st))
		} else {
			parts = append(parts, fmt.Sprintf("%d in %s", n, st))
		}
	}
	if s.Orphaned > 0 {
		if len(parts) == 0 {
			parts = append(parts, plural(s.Orphaned, "orphaned socket"))
		} else {
			parts = append(parts, fmt.Sprintf("%d orphaned", s.Orphaned))
		}
	}
	return strings.Join(parts, ", ")
}

func stateList(states []sockscan.State) string {
	names := make([]string, len(states))
	for i, s := range states {
		names[i] = s.String()
	}
	return strings.Join(names, " or ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// writeFindings lists the static findings, each marked confirmed when
// sockets opened at its line sit in CLOSE_WAIT or are orphaned.
func (r *report) writeFindings(w io.Writer) {
	fmt.Fprintf(w, "static findings: %d\n", len(r.Findings))
	for _, f := range r.Findings {
		fmt.Fprintf(w, "%s: %s\n", cmp.Or(f.shown, f.Posn), f.Message)
		switch {
		case f.Confirmed:
			var parts []string
			if f.CloseWait > 0 {
				parts = append(parts, fmt.Sprintf("%s in CLOSE_WAIT", plural(f.CloseWait, "socket")))
			}
			if f.Orphaned > 0 {
				parts = append(parts, plural(f.Orphaned, "orphaned socket"))
			}
			fmt.Fprintf(w, "\tconfirmed: %s opened here%s\n", strings.Join(parts, " and "), via(f))
		case f.Sockets > 0:
			fmt.Fprintf(w, "\tlive: %s opened here still open, none in CLOSE_WAIT yet%s\n", plural(f.Sockets, "socket"), via(f))
		default:
			fmt.Fprintf(w, "\tnot seen live: no socket opened here while traced is still open\n")
		}
	}
}

// via says where the sockets of a finding were created when that is
// further down a call made at its line.
func via(f *finding) string {
	if len(f.Via) == 0 {
		return ""
	}
	return ", created in " + strings.Join(f.Via, " and ")
}
