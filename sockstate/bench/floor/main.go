// Command floor measures the lower bound of finding the owners of
// CLOSE_WAIT sockets, for the sockstate benchmark (see ../run.sh): one
// netlink sock_diag dump filtered to CLOSE_WAIT in the kernel, plus one
// readlink per open descriptor of the scanned processes (all processes,
// or those given with -pid). It prints the number of sockets, how many it
// owned, and the time taken.
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

func main() {
	pid := flag.Int("pid", 0, "scan only this process")
	flag.Parse()
	start := time.Now()
	inodes, err := dump()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dumped := time.Since(start)
	var pids []int
	if *pid != 0 {
		pids = []int{*pid}
	} else {
		f, err := os.Open("/proc")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		names, _ := f.Readdirnames(-1)
		f.Close()
		for _, n := range names {
			if p, err := strconv.Atoi(n); err == nil {
				pids = append(pids, p)
			}
		}
	}
	owned, fds := 0, 0
	buf := make([]byte, 64<<10)
	link := make([]byte, 64)
	for _, p := range pids {
		dir, err := unix.Open("/proc/"+strconv.Itoa(p)+"/fd", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		if err != nil {
			continue
		}
		for {
			n, err := unix.Getdents(dir, buf)
			if err != nil || n <= 0 {
				break
			}
			for off := 0; off+19 < n; {
				reclen := int(binary.NativeEndian.Uint16(buf[off+16:]))
				if reclen == 0 {
					break
				}
				name := buf[off+19 : off+reclen]
				off += reclen
				end := 0
				for end < len(name) && name[end] != 0 {
					end++
				}
				if name[0] == '.' {
					continue
				}
				fds++
				l, err := unix.Readlinkat(dir, string(name[:end]), link)
				if err != nil || l < 9 || string(link[:8]) != "socket:[" {
					continue
				}
				ino, _ := strconv.ParseUint(string(link[8:l-1]), 10, 64)
				if inodes[ino] {
					owned++
				}
			}
		}
		unix.Close(dir)
	}
	fmt.Printf("close_wait=%d owned=%d fds=%d dump=%v total=%v\n", len(inodes), owned, fds, dumped, time.Since(start))
}

// dump returns the inodes of the CLOSE_WAIT sockets (IPv4 and IPv6).
func dump() (map[uint64]bool, error) {
	c, err := netlink.Dial(unix.NETLINK_SOCK_DIAG, &netlink.Config{MessageBufferSize: 32 << 10})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	inodes := make(map[uint64]bool)
	for _, fam := range []byte{unix.AF_INET, unix.AF_INET6} {
		req := make([]byte, 56)
		req[0], req[1] = fam, unix.IPPROTO_TCP
		binary.NativeEndian.PutUint32(req[4:], 1<<8) // CLOSE_WAIT
		if _, err := c.Send(netlink.Message{Header: netlink.Header{Type: unix.SOCK_DIAG_BY_FAMILY, Flags: netlink.Request | netlink.Dump}, Data: req}); err != nil {
			return nil, err
		}
		for m, err := range c.ReceiveIter() {
			if err != nil {
				return nil, err
			}
			if len(m.Data) >= 72 {
				inodes[uint64(binary.NativeEndian.Uint32(m.Data[68:72]))] = true
			}
		}
	}
	return inodes, nil
}
