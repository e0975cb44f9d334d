// Package realworld holds connleak fixtures reduced from real code: leaks
// that projects had and fixed, each with a clean twin (realworld.go), and
// false-positive shapes seen on real code and on the corpus, which must
// stay silent (realworld_fp.go, realworld_handoff.go, corpus_fp.go; see
// testdata/corpus/TRIAGE.md). helpers.go repeats a handler of ownership.
package realworld
