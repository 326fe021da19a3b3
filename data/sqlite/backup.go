package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"cartera/data"
)

// Backup writes a consistent copy of the company file to dest (which must
// not exist) with VACUUM INTO: a snapshot of one transaction, compacted,
// readable while the app goes on. The copy is written under a temporary
// name and renamed, and is readable by its owner only.
func (s *Store) Backup(ctx context.Context, dest string) error {
	// A fresh, empty temporary file of its own (VACUUM INTO accepts an
	// empty file): two backups at once never write into the same one.
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return data.Wrap(err, data.EINTERNAL, "The backup %s could not be written.", dest)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return data.Wrap(err, data.EINTERNAL, "The backup %s could not be written.", dest)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return data.Wrap(err, data.EINTERNAL, "The backup %s could not be written.", dest)
	}
	// Never over another backup, even one that appeared meanwhile.
	if err := data.MoveNew(tmp, dest); errors.Is(err, fs.ErrExist) {
		return data.Errorf(data.ECONFLICT, "A backup named %s already exists.", dest)
	} else if err != nil {
		return data.Wrap(err, data.EINTERNAL, "The backup %s could not be written.", dest)
	}
	return nil
}

// Check runs SQLite's quick_check on a company file, read-only, and says
// in a sentence what is wrong, or nil.
func Check(ctx context.Context, path string) error {
	if err := checkHeader(ctx, path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return data.Wrap(err, data.EINTERNAL, "Cannot open %s.", path)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res); err != nil || res != "ok" {
		if err == nil {
			err = data.Errorf(data.EINTERNAL, "%s", res)
		}
		return data.Wrap(err, ECORRUPT, "%s is damaged: SQLite's check failed. Restore it from a backup.", path)
	}
	return nil
}

// ECORRUPT is the code of an error saying a company file is damaged.
const ECORRUPT = "corrupt"

// Snapshot writes a consistent copy of a company file that is not open
// (its write-ahead log included) to dest, read-only.
func Snapshot(ctx context.Context, path, dest string) error {
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return data.Wrap(err, data.EINTERNAL, "Cannot open %s.", path)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return data.Wrap(err, data.EINTERNAL, "The backup %s could not be written.", dest)
	}
	return os.Chmod(dest, 0o600)
}
