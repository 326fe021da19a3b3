package paths

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"cartera/data"
)

// Output says how a finished document may be written.
type Output struct {
	Force   bool     // replace a file already there
	Protect []string // files never written over, whatever Force says: the open company file
	Shared  bool     // the folder's usual permissions (0644) instead of the owner's only (0600)
}

// WriteFile writes b to path as a whole file or not at all: into a fresh
// temporary file created exclusively in the same folder (so a file or
// link planted under a predictable name is never followed), readable only
// by its owner (0600: documents hold clients' financial data), then moved
// to path. It never writes over the company file (nor its -wal and -shm),
// and never over an existing file unless o.Force.
func WriteFile(path string, b []byte, o Output) error {
	if strings.TrimSpace(path) == "" {
		return data.Errorf(data.EINVALID, "Say where to write the document.")
	}
	for _, p := range o.Protect {
		for _, q := range []string{p, p + "-wal", p + "-shm", p + "-journal"} {
			if samePath(path, q) {
				return data.Errorf(data.EINVALID, "%s is the company file; write the document under another name.", path)
			}
		}
	}
	exists := false
	if st, err := os.Lstat(path); err == nil {
		if st.IsDir() {
			return data.Errorf(data.EINVALID, "%s is a folder; write the document under a file name.", path)
		}
		exists = true
	}
	if exists && !o.Force {
		return data.Errorf(data.ECONFLICT, "%s already exists; choose another name, or add --force to replace it.", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return data.Errorf(data.EINVALID, "Could not write %s.", path)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return data.Errorf(data.EINVALID, "Could not write %s.", path)
	}
	mode := fs.FileMode(0o600)
	if o.Shared {
		mode = 0o644
	}
	if err := tmp.Chmod(mode); err != nil && !errors.Is(err, fs.ErrPermission) {
		tmp.Close()
		return data.Errorf(data.EINVALID, "Could not write %s.", path)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return data.Errorf(data.EINVALID, "Could not write %s: the disk may be full.", path)
	}
	if err := tmp.Close(); err != nil {
		return data.Errorf(data.EINVALID, "Could not write %s: the disk may be full.", path)
	}
	if !o.Force { // never over a file, even one that appeared meanwhile
		err := data.MoveNew(name, path)
		if errors.Is(err, fs.ErrExist) {
			return data.Errorf(data.ECONFLICT, "%s already exists; choose another name, or add --force to replace it.", path)
		}
		if err != nil {
			return data.Errorf(data.EINVALID, "Could not write %s.", path)
		}
		return nil
	}
	if err := os.Rename(name, path); err != nil {
		return data.Errorf(data.EINVALID, "Could not write %s.", path)
	}
	ok = true
	return nil
}

// samePath reports whether a and b name one file: the same file on disk,
// or the same cleaned absolute path when neither exists yet.
func samePath(a, b string) bool {
	sa, ea := os.Stat(a)
	sb, eb := os.Stat(b)
	if ea == nil && eb == nil {
		return os.SameFile(sa, sb)
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
