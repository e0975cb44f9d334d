package analyzer

// deadlineSetters are the methods of a conn that set its deadlines. On
// the concrete conns of package net (and crypto/tls, which hands them on)
// they fail only once the conn is closed (poll.ErrFileClosing) or never
// was one: where their error is non-nil, nothing is left to close. A
// conn of another type may fail them while open (a tunnel without
// deadlines), so they count only where the conn's concrete type is one
// of net's (see tracker.typeFixed) or the call is static.
var deadlineSetters = map[string]bool{
	"SetDeadline":      true,
	"SetReadDeadline":  true,
	"SetWriteDeadline": true,
}

// deadlinePackages are the packages whose conns' deadline setters fail
// only on a closed conn.
var deadlinePackages = map[string]bool{"net": true, "crypto/tls": true}
