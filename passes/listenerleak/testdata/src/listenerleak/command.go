package listenerleak

import (
	"errors"
	"net"
	"net/http"

	"github.com/spf13/cobra"
)

// serveCmd's body runs once and the process exits when it returns: the
// listener its error return leaves open is closed by the kernel (crane's
// serve command): clean.
func serveCmd(disk string) *cobra.Command {
	return &cobra.Command{
		Use: "serve",
		RunE: func(cmd *cobra.Command, args []string) error {
			ln, err := net.Listen("tcp", ":0")
			if err != nil {
				return err
			}
			if disk == "" {
				return errors.New("--disk is required")
			}
			return http.Serve(ln, nil)
		},
	}
}

// runProxy is a command body named by the command: clean.
func runProxy(cmd *cobra.Command, args []string) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return
	}
	if len(args) == 0 {
		return
	}
	http.Serve(ln, nil)
}

var proxyCmd = &cobra.Command{Use: "proxy", Run: runProxy}

// serveOnce is the same body in an ordinary function, which a long-running
// program may call again: the listener leaks.
func serveOnce(disk string) error {
	ln, err := net.Listen("tcp", ":0") // want `net\.Listener ln from net\.Listen is not closed on the error return at line \d+`
	if err != nil {
		return err
	}
	if disk == "" {
		return errors.New("--disk is required")
	}
	return http.Serve(ln, nil)
}

// probeCmd's body listens in a loop: each listener it drops while the
// command runs stays bound until the process exits.
func probeCmd(addrs []string) *cobra.Command {
	return &cobra.Command{
		Use: "probe",
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range addrs {
				ln, err := net.Listen("tcp", a) // want `net\.Listener ln from net\.Listen is not closed when ln is overwritten`
				if err != nil {
					return err
				}
				_ = ln.Addr()
			}
			return nil
		},
	}
}
