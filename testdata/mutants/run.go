package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A bench holds what every run of closewait needs.
type bench struct {
	cache, corpus, root string // directories
	closewait           string // the binary
	log                 io.Writer
}

// runModule runs the mutants of one module version: the control (the
// module unmutated), then each batch of mutants applied together, and
// judges each mutant. The module's copy is restored after each batch.
func (b *bench) runModule(ms []*Mutant) []*outcome {
	m0 := ms[0]
	outs := make([]*outcome, len(ms))
	for i, m := range ms {
		outs[i] = &outcome{m: m, mutant: failed, control: failed}
	}
	fail := func(err error) []*outcome {
		for _, o := range outs {
			o.reasons = append(o.reasons, err.Error())
		}
		return outs
	}
	s, err := newScratch(b.cache, b.corpus, b.root, m0.Module, m0.Version)
	if err != nil {
		return fail(err)
	}
	var files []string
	for _, m := range ms {
		if !slices.Contains(files, m.File) {
			files = append(files, m.File)
		}
	}
	if err := s.restore(files); err != nil {
		return fail(err)
	}
	// Each mutant's function, found in the unmutated file.
	spans := make(map[*Mutant]span)
	var ok []*outcome
	for _, o := range outs {
		sp, err := findFunc(filepath.Join(s.src, o.m.File), o.m.Func)
		if err == nil && (!sp.contains(o.m.Acq) || !sp.contains(o.m.Removed)) {
			err = fmt.Errorf("lines %d and %d are not both in %s (lines %d-%d)", o.m.Acq, o.m.Removed, o.m.Func, sp.first, sp.last)
		}
		if err != nil {
			o.reasons = append(o.reasons, err.Error())
			continue
		}
		spans[o.m] = sp
		o.generated = isGenerated(filepath.Join(s.src, o.m.File))
		ok = append(ok, o)
	}
	cwCache := filepath.Join(b.cache, "closewait-cache")
	start := time.Now()
	control := b.analyze(s, cwCache, mutantsOf(ok))
	fmt.Fprintf(b.log, "mutants: %s: control, %d packages, %.0fs\n", s.module, len(packagesOf(mutantsOf(ok))), time.Since(start).Seconds())
	for _, o := range ok {
		if err := control.errFor(o.m.Package); err != nil {
			o.reasons = append(o.reasons, "control: "+err.Error())
			continue
		}
		o.control = judgeControl(control.findings, passOf[o.m.Kind], filepath.Join(s.src, o.m.File), spans[o.m])
	}

	bs := batches(mutantsOf(ok), moduleCalls(s.src))
	byMutant := make(map[*Mutant]*outcome)
	for _, o := range ok {
		byMutant[o.m] = o
	}
	for i, batch := range bs {
		start := time.Now()
		res := b.runBatch(s, cwCache, batch)
		for _, m := range batch {
			o := byMutant[m]
			if err := res.errFor(m.Package); err != nil {
				o.reasons = append(o.reasons, err.Error())
				continue
			}
			o.mutant = judgeMutant(res.findings, control.findings, passOf[m.Kind], filepath.Join(s.src, m.File), spans[m], m.Acq)
		}
		fmt.Fprintf(b.log, "mutants: %s: batch %d/%d, %d mutants, %.0fs\n", s.module, i+1, len(bs), len(batch), time.Since(start).Seconds())
	}
	if err := s.restore(files); err != nil {
		fmt.Fprintf(b.log, "mutants: %v\n", err)
	}
	return outs
}

// runBatch applies the mutants of a batch to the module's copy, analyzes
// their packages and restores the files.
func (b *bench) runBatch(s *scratch, cwCache string, batch []*Mutant) *result {
	var files []string
	for _, m := range batch {
		if !slices.Contains(files, m.File) {
			files = append(files, m.File)
		}
	}
	defer s.restore(files)
	for _, f := range files {
		name := filepath.Join(s.src, f)
		src, err := os.ReadFile(name)
		if err != nil {
			return &result{err: err}
		}
		for _, m := range batch {
			if m.File == f {
				if src, err = mutate(src, m); err != nil {
					return &result{err: err}
				}
			}
		}
		if err := os.WriteFile(name, src, 0o666); err != nil {
			return &result{err: err}
		}
	}
	return b.analyze(s, cwCache, batch)
}

// analyze runs closewait on the packages of ms in the scratch module.
func (b *bench) analyze(s *scratch, cwCache string, ms []*Mutant) *result {
	out, err := s.closewaitRun(b.closewait, cwCache, packagesOf(ms))
	if err != nil {
		return &result{err: err}
	}
	return parseFindings(strings.NewReader(out))
}

// errFor returns the error that keeps pkg from being judged, if any.
func (r *result) errFor(pkg string) error {
	switch {
	case r.err != nil:
		return r.err
	case r.pkgErrs[pkg] != "":
		return fmt.Errorf("analysis error in %s: %s", pkg, r.pkgErrs[pkg])
	}
	return nil
}

func mutantsOf(outs []*outcome) []*Mutant {
	var ms []*Mutant
	for _, o := range outs {
		ms = append(ms, o.m)
	}
	return ms
}

// packagesOf returns the distinct packages of ms, sorted.
func packagesOf(ms []*Mutant) []string {
	var ps []string
	for _, m := range ms {
		ps = append(ps, m.Package)
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// byModule groups mutants by module version, in the order of their keys.
func byModule(ms []*Mutant) [][]*Mutant {
	groups := make(map[string][]*Mutant)
	var keys []string
	for _, m := range ms {
		if groups[m.key()] == nil {
			keys = append(keys, m.key())
		}
		groups[m.key()] = append(groups[m.key()], m)
	}
	slices.Sort(keys)
	var out [][]*Mutant
	for _, k := range keys {
		out = append(out, groups[k])
	}
	return out
}
