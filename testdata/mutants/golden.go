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

// A verdict is a mutant's line in results.golden: the verdict on the
// mutant and on its control.
type verdict struct{ mutant, control string }

// goldenHeader starts results.golden.
const goldenHeader = "# id\tmutant\tcontrol (written by testdata/mutants/run.sh -update, checked by run.sh -check)\n"

// readGolden reads a verdict file; a missing file is an empty one.
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
			return nil, fmt.Errorf("%s:%d: %d columns, want 3 (id mutant control)", name, n, len(f))
		}
		g[f[0]] = verdict{f[1], f[2]}
	}
	return g, sc.Err()
}

// updateGolden sets the verdicts of outs in g, drops the ids that are no
// longer mutants (ids lists them all), and writes g to name.
func updateGolden(name string, g map[string]verdict, outs []*outcome, ids map[string]bool) error {
	for id := range g {
		if !ids[id] {
			delete(g, id)
		}
	}
	for _, o := range outs {
		g[o.m.ID] = verdict{o.mutant, o.control}
	}
	var b strings.Builder
	b.WriteString(goldenHeader)
	for _, id := range slices.Sorted(maps.Keys(g)) {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", id, g[id].mutant, g[id].control)
	}
	return os.WriteFile(name, []byte(b.String()), 0o666)
}

// detected reports whether a mutant verdict is a finding in the function.
func detected(v string) bool { return v == exact || v == inFunc }

// compare compares the outcomes with the golden verdicts. A regression
// is a mutant that errors, one that was detected and is now missed, or a
// control that was clean and is now flagged. Improvements are the
// reverse moves (and func to exact); changes are the other differences.
func compare(g map[string]verdict, outs []*outcome) (regressions, improvements, changes []string) {
	for _, o := range outs {
		id := o.m.ID
		if o.failed() {
			regressions = append(regressions, fmt.Sprintf("%s: error: %s", id, strings.Join(o.reasons, "; ")))
			continue
		}
		want, ok := g[id]
		if !ok {
			changes = append(changes, fmt.Sprintf("%s: new mutant: %s, control %s", id, o.mutant, o.control))
			continue
		}
		if d := fmt.Sprintf("%s: mutant: %s -> %s", id, want.mutant, o.mutant); want.mutant != o.mutant {
			switch {
			case detected(want.mutant) && !detected(o.mutant):
				regressions = append(regressions, d)
			case want.mutant == missed && detected(o.mutant), want.mutant == inFunc && o.mutant == exact:
				improvements = append(improvements, d)
			default:
				changes = append(changes, d)
			}
		}
		if d := fmt.Sprintf("%s: control: %s -> %s", id, want.control, o.control); want.control != o.control {
			switch {
			case want.control == clean && o.control == flagged:
				regressions = append(regressions, d)
			case want.control == flagged && o.control == clean:
				improvements = append(improvements, d)
			default:
				changes = append(changes, d)
			}
		}
	}
	return regressions, improvements, changes
}
