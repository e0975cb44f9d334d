package fields

import (
	"bufio"
	"net"
	"time"
)

// pumpClient keeps the conn a listener accepted only in an unexported
// field that no code of the package closes; two goroutine methods pump
// it. When they return, nothing will ever close the conn.
type pumpClient struct {
	conn net.Conn
	send chan []byte
	hub  chan *pumpClient
}

func (c *pumpClient) readPump() { // want `net\.Conn c\.conn is not closed on the io\.EOF return at line 26: readPump runs as the goroutine started at line 56, and no code of the package closes field conn \(the peer's FIN leaves it in CLOSE_WAIT\)`
	defer func() { c.hub <- c }()
	buf := make([]byte, 512)
	for {
		if _, err := c.conn.Read(buf); err != nil {
			break
		}
	}
}

func (c *pumpClient) writePump() { // want `net\.Conn c\.conn is not closed on the return at line 35 and on 1 other path: writePump runs as the goroutine started at line 55, and no code of the package closes field conn`
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case msg, ok := <-c.send:
			if !ok {
				return
			}
			if _, err := c.conn.Write(msg); err != nil {
				return
			}
		case <-tick.C:
			c.conn.SetWriteDeadline(time.Now().Add(time.Second))
		}
	}
}

// servePumps hands each accepted conn to a pumpClient and its pumps.
func servePumps(ln net.Listener, hub chan *pumpClient) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		c := &pumpClient{conn: conn, send: make(chan []byte, 8), hub: hub}
		hub <- c
		go c.writePump()
		go c.readPump()
	}
}

// tidyClient is pumpClient whose read pump closes the conn: clean.
type tidyClient struct {
	conn net.Conn
	send chan []byte
}

func (c *tidyClient) readPump() {
	defer c.conn.Close()
	buf := make([]byte, 512)
	for {
		if _, err := c.conn.Read(buf); err != nil {
			return
		}
	}
}

func (c *tidyClient) writePump() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for msg := range c.send {
		if _, err := c.conn.Write(msg); err != nil {
			return
		}
	}
}

func serveTidy(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		c := &tidyClient{conn: conn, send: make(chan []byte, 8)}
		go c.writePump()
		go c.readPump()
	}
}

// lentClient gets its conn from whoever calls newLentClient, which
// keeps it and closes it: the pumps only borrow it. Clean.
type lentClient struct {
	conn net.Conn
	stop chan struct{}
}

func newLentClient(conn net.Conn) *lentClient {
	c := &lentClient{conn: conn, stop: make(chan struct{})}
	go c.readPump()
	return c
}

func (c *lentClient) readPump() {
	defer close(c.stop)
	buf := make([]byte, 512)
	for {
		if _, err := c.conn.Read(buf); err != nil {
			return
		}
	}
}

func (c *lentClient) done() { time.AfterFunc(time.Second, func() {}).Stop() }

// listedClient's conn is also kept in a registry that closes it: the
// field is not the only holder, so its pump's return drops nothing.
type listedClient struct {
	conn net.Conn
	tick *time.Ticker
}

func (c *listedClient) readPump() {
	defer c.tick.Stop()
	buf := make([]byte, 512)
	for {
		if _, err := c.conn.Read(buf); err != nil {
			return
		}
	}
}

func serveListed(ln net.Listener, all map[net.Conn]bool) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		all[conn] = true
		c := &listedClient{conn: conn, tick: time.NewTicker(time.Second)}
		go c.readPump()
	}
}

func closeListed(all map[net.Conn]bool) {
	for c := range all {
		c.Close()
	}
}

// lineSession reads its conn through a bufio.Reader kept beside it and
// closes the conn only on QUIT: the read failure's return leaves it open,
// and no other code closes it.
type lineSession struct {
	conn net.Conn
	r    *bufio.Reader
}

func serveLines(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		s := &lineSession{conn: c, r: bufio.NewReader(c)}
		go s.run()
	}
}

func (s *lineSession) run() { // want `net\.Conn s\.conn is not closed on the io\.EOF return at line 181: run runs as the goroutine started at line 173, and no other code closes field conn \(the peer's FIN leaves it in CLOSE_WAIT\)`
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return
		}
		if line == "QUIT\n" {
			s.conn.Close()
			return
		}
	}
}

// closedSession's conn is also closed by its Close method, which anyone
// holding the session may call: clean.
type closedSession struct {
	conn net.Conn
	r    *bufio.Reader
}

func serveClosed(ln net.Listener, all chan<- *closedSession) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		s := &closedSession{conn: c, r: bufio.NewReader(c)}
		all <- s
		go s.run()
	}
}

func (s *closedSession) Close() error { return s.conn.Close() }

func (s *closedSession) run() {
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return
		}
		if line == "QUIT\n" {
			s.conn.Close()
			return
		}
	}
}

// srvConn is built by a constructor from the conn the accept loop got,
// and served by a goroutine method that closes it only after a
// successful greeting.
type srvConn struct {
	rwc net.Conn
	br  *bufio.Reader
}

func newSrvConn(rwc net.Conn) *srvConn {
	return &srvConn{rwc: rwc, br: bufio.NewReader(rwc)}
}

func serveConns(ln net.Listener) error {
	for {
		rwc, err := ln.Accept()
		if err != nil {
			return err
		}
		c := newSrvConn(rwc)
		go c.serve()
	}
}

func (c *srvConn) serve() { // want `net\.Conn c\.rwc is not closed on the io\.EOF return at line 250: serve runs as the goroutine started at line 243, and no other code closes field rwc`
	greeting, err := c.br.ReadString('\n')
	if err != nil {
		return
	}
	defer c.rwc.Close()
	c.rwc.Write([]byte(greeting))
}
