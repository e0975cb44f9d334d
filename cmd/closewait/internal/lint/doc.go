// Package lint implements closewait's static analysis command, the default
// one: "closewait [flags] packages...", the go vet -vettool protocol, and
// "closewait precommit" (the pre-commit hooks).
//
// Standalone, the command line is parsed once, by the flag set of
// newCheckFlagSet: the output format, -fix and -diff, and the passes'
// enable flags and own flags (-NAME, -NAME.FLAG, as multichecker spells
// them). analyzePackages loads the packages and runs the passes; the
// findings get fingerprints that survive unrelated edits (fingerprint.go),
// are filtered by a baseline (baseline.go) or by the lines changed since a
// git revision (newfromrev.go), and are printed as text, JSON (go vet
// -json's form) or SARIF 2.1.0 (sarif.go), or fixed, in the main module
// only (fix.go, fixtarget.go). Under the go vet protocol (-V=full, -flags,
// a .cfg file), multichecker runs instead and parses the command line
// itself.
//
// Imports: the list of passes (package passes), golang.org/x/tools and the
// standard library; never sockstate, the runtime scanner or another command (its tests may use
// the engine). Only package main (cmd/closewait) imports it.
package lint
