package analyzer

// ReuseTable is the connreuse pass's read-only view of the engine's table
// (table_reuse.go): what the standard library does with HTTP transports, request
// and response bodies and dialed connections. Function names are
// types.Func.FullName() strings of the generic origin; type names are
// "path.Name", pointers "*path.Name".
type ReuseTable struct{}

// TransportType is the connection pool that a per-call value throws away.
func (ReuseTable) TransportType() string { return reuseTransportType }

// MakesTransport reports whether fn's result is a fresh Transport.
func (ReuseTable) MakesTransport(fn string) bool { return reuseTransportMakers[fn] }

// Sends reports whether the method fn sends requests through its receiver.
func (ReuseTable) Sends(fn string) bool { return reuseSenders[fn] }

// Harmless reports whether the method fn of a Transport or of its holder
// neither sends nor keeps its receiver.
func (ReuseTable) Harmless(fn string) bool { return reuseHarmless[fn] }

// HoldsTransport reports whether typ routes its requests through the
// Transport in its Transport field.
func (ReuseTable) HoldsTransport(typ string) bool { return reuseHolderTypes[typ] }

// MakesHolder reports whether fn returns a fresh holder of a Transport.
func (ReuseTable) MakesHolder(fn string) bool { return reuseHolderMakers[fn] }

// KeepAliveOffField returns the boolean field of typ that, set to true,
// makes the side that sets it close every connection after one request,
// or "".
func (ReuseTable) KeepAliveOffField(typ string) string { return reuseKeepAliveOff[typ] }

// Drains returns the parameter that fn reads to EOF, if it does.
func (ReuseTable) Drains(fn string) (param int, ok bool) {
	param, ok = reuseDrains[fn]
	return param, ok
}

// RequestsHead reports whether fn returns a response to a HEAD request,
// which has no body.
func (ReuseTable) RequestsHead(fn string) bool { return reuseHeadRequesters[fn] }

// RequestMethodParam returns the parameter of fn, a request constructor,
// that holds the request's method.
func (ReuseTable) RequestMethodParam(fn string) (param int, ok bool) {
	param, ok = reuseRequestMakers[fn]
	return param, ok
}

// BodylessStatus reports whether responses with status code have no body.
func (ReuseTable) BodylessStatus(code int64) bool { return reuseBodylessStatus[code] }

// Dialer returns the network and address parameters (receiver not
// counted) of fn, if it opens a new connection to an address.
func (ReuseTable) Dialer(fn string) (network, addr int, ok bool) {
	d, ok := reuseDialers[fn]
	return d.Network, d.Addr, ok
}

// StreamNetwork reports whether connections on network end in TIME_WAIT.
func (ReuseTable) StreamNetwork(network string) bool { return reuseStreamNetworks[network] }

// Pure reports whether fn computes its result from its arguments only.
func (ReuseTable) Pure(fn string) bool { return reusePureFuncs[fn] }

// RealDialer reports whether the methods of typ, stored in a Transport's
// Dial fields, open real connections.
func (ReuseTable) RealDialer(typ string) bool { return reuseDialerTypes[typ] }

// DrainLimit returns the bound of the drain that connreuse's fix inserts
// before a Close, in bytes and as the fix spells it.
func (ReuseTable) DrainLimit() (bytes int, expr string) { return reuseDrainLimit, reuseDrainLimitExpr }
