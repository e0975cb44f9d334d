// Package paths holds connleak fixtures shaped by the paths out of the
// function that acquires a conn: error returns (errorpaths.go), process
// exits (exits.go), loops and their continues (loops.go, continues.go),
// read loops ended by the peer's FIN (readloops.go), switches over enums
// (enums.go), calls with no error result (noerr.go), deferred Closes
// (defer.go) and branches whose outcome is known (branches_known.go).
package paths
