package lint

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
)

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
