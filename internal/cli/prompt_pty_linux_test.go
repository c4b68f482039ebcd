package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// The pseudo-terminal test runs tabctl's Main in a child process (this test
// binary again) whose terminal is a pty, types Ctrl-C at the password
// prompt, and checks what a user would see: the process ends at once with
// 130, and the terminal has its echo back. Pure Go: the pty is opened with
// the stdlib's ioctls, Linux only.

const ptyChildEnv = "TABCTL_TEST_PTY_CHILD"

// TestPTYChild is the child's side; it does nothing in a normal run.
func TestPTYChild(t *testing.T) {
	if os.Getenv(ptyChildEnv) == "" {
		t.Skip("the child of TestCtrlCAtAPromptOnARealTerminal")
	}
	// Nothing listens on port 9 of loopback; the prompt comes before any request.
	os.Exit(mainWithArgs([]string{"login", "-s", "http://127.0.0.1:9", "-u", "alice"}))
}

func ioctl(fd uintptr, req uintptr, arg unsafe.Pointer) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg)); e != 0 {
		return e
	}
	return nil
}

// openPTY returns a pty's master and slave ends.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	var n uint32
	if err := ioctl(m.Fd(), syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		m.Close()
		t.Skipf("unlocking the pty: %v", err)
	}
	if err := ioctl(m.Fd(), syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		m.Close()
		t.Skipf("naming the pty: %v", err)
	}
	s, err := os.OpenFile("/dev/pts/"+itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("opening the pty's slave: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func echoOn(t *testing.T, tty *os.File) bool {
	t.Helper()
	var tio syscall.Termios
	if err := ioctl(tty.Fd(), syscall.TCGETS, unsafe.Pointer(&tio)); err != nil {
		t.Fatalf("reading the terminal's modes: %v", err)
	}
	return tio.Lflag&syscall.ECHO != 0
}

// lockedBuffer collects the child's output, read by one goroutine and
// polled by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// within polls cond every 10 ms for up to 20 s: a bound that only a broken
// program reaches, not a timing goal.
func within(cond func() bool) bool {
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

func TestCtrlCAtAPromptOnARealTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	master, slave := openPTY(t)
	if !echoOn(t, slave) {
		t.Fatal("a new pty has echo off")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPTYChild$")
	cmd.Env = append(os.Environ(), ptyChildEnv+"=1", "TABCTL_CONFIG_DIR="+t.TempDir(),
		"TABLEAU_SERVER=", "TABLEAU_USERNAME=", "TABLEAU_PASSWORD=", "TABLEAU_TOKEN_NAME=", "TABLEAU_TOKEN_VALUE=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	// Its own session, with the pty as controlling terminal, so that ^C
	// typed on it sends SIGINT to the child as a shell's terminal would.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var out lockedBuffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	defer cmd.Process.Kill()

	if !within(func() bool { return strings.Contains(out.String(), "Password for alice: ") && !echoOn(t, slave) }) {
		t.Fatalf("no prompt with echo off; output so far %q", out.String())
	}
	if _, err := master.Write([]byte{0x03}); err != nil { // ^C
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("still running after ^C; output %q", out.String())
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("exit: %v, want code 130; output %q", err, out.String())
	}
	if !echoOn(t, slave) {
		t.Error("the terminal's echo is still off after ^C")
	}
	if !within(func() bool { return strings.Contains(out.String(), "error: interrupted") }) {
		t.Errorf("no 'error: interrupted' line; output %q", out.String())
	}
}
