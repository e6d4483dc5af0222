//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package main

import "golang.org/x/sys/unix"

// termiosRequest is the ioctl that reads a terminal's settings: it fails
// on anything but a terminal.
const termiosRequest = unix.TIOCGETA
