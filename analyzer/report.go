package analyzer

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Report words the diagnostic for l and reports it on pass: the primary
// position is the acquiring call, where the fix goes; each leaking exit is
// a Related entry.
func Report(pass *analysis.Pass, l *Leak) {
	d := analysis.Diagnostic{
		Pos:     l.Call,
		Message: message(pass.Fset, l),
	}
	if l.FixPos.IsValid() {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "add " + strings.TrimSpace(l.FixText) + " after the error check",
			TextEdits: []analysis.TextEdit{{Pos: l.FixPos, End: l.FixPos, NewText: []byte(l.FixText)}},
		}}
	}
	for _, x := range l.Exits {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     x.Pos,
			Message: exitNote(pass.Fset, l, x),
		})
	}
	pass.Report(d)
}

// message returns the one-line diagnostic for l, e.g.
// "net.Conn c from net.Dial is not closed on the io.EOF return at line 57
// (the peer's FIN leaves it in CLOSE_WAIT)".
func message(fset *token.FileSet, l *Leak) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not closed %s", subject(l), exitPhrase(fset, l, l.Exits[0]))
	if n := len(l.Exits) - 1; n == 1 {
		b.WriteString(" and on 1 other path")
	} else if n > 1 {
		fmt.Fprintf(&b, " and on %d other paths", n)
	}
	read := firstReadExit(l)
	if read > 0 && !l.Packet {
		fmt.Fprintf(&b, ", including %s", strings.TrimPrefix(exitPhrase(fset, l, l.Exits[read]), "on "))
	}
	fmt.Fprintf(&b, " (%s)", why(l, read >= 0))
	return b.String()
}

// subject names the resource as the user wrote it: "net.Conn c from
// net.Dial", "response body resp.Body from http.Get".
func subject(l *Leak) string {
	what := l.Type
	name := l.Var
	if l.Kind == Body {
		what, name = "response body", bodyName(l)
	}
	if l.Param {
		what += " parameter" // closed on another error path: this function owns it there
	}
	if name != "" {
		what += " " + name
	}
	if l.Callee != "" {
		what += " from " + l.Callee
	}
	return what
}

// exitPhrase says how x leaves the function, as the continuation of
// "… is not closed".
func exitPhrase(fset *token.FileSet, l *Leak, x Exit) string {
	n := line(fset, x.Pos)
	switch x.Kind {
	case ReadErrorExit:
		if l.Packet {
			return fmt.Sprintf("on the read-error return at line %d", n)
		}
		return fmt.Sprintf("on the io.EOF return at line %d", n)
	case ErrorReturnExit:
		return fmt.Sprintf("on the error return at line %d", n)
	case ContinueExit:
		return fmt.Sprintf("on the continue at line %d", n)
	case OverwriteExit:
		if x.Field != "" {
			return fmt.Sprintf("when its %s field is replaced at line %d", x.Field, n)
		}
		return fmt.Sprintf("when %s is overwritten at line %d", varOr(l, "it"), n)
	case HandoffExit:
		where := fmt.Sprintf("line %d", n)
		if x.Where != "" {
			where = x.Where
		}
		return fmt.Sprintf("by %s, which takes it, on its %s at %s", x.Callee, exitKindName(x.Via), where)
	}
	return fmt.Sprintf("on the return at line %d", n)
}

// exitNote is the Related message at one leaking exit.
func exitNote(fset *token.FileSet, l *Leak, x Exit) string {
	name := varOr(l, "the "+strings.TrimPrefix(l.Type, "*"))
	if l.Kind == Body {
		name = bodyName(l)
		if name == "" {
			name = "the response body"
		}
	}
	switch x.Kind {
	case ReadErrorExit:
		if l.Packet {
			return fmt.Sprintf("%s is still open here, after the read at line %d failed", name, line(fset, x.Read))
		}
		return fmt.Sprintf("%s is still open here, after the read at line %d failed: io.EOF there is the peer's FIN", name, line(fset, x.Read))
	case ErrorReturnExit:
		return fmt.Sprintf("%s is still open at this error return", name)
	case ContinueExit:
		return fmt.Sprintf("%s is still open at this continue; the next iteration drops it", name)
	case OverwriteExit:
		if x.Field != "" {
			return fmt.Sprintf("its %s field is replaced here while %s is still open: the old one can no longer be closed", x.Field, name)
		}
		return fmt.Sprintf("%s is overwritten here while still open", name)
	case HandoffExit:
		if x.Where != "" {
			return fmt.Sprintf("%s, which takes %s, leaves it open on its %s at %s", x.Callee, name, exitKindName(x.Via), x.Where)
		}
		return fmt.Sprintf("%s, which takes %s, leaves it open here", x.Callee, name)
	}
	return fmt.Sprintf("%s is still open at this return", name)
}

// why explains the cost of the leak, naming CLOSE_WAIT.
func why(l *Leak, readExit bool) string {
	switch {
	case l.Kind == Listener:
		return "the port stays bound and its fd leaks"
	case l.Kind == Body:
		return "the connection can be neither reused nor closed, and sits in CLOSE_WAIT once the server closes"
	case l.Packet:
		return "its fd and port leak: a datagram socket never reaches CLOSE_WAIT, but it stays open"
	case readExit:
		return "the peer's FIN leaves it in CLOSE_WAIT"
	}
	return "the fd leaks, and once the peer closes the socket sits in CLOSE_WAIT"
}

// firstReadExit returns the index of l's first read-error exit, or -1.
func firstReadExit(l *Leak) int {
	for i, x := range l.Exits {
		if x.Kind == ReadErrorExit || x.Kind == HandoffExit && x.Via == ReadErrorExit {
			return i
		}
	}
	return -1
}

// bodyName names a leaked body as the user's code does: resp.Body for a
// response held in resp, body for a body held as a reader, or "".
func bodyName(l *Leak) string {
	if l.Var != "" && l.InResponse {
		return l.Var + ".Body"
	}
	return l.Var
}

func varOr(l *Leak, alt string) string {
	if l.Var != "" {
		return l.Var
	}
	return alt
}

func line(fset *token.FileSet, pos token.Pos) int {
	return fset.Position(pos).Line
}
