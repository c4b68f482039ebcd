package cmdutil

import (
	"errors"
	"fmt"
)

// FlagError is a usage error: a bad flag, a missing argument. tabctl prints
// it on one line with a pointer to the command's --help and exits with code 2.
type FlagError struct{ err error }

// Error returns the message.
func (e *FlagError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *FlagError) Unwrap() error { return e.err }

// FlagErrorf makes a usage error.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{fmt.Errorf(format, args...)}
}

// FlagErrorWrap makes err a usage error.
func FlagErrorWrap(err error) error {
	if err == nil {
		return nil
	}
	return &FlagError{err}
}

// IsUsageError reports whether err should exit with code 2.
func IsUsageError(err error) bool {
	var fe *FlagError
	return errors.As(err, &fe)
}

// ErrSilent is returned by a command that has already printed its error.
var ErrSilent = errors.New("silent error")
