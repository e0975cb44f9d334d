package ownership

import (
	"log"
	"net"
)

// A listener that accepts in a goroutine of its own and sends each conn
// on a channel: the receiver owns what it receives (tendermint's p2p
// switch, whose listener documents its Connections() channel so).
type chanListener struct{ conns chan net.Conn }

func (l *chanListener) Connections() <-chan net.Conn { return l.conns }

func (l *chanListener) acceptLoop(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			close(l.conns)
			return
		}
		l.conns <- c
	}
}

type peerSwitch struct {
	listener   *chanListener
	peers, max int
	conns      []net.Conn
}

func (sw *peerSwitch) addPeer(c net.Conn) error {
	if err := sw.handshake(c); err != nil {
		c.Close()
		return err
	}
	sw.conns, sw.peers = append(sw.conns, c), sw.peers+1
	return nil
}

func (sw *peerSwitch) handshake(c net.Conn) error {
	_, err := c.Write([]byte("hello"))
	return err
}

// listenerRoutine drops a received conn when the switch is full.
func (sw *peerSwitch) listenerRoutine() {
	for inConn := range sw.listener.Connections() { // want `net\.Conn inConn received from sw\.listener\.Connections\(\) is not closed on the continue at line 51`
		if sw.peers >= sw.max {
			log.Println("ignoring inbound connection: already have enough peers")
			continue
		}
		if err := sw.addPeer(inConn); err != nil {
			log.Println(err)
			continue
		}
	}
}

// listenerRoutineClean closes it there: clean.
func (sw *peerSwitch) listenerRoutineClean() {
	for inConn := range sw.listener.Connections() {
		if sw.peers >= sw.max {
			inConn.Close()
			continue
		}
		if err := sw.addPeer(inConn); err != nil {
			log.Println(err)
			continue
		}
	}
}

// receiveOne takes one conn off a channel and returns on a failed write.
func receiveOne(ch <-chan net.Conn) error {
	c := <-ch // want `net\.Conn c received from ch is not closed on the error return at line 78`
	if _, err := c.Write([]byte("hi")); err != nil {
		return err
	}
	return c.Close()
}

// receiveOneClean closes it on every return: clean.
func receiveOneClean(ch <-chan net.Conn) error {
	c := <-ch
	defer c.Close()
	_, err := c.Write([]byte("hi"))
	return err
}

// A pool's idle conns sit in a buffered channel; taking one and putting
// it back is a borrow: clean.
type chanPool struct{ idle chan net.Conn }

func (p *chanPool) ping() error {
	c := <-p.idle
	_, err := c.Write([]byte("ping"))
	p.idle <- c
	return err
}

// peek forwards every conn it receives to another channel: clean.
func forward(in <-chan net.Conn, out chan<- net.Conn) {
	for c := range in {
		out <- c
	}
}

// serveLoop takes conns off an accept channel until done, and drops one
// when the switch is full.
func (sw *peerSwitch) serveLoop(conns <-chan net.Conn, done <-chan struct{}) {
	for {
		select {
		case c := <-conns: // want `net\.Conn c received from conns is not closed on the continue at line 116`
			if sw.peers >= sw.max {
				continue
			}
			if err := sw.addPeer(c); err != nil {
				log.Println(err)
			}
		case <-done:
			return
		}
	}
}

// serveLoopClean closes it there: clean.
func (sw *peerSwitch) serveLoopClean(conns <-chan net.Conn, done <-chan struct{}) {
	for {
		select {
		case c, ok := <-conns:
			if !ok {
				return
			}
			if sw.peers >= sw.max {
				c.Close()
				continue
			}
			if err := sw.addPeer(c); err != nil {
				log.Println(err)
			}
		case <-done:
			return
		}
	}
}

// A multiplexer's stream from its accept channel closes with its session
// (smux's AcceptStream returns on a closed session without closing the
// stream): not a socket of its own, so silent.
type muxStream struct{ id uint32 }

func (s *muxStream) Read(b []byte) (int, error)  { return 0, nil }
func (s *muxStream) Write(b []byte) (int, error) { return len(b), nil }
func (s *muxStream) Close() error                { return nil }
func (s *muxStream) LocalAddr() net.Addr         { return nil }
func (s *muxStream) RemoteAddr() net.Addr        { return nil }

type muxSession struct {
	accepts chan *muxStream
	closed  bool
}

func (s *muxSession) acceptStream() (*muxStream, error) {
	stream := <-s.accepts
	if s.closed {
		return nil, net.ErrClosed
	}
	if stream.id == 0 {
		stream.Close()
		return nil, net.ErrClosed
	}
	return stream, nil
}
