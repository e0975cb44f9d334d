package ownership

import (
	"bufio"
	"errors"
	"io"
	"net"
)

// An rtmpConn owns its conn, and parts of it point back at it: streams
// tables built from a literal and by a constructor, and a chunk streamer a constructor builds
// on its buffered reader and writer. Neither takes the conn: a failed
// handshake in newRtmpClient still drops it (go-rtmp's
// newClientConnWithSetup), reported at the dial of its caller.
type rtmpConn struct {
	rwc      io.ReadWriteCloser
	bufr     *bufio.Reader
	bufw     *bufio.Writer
	table    *rtmpStreams
	streams  *rtmpStreams
	streamer *chunkStreamer
}

type rtmpStreams struct{ c *rtmpConn }

func newRtmpStreams(c *rtmpConn) *rtmpStreams { return &rtmpStreams{c: c} }

type chunkStreamer struct {
	r *bufio.Reader
	w *bufio.Writer
}

func newChunkStreamer(r *bufio.Reader, w *bufio.Writer) *chunkStreamer {
	return &chunkStreamer{r: r, w: w}
}

func newRtmpConn(rwc io.ReadWriteCloser) *rtmpConn {
	c := &rtmpConn{
		rwc:  rwc,
		bufr: bufio.NewReaderSize(rwc, 4096),
		bufw: bufio.NewWriterSize(rwc, 4096),
	}
	c.table = &rtmpStreams{c: c}
	c.streams = newRtmpStreams(c)
	c.streamer = newChunkStreamer(c.bufr, c.bufw)
	return c
}

func (c *rtmpConn) Close() error { return c.rwc.Close() }

type rtmpClient struct{ conn *rtmpConn }

func (cc *rtmpClient) Close() error { return cc.conn.Close() }

func rtmpHandshake(r io.Reader, w io.Writer) error {
	b := make([]byte, 1)
	if _, err := r.Read(b); err != nil {
		return err
	}
	if b[0] != 3 {
		return errors.New("bad version")
	}
	return nil
}

func newRtmpClient(c net.Conn) (*rtmpClient, error) {
	conn := newRtmpConn(c)
	if err := rtmpHandshake(conn.rwc, conn.rwc); err != nil {
		return nil, err
	}
	return &rtmpClient{conn: conn}, nil
}

func dialRtmp(addr string) (*rtmpClient, error) {
	rwc, err := net.Dial("tcp", addr) // want `net\.Conn rwc from net\.Dial is not closed on the error return at line \d+`
	if err != nil {
		return nil, err
	}
	return newRtmpClient(rwc)
}

// dialRtmpClosed closes the conn when the client cannot be set up: clean.
func dialRtmpClosed(addr string) (*rtmpClient, error) {
	rwc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	cc, err := newRtmpClient(rwc)
	if err != nil {
		rwc.Close()
		return nil, err
	}
	return cc, nil
}
