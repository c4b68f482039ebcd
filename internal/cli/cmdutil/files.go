package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tsc-go/tsc/internal/atomicfile"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// CheckUpload checks, before any request, that path is a non-empty
// regular file with one of the extensions exts (without dots). A missing
// or unreadable file is a failure; a wrong extension a usage error.
func CheckUpload(path string, exts ...string) error {
	if path == "" {
		return FlagErrorf("no file given")
	}
	st, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: %v", path, pe.Err)
		}
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() == 0 {
		return fmt.Errorf("%s is empty", path)
	}
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if !slices.Contains(exts, ext) {
		return FlagErrorf("%s: the file must end in .%s", path, strings.Join(exts, ", ."))
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, errors.Unwrap(err))
	}
	return f.Close()
}

// CheckDownloadDest checks a download destination before any request:
// "" or "-", an existing directory, or a file path in an existing
// directory that is free unless overwrite.
func CheckDownloadDest(out string, overwrite bool) error {
	if out == "-" || out == "" {
		return nil
	}
	st, err := os.Stat(out)
	switch {
	case err == nil && st.IsDir():
		return nil
	case err == nil && !overwrite:
		return fmt.Errorf("%s already exists (use --overwrite to replace it)", out)
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return err
	case strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(os.PathSeparator)):
		return fmt.Errorf("directory %s does not exist", out)
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		return fmt.Errorf("the directory of %s does not exist", out)
	}
	return nil
}

// Output is where a download or export goes: a file path, or standard
// output for "-" (and for no path at all when stdout is not a terminal,
// so that `tabctl views image ID > view.png` works).
type Output struct {
	// Path is the file to write; empty means standard output.
	Path      string
	Overwrite bool
}

// ResolveOutput checks --out before any request. A terminal never gets
// binary data: without --out it is a usage error there.
func ResolveOutput(io *iostreams.IOStreams, path string, overwrite bool) (Output, error) {
	if path == "-" {
		return Output{}, nil
	}
	if path == "" {
		if io.StdoutTTY {
			return Output{}, FlagErrorf("give --out FILE (or --out - to write to standard output)")
		}
		return Output{}, nil
	}
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return Output{}, FlagErrorf("--out %s is a directory: give a file name", path)
		}
		if !overwrite {
			return Output{}, fmt.Errorf("%s already exists (use --overwrite to replace it)", path)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return Output{}, err
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return Output{}, fmt.Errorf("the directory of %s does not exist", path)
	}
	return Output{Path: path, Overwrite: overwrite}, nil
}

// Write streams into the output: straight to stdout, or to a temporary
// file beside Path that is renamed into place only once write succeeds,
// so a failed or cancelled export leaves nothing behind.
func (o Output) Write(io *iostreams.IOStreams, write func(w io.Writer) error) error {
	if o.Path == "" {
		return write(io.Out)
	}
	tmp, err := atomicfile.CreatePart(filepath.Dir(o.Path), filepath.Base(o.Path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if !o.Overwrite {
		if _, err := os.Lstat(o.Path); err == nil {
			return fmt.Errorf("%s already exists (use --overwrite to replace it)", o.Path)
		}
	}
	return os.Rename(tmp.Name(), o.Path)
}

// ToStdout reports whether the output is standard output, where no
// message may be mixed in.
func (o Output) ToStdout() bool { return o.Path == "" }

// HumanBytes formats a size for messages: 512 B, 1.5 kB, 12.0 MB.
func HumanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
