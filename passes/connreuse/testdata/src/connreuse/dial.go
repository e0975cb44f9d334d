package connreuse

import (
	"crypto/tls"
	"fmt"
	"net"
)

func sendEach(addr string, msgs []string) error {
	for _, m := range msgs {
		c, err := net.Dial("tcp", addr) // want `connection c from net\.Dial is opened and closed in every iteration of a loop in sendEach \(a new connection per message`
		if err != nil {
			return err
		}
		fmt.Fprintln(c, m)
		c.Close()
	}
	return nil
}

type sender struct{ addr string }

func (s *sender) run(ch <-chan []byte) {
	for b := range ch {
		c, err := tls.Dial("tcp", s.addr, nil) // want `connection c from tls\.Dial is opened and closed in every iteration of a loop in run \(a new connection per message`
		if err != nil {
			continue
		}
		c.Write(b)
		c.Close()
	}
}

func sendHostPort(host string, port int, msgs [][]byte) {
	for _, m := range msgs {
		c, err := net.Dial("tcp", net.JoinHostPort(host, fmt.Sprint(port))) // want `connection c from net\.Dial is opened and closed in every iteration of a loop in sendHostPort \(a new connection per message`
		if err != nil {
			continue
		}
		c.Write(m)
		c.Close()
	}
}

// Correct twins.

func sendEachAddr(addrs []string, m []byte) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // a different address each time
		if err != nil {
			continue
		}
		c.Write(m)
		c.Close()
	}
}

func sendOnce(addr string, msgs [][]byte) error {
	c, err := net.Dial("tcp", addr) // dialed once
	if err != nil {
		return err
	}
	defer c.Close()
	for _, m := range msgs {
		if _, err := c.Write(m); err != nil {
			return err
		}
	}
	return nil
}

func sendUDP(addr string, msgs [][]byte) {
	for _, m := range msgs {
		c, err := net.Dial("udp", addr) // no TIME_WAIT for UDP
		if err != nil {
			continue
		}
		c.Write(m)
		c.Close()
	}
}

func (s *sender) rotate(msgs [][]byte, next func() string) {
	for _, m := range msgs {
		c, err := net.Dial("tcp", s.addr) // s.addr may change: next is called in the loop
		if err != nil {
			continue
		}
		c.Write(m)
		c.Close()
		s.addr = next()
	}
}
