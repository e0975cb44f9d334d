// Command findings turns the JSON output of closewait -json into the
// corpus's golden form: one finding a line, sorted, as
//
//	package<TAB>file:line<TAB>pass<TAB>message
//
// with file relative to GOROOT/src (the standard library) or to the module
// cache (module@version/path), so that the list is the same on every
// machine. It fails, naming them, on analysis errors in the JSON.
//
// Usage:
//
//	findings -goroot DIR -modcache DIR < closewait.json
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	goroot := flag.String("goroot", "", "GOROOT of the toolchain that ran closewait")
	modcache := flag.String("modcache", "", "GOMODCACHE of that run")
	flag.Parse()
	if *goroot == "" || *modcache == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: findings -goroot DIR -modcache DIR < closewait.json")
		os.Exit(2)
	}
	lines, errs, err := convert(os.Stdin, *goroot, *modcache)
	if err != nil {
		fatalf("%v", err)
	}
	w := bufio.NewWriter(os.Stdout)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	if err := w.Flush(); err != nil {
		fatalf("writing: %v", err)
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(os.Stderr, "findings: analysis error: %s\n", e)
		}
		os.Exit(1)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "findings: "+format+"\n", args...)
	os.Exit(1)
}

// A diagnostic is one entry of the JSON tree of go vet -json.
type diagnostic struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// convert reads the JSON tree {package: {pass: [diagnostic] | {"error": msg}}}
// and returns the sorted golden lines and the analysis errors.
func convert(r io.Reader, goroot, modcache string) (lines, errs []string, err error) {
	var tree map[string]map[string]json.RawMessage
	dec := json.NewDecoder(r)
	if err := dec.Decode(&tree); err != nil {
		if err == io.EOF {
			return nil, nil, nil // no package had a finding or an error
		}
		return nil, nil, fmt.Errorf("reading closewait -json output: %v", err)
	}
	roots := []string{
		filepath.Join(goroot, "src") + string(filepath.Separator),
		modcache + string(filepath.Separator),
	}
	for pkg, passes := range tree {
		for pass, raw := range passes {
			var e struct {
				Error string `json:"error"`
			}
			if json.Unmarshal(raw, &e) == nil && e.Error != "" {
				errs = append(errs, fmt.Sprintf("%s: %s: %s", pkg, pass, e.Error))
				continue
			}
			var diags []diagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				return nil, nil, fmt.Errorf("%s: %s: unexpected JSON: %v", pkg, pass, err)
			}
			for _, d := range diags {
				lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s", pkg, position(d.Posn, roots), pass, d.Message))
			}
		}
	}
	slices.Sort(lines)
	lines = slices.Compact(lines) // a file seen through two package variants
	slices.Sort(errs)
	return lines, errs, nil
}

// position turns "/abs/file.go:line:col" into "rel/file.go:line", rel
// being relative to the first of roots that contains the file.
func position(posn string, roots []string) string {
	file, line := posn, ""
	if i := strings.LastIndexByte(posn, ':'); i >= 0 {
		file = posn[:i] // drop the column
		if j := strings.LastIndexByte(file, ':'); j >= 0 {
			file, line = file[:j], file[j:]
		}
	}
	for _, root := range roots {
		if rel, ok := strings.CutPrefix(file, root); ok {
			file = filepath.ToSlash(rel)
			break
		}
	}
	return file + line
}
