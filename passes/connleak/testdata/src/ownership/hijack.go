package ownership

import (
	"io"
	"net"
	"net/http"
)

// pump closes the hijacked conn on every path (a release for go pump(c)).
func pump(c net.Conn) {
	defer c.Close()
	io.Copy(c, c)
}

// hijackLeak takes over the conn but returns without closing it when the upgrade write fails.
func hijackLeak(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "no hijack", http.StatusInternalServerError)
		return
	}
	c, _, err := hj.Hijack() // want `net\.Conn c from hj\.Hijack is not closed on the return`
	if err != nil {
		return
	}
	if _, err := c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n")); err != nil {
		return
	}
	go pump(c)
}

// hijackDeferred takes over the conn and defers its Close: clean.
func hijackDeferred(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	c, brw, err := hj.Hijack()
	if err != nil {
		return
	}
	defer c.Close()
	brw.WriteString("HTTP/1.1 200 OK\r\n\r\n")
	brw.Flush()
}

// controllerHijackLeak hijacks through http.ResponseController and never closes the conn on the read-error path.
func controllerHijackLeak(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	c, _, err := rc.Hijack() // want `net\.Conn c from rc\.Hijack is not closed on the io\.EOF return`
	if err != nil {
		return
	}
	buf := make([]byte, 128)
	if _, err := c.Read(buf); err != nil {
		return
	}
	go pump(c)
}

// controllerHijackHandedOff hijacks through http.ResponseController and starts pump, which closes it: clean.
func controllerHijackHandedOff(w http.ResponseWriter, r *http.Request) {
	c, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	go pump(c)
}
