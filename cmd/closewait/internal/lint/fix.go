package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// runFix implements -fix and -diff: it applies (or shows) the suggested
// fixes, says how many of them it could apply and why not the others,
// then reports the findings that remain, from a second analysis once files
// changed. It returns exitFailure if a fix could not be applied or the
// analysis failed, exitLeaks if findings remain, else exitNoLeaks.
func runFix(o *checkOptions, stdout, stderr io.Writer) int {
	r := analyzePackages(o)
	for _, e := range r.errors {
		fmt.Fprintf(stderr, "closewait: %s\n", e)
	}
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
	case len(remaining.findings) > 0:
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
		src, err := os.ReadFile(name)
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
		if diff {
			err = writeUnifiedDiff(stdout, relToWD(name), src, taken)
		} else {
			err = writeFilePreservingMode(name, applyEdits(src, taken))
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

// writeFilePreservingMode replaces the contents of an existing file.
func writeFilePreservingMode(name string, data []byte) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, fi.Mode().Perm())
}

// writeUnifiedDiff writes the change that the sorted, non-overlapping
// edits make to src, the contents of file name, as a unified diff with
// three lines of context, which patch -p0 applies from the working
// directory.
func writeUnifiedDiff(w io.Writer, name string, src []byte, edits []fileEdit) error {
	a := splitLines(src)
	starts := make([]int, len(a)+1) // byte offset of each line, and the size
	for i, l := range a {
		starts[i+1] = starts[i] + len(l)
	}
	starts[len(a)] = len(src)
	lineOf := func(off int) int { // the line holding offset off
		i, found := slices.BinarySearch(starts, off)
		if !found {
			i--
		}
		return min(i, max(len(a)-1, 0))
	}
	// The changes, a[i1:i2] replaced by nb (b[j1:j1+len(nb)]): each run of
	// lines touched by edits, less the lines that stay the same at its
	// start and end.
	type change struct {
		i1, i2, j1 int
		nb         []string
	}
	var changes []change
	delta := 0 // lines added so far
	for k := 0; k < len(edits); {
		l1, l2 := lineOf(edits[k].start), lineOf(max(edits[k].end-1, edits[k].start))+1
		l2 = min(l2, len(a))
		m := k + 1
		for m < len(edits) && lineOf(edits[m].start) < l2 {
			l2 = min(max(l2, lineOf(max(edits[m].end-1, edits[m].start))+1), len(a))
			m++
		}
		off := starts[l1]
		region := make([]fileEdit, 0, m-k)
		for _, e := range edits[k:m] {
			region = append(region, fileEdit{e.start - off, e.end - off, e.text})
		}
		ob := a[l1:l2]
		nb := splitLines(applyEdits(src[off:starts[l2]], region))
		k = m
		for len(ob) > 0 && len(nb) > 0 && ob[0] == nb[0] {
			ob, nb, l1 = ob[1:], nb[1:], l1+1
		}
		for len(ob) > 0 && len(nb) > 0 && ob[len(ob)-1] == nb[len(nb)-1] {
			ob, nb, l2 = ob[:len(ob)-1], nb[:len(nb)-1], l2-1
		}
		if len(ob) == 0 && len(nb) == 0 {
			continue
		}
		changes = append(changes, change{l1, l2, l1 + delta, nb})
		delta += len(nb) - len(ob)
	}
	if len(changes) == 0 {
		return nil
	}
	const ctx = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", name, name)
	for k := 0; k < len(changes); {
		// A hunk: the changes whose contexts touch.
		l := k
		for l+1 < len(changes) && changes[l+1].i1-changes[l].i2 <= 2*ctx {
			l++
		}
		first, last := changes[k], changes[l]
		ai1, ai2 := max(first.i1-ctx, 0), min(last.i2+ctx, len(a))
		bj1 := first.j1 - (first.i1 - ai1)
		bj2 := last.j1 + len(last.nb) + (ai2 - last.i2)
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ai1, ai2-ai1), hunkRange(bj1, bj2-bj1))
		at := ai1
		for _, c := range changes[k : l+1] {
			for _, s := range a[at:c.i1] {
				diffLine(&out, " ", s)
			}
			for _, s := range a[c.i1:c.i2] {
				diffLine(&out, "-", s)
			}
			for _, s := range c.nb {
				diffLine(&out, "+", s)
			}
			at = c.i2
		}
		for _, s := range a[at:ai2] {
			diffLine(&out, " ", s)
		}
		k = l + 1
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// diffLine writes one line of a hunk, with the note diff -u adds to a
// last line without a newline.
func diffLine(out *strings.Builder, prefix, line string) {
	out.WriteString(prefix + line)
	if !strings.HasSuffix(line, "\n") {
		out.WriteString("\n\\ No newline at end of file\n")
	}
}

// hunkRange spells the start and length of a hunk's side, as diff -u does.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits b into lines that keep their "\n".
func splitLines(b []byte) []string {
	var lines []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lines = append(lines, string(b))
			break
		}
		lines = append(lines, string(b[:i+1]))
		b = b[i+1:]
	}
	return lines
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
