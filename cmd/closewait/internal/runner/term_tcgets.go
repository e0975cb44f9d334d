//go:build aix || linux || solaris || zos

package runner

import "golang.org/x/sys/unix"

const ioctlGetTermios = unix.TCGETS
