// Package ignorecheck defines an analyzer that reports //closewait:ignore
// directives that give no reason or silence nothing.
//
// A directive silenced something if the engine marked it used (a leak of
// connleak, listenerleak or bodyleak) or if passes/internal/reuse, the
// provider behind connreuse, counted it used. The rule that decides which
// directive silences a finding is the engine's (analyzer.Silencing).
//
// Imports: the engine (analyzer), passes/internal/reuse, golang.org/x/tools
// and the standard library; never another pass, the list of passes
// (package passes), the commands or sockstate. Its tests may use other
// passes.
package ignorecheck
