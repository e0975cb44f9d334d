package handlers

import "net"

// A singleConnListener hands the conns a service accepts to an in-memory
// listener's Accept over a channel.
type singleConnListener struct {
	conns chan net.Conn
	done  chan struct{}
}

// send drops the conn when the listener is already closed: nobody
// receives it and nobody closes it (go-gost's file handler).
func (l *singleConnListener) send(c net.Conn) { // want `net\.Conn parameter c is not closed on the return at line \d+`
	select {
	case l.conns <- c:
	case <-l.done:
		return
	}
}

// sendClosed closes it there: clean.
func (l *singleConnListener) sendClosed(c net.Conn) {
	select {
	case l.conns <- c:
	case <-l.done:
		c.Close()
	}
}

// A connPool keeps idle conns in a buffered channel.
type connPool struct{ idle chan net.Conn }

// put drops the conn when the pool is full.
func (p *connPool) put(c net.Conn) { // want `net\.Conn parameter c is not closed on the return at line \d+`
	select {
	case p.idle <- c:
	default:
	}
}

// putClosed closes the conn the pool has no room for: clean.
func (p *connPool) putClosed(c net.Conn) {
	select {
	case p.idle <- c:
	default:
		c.Close()
	}
}

// dialInto sends a fresh conn, or drops it when the receiver is gone.
func dialInto(addr string, out chan<- net.Conn, done <-chan struct{}) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return at line \d+`
	if err != nil {
		return err
	}
	select {
	case out <- c:
		return nil
	case <-done:
		return nil
	}
}
