// Package acq gets conns from two pool interfaces, which closewait does
// not know as acquiring until -closewait.acquire names them.
package acq

import "net"

type Pool1 interface{ Get() (net.Conn, error) }

type Pool2 interface{ Get() (net.Conn, error) }

func Use1(p Pool1) error {
	c, err := p.Get()
	if err != nil {
		return err
	}
	_, err = c.Write([]byte("1"))
	return err
}

func Use2(p Pool2) error {
	c, err := p.Get()
	if err != nil {
		return err
	}
	_, err = c.Write([]byte("2"))
	return err
}
