package sockscan

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Kernel holds the kernel settings that bear on closing TCP sockets, read
// from /proc/sys/net/ipv4 of the current network namespace. A value of -1
// means the setting could not be read.
type Kernel struct {
	PortLow, PortHigh int // net.ipv4.ip_local_port_range
	FinTimeout        int // net.ipv4.tcp_fin_timeout, seconds (FIN_WAIT2 of closed sockets)
	TWReuse           int // net.ipv4.tcp_tw_reuse (0, 1, or 2: loopback only)
	KeepaliveTime     int // net.ipv4.tcp_keepalive_time, seconds (default for programs that do not set their own)
}

// EphemeralPorts returns the number of ports in the local port range,
// or 0 if unknown.
func (k Kernel) EphemeralPorts() int {
	if k.PortLow < 0 || k.PortHigh < k.PortLow {
		return 0
	}
	return k.PortHigh - k.PortLow + 1
}

// ReadKernel reads the settings. It returns the first error met, along
// with the settings it could read.
func ReadKernel() (Kernel, error) {
	k := Kernel{-1, -1, -1, -1, -1}
	var first error
	read := func(name string) []int {
		b, err := os.ReadFile("/proc/sys/net/ipv4/" + name)
		if err != nil {
			if first == nil {
				first = err
			}
			return nil
		}
		var out []int
		for _, f := range strings.Fields(string(b)) {
			n, err := strconv.Atoi(f)
			if err != nil {
				if first == nil {
					first = fmt.Errorf("net.ipv4.%s: bad value %q", name, f)
				}
				return nil
			}
			out = append(out, n)
		}
		return out
	}
	if v := read("ip_local_port_range"); len(v) == 2 {
		k.PortLow, k.PortHigh = v[0], v[1]
	}
	if v := read("tcp_fin_timeout"); len(v) == 1 {
		k.FinTimeout = v[0]
	}
	if v := read("tcp_tw_reuse"); len(v) == 1 {
		k.TWReuse = v[0]
	}
	if v := read("tcp_keepalive_time"); len(v) == 1 {
		k.KeepaliveTime = v[0]
	}
	return k, first
}
