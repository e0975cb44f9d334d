// Package ownership holds connleak fixtures shaped by who owns a conn:
// transfers to channels, fields and callers (transfer.go), hand-offs to
// goroutines and retainers (handoff_once.go, handoff_retain.go,
// goroutines.go), parameters a callee owns or borrows (params.go),
// wrappers and upgrades that take the conn over (wrappers.go, upgrade.go),
// hijacked and accepted conns (hijack.go, accept.go), and takers that
// fail open (failopen.go). helpers.go repeats a borrow helper of paths.
package ownership
