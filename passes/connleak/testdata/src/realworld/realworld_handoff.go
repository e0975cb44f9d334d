package realworld

// More false-positive shapes seen on real code (see realworld_fp.go):
// file descriptors handed off, and the streams of a multiplexed session.

import (
	"net"
	"os"
	"sync"
	"syscall"
)

// fdHolder keeps duplicated fds, as a graceful restart does for the
// process it starts next.
type fdHolder struct{ files []*os.File }

// fileDupKept keeps the dup that File returns but never closes the conn:
// File duplicates the fd, so the conn's own fd, and the socket with it,
// stays open. A real leak, still reported (README, known limitations).
func fileDupKept(ln *net.TCPListener, h *fdHolder) error {
	c, err := ln.AcceptTCP() // want `\*net\.TCPConn c from ln\.AcceptTCP is not closed on the error return`
	if err != nil {
		return err
	}
	f, err := c.File()
	if err != nil {
		return err
	}
	h.files = append(h.files, f)
	return nil
}

// fileDupKeptClosed keeps the dup and closes the conn: clean.
func fileDupKeptClosed(ln *net.TCPListener, h *fdHolder) error {
	c, err := ln.AcceptTCP()
	if err != nil {
		return err
	}
	defer c.Close()
	f, err := c.File()
	if err != nil {
		return err
	}
	h.files = append(h.files, f)
	return nil
}

// poller keeps the conns registered with it, as syscall.Conns.
type poller struct{ conns []syscall.Conn }

func (p *poller) add(sc syscall.Conn) { p.conns = append(p.conns, sc) }

// registerSyscallConn hands the conn itself to a function that takes a
// syscall.Conn and keeps it: a transfer, clean.
func registerSyscallConn(ln net.Listener, p *poller) error {
	c, err := ln.Accept()
	if err != nil {
		return err
	}
	p.add(c.(syscall.Conn))
	return nil
}

// rawConns keeps RawConns, which can use a conn's fd but not close it.
type rawConns struct{ raws []syscall.RawConn }

// rawConnKept keeps only the conn's RawConn: nobody can close the conn.
func rawConnKept(ln net.Listener, r *rawConns) error {
	c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the error return`
	if err != nil {
		return err
	}
	raw, err := c.(syscall.Conn).SyscallConn()
	if err != nil {
		return err
	}
	r.raws = append(r.raws, raw)
	return nil
}

// muxSession multiplexes streams: it tracks every stream it opens and closes
// them with itself.
type muxSession struct {
	addr    string
	mu      sync.Mutex
	streams []net.Conn
}

// Open opens a stream that the session keeps: not fresh for the caller.
func (s *muxSession) Open() (net.Conn, error) {
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.streams = append(s.streams, c)
	s.mu.Unlock()
	return c, nil
}

// OpenStream registers the stream with a deferred call.
func (s *muxSession) OpenStream() (c net.Conn, err error) {
	c, err = net.Dial("tcp", s.addr)
	if err != nil {
		return nil, err
	}
	defer s.track(c)
	return c, nil
}

func (s *muxSession) track(c net.Conn) {
	s.mu.Lock()
	s.streams = append(s.streams, c)
	s.mu.Unlock()
}

// Close closes the session and every stream it tracks.
func (s *muxSession) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.streams {
		c.Close()
	}
	return nil
}

// Dial opens a connection the session does not track: fresh.
func (s *muxSession) Dial() (net.Conn, error) {
	return net.Dial("tcp", s.addr)
}

// streamDropped drops its streams after closing the session, which
// closes them: clean. (Shape: a multiplexed session's Open.)
func streamDropped(s *muxSession) error {
	defer s.Close()
	st, err := s.Open()
	if err != nil {
		return err
	}
	st2, err := s.OpenStream()
	if err != nil {
		return err
	}
	_, err = st.Write([]byte("x"))
	st2.Write([]byte("y"))
	return err
}

// dialDropped drops a conn that the session does not track.
func dialDropped(s *muxSession) error {
	defer s.Close()
	c, err := s.Dial() // want `net\.Conn c from s\.Dial is not closed on the return`
	if err != nil {
		return err
	}
	_, err = c.Write([]byte("x"))
	return err
}

// A streamMux multiplexes streams over one conn; closing it closes every
// stream it accepted (yamux, smux).
type streamMux struct {
	conn net.Conn
	err  error // the session's failure: Accept returns it
}

func (s *streamMux) Accept() (net.Conn, error) { return s.conn, s.err }
func (s *streamMux) Close() error              { return s.conn.Close() }

// serveMuxStreams accepts two streams; when the second fails it closes the
// session, which closes the first (go-plugin's rpc_server): silent.
func serveMuxStreams(s *streamMux, use func(a, b net.Conn)) {
	control, err := s.Accept()
	if err != nil {
		s.Close()
		return
	}
	data, err := s.Accept()
	if err != nil {
		s.Close()
		return
	}
	go use(control, data)
}

// serveMuxStreamsLeak returns on the second failure without closing the
// session: the first stream is dropped.
func serveMuxStreamsLeak(s *streamMux, use func(a, b net.Conn)) {
	control, err := s.Accept() // want `net\.Conn control from s\.Accept is not closed on the return`
	if err != nil {
		return
	}
	data, err := s.Accept()
	if err != nil {
		return
	}
	go use(control, data)
}

// A fortuneBackend owns its conn; Run closes it when done.
type fortuneBackend struct{ conn net.Conn }

func newFortuneBackend(conn net.Conn) *fortuneBackend { return &fortuneBackend{conn: conn} }

func (p *fortuneBackend) Run() error {
	defer p.Close()
	_, err := p.conn.Write([]byte("hi"))
	return err
}

func (p *fortuneBackend) Close() error { return p.conn.Close() }

// serveFortunes hands each conn to a goroutine that runs the backend
// owning it (closed by Run) and also logs the conn: silent (pgx's
// pgfortune example).
func serveFortunes(ln net.Listener, logf func(string, ...any)) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		b := newFortuneBackend(conn)
		go func() {
			b.Run()
			logf("closed %v", conn.RemoteAddr())
		}()
	}
}
