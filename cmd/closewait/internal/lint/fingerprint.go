package lint

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// A findingKey is what identifies a finding across edits that do not
// touch it: no line numbers and no file name, so a line shift or a
// move of the function to another file of its package keeps it.
type findingKey struct {
	Pass        string // the pass that reported it
	Function    string // the enclosing function, package-qualified: "example.com/m.(*Server).serve", "example.com/m.handle.func2"
	Acquisition string // the acquiring call as written, callee and variables: "conn, err = ln.Accept"
	Exit        string // the kind of the first leaking exit: "io.EOF return", "error return", …
}

// hash returns the hex SHA-256 prefix that names k.
func (k findingKey) hash() string {
	sum := sha256.Sum256([]byte(strings.Join([]string{"closewait finding v1", k.Pass, k.Function, k.Acquisition, k.Exit}, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// setFingerprints sets the key and fingerprint of each finding of r. The
// fingerprint is the key's hash and, after a colon, the finding's
// ordinal among those of r with the same key (1 for the first, in
// source order), so that two identical acquisitions in one function
// each have their own.
func (r *checkResult) setFingerprints() {
	files := make(map[string]*parsedFile)
	for i := range r.findings {
		f := &r.findings[i]
		f.key = keyOf(f, files)
	}
	order := make([]int, len(r.findings))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := &r.findings[a], &r.findings[b]
		return cmp.Or(cmp.Compare(x.key.hash(), y.key.hash()),
			cmp.Compare(x.posn.Filename, y.posn.Filename), cmp.Compare(x.posn.Offset, y.posn.Offset))
	})
	seen := make(map[string]int)
	for _, i := range order {
		f := &r.findings[i]
		h := f.key.hash()
		seen[h]++
		f.fingerprint = fmt.Sprintf("%s:%d", h, seen[h])
	}
}

// A parsedFile is a source file parsed for the fingerprints, or the
// error that prevented it.
type parsedFile struct {
	fset *token.FileSet
	file *ast.File
	src  []byte
	err  error
}

// keyOf computes f's key, parsing its file (once, through files).
func keyOf(f *checkFinding, files map[string]*parsedFile) findingKey {
	k := findingKey{Pass: f.analyzer.Name, Exit: exitKind(f.diag.Message)}
	pkg := ""
	if f.pkg != nil {
		pkg = f.pkg.PkgPath
	}
	k.Function = pkg + ".?"
	tf := f.fset.File(f.diag.Pos)
	if tf == nil {
		return k
	}
	pf := files[tf.Name()]
	if pf == nil {
		pf = parseForKey(tf.Name())
		files[tf.Name()] = pf
	}
	if pf.err != nil {
		return k
	}
	ptf := pf.fset.File(pf.file.FileStart)
	off := tf.Offset(f.diag.Pos)
	if off > ptf.Size() {
		return k
	}
	pos := ptf.Pos(off)
	path, _ := astutil.PathEnclosingInterval(pf.file, pos, pos)
	k.Function = pkg + "." + functionName(pf.file, path)
	k.Acquisition = acquisitionText(pf, path)
	return k
}

// parseForKey parses file name (syntax only).
func parseForKey(name string) *parsedFile {
	src, err := os.ReadFile(name)
	if err != nil {
		return &parsedFile{err: err}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if f == nil {
		return &parsedFile{err: err}
	}
	return &parsedFile{fset: fset, file: f, src: src}
}

// functionName names the function that path (from the node at a
// position to the file) is in: "F", "(*T).M", "(T).M", "F.func2" for
// F's second function literal in source order (the innermost literal
// holding the position), or the first name of a package-level var
// declaration outside any function.
func functionName(file *ast.File, path []ast.Node) string {
	var lit *ast.FuncLit
	for _, n := range path {
		switch n := n.(type) {
		case *ast.FuncLit:
			if lit == nil {
				lit = n
			}
		case *ast.FuncDecl:
			name := n.Name.Name
			if n.Recv != nil && len(n.Recv.List) == 1 {
				name = "(" + receiverType(n.Recv.List[0].Type) + ")." + name
			}
			if lit != nil {
				name += fmt.Sprintf(".func%d", literalIndex(n, lit))
			}
			return name
		case *ast.GenDecl:
			for _, s := range n.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Names) > 0 {
					return vs.Names[0].Name
				}
			}
		}
	}
	return "?"
}

// receiverType spells a receiver's type without its type parameters:
// "*T" or "T".
func receiverType(e ast.Expr) string {
	star := ""
	if s, ok := e.(*ast.StarExpr); ok {
		star, e = "*", s.X
	}
	switch t := e.(type) {
	case *ast.IndexExpr:
		e = t.X
	case *ast.IndexListExpr:
		e = t.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return star + id.Name
	}
	return star + "?"
}

// literalIndex returns the 1-based index of lit among the function
// literals of decl, in source order.
func literalIndex(decl *ast.FuncDecl, lit *ast.FuncLit) int {
	i, found := 0, 0
	ast.Inspect(decl, func(n ast.Node) bool {
		if l, ok := n.(*ast.FuncLit); ok && found == 0 {
			i++
			if l == lit {
				found = i
			}
		}
		return found == 0
	})
	return found
}

// acquisitionText returns the acquiring call as the key spells it: the
// variables it assigns, if any, and its callee, each as written with
// spaces collapsed ("conn, err = ln.Accept"); the arguments are left out,
// so editing an address or a timeout keeps the key.
func acquisitionText(pf *parsedFile, path []ast.Node) string {
	var call *ast.CallExpr
	var lhs string
	for i, n := range path {
		if c, ok := n.(*ast.CallExpr); ok && call == nil {
			call = c
			if i+1 < len(path) {
				lhs = assignedTo(pf, path[i+1], c)
			}
		}
	}
	if call == nil {
		return ""
	}
	callee := sourceText(pf, call.Fun)
	if lhs == "" {
		return callee
	}
	return lhs + " = " + callee
}

// assignedTo returns, if parent assigns the value of call, the
// variables it assigns to.
func assignedTo(pf *parsedFile, parent ast.Node, call *ast.CallExpr) string {
	var list []string
	switch p := parent.(type) {
	case *ast.AssignStmt:
		if !slices.Contains(p.Rhs, ast.Expr(call)) {
			return ""
		}
		for _, e := range p.Lhs {
			list = append(list, sourceText(pf, e))
		}
	case *ast.ValueSpec:
		for _, id := range p.Names {
			list = append(list, id.Name)
		}
	}
	return strings.Join(list, ", ")
}

var spaces = regexp.MustCompile(`\s+`)

// sourceText returns the source of n with runs of white space as one
// space.
func sourceText(pf *parsedFile, n ast.Node) string {
	tf := pf.fset.File(n.Pos())
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	return spaces.ReplaceAllString(string(bytes.TrimSpace(pf.src[start:end])), " ")
}

// exitPhrases are the kinds of leaking exit that the messages name, most
// specific first, and the phrases that name them.
var exitPhrases = []struct{ phrase, kind string }{
	{"io.EOF return", "io.EOF return"},
	{"read-error return", "read-error return"},
	{"error return", "error return"},
	{"on the continue", "continue"},
	{"overwritten", "overwrite"},
	{"is replaced", "overwrite"},
	{"which takes it", "handoff"},
	{"on the return", "return"},
}

var digits = regexp.MustCompile(`[0-9]+`)

// exitKind returns the kind of the first leaking exit that msg names
// (the part before ", including", " and on" and the parenthesis that
// says why), or, for a message that names none, msg with its numbers
// (lines, counts) taken out.
func exitKind(msg string) string {
	head := msg
	for _, cut := range []string{" (", ", including", " and on "} {
		if i := strings.Index(head, cut); i >= 0 {
			head = head[:i]
		}
	}
	for _, p := range exitPhrases {
		if strings.Contains(head, p.phrase) {
			return p.kind
		}
	}
	return digits.ReplaceAllString(msg, "N")
}
