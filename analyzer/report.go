package analyzer

import (
	"fmt"
	"go/token"
	"path/filepath"
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
	if l.withheld {
		d.Category = WithheldCategory
	}
	if f := l.Fix; f != nil && len(f.Edits) > 0 {
		var edits []analysis.TextEdit
		for _, e := range f.Edits {
			edits = append(edits, analysis.TextEdit{Pos: e.Pos, End: e.Pos, NewText: []byte(e.Text)})
		}
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: fixMessage(pass.Fset, f), TextEdits: edits}}
	}
	for _, x := range l.Exits {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     x.Pos,
			Message: exitNote(pass.Fset, l, x),
		})
	}
	for _, h := range l.HandedBy {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     h.Call,
			Message: fmt.Sprintf("%s is opened here and handed to this function by the goroutine started at %s", h.Subject, lineFrom(pass.Fset, h.Go, h.Call)),
		})
	}
	pass.Report(d)
}

// fixMessage words the suggested fix f: "add defer c.Close() after the
// error check", "add c.Close() before the returns at lines 17 and 23".
func fixMessage(fset *token.FileSet, f *Fix) string {
	if f.Deferred {
		return "add defer " + f.Target + ".Close() after the error check"
	}
	var lines []string
	end := false
	for _, e := range f.Edits {
		if e.End {
			end = true
			continue
		}
		lines = append(lines, fmt.Sprint(line(fset, e.Pos)))
	}
	var where []string
	switch len(lines) {
	case 0:
	case 1:
		where = append(where, "before the return at line "+lines[0])
	default:
		where = append(where, "before the returns at lines "+strings.Join(lines[:len(lines)-1], ", ")+" and "+lines[len(lines)-1])
	}
	if end {
		where = append(where, "at the end of the function")
	}
	return "add " + f.Target + ".Close() " + strings.Join(where, " and ")
}

// message returns the one-line diagnostic for l, e.g.
// "net.Conn c from net.Dial is not closed on the io.EOF return at line 57
// (the peer's FIN leaves it in CLOSE_WAIT)".
func message(fset *token.FileSet, l *Leak) string {
	var b strings.Builder
	head := headlineExit(l)
	fmt.Fprintf(&b, "%s%s%s is not closed %s", subject(l), handedBy(fset, l), keptIn(l), exitPhrase(fset, l, l.Exits[head]))
	if n := len(l.Exits) - 1; n == 1 {
		b.WriteString(" and on 1 other path")
	} else if n > 1 {
		fmt.Fprintf(&b, " and on %d other paths", n)
	}
	read := firstReadExit(l)
	if read >= 0 && read != head && !l.Packet {
		fmt.Fprintf(&b, ", including %s", strings.TrimPrefix(exitPhrase(fset, l, l.Exits[read]), "on "))
	}
	if w := wrapperExit(l, head); w >= 0 {
		b.WriteString(wrapperAdvice(fset, l, l.Exits[w], w != head))
	}
	if o := l.owner; o != nil && o.start.IsValid() {
		nobody := "no code of the package"
		if o.closes {
			nobody = "no other code"
		}
		fmt.Fprintf(&b, ": %s runs as the goroutine started at %s, and %s closes field %s", o.method, lineFrom(fset, o.start, l.Call), nobody, o.field)
	} else if o != nil {
		fmt.Fprintf(&b, ": %s returns there when closing another part fails, before it closes field %s", o.method, o.field)
	}
	fmt.Fprintf(&b, " (%s)", why(l, read >= 0))
	return b.String()
}

// wrapperExit returns the index of the exit the message explains as a
// return of a wrapper (see Exit.Wrapper): the headline, if it is one,
// else the first, or -1.
func wrapperExit(l *Leak, head int) int {
	if l.Exits[head].Wrapper != "" {
		return head
	}
	for i, x := range l.Exits {
		if x.Wrapper != "" {
			return i
		}
	}
	return -1
}

// wrapperAdvice says that the return x hands the caller only a wrapper
// of the resource, that the caller cannot close it through it, and what
// to return instead: ": the return at line 19 gives the caller only a
// *gzip.Reader built on it, whose Close leaves resp.Body open: return an
// io.ReadCloser whose Close also closes resp.Body".
func wrapperAdvice(fset *token.FileSet, l *Leak, x Exit, other bool) string {
	name := varOr(l, "the "+strings.TrimPrefix(l.Type, "*"))
	instead := "a value whose Close also closes " + name + " (a struct holding " + name + ", with a Close method)"
	if l.Kind == Body {
		name = bodyName(l)
		if name == "" {
			name = "the response body"
		}
		instead = "an io.ReadCloser whose Close also closes " + name
	}
	which := "it gives"
	if other {
		which = fmt.Sprintf("the return at line %d gives", line(fset, x.Pos))
	}
	if x.WrapperField != "" {
		return fmt.Sprintf(": %s the caller only %s that keeps it in field %s, which no code of the package closes; close %s where %s releases the rest", which, article(x.Wrapper), x.WrapperField, x.WrapperField, strings.TrimPrefix(x.Wrapper, "*"))
	}
	closes := "which has no Close"
	if x.WrapperCloses {
		closes = "whose Close leaves " + name + " open"
	}
	return fmt.Sprintf(": %s the caller only %s built on it, %s, so the caller cannot close %s; return %s", which, article(x.Wrapper), closes, name, instead)
}

// article puts "a" or "an" before a type's name: "a *gzip.Reader", "an
// io.ReadCloser".
func article(typ string) string {
	if strings.ContainsRune("aeiouAEIOU", rune(strings.TrimLeft(typ, "*[]")[0])) {
		return "an " + typ
	}
	return "a " + typ
}

