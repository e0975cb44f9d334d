// Package marks finds the lines that test fixtures mark as leaks, for the
// end-to-end tests of the passes, their integrations and the closewait
// driver.
//
// The tests of this module mark expected findings in two ways, each
// required by the harness that reads it:
//
//   - A fixture package that analysistest runs (passes/*/testdata/src/...)
//     marks each finding with a `// want "regexp"` comment on its line:
//     the analysistest harness reads those comments and matches each
//     pattern against a diagnostic's message, and fails on a diagnostic
//     without one. Fixtures that carry suggested fixes have .golden files
//     beside them.
//   - A module that a real driver runs on (go vet -vettool, closewait
//     standalone, SARIF, pre-commit, nogo's checker, golangci-lint with the
//     plugin: testdata/example, testdata/vetmod, testdata/precommit,
//     testdata/adopt, passes/golangci/testdata/mod) marks each finding
//     with `// LEAK(pass)` at the end of the line that acquires the
//     resource, naming the pass that must report it. This package reads
//     those marks. A driver's output is not analysistest's, and the same
//     fixture is run by several drivers, so these modules cannot use
//     `// want`.
//
// testdata/adopt/newleak marks the one leak a commit adds with
// `// NEW LEAK(pass)`, which Find does not count: the tests that adopt
// closewait look for that line on its own.
//
// Imports: the standard library only. Only tests import it.
package marks
