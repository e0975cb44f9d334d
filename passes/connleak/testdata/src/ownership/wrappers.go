package ownership

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"os"
)

// tlsUpgradeLeak wraps raw in tls.Client but returns the handshake error without closing either.
func tlsUpgradeLeak(addr string, cfg *tls.Config) (*tls.Conn, error) {
	raw, err := net.Dial("tcp", addr) // want `net\.Conn raw from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	tc := tls.Client(raw, cfg)
	if err := tc.Handshake(); err != nil {
		return nil, err
	}
	return tc, nil
}

// tlsUpgradeClosed closes the tls.Client wrapper (which owns raw) on failure and returns it on success: clean.
func tlsUpgradeClosed(addr string, cfg *tls.Config) (*tls.Conn, error) {
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	tc := tls.Client(raw, cfg)
	if err := tc.Handshake(); err != nil {
		tc.Close()
		return nil, err
	}
	return tc, nil
}

// tlsServerDeferred accepts, wraps in tls.Server and defers the wrapper's Close: clean.
func tlsServerDeferred(ln net.Listener, cfg *tls.Config) error {
	c, err := ln.Accept()
	if err != nil {
		return err
	}
	sc := tls.Server(c, cfg)
	defer sc.Close()
	return sc.Handshake()
}

// tlsWrapperDropped wraps raw in tls.Client and closes neither the wrapper nor raw.
func tlsWrapperDropped(addr string, cfg *tls.Config) {
	raw, err := net.Dial("tcp", addr) // want `net\.Conn raw from net\.Dial is not closed on the return`
	if err != nil {
		return
	}
	tc := tls.Client(raw, cfg)
	tc.Write([]byte("x"))
}

// copyOut returns the io.Copy error (never io.EOF: Copy returns nil there) without closing c.
func copyOut(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := io.Copy(os.Stdout, c); err != nil {
		return err
	}
	return c.Close()
}

// copyOutDeferred borrows c for io.Copy and bufio, closing it with defer: clean.
func copyOutDeferred(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	w := bufio.NewWriter(c)
	w.WriteString("GET\n")
	w.Flush()
	_, err = io.Copy(os.Stdout, c)
	return err
}

// assertClose closes through a type assertion alias: clean.
func assertClose(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.(*net.TCPConn).Close()
	_, err = c.Write([]byte("x"))
	return err
}

// interfaceClose closes through an io.ReadWriteCloser conversion of the concrete conn: clean.
func interfaceClose(raddr *net.UDPAddr) error {
	uc, err := net.DialUDP("udp", nil, raddr)
	if err != nil {
		return err
	}
	var rwc io.ReadWriteCloser = uc
	defer rwc.Close()
	_, err = uc.Write([]byte("x"))
	return err
}

// phiAlias dials with TLS or plain TCP into one variable and defers a single Close: clean.
func phiAlias(addr string, useTLS bool, cfg *tls.Config) error {
	var c net.Conn
	var err error
	if useTLS {
		c, err = tls.Dial("tcp", addr, cfg)
	} else {
		c, err = net.Dial("tcp", addr)
	}
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("x"))
	return err
}

// phiAliasLeak merges the two dials and forgets the Close on the empty-message return; both acquisitions leak.
func phiAliasLeak(addr string, useTLS bool, cfg *tls.Config, msg []byte) error {
	var c net.Conn
	var err error
	if useTLS {
		c, err = tls.Dial("tcp", addr, cfg) // want `\*tls\.Conn c from tls\.Dial is not closed on the return`
	} else {
		c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	}
	if err != nil {
		return err
	}
	if len(msg) == 0 {
		return nil
	}
	_, err = c.Write(msg)
	c.Close()
	return err
}

// unixIPConns dials a unix socket and a raw IP conn and closes both through defer: clean.
func unixIPConns(uaddr *net.UnixAddr, ipaddr *net.IPAddr) error {
	uc, err := net.DialUnix("unix", nil, uaddr)
	if err != nil {
		return err
	}
	defer uc.Close()
	ic, err := net.DialIP("ip4:icmp", nil, ipaddr)
	if err != nil {
		return err
	}
	defer ic.Close()
	return nil
}

// dialIPLeak leaks the raw IP conn on the write-error return.
func dialIPLeak(ipaddr *net.IPAddr, pkt []byte) error {
	ic, err := net.DialIP("ip4:icmp", nil, ipaddr) // want `\*net\.IPConn ic from net\.DialIP is not closed on the error return.* \(its fd and port leak`
	if err != nil {
		return err
	}
	if _, err := ic.Write(pkt); err != nil {
		return err
	}
	return ic.Close()
}

// fileConnLeak rebuilds a conn from a file and leaks it when the write fails.
func fileConnLeak(f *os.File) error {
	c, err := net.FileConn(f) // want `net\.Conn c from net\.FileConn is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("x")); err != nil {
		return err
	}
	return c.Close()
}
