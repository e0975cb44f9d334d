// Package passes lists closewait's analyzers: the one list that every entry
// point (the closewait command, go vet -vettool, golangci-lint, nogo) uses.
//
// Imports: the engine (analyzer), every pass and golang.org/x/tools. Only
// the entry points import it: the commands (cmd/...) and the golangci-lint
// plugin (passes/golangci); never the engine or a pass.
package passes
