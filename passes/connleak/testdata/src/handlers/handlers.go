// Package handlers holds accepted-connection handlers: functions that own
// the conn they are given, shown by the code (a deferred Close after a
// setup step, or a Close on an error path), and return on another path
// with it open.
package handlers

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
)

type server struct {
	closed bool
	conns  map[net.Conn]bool
	queue  chan net.Conn
}

func readPacket(c net.Conn) ([]byte, error) {
	buf := make([]byte, 4)
	_, err := io.ReadFull(c, buf)
	return buf, err
}

// handle defers Close only after reading the first packet: the return on
// the read's failure (the peer's FIN) leaves c in CLOSE_WAIT.
func (s *server) handle(c net.Conn) { // want `net\.Conn parameter c, from ln\.Accept at line 170 by the goroutine started at line 174, is not closed on the return at line 34`
	pkt, err := readPacket(c)
	if err != nil {
		log.Println(err)
		return
	}
	defer c.Close()
	c.Write(pkt)
}

// handleClean defers Close first: clean.
func (s *server) handleClean(c net.Conn) {
	defer c.Close()
	pkt, err := readPacket(c)
	if err != nil {
		log.Println(err)
		return
	}
	c.Write(pkt)
}

// handleReadFull reads the header with io.ReadFull before the deferred
// Close: the failed read is the peer's FIN.
func handleReadFull(c net.Conn) { // want `net\.Conn parameter c is not closed on the io\.EOF return at line 56`
	hdr := make([]byte, 2)
	if _, err := io.ReadFull(c, hdr); err != nil {
		return
	}
	defer c.Close()
	io.Copy(c, c)
}

// handleRefusal closes c when the request cannot be read, but returns
// after writing a 407 refusal with c open.
func (s *server) handleRefusal(c net.Conn) { // want `net\.Conn parameter c is not closed on the return at line 72`
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		c.Close()
		return
	}
	if req.Header.Get("Proxy-Authorization") == "" {
		io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
		return
	}
	s.conns[c] = true // the server keeps it from here
}

// handleRefusalClean closes c after the refusal too: clean.
func (s *server) handleRefusalClean(c net.Conn) {
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		c.Close()
		return
	}
	if req.Header.Get("Proxy-Authorization") == "" {
		io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
		c.Close()
		return
	}
	s.conns[c] = true
}

// handleShutdown returns before its deferred Close while the server
// shuts down.
func (s *server) handleShutdown(c net.Conn) { // want `net\.Conn parameter c is not closed on the return at line 96`
	if s.closed {
		return
	}
	defer c.Close()
	io.Copy(io.Discard, c)
}

// process hands c on to the queue before its only early return: the
// queue's reader owns it (silent).
func (s *server) process(c net.Conn) {
	if s.closed {
		s.queue <- c
		return
	}
	defer c.Close()
	io.Copy(io.Discard, c)
}

// closeIfIdle closes c on one path only and never meets an error: a
// conditional closer whose caller keeps c otherwise (silent).
func (s *server) closeIfIdle(c net.Conn) {
	if s.closed {
		c.Close()
	}
}

// finish closes c when the call that used it failed: the caller keeps it
// otherwise (silent).
func finish(c net.Conn, err error) {
	if err != nil {
		c.Close()
	}
}

// handleWithCaller is closed by its only caller after it returns, so its
// early return leaves nothing open (silent).
func handleWithCaller(c net.Conn) {
	if _, err := readPacket(c); err != nil {
		return
	}
	defer c.Close()
	io.Copy(io.Discard, c)
}

// serveClosing calls handleWithCaller and closes the conn itself.
func serveClosing(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			handleWithCaller(c)
			c.Close()
		}()
	}
}

// handleErr returns an error: the caller is told it failed and may close
// c, so only the error returns before the deferred Close are this
// function's (the rule for functions with an error result).
func handleErr(c net.Conn) error { // want `net\.Conn parameter c is not closed on the error return at line 158`
	if _, err := readPacket(c); err != nil {
		return err
	}
	defer c.Close()
	_, err := io.Copy(io.Discard, c)
	return err
}

var errRefused = errors.New("refused")

// serve hands each conn to handle in a goroutine.
func (s *server) serve(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go s.handle(c)
	}
}

// a method value of a handler stored in a struct and run per conn
type dispatcher struct {
	onConn func(net.Conn)
}

func newDispatcher(s *server) *dispatcher {
	return &dispatcher{onConn: s.handleShutdown}
}

// copyHalf half-closes its conns when the copy succeeds and closes them
// when it fails; its caller closes both once the two copies are done, so
// its success path leaves them to the caller (silent).
func copyHalf(dst, src *net.TCPConn, done chan<- struct{}) {
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		src.Close()
	} else {
		dst.CloseWrite()
		src.CloseRead()
	}
	done <- struct{}{}
}

// proxyTCP runs copyHalf both ways and closes both conns after.
func proxyTCP(a, b *net.TCPConn) {
	done := make(chan struct{}, 2)
	go copyHalf(a, b, done)
	go copyHalf(b, a, done)
	<-done
	<-done
	a.Close()
	b.Close()
}

type muxServer struct {
	accepted chan net.Conn
	done     chan struct{}
}

// sniff reads each conn's first byte in a goroutine that hands the conn
// on or closes it, but returns with it open when the read fails (the
// peer's FIN).
func (s *muxServer) sniff(client net.Conn) { // want `net\.Conn parameter client is not closed by the goroutine started at line 221, which takes it, on its io\.EOF return at line 224`
	go func() {
		var buf [1]byte
		if _, err := io.ReadFull(client, buf[:]); err != nil {
			return
		}
		if buf[0] == 'x' {
			s.accepted <- client
			return
		}
		client.Close()
	}()
}

// sniffClean closes it on the failed read too: clean.
func (s *muxServer) sniffClean(client net.Conn) {
	go func() {
		var buf [1]byte
		if _, err := io.ReadFull(client, buf[:]); err != nil {
			client.Close()
			return
		}
		if buf[0] == 'x' {
			s.accepted <- client
			return
		}
		client.Close()
	}()
}

// runSniff accepts conns and hands each to sniff, which owns it: its
// leak is reported in sniff, not here.
func (s *muxServer) runSniff(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.sniff(c)
	}
}

// greetThenClose closes c once the greeting is read, but returns with it
// open when the read fails.
func greetThenClose(c net.Conn) { // want `net\.Conn parameter c is not closed on the io\.EOF return at line 266`
	if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
		return
	}
	c.Close()
}
