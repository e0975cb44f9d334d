package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
)

// A verdict is the line of a case in results.golden.
type verdict struct{ before, after string }

// goldenHeader starts results.golden.
const goldenHeader = "# id\tbefore\tafter (written by testdata/realleaks/run.sh -update, checked by run.sh -check)\n"

// readGolden reads a results file; a missing file is an empty one.
func readGolden(name string) (map[string]verdict, error) {
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return map[string]verdict{}, nil
	} else if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseGolden(name, f)
}

func parseGolden(name string, r io.Reader) (map[string]verdict, error) {
	g := make(map[string]verdict)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 3 (id before after)", name, n, len(f))
		}
		g[f[0]] = verdict{f[1], f[2]}
	}
	return g, sc.Err()
}

// updateGolden sets the verdicts of os in g, drops the ids that are no
// longer cases (ids lists every case), and writes g to name.
func updateGolden(name string, g map[string]verdict, outs []*outcome, ids map[string]bool) error {
	for id := range g {
		if !ids[id] {
			delete(g, id)
		}
	}
	for _, o := range outs {
		g[o.c.ID] = verdict{o.before, o.after}
	}
	var b strings.Builder
	b.WriteString(goldenHeader)
	for _, id := range slices.Sorted(maps.Keys(g)) {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", id, g[id].before, g[id].after)
	}
	return os.WriteFile(name, []byte(b.String()), 0o666)
}

// hit reports whether a before verdict is a finding in the function.
func hit(before string) bool { return before == exact || before == inFunc }

// compare compares the outcomes with the golden verdicts. A regression
// is a case that errors, a leak that was found (exact or func) and is now
// missed, or a fixed version that was clean and is now flagged.
// Improvements are the reverse moves (and func to exact); changes are
// the other differences: exact to func, a new case, a previous error.
func compare(g map[string]verdict, outs []*outcome) (regressions, improvements, changes []string) {
	for _, o := range outs {
		id := o.c.ID
		if o.failed() {
			regressions = append(regressions, fmt.Sprintf("%s: error: %s", id, strings.Join(o.reasons, "; ")))
			continue
		}
		want, ok := g[id]
		if !ok {
			changes = append(changes, fmt.Sprintf("%s: new case: before %s, after %s", id, o.before, o.after))
			continue
		}
		if b := fmt.Sprintf("%s: before: %s -> %s", id, want.before, o.before); want.before != o.before {
			switch {
			case hit(want.before) && !hit(o.before):
				regressions = append(regressions, b)
			case want.before == missed && hit(o.before), want.before == inFunc && o.before == exact:
				improvements = append(improvements, b)
			default:
				changes = append(changes, b)
			}
		}
		if a := fmt.Sprintf("%s: after: %s -> %s", id, want.after, o.after); want.after != o.after {
			switch {
			case want.after == clean && o.after == flagged:
				regressions = append(regressions, a)
			case want.after == flagged && o.after == clean:
				improvements = append(improvements, a)
			default:
				changes = append(changes, a)
			}
		}
	}
	return regressions, improvements, changes
}
