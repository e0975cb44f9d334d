package gotrace

import (
	"runtime/debug"
	"testing"
)

func TestSourcePath(t *testing.T) {
	bi := &debug.BuildInfo{
		Path: "example.com/app/cmd/server",
		Main: debug.Module{Path: "example.com/app", Version: "v1.4.0"},
		Deps: []*debug.Module{
			{Path: "github.com/lib/pq", Version: "v1.10.9"},
			{Path: "github.com/lib/pq/sub", Version: "v0.1.0"}, // a nested module: the longest prefix wins
			{Path: "golang.org/x/net", Version: "v0.30.0"},
		},
	}
	devel := &debug.BuildInfo{Path: "leaker", Main: debug.Module{Path: "leaker", Version: "(devel)"}}
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		f    Frame
		want string
	}{
		{bi, Frame{"main.dialLeak", "/home/u/src/app/cmd/server/main.go", 57}, "example.com/app@v1.4.0/cmd/server/main.go"},
		{bi, Frame{"example.com/app/internal/db.(*Pool).get", "/build/app/internal/db/pool.go", 12}, "example.com/app@v1.4.0/internal/db/pool.go"},
		{bi, Frame{"github.com/lib/pq.(*Connector).open", "/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go", 1}, "github.com/lib/pq@v1.10.9/conn.go"},
		{bi, Frame{"github.com/lib/pq/sub.Dial", "/vendor/github.com/lib/pq/sub/dial.go", 3}, "github.com/lib/pq/sub@v0.1.0/dial.go"},
		{bi, Frame{"golang.org/x/net/http2.(*Transport).dialClientConn", "golang.org/x/net@v0.30.0/http2/transport.go", 9}, "golang.org/x/net@v0.30.0/http2/transport.go"},
		{bi, Frame{"net/http.Get", "/usr/local/go/src/net/http/client.go", 458}, "net/http/client.go"},
		{bi, Frame{"vendor/golang.org/x/net/http/httpproxy.FromEnvironment", "/usr/lib/go/src/vendor/golang.org/x/net/http/httpproxy/proxy.go", 1}, "vendor/golang.org/x/net/http/httpproxy/proxy.go"},
		{bi, Frame{"example.org/unknown.F", "/x/y.go", 1}, "/x/y.go"},
		{bi, Frame{"?", "?", 0}, "?"},
		{devel, Frame{"main.main.func1", "/tmp/leaker/main.go", 30}, "leaker/main.go"},
		{&debug.BuildInfo{Path: "command-line-arguments"}, Frame{"main.main", "/tmp/x/main.go", 3}, "/tmp/x/main.go"},
		{nil, Frame{"net.Dial", "/usr/local/go/src/net/dial.go", 1}, "net/dial.go"},
	} {
		if got := sourcePath(tc.bi, tc.f); got != tc.want {
			t.Errorf("sourcePath(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}
