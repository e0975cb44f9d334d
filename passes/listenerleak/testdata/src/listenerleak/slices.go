package listenerleak

import (
	"errors"
	"mcnet"
	"net"
)

// listenAll keeps each listener in lns; when a later Listen fails, the
// earlier ones are dropped bound.
func listenAll(addrs []string) ([]net.Listener, error) {
	var lns []net.Listener
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a) // want `net\.Listener ln from net\.Listen, kept in lns with the others the loop opened, is not closed on the error return at line 16`
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
	}
	if len(lns) == 0 {
		return nil, errors.New("no address") // lns is empty here
	}
	return lns, nil
}

// listenAllClosed closes the earlier ones before it returns (silent).
func listenAllClosed(addrs []string) ([]net.Listener, error) {
	var lns []net.Listener
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, err
		}
		lns = append(lns, ln)
	}
	return lns, nil
}

// closeAll closes every listener of lns.
func closeAll(lns []net.Listener) {
	for _, l := range lns {
		l.Close()
	}
}

// listenAllHelper closes them through a helper (silent).
func listenAllHelper(addrs []string) ([]net.Listener, error) {
	lns := make([]net.Listener, 0, len(addrs))
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			closeAll(lns)
			return nil, err
		}
		lns = append(lns, ln)
	}
	return lns, nil
}

// serveAll hands each listener to a goroutine as well (silent: the
// goroutine holds it).
func serveAll(addrs []string, serve func(net.Listener)) ([]net.Listener, error) {
	var lns []net.Listener
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			return nil, err
		}
		go serve(ln)
		lns = append(lns, ln)
	}
	return lns, nil
}

// portsOf keeps the listeners and returns only their ports: every
// return drops them (the one after the loop too).
func portsOf(addrs []string) ([]int, error) {
	var lns []net.Listener
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a) // want `net\.Listener ln from net\.Listen, kept in lns with the others the loop opened, is not closed on the error return at line 85 and on 1 other path`
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
	}
	ports := make([]int, len(lns))
	return ports, nil
}

// serveWrapped calls a value method of another package's listener type
// through the pointer (go/ssa loads *listener for it, which is no copy
// that takes the listener): the return after a failed Accept leaves the
// listener bound.
func serveWrapped(addr string, handle func(net.Conn)) error {
	listener, err := mcnet.Listen(addr) // want `\*mcnet\.Listener listener from mcnet\.Listen is not closed on the error return at line 105`
	if err != nil {
		return err
	}
	for {
		conn, err := listener.Accept()
		if err != nil {
			return err
		}
		go handle(conn)
	}
}
