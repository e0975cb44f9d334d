package connleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/internal/fixtures"
	"github.com/closewait/closewait/passes/connleak"
)

// fixtureSet is the fixture packages that the tests below check in one
// analysistest run (one load of their dependencies, net/http's among
// them); each test reports the failures of its own packages.
var fixtureSet = fixtures.New(connleak.Analyzer,
	"paths", "ownership", "realworld", "kinds", "handlers", "sources", "constructors", "fields", "errmerge", "connlike", "echopb", "grpcclients", "mainlast", "mainwait")

// TestPaths checks conns left open on the paths out of a function: error
// returns, exits, loops, continues, read loops, enums, calls without an
// error, defers and known branches (fixtures in testdata/src/paths).
func TestPaths(t *testing.T) {
	fixtureSet.Run(t, "paths")
}

// TestOwnership checks conns whose ownership moves: transfers, hand-offs,
// goroutines, parameters, wrappers, upgrades, hijacks, accepts and takers
// that fail open (fixtures in testdata/src/ownership).
func TestOwnership(t *testing.T) {
	fixtureSet.Run(t, "ownership")
}

// TestRealWorld checks leaks reduced from fixes in real projects and the
// false-positive shapes seen on real code and on the corpus (fixtures in
// testdata/src/realworld).
func TestRealWorld(t *testing.T) {
	fixtureSet.Run(t, "realworld")
}

// TestKinds checks conns beyond a plain net.Conn and how code reaches
// them: packet conns, gRPC client conns, bodyless callees, type
// assertions and generics (fixtures in testdata/src/kinds).
func TestKinds(t *testing.T) {
	fixtureSet.Run(t, "kinds")
}

// TestSuggestedFixes checks each offered `defer c.Close()` against a
// golden file, and that no fix is offered where it would not be safe
// (those functions are unchanged in the golden file).
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), connleak.Analyzer, "fixes")
}

// TestHandlers checks accepted-connection handlers that own their
// parameter (fixtures in testdata/src/handlers).
func TestHandlers(t *testing.T) {
	fixtureSet.Run(t, "handlers")
}

// TestSources checks resources from calls without a readable body (fixtures
// in testdata/src/sources).
func TestSources(t *testing.T) {
	fixtureSet.Run(t, "sources")
}

// TestConstructors checks conns wrapped by in-package constructors
// (fixtures in testdata/src/constructors).
func TestConstructors(t *testing.T) {
	fixtureSet.Run(t, "constructors")
}

// TestFields checks conns parked in a field of a method's receiver
// (fixtures in testdata/src/fields).
func TestFields(t *testing.T) {
	fixtureSet.Run(t, "fields")
}

// TestErrMerge checks acquisition errors tested after the paths that
// stored them merge (fixtures in testdata/src/errmerge).
func TestErrMerge(t *testing.T) {
	fixtureSet.Run(t, "errmerge")
}

// TestConnLike checks connection-like values from the table: QUIC and
// websocket conns (fixtures in testdata/src/connlike).
func TestConnLike(t *testing.T) {
	fixtureSet.Run(t, "connlike")
}

// TestGRPCClients checks gRPC conns handed to generated clients and to
// owners (fixtures in testdata/src/grpcclients and echopb).
func TestGRPCClients(t *testing.T) {
	fixtureSet.Run(t, "echopb", "grpcclients")
}

// TestMainLast checks that a function main calls as its last act leaves
// nothing open that the process's exit would not close (mainlast), and
// that one main waits on after is still reported (mainwait).
func TestMainLast(t *testing.T) {
	fixtureSet.Run(t, "mainlast", "mainwait")
}
