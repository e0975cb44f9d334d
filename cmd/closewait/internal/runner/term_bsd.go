//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package runner

import "golang.org/x/sys/unix"

const ioctlGetTermios = unix.TIOCGETA
