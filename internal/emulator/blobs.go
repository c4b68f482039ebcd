package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Blobs keeps published files. The store names each file by a key it
// makes; the database holds only keys. Incoming files are spooled in
// Spool() first, on the same file system, so that Put is a rename and a
// large file is never copied or held in memory.
type Blobs interface {
	// Spool creates an empty file to receive an upload.
	Spool() (*os.File, error)
	// Put moves the file at path (a spooled file or an upload) into the
	// store and returns its key.
	Put(path string) (key string, err error)
	// Open opens a stored file for reading.
	Open(key string) (*os.File, error)
	// Remove deletes a stored file; a missing file is not an error.
	Remove(key string) error
	// UploadPath is where the file of an upload session with this key grows.
	UploadPath(fileKey string) string
}

// dirBlobs is Blobs in a directory: files/ for stored files, uploads/ for
// upload sessions, spool/ for files being received.
type dirBlobs struct{ root string }

func newDirBlobs(root string) (*dirBlobs, error) {
	for _, d := range []string{"files", "uploads", "spool"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			return nil, fmt.Errorf("emulator: blob store: %w", err)
		}
	}
	// Spooled files of a previous run were never committed.
	if entries, err := os.ReadDir(filepath.Join(root, "spool")); err == nil {
		for _, e := range entries {
			os.Remove(filepath.Join(root, "spool", e.Name()))
		}
	}
	return &dirBlobs{root: root}, nil
}

// newKey is 128 random bits in hex: a file name that is safe everywhere
// and says nothing about its content.
func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func validKey(key string) bool {
	if len(key) != 32 {
		return false
	}
	_, err := hex.DecodeString(key)
	return err == nil
}

func (d *dirBlobs) Spool() (*os.File, error) {
	return os.CreateTemp(filepath.Join(d.root, "spool"), "in-*")
}

func (d *dirBlobs) Put(path string) (string, error) {
	key := newKey()
	if err := os.Rename(path, filepath.Join(d.root, "files", key)); err != nil {
		return "", err
	}
	return key, nil
}

func (d *dirBlobs) Open(key string) (*os.File, error) {
	if !validKey(key) {
		return nil, fs.ErrNotExist
	}
	return os.Open(filepath.Join(d.root, "files", key))
}

func (d *dirBlobs) Remove(key string) error {
	var p string
	switch {
	case strings.HasPrefix(key, "upload:") && validKey(key[len("upload:"):]):
		p = d.UploadPath(key[len("upload:"):])
	case validKey(key):
		p = filepath.Join(d.root, "files", key)
	default:
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (d *dirBlobs) UploadPath(fileKey string) string {
	return filepath.Join(d.root, "uploads", fileKey)
}
