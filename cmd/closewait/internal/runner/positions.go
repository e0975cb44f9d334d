package runner

import (
	"go/token"
	"sort"

	"golang.org/x/tools/go/analysis"
)

// A posEncoder turns token.Pos values into cachedPos, collecting the
// files they are in.
type posEncoder struct {
	fset    *token.FileSet
	index   map[*token.File]int
	list    []*token.File
	offsets map[*token.File][]int
}

func newPosEncoder(fset *token.FileSet) *posEncoder {
	return &posEncoder{fset: fset, index: make(map[*token.File]int), offsets: make(map[*token.File][]int)}
}

func (pe *posEncoder) pos(p token.Pos) cachedPos {
	if !p.IsValid() {
		return cachedPos{-1, 0}
	}
	tf := pe.fset.File(p)
	if tf == nil {
		return cachedPos{-1, 0}
	}
	i, ok := pe.index[tf]
	if !ok {
		i = len(pe.list)
		pe.index[tf] = i
		pe.list = append(pe.list, tf)
	}
	off := tf.Offset(p)
	pe.offsets[tf] = append(pe.offsets[tf], off)
	return cachedPos{i, off}
}

func (pe *posEncoder) diagnostic(d analysis.Diagnostic) cachedDiagnostic {
	cd := cachedDiagnostic{Pos: pe.pos(d.Pos), End: pe.pos(d.End), Category: d.Category, Message: d.Message, URL: d.URL}
	for _, f := range d.SuggestedFixes {
		cf := cachedFix{Message: f.Message}
		for _, e := range f.TextEdits {
			cf.Edits = append(cf.Edits, cachedEdit{pe.pos(e.Pos), pe.pos(e.End), e.NewText})
		}
		cd.Fixes = append(cd.Fixes, cf)
	}
	for _, rel := range d.Related {
		cd.Related = append(cd.Related, cachedRelated{pe.pos(rel.Pos), pe.pos(rel.End), rel.Message})
	}
	return cd
}

// files returns the files of the encoded positions, with the adjusted
// position (//line directives) of each offset used if the file has any.
func (pe *posEncoder) files() []cachedFile {
	var out []cachedFile
	for _, tf := range pe.list {
		cf := cachedFile{Name: tf.Name(), Size: tf.Size(), Lines: tf.Lines()}
		offs := pe.offsets[tf]
		sort.Ints(offs)
		adjusted := false
		var infos []cachedLineInfo
		for i, off := range offs {
			if i > 0 && off == offs[i-1] {
				continue
			}
			p := tf.Pos(off)
			adj, raw := tf.PositionFor(p, true), tf.PositionFor(p, false)
			adjusted = adjusted || adj != raw
			infos = append(infos, cachedLineInfo{off, adj.Filename, adj.Line, adj.Column})
		}
		if adjusted {
			cf.Infos = infos
		}
		out = append(out, cf)
	}
	return out
}

// A posDecoder turns cachedPos values back into token.Pos values, in
// files it adds to the run's FileSet.
type posDecoder struct {
	fset  *token.FileSet
	files []cachedFile
	added []*token.File
}

func newPosDecoder(fset *token.FileSet, files []cachedFile) *posDecoder {
	return &posDecoder{fset: fset, files: files, added: make([]*token.File, len(files))}
}

func (pd *posDecoder) pos(cp cachedPos) token.Pos {
	if cp.File < 0 || cp.File >= len(pd.files) {
		return token.NoPos
	}
	tf := pd.added[cp.File]
	if tf == nil {
		cf := pd.files[cp.File]
		tf = pd.fset.AddFile(cf.Name, -1, cf.Size)
		tf.SetLines(cf.Lines)
		for _, li := range cf.Infos {
			tf.AddLineColumnInfo(li.Offset, li.Filename, li.Line, li.Column)
		}
		pd.added[cp.File] = tf
	}
	if cp.Offset > tf.Size() {
		return token.NoPos
	}
	return tf.Pos(cp.Offset)
}

func (pd *posDecoder) diagnostic(cd cachedDiagnostic) analysis.Diagnostic {
	d := analysis.Diagnostic{Pos: pd.pos(cd.Pos), End: pd.pos(cd.End), Category: cd.Category, Message: cd.Message, URL: cd.URL}
	for _, cf := range cd.Fixes {
		f := analysis.SuggestedFix{Message: cf.Message}
		for _, e := range cf.Edits {
			f.TextEdits = append(f.TextEdits, analysis.TextEdit{Pos: pd.pos(e.Pos), End: pd.pos(e.End), NewText: e.NewText})
		}
		d.SuggestedFixes = append(d.SuggestedFixes, f)
	}
	for _, rel := range cd.Related {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: pd.pos(rel.Pos), End: pd.pos(rel.End), Message: rel.Message})
	}
	return d
}
