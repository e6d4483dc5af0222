//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package main

import "io"

// terminalWidth reports no terminal where featsel cannot ask: the
// progress line is then never shown.
func terminalWidth(io.Writer) (int, bool) { return 0, false }
