package main

import (
	"fmt"
	"slices"
	"testing"
)

func TestTargets(t *testing.T) {
	cs := []*Case{
		{Module: "github.com/A/b", Bad: "v1.0.0", Good: "v1.1.0", Package: "github.com/A/b/x"},
		{Module: "github.com/A/b", Bad: "v1.0.0", Good: "v1.2.0", Package: "github.com/A/b"},
		{Module: "github.com/A/b", Bad: "v1.1.0", Good: "v1.2.0", Package: "github.com/A/b/x"},
	}
	var got []string
	for _, t := range targets(cs, nil) {
		got = append(got, fmt.Sprint(t, t.packages))
	}
	want := []string{
		"github.com/A/b@v1.0.0 [github.com/A/b github.com/A/b/x]",
		"github.com/A/b@v1.1.0 [github.com/A/b/x]",
		"github.com/A/b@v1.2.0 [github.com/A/b github.com/A/b/x]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("targets:\n got %q\nwant %q", got, want)
	}
	if got, want := escape("github.com/BurntSushi/toml@v1.0.0-RC1"), "github.com/!burnt!sushi/toml@v1.0.0-!r!c1"; got != want {
		t.Errorf("escape = %s, want %s", got, want)
	}
}
