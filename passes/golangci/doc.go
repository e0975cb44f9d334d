// Package golangci registers closewait as a golangci-lint v2 module plugin
// named "closewait".
//
// A custom golangci-lint binary that imports this package for its side
// effect (see the README's golangci-lint section) runs every pass of
// passes.All as the single linter "closewait", with type information. In
// golangci-lint the passes report no related information: golangci-lint
// would turn each related position (every leaking exit) into an issue of
// its own, which a //nolint:closewait directive on the reported line
// would not silence, while the diagnostic's message already names the
// leaking exits' lines.
//
// The plugin's settings (linters.settings.custom.closewait.settings in
// .golangci.yml) set the analyzers' flags:
//
//	settings:
//	  some-flag: value        # every analyzer that defines some-flag
//	  connleak:               # only the connleak pass's flags
//	    other-flag: [a, b]
//
// A top-level key names a flag of the engine (analyzer.Analyzer) or of a
// pass, and sets it in every one of those analyzers that defines it; a
// top-level key that names an analyzer ("closewait" for the engine, or a
// pass's name) and holds a mapping sets that analyzer's flags only. Values
// may be strings, booleans, numbers or lists (joined with commas for a flag
// that holds one string, given one by one to a repeatable flag); null
// leaves the flag as it is. An unknown key is an error that names it and
// lists the valid keys.
//
// The package exports nothing: golangci-lint's build imports it for the
// init function that registers the plugin.
//
// Imports: the list of passes (package passes), the engine (for its flags),
// golang.org/x/tools and github.com/golangci/plugin-module-register; never
// the commands or sockstate. It is an entry point, not a pass: nothing
// imports it but the golangci-lint binary built with it.
package golangci
