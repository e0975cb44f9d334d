package paths

import (
	"log"
	"net"
)

// greetLogged logs the conn on a failed greeting and returns: logging it
// keeps nothing, the conn is left open.
func greetLogged(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 17`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("hello\n")); err != nil {
		log.Printf("greeting %v failed: %v", c, err)
		return err
	}
	return c.Close()
}
