package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openTerminal opens a pseudo-terminal and returns its two ends: what a
// program writes to tty, the terminal, is read from master.
func openTerminal(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("cannot unlock the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("no pseudo-terminal number: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open the pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Col: 100, Row: 30}); err != nil {
		t.Fatal(err)
	}
	return master, tty
}

// TestProgressOnTerminal: with stderr a terminal, path shows its status
// line there and erases it before the end, the results on stdout are
// untouched, and --quiet shows nothing.
func TestProgressOnTerminal(t *testing.T) {
	master, tty := openTerminal(t)
	if w, ok := terminalWidth(tty); !ok || w != 100 {
		t.Fatalf("terminalWidth of a pseudo-terminal = %d, %v; want 100, true", w, ok)
	}
	read := make(chan string)
	go func() {
		b, _ := io.ReadAll(master) // until the terminal is closed
		read <- string(b)
	}()
	var out bytes.Buffer
	code := run([]string{"path", "--epochs", "30", "--multiplier", "1.5"}, &out, tty)
	quietCode := run([]string{"train", "--epochs", "30", "--quiet"}, &bytes.Buffer{}, tty)
	tty.Close()
	shown := <-read
	if code != 0 || quietCode != 0 {
		t.Fatalf("exit %d and %d", code, quietCode)
	}
	// How far the path gets before the line's first update depends on the
	// machine's speed: any status of it counts.
	if !strings.Contains(shown, " features") || !strings.HasSuffix(shown, "\r\x1b[K") {
		t.Errorf("the terminal shows %q; want the status line, erased at the end", shown)
	}
	if strings.Contains(shown, "training:") {
		t.Error("train --quiet showed its progress")
	}
	if strings.ContainsAny(out.String(), "\r\x1b") {
		t.Error("the status line reached stdout")
	}
}
