package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
)

// runFix implements -fix and -diff: it applies (or shows) the suggested
// fixes, says how many of them it could apply and why not the others,
// then reports the findings that remain, from a second analysis once files
// changed. It returns exitFailure if a fix could not be applied or the
// analysis failed, exitLeaks if findings remain (with -diff, which
// changes no file, if there are any findings), else exitNoLeaks.
func runFix(o *checkOptions, stdout, stderr io.Writer) int {
	r := analyzePackages(o)
	for _, e := range r.errors {
		fmt.Fprintf(stderr, "closewait: %s\n", e)
	}
	r.printFiltered(o, stderr)
	out := applyFixes(r, o.diff, stdout)
	for _, f := range out.failures {
		fmt.Fprintf(stderr, "closewait: %s\n", f)
	}
	if out.offered > 0 {
		verb := "applied"
		if o.diff {
			verb = "the diff applies"
		}
		fmt.Fprintf(stderr, "closewait: %s %d of %d suggested fixes (%d file%s)\n", verb, len(out.applied), out.offered, out.files, plural(out.files))
	}
	remaining := r
	if !o.diff && len(out.applied) > 0 {
		remaining = analyzePackages(o)
		for _, e := range remaining.errors {
			if !slices.Contains(r.errors, e) {
				fmt.Fprintf(stderr, "closewait: after the fixes: %s\n", e)
			}
		}
	} else if o.diff {
		left := *r
		left.findings = nil
		for i, f := range r.findings {
			if !out.applied[i] {
				left.findings = append(left.findings, f)
			}
		}
		remaining = &left
	}
	if n := len(remaining.findings); n > 0 {
		verb := "findings remain"
		if n == 1 {
			verb = "finding remains"
		}
		fmt.Fprintf(stderr, "closewait: %d %s (no safe fix, or its fix was not applied):\n", n, verb)
		if err := printCheckText(stderr, remaining, o.context); err != nil {
			return exitFailure
		}
	}
	switch {
	case len(r.errors) > 0 || len(remaining.errors) > 0 || len(out.failures) > 0:
		return exitFailure
	case len(remaining.findings) > 0, o.diff && len(r.findings) > 0:
		// -diff changes nothing: every leak it found is still there.
		return exitLeaks
	}
	return exitNoLeaks
}

// A fileEdit is one edit of a suggested fix, by byte offsets in its file.
type fileEdit struct {
	start, end int
	text       string
}

// A fileFix is the edits of one suggested fix in one file.
type fileFix struct {
	finding int // index in checkResult.findings
	edits   []fileEdit
}

// A fixOutcome is what applying the suggested fixes of a run did.
type fixOutcome struct {
	offered  int          // findings that carry a fix
	applied  map[int]bool // findings whose fix was applied (or, with -diff, shown)
	files    int          // files updated (or shown)
	failures []string     // why some fixes were not applied
}

// applyFixes applies the first suggested fix of each finding of r, file
// by file: a fix whose edits overlap those of a fix already taken is left
// out, and so is every fix of a file that cannot be read or written. With
// diff, the files are left alone and a unified diff of the changes is
// written to stdout instead.
func applyFixes(r *checkResult, diff bool, stdout io.Writer) *fixOutcome {
	out := &fixOutcome{applied: make(map[int]bool)}
	byFile := make(map[string][]fileFix)
	var names []string
	for i, f := range r.findings {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		out.offered++
		perFile := make(map[string]*fileFix)
		for _, e := range f.diag.SuggestedFixes[0].TextEdits {
			tf := f.fset.File(e.Pos)
			if tf == nil {
				continue
			}
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			name := tf.Name()
			ff := perFile[name]
			if ff == nil {
				ff = &fileFix{finding: i}
				perFile[name] = ff
			}
			ff.edits = append(ff.edits, fileEdit{tf.Offset(e.Pos), tf.Offset(end), string(e.NewText)})
		}
		for name, ff := range perFile {
			if byFile[name] == nil {
				names = append(names, name)
			}
			byFile[name] = append(byFile[name], *ff)
		}
	}
	slices.Sort(names)
	failed := make(map[int]bool) // findings with a fix left out in some file
	done := make(map[int][]string)
	for _, name := range names {
		fixes := byFile[name]
		target, err := r.fixTarget(name)
		if err != nil {
			out.failures = append(out.failures, fmt.Sprintf("not changing %s: %v (%s not applied)", relToWD(name), err, nFixes(len(fixes))))
			for _, ff := range fixes {
				failed[ff.finding] = true
			}
			continue
		}
		src, err := os.ReadFile(target)
		if err != nil {
			out.failures = append(out.failures, fmt.Sprintf("cannot read %s: %v (%s not applied)", relToWD(name), err, nFixes(len(fixes))))
			for _, ff := range fixes {
				failed[ff.finding] = true
			}
			continue
		}
		var taken []fileEdit
		var in []int
		for _, ff := range fixes {
			for i, e := range ff.edits {
				ff.edits[i] = tidyEdit(src, e)
			}
			if ok, why := addEdits(&taken, ff.edits, len(src)); !ok {
				out.failures = append(out.failures, fmt.Sprintf("%s: fix not applied: %s", relPositionString(r.findings[ff.finding].posn), why))
				failed[ff.finding] = true
				continue
			}
			in = append(in, ff.finding)
		}
		if len(taken) == 0 {
			continue
		}
		applied := applyEdits(src, taken)
		fixed := gofmtIfClean(src, applied)
		if diff {
			edits := taken
			if !bytes.Equal(fixed, applied) { // gofmt moved more than the edits
				edits = []fileEdit{wholeEdit(src, fixed)}
			}
			err = writeUnifiedDiff(stdout, relToWD(name), src, edits)
		} else {
			err = writeFileAtomic(target, fixed, 0o644)
		}
		if err != nil {
			out.failures = append(out.failures, fmt.Sprintf("cannot write %s: %v (%s not applied)", relToWD(name), err, nFixes(len(in))))
			for _, i := range in {
				failed[i] = true
			}
			continue
		}
		out.files++
		for _, i := range in {
			done[i] = append(done[i], name)
		}
	}
	for i := range done {
		if !failed[i] {
			out.applied[i] = true
		}
	}
	return out
}

// nFixes spells "1 fix" or "N fixes".
func nFixes(n int) string {
	if n == 1 {
		return "1 fix"
	}
	return fmt.Sprintf("%d fixes", n)
}

// addEdits adds edits to taken, kept sorted, unless one of them is out of
// range or overlaps an edit already taken (an identical edit, as the same
// fix reported for a package and its test variant, is taken once).
func addEdits(taken *[]fileEdit, edits []fileEdit, size int) (bool, string) {
	var add []fileEdit
	for _, e := range edits {
		if e.start < 0 || e.end < e.start || e.end > size {
			return false, "edit out of the file's range (was the file changed since?)"
		}
		if slices.Contains(*taken, e) || slices.Contains(add, e) {
			continue
		}
		for _, t := range append(slices.Clone(*taken), add...) {
			if e.start < t.end && t.start < e.end || e.start == t.start && (e.start == e.end || t.start == t.end) {
				return false, "it overlaps another fix (run -fix again to apply it)"
			}
		}
		add = append(add, e)
	}
	*taken = append(*taken, add...)
	slices.SortFunc(*taken, func(a, b fileEdit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	return true, ""
}

// applyEdits returns src with the sorted, non-overlapping edits applied.
func applyEdits(src []byte, edits []fileEdit) []byte {
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return b.Bytes()
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
