// Package ignorecheck defines an analyzer that reports //closewait:ignore
// directives that give no reason or silence nothing.
//
// Imports: the engine (analyzer), connreuse, golang.org/x/tools and the
// standard library. ignorecheck is the one pass that imports another (the
// one exception that passes/imports_test.go allows): it requires
// connreuse.Analyzer, whose Result says which directives connreuse used.
// It never imports another pass, the list of passes (package passes), the
// commands or sockstate. Its tests may use other passes.
package ignorecheck
