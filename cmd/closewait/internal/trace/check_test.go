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
	} {
		if got := sameFile(tc.site, tc.finding); got != tc.want {
			t.Errorf("sameFile(%q, %q) = %v", tc.site, tc.finding, got)
		}
	}
}
