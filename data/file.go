package data

import (
	"errors"
	"io/fs"
	"os"
)

// MoveNew moves the finished file tmp to dest, never over a file already
// there: a hard link fails if dest exists, even one that appeared a moment
// ago; where the drive has no hard links (some shared or FAT drives) it
// checks, then renames. It gives an error that is fs.ErrExist when dest is
// taken. tmp may remain (when linked); the caller removes it.
func MoveNew(tmp, dest string) error {
	err := os.Link(tmp, dest)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, err := os.Lstat(dest); err == nil {
		return fs.ErrExist
	}
	return os.Rename(tmp, dest)
}
