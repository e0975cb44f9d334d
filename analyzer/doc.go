// Package analyzer is closewait's resource-lifetime engine: a provider
// analyzer that finds, in every function, each acquisition of a socket-like
// resource (a connection, a listener, an HTTP response body) and each exit
// that the acquisition can reach still open. It reports nothing itself; the
// passes under passes/ read its Result through Leaks and word their
// diagnostics through Report.
//
// Imports: golang.org/x/tools and the standard library; never the passes,
// the commands or sockstate (passes/imports_test.go checks it): the passes
// depend on the engine, never the reverse.
package analyzer
