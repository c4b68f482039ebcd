// Package iostreams carries a command's input and output streams and what is
// known about them (terminals or not), so that commands decide how to print
// (tables and progress bars on a terminal, plain data when piped) without
// looking at the process's real files; tests give them buffers.
package iostreams

import (
	"bytes"
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
	s.readSecret = func() (string, error) {
		b, err := term.ReadPassword(int(os.Stdin.Fd()))
		return string(b), err
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

// CanPrompt reports whether the user can be asked for input.
func (s *IOStreams) CanPrompt() bool { return s.StdinTTY && s.StderrTTY }

// ErrNoPrompt is returned when input is needed but there is no terminal to ask on.
var ErrNoPrompt = errors.New("no terminal to prompt on")

// PromptSecret asks for a secret on ErrOut and reads it from In without echo.
func (s *IOStreams) PromptSecret(prompt string) (string, error) {
	if !s.CanPrompt() || s.readSecret == nil {
		return "", ErrNoPrompt
	}
	fmt.Fprint(s.ErrOut, prompt)
	v, err := s.readSecret()
	fmt.Fprintln(s.ErrOut)
	if err != nil {
		return "", fmt.Errorf("reading from the terminal: %w", err)
	}
	return strings.TrimRight(v, "\r\n"), nil
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

func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
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
}
