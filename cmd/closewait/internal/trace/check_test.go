package trace

import "testing"

func TestSplitPosn(t *testing.T) {
	for posn, want := range map[string]struct {
		file string
		line int
	}{
		"/a/b/main.go:122:15": {"/a/b/main.go", 122},
		"main.go:7":           {"main.go", 7},
		"C:/x/main.go:3:1":    {"C:/x/main.go", 3},
		"nowhere":             {"nowhere", 0},
	} {
		if file, line := splitPosn(posn); file != want.file || line != want.line {
			t.Errorf("splitPosn(%q) = %q, %d; want %q, %d", posn, file, line, want.file, want.line)
		}
	}
}

func TestSameFile(t *testing.T) {
	for _, tc := range []struct {
		site, finding string
		want          bool
	}{
		{"/src/m/example/main.go", "/src/m/example/main.go", true},
		{"/src/m/example/main.go", "/src/n/example/main.go", false},
		{"example.com/m/example/main.go", "/src/m/example/main.go", true}, // -trimpath
		{"example.com/m/other/main.go", "/src/m/example/main.go", false},
		// A module of the module cache, built elsewhere, or with -trimpath.
		{"/root/go/pkg/mod/example.com/d@v1.0.0/x/d.go", "/home/u/go/pkg/mod/example.com/d@v1.0.0/x/d.go", true},
		{"example.com/d@v1.0.0/x/d.go", "/home/u/go/pkg/mod/example.com/d@v1.0.0/x/d.go", true},
		{"/root/go/pkg/mod/example.com/d@v1.0.0/x/d.go", "/home/u/go/pkg/mod/example.com/d@v1.1.0/x/d.go", false},
	} {
		if got := (pathNamer{modCache: "/home/u/go/pkg/mod"}).sameFile(tc.site, tc.finding); got != tc.want {
			t.Errorf("sameFile(%q, %q) = %v", tc.site, tc.finding, got)
		}
	}
}

func TestDisplayPath(t *testing.T) {
	p := pathNamer{dir: "/src/app", modCache: "/cache"}
	for file, want := range map[string]string{
		"/cache/example.com/d@v1.0.0/x/d.go":         "example.com/d@v1.0.0/x/d.go",
		"/root/go/pkg/mod/example.com/d@v1.0.0/d.go": "example.com/d@v1.0.0/d.go",
		"/src/app/cmd/main.go":                       "cmd/main.go",
		"/elsewhere/main.go":                         "/elsewhere/main.go",
		"example.com/app/cmd/main.go":                "example.com/app/cmd/main.go",
	} {
		if got := p.display(file); got != want {
			t.Errorf("display(%q) = %q, want %q", file, got, want)
		}
	}
}
