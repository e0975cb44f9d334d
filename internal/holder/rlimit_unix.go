//go:build unix

package holder

import (
	"errors"
	"fmt"
	"syscall"
)

// RaiseFDLimit raises the process's RLIMIT_NOFILE so that n more
// descriptors fit, raising the hard limit too when allowed (root).
func RaiseFDLimit(n int) error {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return err
	}
	want := uint64(n) + 256
	if r.Cur >= want {
		return nil
	}
	if r.Max < want {
		r.Max = want
	}
	r.Cur = want
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return errors.Join(fmt.Errorf("holder: cannot raise the fd limit to %d (hard limit too low; run as root or hold fewer per process)", want), err)
	}
	return nil
}
