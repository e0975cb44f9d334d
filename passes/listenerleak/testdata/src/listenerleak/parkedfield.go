package listenerleak

import (
	"errors"
	"fmt"
	"net"
)

// A node keeps its listener in a field; its Close closes it only once
// the accept loop runs (perlin-network/noise's Node).
type node struct {
	listener  net.Listener
	listening bool
	binders   []func(*node) error
}

func (n *node) Close() error {
	if n.listening {
		return n.listener.Close()
	}
	return nil
}

// listen closes the listener when its address is not TCP but leaves it
// in the field when a protocol's Bind fails: the caller cannot tell the
// two failures apart, and Close will not close it.
func (n *node) listen(addr string) error {
	var err error
	n.listener, err = net.Listen("tcp", addr) // want `net\.Listener n\.listener from net\.Listen is not closed on the error return at line 38`
	if err != nil {
		return err
	}
	if _, ok := n.listener.Addr().(*net.TCPAddr); !ok {
		return fmt.Errorf("did not listen for tcp: %w", n.listener.Close())
	}
	for _, bind := range n.binders {
		if err := bind(n); err != nil {
			return err
		}
	}
	n.listening = true
	go n.accept()
	return nil
}

// listenClean closes it on that failure too: clean.
func (n *node) listenClean(addr string) error {
	var err error
	n.listener, err = net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if _, ok := n.listener.Addr().(*net.TCPAddr); !ok {
		return fmt.Errorf("did not listen for tcp: %w", n.listener.Close())
	}
	for _, bind := range n.binders {
		if err := bind(n); err != nil {
			n.listener.Close()
			return err
		}
	}
	n.listening = true
	go n.accept()
	return nil
}

// listenKept never closes the listener on a failure: the node owns it
// from the store on, and whoever drops the node decides (silent).
func (n *node) listenKept(addr string) error {
	var err error
	n.listener, err = net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	for _, bind := range n.binders {
		if err := bind(n); err != nil {
			return errors.Join(errors.New("bind"), err)
		}
	}
	n.listening = true
	go n.accept()
	return nil
}

func (n *node) accept() {
	for {
		c, err := n.listener.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// listenServed is listen with its accept loop in a closure that captures
// the node (noise's Node.Listen): the node is then a variable every use
// loads, and its listener still leaks when a Bind fails.
func (n *node) listenServed(addr string) error {
	var err error
	defer func() {
		if err != nil {
			n.listening = false
		}
	}()
	n.listener, err = net.Listen("tcp", addr) // want `net\.Listener n\.listener from net\.Listen is not closed on the error return at line 115`
	if err != nil {
		return err
	}
	if _, ok := n.listener.Addr().(*net.TCPAddr); !ok {
		err = fmt.Errorf("did not listen for tcp: %w", n.listener.Close())
		return err
	}
	for _, bind := range n.binders {
		if err = bind(n); err != nil {
			return err
		}
	}
	go func() {
		n.listening = true
		for {
			c, err := n.listener.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return nil
}
