package connlike

import (
	"net"

	"github.com/DataDog/datadog-go/v5/statsd"
)

// A helper that returns a datagram socket, in this package or another
// (its fact says so), gives a socket with no TCP states: a leak of it is
// worded without CLOSE_WAIT.

func dialAgent(addr string) (net.Conn, error) {
	return net.Dial("udp", addr)
}

func sendGauge(addr string, rules string) error {
	c, err := dialAgent(addr) // want `net\.Conn c from dialAgent is not closed on the error return at line 23 \(its fd and port leak: a datagram socket never reaches CLOSE_WAIT, but it stays open\)`
	if err != nil {
		return err
	}
	if err := parseRules(rules); err != nil {
		return err
	}
	_, err = c.Write([]byte("up:1|g"))
	c.Close()
	return err
}

func bufferedTracer(addr, rules string) (*tracer, error) {
	client, err := statsd.NewWithBuffer(addr, 64) // want `\*statsd\.Client client from statsd\.NewWithBuffer is not closed on the error return at line 36 \(its fd and port leak: a datagram socket never reaches CLOSE_WAIT, but it stays open\)`
	if err != nil {
		return nil, err
	}
	if err := parseRules(rules); err != nil {
		return nil, err
	}
	return &tracer{statsd: client}, nil
}
