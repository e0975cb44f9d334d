package gotrace

import "testing"

func TestPackageOf(t *testing.T) {
	for fn, want := range map[string]string{
		"net/http.(*Transport).dialConn": "net/http",
		"main.main.func1":                "main",
		"internal/poll.(*FD).Init":       "internal/poll",
		"github.com/a/b.(*T).M":          "github.com/a/b",
		"gopkg.in/x.v2/y.F":              "gopkg.in/x.v2/y",
	} {
		if got := PackageOf(fn); got != want {
			t.Errorf("PackageOf(%q) = %q, want %q", fn, got, want)
		}
	}
}

func TestPackageOfGeneric(t *testing.T) {
	if got := PackageOf("example.com/m.Map[go.shape.*example.com/n/o.T]"); got != "example.com/m" {
		t.Errorf("PackageOf of a generic function = %q, want example.com/m", got)
	}
}
