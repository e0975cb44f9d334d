package gotrace

import (
	"path"
	"runtime/debug"
	"strings"
)

// SourcePath names the file of a frame the same way on every machine:
// as module@version/dir/file.go for a module's file (module/dir/file.go
// when the main module has no version, as in a build from a work tree),
// and as the path under GOROOT/src for the standard library's
// (net/http/client.go). The module and version are those of the
// executable's build information, as 'go version -m' lists them,
// whatever the paths of the machine that built it; the directory is the
// function's package's within its module. A file it cannot place keeps
// the path recorded in the executable.
func (b *Executable) SourcePath(f Frame) string {
	return sourcePath(b.build, f)
}

func sourcePath(bi *debug.BuildInfo, f Frame) string {
	pkg := PackageOf(f.Function)
	if pkg == "main" && bi != nil {
		pkg = bi.Path
	}
	if pkg == "" || pkg == "command-line-arguments" || f.File == "" || f.File == "?" {
		return f.File
	}
	base := path.Base(strings.ReplaceAll(f.File, `\`, "/"))
	if mod, version, ok := moduleOf(bi, pkg); ok {
		name := mod
		if version != "" && version != "(devel)" {
			name += "@" + version
		}
		return name + strings.TrimPrefix(pkg, mod) + "/" + base
	}
	if first, _, _ := strings.Cut(pkg, "/"); !strings.Contains(first, ".") {
		return pkg + "/" + base // the standard library (its vendored packages too)
	}
	return f.File
}

// moduleOf returns the module of the build (the main module or a
// dependency) whose path is the longest prefix of pkg, and its version.
func moduleOf(bi *debug.BuildInfo, pkg string) (path, version string, ok bool) {
	if bi == nil {
		return "", "", false
	}
	best := -1
	consider := func(m *debug.Module) {
		if m == nil || m.Path == "" || len(m.Path) <= best {
			return
		}
		if pkg == m.Path || strings.HasPrefix(pkg, m.Path+"/") {
			best, path, version, ok = len(m.Path), m.Path, m.Version, true
		}
	}
	consider(&bi.Main)
	for _, d := range bi.Deps {
		consider(d)
	}
	return path, version, ok
}
