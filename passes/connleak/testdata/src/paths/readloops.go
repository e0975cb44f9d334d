package paths

import (
	"bufio"
	"encoding/gob"
	"encoding/json"
	"io"
	"net"
	"net/textproto"
)

// readUntilEOF returns on the first read error without closing c: the peer's FIN (io.EOF) strands the socket in CLOSE_WAIT.
func readUntilEOF(addr string) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return
	}
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		_ = buf[:n]
	}
}

// readUntilEOFDeferred is the same loop with defer c.Close(): every exit closes, so it is clean.
func readUntilEOFDeferred(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	defer c.Close()
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		_ = buf[:n]
	}
}

// readCloseOnError closes in the read-error branch before returning: clean.
func readCloseOnError(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err != nil {
			c.Close()
			return
		}
		_ = buf[:n]
	}
}

// bufioLines reads lines through a bufio.Reader built on c and returns its error (io.EOF) without closing c.
func bufioLines(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return err
	}
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		_ = line
	}
}

// bufioLinesClosed borrows c for a bufio.Reader and closes c with defer: clean.
func bufioLinesClosed(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		_ = line
	}
}

// scanLines returns once Scan reports false (EOF or error) and never closes c.
func scanLines(addr string) int {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(c)
	n := 0
	for sc.Scan() {
		n++
	}
	return n
}

// scanLinesClosed closes c after the Scan loop ends: clean.
func scanLinesClosed(addr string) int {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(c)
	n := 0
	for sc.Scan() {
		n++
	}
	c.Close()
	return n
}

// readHeader returns the io.ReadFull error without closing c; the success path closes.
func readHeader(addr string) ([]byte, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return nil, err
	}
	hdr := make([]byte, 8)
	if _, err := io.ReadFull(c, hdr); err != nil {
		return nil, err
	}
	c.Close()
	return hdr, nil
}

// readHeaderClosed closes c on both the io.ReadFull failure and success paths: clean.
func readHeaderClosed(addr string) ([]byte, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	hdr := make([]byte, 8)
	if _, err := io.ReadFull(c, hdr); err != nil {
		c.Close()
		return nil, err
	}
	return hdr, c.Close()
}

// decodeStream has two returns after a failed json Decode (io.EOF and other errors); neither closes c.
func decodeStream(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return err
	}
	dec := json.NewDecoder(c)
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// decodeStreamClosed borrows c for a json.Decoder and defers the Close: clean.
func decodeStreamClosed(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	dec := json.NewDecoder(c)
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// readGreeting leaks c when the textproto reader fails on the first line; the later path closes.
func readGreeting(addr string) (textproto.MIMEHeader, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return nil, err
	}
	tp := textproto.NewReader(bufio.NewReader(c))
	if _, err := tp.ReadLine(); err != nil {
		return nil, err
	}
	h, err := tp.ReadMIMEHeader()
	c.Close()
	return h, err
}

// gobReceive returns the gob decode error without closing c.
func gobReceive(addr string) (map[string]int, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return nil, err
	}
	var m map[string]int
	if err := gob.NewDecoder(c).Decode(&m); err != nil {
		return nil, err
	}
	return m, c.Close()
}

// readLimited reads through io.LimitReader + io.ReadAll and leaks c when that read fails.
func readLimited(addr string) ([]byte, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(c, 1<<20))
	if err != nil {
		return nil, err
	}
	c.Close()
	return b, nil
}

// requestReply fails a write first (error return) and later a read (io.EOF return); neither closes c.
func requestReply(addr string, req []byte) ([]byte, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return.*, including the io\.EOF return`
	if err != nil {
		return nil, err
	}
	if _, err := c.Write(req); err != nil {
		return nil, err
	}
	reply := make([]byte, 256)
	n, err := c.Read(reply)
	if err != nil {
		return nil, err
	}
	c.Close()
	return reply[:n], nil
}
