// Package atomicfile creates the temporary files that downloads and exports
// are written to before being renamed into place, for the SDK and the CLI
// alike.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// CreatePart creates a new, hidden temporary file in dir for a file that
// will be named base. Unlike os.CreateTemp (always 0600) it asks for 0666
// and lets the umask decide, so the finished file has the permissions any
// file the user creates has.
func CreatePart(dir, base string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".part")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("creating a temporary file in %s: too many name collisions", dir)
}
