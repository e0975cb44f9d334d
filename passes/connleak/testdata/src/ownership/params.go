package ownership

import (
	"errors"
	"net"
)

// An sshConn and the connection that embeds it own the conn they wrap.
type sshConn struct {
	conn net.Conn
}

type sshConnection struct {
	sshConn
	user string
}

func (s *sshConnection) handshake(check func(*sshConnection) error) error {
	if _, err := s.conn.Write([]byte("SSH-2.0\r\n")); err != nil {
		return err
	}
	return check(s) // the struct goes to code this function cannot see
}

// newServerConn closes c when the handshake of the struct it put c in
// fails, so it owns c on failure; its config-validation returns leave c
// open (x/crypto's NewServerConn).
func newServerConn(c net.Conn, algos []string, check func(*sshConnection) error) (*sshConnection, error) { // want `net\.Conn parameter c is not closed on the error return`
	for _, a := range algos {
		if a == "" {
			return nil, errors.New("unsupported algorithm")
		}
	}
	s := &sshConnection{sshConn: sshConn{conn: c}}
	if err := s.handshake(check); err != nil {
		c.Close()
		return nil, err
	}
	return s, nil
}

// newServerConnClean closes c on every error return: clean.
func newServerConnClean(c net.Conn, algos []string, check func(*sshConnection) error) (*sshConnection, error) {
	for _, a := range algos {
		if a == "" {
			c.Close()
			return nil, errors.New("unsupported algorithm")
		}
	}
	s := &sshConnection{sshConn: sshConn{conn: c}}
	if err := s.handshake(check); err != nil {
		c.Close()
		return nil, err
	}
	return s, nil
}

// newServerConnHandedOn hands c on before its only error return and never
// closes it: the caller owns it (silent).
func newServerConnHandedOn(c net.Conn, check func(*sshConnection) error) (*sshConnection, error) {
	s := &sshConnection{sshConn: sshConn{conn: c}}
	if err := s.handshake(check); err != nil {
		return nil, err
	}
	return s, nil
}

// ingest closes conn in a deferred call only when asked to: on the other
// path the caller keeps it (memberlist's IngestPacket), so silent.
func ingest(conn net.Conn, shouldClose bool) error {
	if shouldClose {
		defer conn.Close()
	}
	buf := make([]byte, 1)
	if _, err := conn.Read(buf); err != nil {
		return err
	}
	if buf[0] == 0 {
		return errors.New("empty packet")
	}
	return nil
}

// runAll runs its tasks; callers cannot see its body.
var runAll = func(tasks ...func() error) error {
	for _, task := range tasks {
		if err := task(); err != nil {
			return err
		}
	}
	return nil
}

// shareKeys writes and reads c through closures handed to runAll: they
// only borrow c.
func shareKeys(c net.Conn) error {
	return runAll(
		func() error { _, err := c.Write([]byte("key")); return err },
		func() error { _, err := c.Read(make([]byte, 32)); return err },
	)
}

// secretHandshake drops c when shareKeys fails (cometbft's
// MakeSecretConnection, through its TCP listener's Accept).
func secretHandshake(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if err := shareKeys(c); err != nil {
		return nil, err
	}
	return c, nil
}

// closeLater hands runAll a closure that closes c: runAll takes it
// (silent).
func closeLater(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	return runAll(func() error { return c.Close() })
}

// An altsHandshaker holds the conn it handshakes on; its Close ends the
// handshake, not the conn.
type altsHandshaker struct {
	conn   net.Conn
	closed bool
}

func newALTSHandshaker(c net.Conn) (*altsHandshaker, error) {
	if c == nil {
		return nil, errors.New("nil conn")
	}
	return &altsHandshaker{conn: c}, nil
}

func (h *altsHandshaker) Close() { h.closed = true }

func (h *altsHandshaker) handshake() (net.Conn, error) {
	if _, err := h.conn.Write([]byte("hello")); err != nil {
		return nil, err
	}
	return h.conn, nil
}

// altsClientHandshake defers the Close of the handshaker it built on
// rawConn, not of rawConn: that shows nothing about who owns rawConn when
// it fails (grpc's ALTS ClientHandshake), so silent.
func altsClientHandshake(rawConn net.Conn, trusted bool) (net.Conn, error) {
	if !trusted {
		return nil, errors.New("untrusted platform")
	}
	hs, err := newALTSHandshaker(rawConn)
	if err != nil {
		return nil, err
	}
	defer hs.Close()
	return hs.handshake()
}
