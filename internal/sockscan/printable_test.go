package sockscan

import "testing"

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"nginx":         "nginx",
		"kworker/0:1 x": "kworker/0:1 x",
		"héllo":         "héllo",
		"a\x1b[2Jb":     `"a\x1b[2Jb"`,
		"tab\there":     `"tab\there"`,
		"bad\xffutf8":   `"bad\xffutf8"`,
		"":              "",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %s, want %s", in, got, want)
		}
	}
}
