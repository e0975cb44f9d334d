package lint

import (
	"runtime"
	"runtime/debug"
)

// versionLine describes this build of closewait in one line: the main
// module's version ("(devel)" for a build from a checkout without one),
// the VCS revision and whether the tree was modified, when the build
// recorded them, and the Go version, as in
// "closewait v0.1.0 (vcs 2f1e0c3d4b5a, modified) go1.26.8".
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "closewait (unknown version: no build information) " + runtime.Version()
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	line := "closewait " + v
	if rev != "" {
		line += " (vcs " + rev
		if modified == "true" {
			line += ", modified"
		}
		line += ")"
	}
	return line + " " + bi.GoVersion
}
