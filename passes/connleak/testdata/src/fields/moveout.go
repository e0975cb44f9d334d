package fields

import (
	"errors"
	"io"
	"log/slog"
	"net"
)

// This file is a device-service client in the shape of go-ios: a dial
// helper that logs the address of its conn variable, a constructor that
// returns its struct with the helper's error, a multiplexer whose Release
// method moves the conn out of its field, and a plain holder struct
// without methods.

type service interface {
	Send(b []byte) error
	Reader() io.Reader
	io.ReadWriteCloser
}

type devConn struct {
	c net.Conn
}

func newDevConn(addr string) (*devConn, error) {
	d := &devConn{}
	return d, d.connectTo(addr)
}

// connectTo logs &c, a pointer to its variable: that keeps nothing.
func (d *devConn) connectTo(addr string) error {
	c, err := net.Dial("unix", addr)
	if err != nil {
		return err
	}
	slog.Debug("opening connection", "conn", &c)
	d.c = c
	return nil
}

func (d *devConn) Send(b []byte) error         { _, err := d.c.Write(b); return err }
func (d *devConn) Reader() io.Reader           { return d.c }
func (d *devConn) Read(b []byte) (int, error)  { return d.c.Read(b) }
func (d *devConn) Write(b []byte) (int, error) { return d.c.Write(b) }
func (d *devConn) Close() error                { return d.c.Close() }

type muxConn struct {
	tag uint32
	dev service
}

func newMuxConn() (*muxConn, error) {
	dev, err := newDevConn("/var/run/usbmuxd")
	return &muxConn{dev: dev}, err
}

// release moves the conn out: the mux no longer holds it, its caller does.
func (m *muxConn) release() service {
	dev := m.dev
	m.dev = nil
	return dev
}

func (m *muxConn) Close() error { return m.dev.Close() }

func (m *muxConn) connect(port int) error {
	return m.dev.Send([]byte{byte(port)})
}

// connectService returns the mux's conn, moved out of it.
func connectService(port int) (service, error) {
	m, err := newMuxConn()
	if err != nil {
		return nil, err
	}
	if err := m.connect(port); err != nil {
		m.Close()
		return nil, err
	}
	return m.release(), nil
}

// findPeer returns on a failed read, the device hanging up, with the
// service conn open.
func findPeer(port int) (byte, error) {
	s, err := connectService(port) // want `service s from connectService is not closed on the error return at line 93 and on 2 other paths`
	if err != nil {
		return 0, err
	}
	b := make([]byte, 4)
	if _, err := io.ReadFull(s.Reader(), b); err != nil {
		return 0, err
	}
	if b[0] == 0 {
		return 0, errors.New("no peer")
	}
	return b[1], nil
}

func findPeerCloses(port int) (byte, error) {
	s, err := connectService(port)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	b := make([]byte, 4)
	if _, err := io.ReadFull(s.Reader(), b); err != nil {
		return 0, err
	}
	return b[1], nil
}

// devSend drops the conn newDevConn dialed when Send fails.
func devSend(addr string, msg []byte) error {
	d, err := newDevConn(addr) // want `\*devConn d from newDevConn is not closed on the error return at line 121`
	if err != nil {
		return err
	}
	if err := d.Send(msg); err != nil {
		return err
	}
	return d.Close()
}

func devSendCloses(addr string, msg []byte) error {
	d, err := newDevConn(addr)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Send(msg)
}

// mover holds the service conn and has no methods: its constructor's
// callers, in this package, close the conn through the field.
type mover struct {
	dev  service
	name string
}

func newMover(port int) (*mover, error) {
	s, err := connectService(port)
	if err != nil {
		return nil, err
	}
	return &mover{dev: s, name: "mover"}, nil
}

// awaitPing returns on a failed or wrong ping with the mover's conn open.
func awaitPing(port int) error {
	m, err := newMover(port) // want `\*mover m from newMover is not closed on the error return at line 158 and on 2 other paths`
	if err != nil {
		return err
	}
	ping := make([]byte, 4)
	if _, err := m.dev.Reader().Read(ping); err != nil {
		return err
	}
	if string(ping) != "ping" {
		return errors.New("no ping")
	}
	return nil
}

func awaitPingCloses(port int) error {
	m, err := newMover(port)
	if err != nil {
		return err
	}
	defer m.dev.Close()
	ping := make([]byte, 4)
	if _, err := m.dev.Reader().Read(ping); err != nil {
		return err
	}
	return nil
}

// dialLogged logs &c and returns with c open when the greeting fails.
func dialLogged(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 187`
	if err != nil {
		return err
	}
	slog.Debug("opening connection", "conn", &c)
	if _, err := c.Write([]byte("hello")); err != nil {
		return err
	}
	return c.Close()
}

func dialLoggedCloses(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	slog.Debug("opening connection", "conn", &c)
	_, err = c.Write([]byte("hello"))
	return err
}