// headlineExit returns the index of the exit the message names: the
// first overwrite, the event a user acts on (a retry loop that dials or
// sends again over an open resource loses one per attempt, whatever
// rarer return comes first in the file), or else the first exit in this
// function's package: a callee of another package that takes the
// resource and leaves it open is named after it, since the fix the
// message leads to is in the function reported (gops's listen drops the
// conn on its continues; that it may also stay open in the profiler
// after its handler fails comes second).
func headlineExit(l *Leak) int {
	for i, x := range l.Exits {
		if x.Kind == OverwriteExit {
			return i
		}
	}
	for i, x := range l.Exits {
		if x.Kind != HandoffExit || x.Where == "" {
			return i
		}
	}
	return 0
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
	switch {
	case l.Received:
		what += " received from " + l.Callee
	case l.Callee != "":
		what += " from " + l.Callee
	}
	return what
}

// keptIn says which local slice holds the resource with the others the
// loop acquired (see Leak.Container): ", kept in lns,".
func keptIn(l *Leak) string {
	if l.Container == "" {
		return ""
	}
	return ", kept in " + l.Container + " with the others the loop opened,"
}

// handedBy says where a parameter leak's resource comes from when its
// hand-off to a goroutine is this leak (see mergeHandoffs): ", from
// ln.Accept at line 25 by the goroutine started at line 29,".
func handedBy(fset *token.FileSet, l *Leak) string {
	if len(l.HandedBy) == 0 {
		return ""
	}
	h := l.HandedBy[0]
	from := "an acquisition"
	if h.Callee != "" {
		from = h.Callee
	}
	s := fmt.Sprintf(", from %s at %s by the goroutine started at %s", from, lineFrom(fset, h.Call, l.Call), lineFrom(fset, h.Go, l.Call))
	if n := len(l.HandedBy) - 1; n == 1 {
		s += " and 1 other"
	} else if n > 1 {
		s += fmt.Sprintf(" and %d others", n)
	}
	return s + ","
}

// lineFrom names the line of pos as seen from ref: "line 25" in the
// same file, "serve.go:25" in another.
func lineFrom(fset *token.FileSet, pos, ref token.Pos) string {
	p, r := fset.Position(pos), fset.Position(ref)
	if p.Filename == r.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
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
		if x.Dropper != "" {
			return fmt.Sprintf("on the error return at line %d, after which %s drops the receiver holding it", n, x.Dropper)
		}
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
		if l.unix || l.anySocket {
			return fmt.Sprintf("%s is still open here, after the read at line %d failed: io.EOF there is the peer's close", name, line(fset, x.Read))
		}
		return fmt.Sprintf("%s is still open here, after the read at line %d failed: io.EOF there is the peer's FIN", name, line(fset, x.Read))
	case ErrorReturnExit:
		if x.Dropper != "" {
			return fmt.Sprintf("%s is still open at this error return, in a field of the receiver, which %s drops when this method fails", name, x.Dropper)
		}
		if x.Parked {
			return fmt.Sprintf("%s is still open at this error return, in a field of the receiver, although this method closes it on another failure", name)
		}
		return fmt.Sprintf("%s is still open at this error return", name)
	case ContinueExit:
		return fmt.Sprintf("%s is still open at this continue; the next iteration drops it", name)
	case ReturnExit:
		if x.WrapperField != "" {
			return fmt.Sprintf("%s is still open at this return, in field %s of %s, which no code of the package closes", name, x.WrapperField, article(x.Wrapper))
		}
		if x.Wrapper != "" {
			return fmt.Sprintf("%s is still open at this return, which gives the caller only %s built on it", name, article(x.Wrapper))
		}
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
	case l.Kind == Listener && l.unix:
		return "its socket path stays bound and its fd leaks"
	case l.Kind == Listener:
		return "the port stays bound and its fd leaks"
	case l.Kind == Body:
		return bodyWhy(l)
	case l.Packet && l.unix:
		return "its fd leaks: a unix datagram socket never reaches CLOSE_WAIT, but it stays open"
	case l.Packet:
		return "its fd and port leak: a datagram socket never reaches CLOSE_WAIT, but it stays open"
	case l.anySocket:
		return "its fd leaks, and its socket stays open"
	case l.unix:
		return "its fd leaks: a unix socket has no CLOSE_WAIT, but it stays open after the peer closes"
	case readExit:
		return "the peer's FIN leaves it in CLOSE_WAIT"
	}
	return "the fd leaks, and once the peer closes the socket sits in CLOSE_WAIT"
}

// bodyWhy explains the cost of a leaked body: a held connection, or,
// for a drained one, why it holds none.
func bodyWhy(l *Leak) string {
	switch {
	case l.Drained && l.head:
		return "it answers a HEAD request, which has no body: net/http reused its connection once the headers were read; close it anyway, as net/http's contract asks"
	case l.Drained && l.cancelled:
		return "its request's context is cancelled when the function returns, so net/http closes the connection rather than reuse it; close it anyway, as net/http's contract asks"
	case l.Drained && l.DrainedBy != "":
		return fmt.Sprintf("%s may have read it to io.EOF first, in which case net/http holds no socket for it; close it anyway, as net/http's contract asks", l.DrainedBy)
	case l.Drained:
		return "it was read to io.EOF first, so net/http holds no socket for it; close it anyway, as net/http's contract asks"
	}
	return "the connection can be neither reused nor closed, and sits in CLOSE_WAIT once the server closes"
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
