package sockscan

// SetBeforeTableHook makes every scan call f with the processes of each
// network namespace before reading its tables, until restore is called.
func SetBeforeTableHook(f func(pids []int)) (restore func()) {
	testHookBeforeTable = f
	return func() { testHookBeforeTable = nil }
}

// WithoutSocketState makes the orphan checks read the tables instead of
// the sockets' own states, as without pidfd_getfd, until restore is
// called.
func WithoutSocketState() (restore func()) {
	testHookNoSocketState = true
	return func() { testHookNoSocketState = false }
}
