// Package marks finds marked lines in test fixtures, for the tests of the
// passes and their integrations.
//
// Imports: the standard library only. Only tests import it.
package marks
