// Package iostreams carries a command's input and output streams and what is
// known about them (terminals or not), so that commands decide how to print
// (tables and progress bars on a terminal, plain data when piped) without
// looking at the process's real files; tests give them buffers.
package iostreams

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// IOStreams are the streams of one command run.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// The TTY flags decide formatting: tables and colours need a terminal on
	// Out, progress bars one on ErrOut, prompts one on In.
	StdinTTY  bool
	StdoutTTY bool
	StderrTTY bool

	// Quiet silences progress and informational messages on ErrOut.
	Quiet bool

	// readSecret reads a line without echo; replaced in tests.
	readSecret func() (string, error)
	// saveTerminal records the terminal's state before a prompt and
	// returns what puts it back; nil when In is no terminal.
	saveTerminal func() (restore func())
	// TerminalWidth is the width tables may use; 0 means no limit.
	TerminalWidth int
}

// System returns the process's streams.
func System() *IOStreams {
	s := &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		StdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		StdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		StderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
	if s.StdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			s.TerminalWidth = w
		}
	}
	fd := int(os.Stdin.Fd())
	s.readSecret = func() (string, error) {
		b, err := term.ReadPassword(fd)
		return string(b), err
	}
	s.saveTerminal = func() func() {
		st, err := term.GetState(fd)
		if err != nil {
			return func() {}
		}
		return func() { _ = term.Restore(fd, st) }
	}
	return s
}

// Test returns streams backed by buffers, none of them a terminal, and the
// buffers for stdin, stdout and stderr. A test of prompting sets StdinTTY and
// StderrTTY; the secret is then read as a line from the stdin buffer.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	s := &IOStreams{In: in, Out: out, ErrOut: errOut}
	s.readSecret = func() (string, error) {
		line, err := readLine(in)
		return line, err
	}
	return s, in, out, errOut
}

// SetSecretReader replaces how secrets are read at a prompt (for tests of prompting).
func (s *IOStreams) SetSecretReader(f func() (string, error)) { s.readSecret = f }

// SetTerminalSaver replaces how the terminal's state is saved before a
// prompt and restored when the prompt is interrupted (for tests).
func (s *IOStreams) SetTerminalSaver(save func() (restore func())) { s.saveTerminal = save }

// CanPrompt reports whether the user can be asked for input.
func (s *IOStreams) CanPrompt() bool { return s.StdinTTY && s.StderrTTY }

// ErrNoPrompt is returned when input is needed but there is no terminal to ask on.
var ErrNoPrompt = errors.New("no terminal to prompt on")

// PromptSecret asks for a secret on ErrOut and reads it from In without
// echo. When ctx ends first (Ctrl-C: tabctl catches SIGINT, so the signal
// no longer kills the process, and the read would otherwise wait for
// Enter), the terminal is put back as it was before the prompt, echo
// included, and the error wraps ctx's cause. The read itself stays blocked
// until the process exits, which it then does at once.
//
// SIGKILL cannot be caught: a `kill -9` while the prompt is up leaves the
// terminal without echo, and `stty sane` (or `reset`) restores it. The
// window is only the prompt: echo is off only while it waits.
func (s *IOStreams) PromptSecret(ctx context.Context, prompt string) (string, error) {
	if !s.CanPrompt() || s.readSecret == nil {
		return "", ErrNoPrompt
	}
	if ctx.Err() != nil {
		return "", fmt.Errorf("reading from the terminal: %w", context.Cause(ctx))
	}
	restore := func() {}
	if s.saveTerminal != nil {
		restore = s.saveTerminal()
	}
	fmt.Fprint(s.ErrOut, prompt)
	v, err := awaitRead(ctx, s.readSecret)
	if ctx.Err() != nil && err != nil {
		restore()
	}
	fmt.Fprintln(s.ErrOut)
	if err != nil {
		return "", fmt.Errorf("reading from the terminal: %w", err)
	}
	return strings.TrimRight(v, "\r\n"), nil
}

// ReadLine reads one line from In (at most maxLine bytes, a byte at a time
// so that nothing after it is taken), giving up when ctx ends: a prompt
// answered on a terminal, which Ctrl-C (caught by tabctl) must end at once
// rather than when Enter comes. At the end of the input without a newline
// it returns what came before, with io.EOF when nothing did.
func (s *IOStreams) ReadLine(ctx context.Context) (string, error) {
	return awaitRead(ctx, func() (string, error) { return readLine(s.In) })
}

// awaitRead runs read in a goroutine and returns its result, or ctx's
// cause as soon as ctx ends (the read stays blocked until the process
// exits, which it then does).
func awaitRead(ctx context.Context, read func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := read()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return "", context.Cause(ctx)
	}
}

// Infof writes an informational line to ErrOut unless Quiet.
func (s *IOStreams) Infof(format string, args ...any) {
	if s.Quiet {
		return
	}
	fmt.Fprintf(s.ErrOut, format, args...)
}

// ShowProgress reports whether progress bars and spinners belong on ErrOut.
func (s *IOStreams) ShowProgress() bool { return s.StderrTTY && !s.Quiet }

// maxLine bounds a line read from the input: an answer or a secret is
// short, and endless input must not grow memory.
const maxLine = 64 << 10

func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for b.Len() < maxLine {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return b.String(), nil
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			if err == io.EOF && b.Len() > 0 {
				return b.String(), nil
			}
			return b.String(), err
		}
	}
	return b.String(), nil
}
