package sockscan

import (
	"fmt"
	"strings"
)

// A State is a TCP state, numbered as in the Linux kernel (include/net/tcp_states.h).
type State uint8

// TCP states, numbered as the kernel numbers them.
const (
	Established State = 1 + iota
	SynSent
	SynRecv
	FinWait1
	FinWait2
	TimeWait
	Close
	CloseWait
	LastAck
	Listen
	Closing
	NewSynRecv // kernel-internal request socket; reported as SYN_RECV

	maxState = NewSynRecv
)

var stateNames = [...]string{
	Established: "ESTABLISHED",
	SynSent:     "SYN_SENT",
	SynRecv:     "SYN_RECV",
	FinWait1:    "FIN_WAIT1",
	FinWait2:    "FIN_WAIT2",
	TimeWait:    "TIME_WAIT",
	Close:       "CLOSE",
	CloseWait:   "CLOSE_WAIT",
	LastAck:     "LAST_ACK",
	Listen:      "LISTEN",
	Closing:     "CLOSING",
	NewSynRecv:  "SYN_RECV",
}

// String returns the state's conventional name, such as "CLOSE_WAIT".
func (s State) String() string {
	if s >= 1 && s <= maxState {
		return stateNames[s]
	}
	return fmt.Sprintf("STATE_%d", uint8(s))
}

// AllStates lists every state that a socket table reports, in kernel order.
func AllStates() []State {
	return []State{Established, SynSent, SynRecv, FinWait1, FinWait2,
		TimeWait, Close, CloseWait, LastAck, Listen, Closing}
}

// mask returns the kernel state bitmask (1<<state) for states.
func mask(states []State) uint32 {
	var m uint32
	for _, s := range states {
		m |= 1 << s
		if s == SynRecv {
			m |= 1 << NewSynRecv
		}
	}
	return m
}

// ParseState parses a state name. It accepts the kernel spelling
// ("CLOSE_WAIT"), the ss spelling ("close-wait") and any mix of case,
// dashes and underscores; "closed" is accepted for CLOSE.
func ParseState(name string) (State, error) {
	n := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(name), "-", "_"))
	if n == "CLOSED" {
		return Close, nil
	}
	for s := Established; s <= Closing; s++ {
		if stateNames[s] == n || strings.ReplaceAll(stateNames[s], "_", "") == n {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown TCP state %q (want one of close-wait, established, time-wait, listen, syn-sent, syn-recv, fin-wait1, fin-wait2, last-ack, closing, closed, or all)", name)
}

// ParseStates parses a comma-separated list of state names, as accepted by
// ParseState; "all" selects every state.
func ParseStates(list string) ([]State, error) {
	var out []State
	seen := make(map[State]bool)
	all := false
	for _, f := range strings.Split(list, ",") {
		if strings.TrimSpace(f) == "" {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(f), "all") {
			all = true // and check the other entries all the same
			continue
		}
		s, err := ParseState(f)
		if err != nil {
			return nil, err
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if all {
		return AllStates(), nil
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty state list %q", list)
	}
	return out, nil
}
