// Package reuse finds what the connreuse pass reports: code that makes a
// client open and close a connection per request (a Transport per call,
// keep-alives off, bodies closed unread, a dial per iteration), and defer
// Close in loops. Its Analyzer is a provider that reports nothing: its
// Result holds connreuse's findings, worded (messages.go), less those
// that a //closewait:ignore directive silences by the engine's rule
// (analyzer.Silencing), and the directives that silenced the others, which
// ignorecheck reads. It exists so that no pass imports another.
//
// Imports: the engine (analyzer), golang.org/x/tools and the standard
// library; never a pass, the list of passes, the commands or sockstate.
// Only connreuse and ignorecheck import it.
package reuse
