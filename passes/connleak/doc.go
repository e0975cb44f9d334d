// Package connleak defines an analyzer that reports conn leaks.
//
// Imports: the engine (analyzer), golang.org/x/tools and the standard
// library; never another pass, the list of passes (package passes), the
// commands or sockstate (passes/imports_test.go checks it). Its tests may
// use other passes.
package connleak
