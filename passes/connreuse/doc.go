// Package connreuse defines an analyzer that reports code that makes a
// client open and close a connection per request: the cause of TIME_WAIT
// storms and of ephemeral port exhaustion. It also reports a defer Close
// of a resource acquired in a loop, which keeps every iteration's resource
// open until the function returns.
//
// The checks and their wording are in passes/internal/reuse, a provider
// analyzer that ignorecheck requires too, to learn which
// //closewait:ignore directives silenced a finding of connreuse.
//
// Imports: passes/internal/reuse, golang.org/x/tools and the standard
// library; never another pass, the list of passes (package passes), the
// commands or sockstate (passes/imports_test.go checks it). Its tests may
// use other passes.
package connreuse
