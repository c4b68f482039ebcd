package cmdutil

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// TestConfirm drives Confirm through fake terminals: only y or yes goes
// ahead, --yes asks nothing, and no terminal is a usage error naming --yes.
func TestConfirm(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		input string
		ok    bool
	}{
		{"y\n", true}, {"yes\n", true}, {" YES \r\n", true}, {"Y", true},
		{"n\n", false}, {"\n", false}, {"", false}, {"yess\n", false}, {"no\n", false},
	} {
		ios, in, _, errOut := iostreams.Test()
		ios.StdinTTY, ios.StderrTTY = true, true
		in.WriteString(tc.input)
		err := Confirm(ctx, ios, "Delete project Finance?", false)
		if tc.ok != (err == nil) || (!tc.ok && !errors.Is(err, ErrCancelled)) {
			t.Errorf("answer %q: %v", tc.input, err)
		}
		if !strings.HasPrefix(errOut.String(), "Delete project Finance? [y/N] ") {
			t.Errorf("answer %q: prompt %q", tc.input, errOut.String())
		}
	}

	ios, in, _, errOut := iostreams.Test()
	ios.StdinTTY, ios.StderrTTY = true, true
	in.WriteString("n\n")
	if err := Confirm(ctx, ios, "Delete it?", true); err != nil || errOut.Len() != 0 || in.Len() != 2 {
		t.Errorf("--yes: %v, prompt %q, input left %d", err, errOut.String(), in.Len())
	}

	ios, _, _, errOut = iostreams.Test()
	ios.StderrTTY = true
	err := Confirm(ctx, ios, "Delete group Sales?", false)
	if !IsUsageError(err) || !strings.Contains(err.Error(), "pass --yes") || !strings.HasPrefix(err.Error(), "Delete group Sales:") || errOut.Len() != 0 {
		t.Errorf("no terminal on stdin: %v, stderr %q", err, errOut.String())
	}
}

// TestConfirmInterrupted: Ctrl-C at the prompt (the run's context
// cancelled) ends the wait at once with the interruption, not a yes.
func TestConfirmInterrupted(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	r, w := io.Pipe()
	defer w.Close()
	ios.In = r
	ios.StdinTTY, ios.StderrTTY = true, true
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan error, 1)
	go func() { done <- Confirm(ctx, ios, "Delete it?", false) }()
	cancel(&InterruptedError{})
	if err := <-done; err == nil || errors.Is(err, ErrCancelled) {
		t.Errorf("interrupted prompt: %v", err)
	}
}

// TestSuccessfHonoursQuiet: the success-message helper every command uses
// prints nothing under -q, and prints otherwise.
func TestSuccessfHonoursQuiet(t *testing.T) {
	ios, _, out, errOut := iostreams.Test()
	f := &Factory{IO: ios}
	f.Successf("Deleted %s\n", "x")
	if out.String() != "Deleted x\n" {
		t.Errorf("without -q: %q", out.String())
	}
	out.Reset()
	ios.Quiet = true
	f.Successf("Deleted %s\n", "x")
	ios.Infof("note\n")
	if out.Len() != 0 || errOut.Len() != 0 {
		t.Errorf("under -q: stdout %q, stderr %q", out.String(), errOut.String())
	}
}
