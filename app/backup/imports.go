package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

// Hash is the SHA-256 of a file, to know it again.
func Hash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", data.Errorf(data.ENOTFOUND, "Could not read %s.", path)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", data.Errorf(data.ENOTFOUND, "Could not read %s.", path)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ImportedBefore is the latest import of a file with this hash, if any.
func ImportedBefore(ctx context.Context, s *sqlite.Store, hash string) (data.ImportRecord, bool, error) {
	hs, err := s.Imports(ctx)
	if err != nil {
		return data.ImportRecord{}, false, err
	}
	for _, h := range hs {
		if h.Hash == hash && !h.Undone {
			return h, true, nil
		}
	}
	return data.ImportRecord{}, false, nil
}

// Import takes a backup, imports the file and records it in the history
// (a dry run does neither). It is what the desktop app and the command
// line both run.
func Import(ctx context.Context, s *sqlite.Store, path string, book *importers.Book, opts importers.Options, now time.Time) (importers.Result, error) {
	if opts.DryRun {
		return importers.Import(ctx, s, book, opts)
	}
	hash, err := Hash(path)
	if err != nil {
		return importers.Result{}, err
	}
	// The backup must be the company exactly as the import found it: taken
	// before the import's transaction, then checked inside it (which holds
	// the write lock). If another change came in between (another import a
	// moment earlier), the backup is stale: take it again.
	for attempt := 0; ; attempt++ {
		b, err := Take(ctx, s, BeforeImport, now)
		if err != nil {
			return importers.Result{}, err
		}
		before, err := s.Fingerprint(ctx)
		if err != nil {
			return importers.Result{}, err
		}
		if betweenBackupAndImport != nil {
			betweenBackupAndImport()
		}
		o := opts
		o.Guard = func(tx *sqlite.Tx) error {
			fp, err := tx.Fingerprint()
			if err == nil && fp != before {
				return errStale
			}
			return err
		}
		o.Record = func(tx *sqlite.Tx, res importers.Result) error {
			fp, err := tx.Fingerprint()
			if err != nil {
				return err
			}
			return tx.RecordImport(&data.ImportRecord{File: filepath.Base(path), Hash: hash, At: now, Added: res.Added,
				Updated: res.Updated, Rejected: res.Rejected, Backup: b.Path, Fingerprint: fp})
		}
		res, err := importers.Import(ctx, s, book, o)
		if errors.Is(err, errStale) && attempt < 5 {
			os.Remove(b.Path)
			continue
		}
		if !res.Committed {
			os.Remove(b.Path) // nothing changed: no backup to keep
		}
		return res, err
	}
}

// betweenBackupAndImport lets a test change the company where another
// process could.
var betweenBackupAndImport func()

// errStale stops an import whose backup no longer matches the company.
var errStale = errors.New("the company changed while its backup was taken")

// LastImport is the import that can be undone: the newest, not undone, with
// nothing changed since (else ok is false and err says why).
func LastImport(ctx context.Context, s *sqlite.Store) (data.ImportRecord, error) {
	hs, err := s.Imports(ctx)
	if err != nil {
		return data.ImportRecord{}, err
	}
	if len(hs) == 0 || hs[0].Undone {
		return data.ImportRecord{}, data.Errorf(data.ENOTFOUND, "There is no import to undo.")
	}
	fp, err := s.Fingerprint(ctx)
	if err != nil {
		return hs[0], err
	}
	if fp != hs[0].Fingerprint {
		return hs[0], data.Errorf(data.EINVALID, "The company changed after importing %s, so undoing it would lose those changes too. To go back anyway, restore the backup taken before it.", hs[0].File)
	}
	if _, err := os.Stat(hs[0].Backup); err != nil {
		return hs[0], data.Errorf(data.ENOTFOUND, "The backup taken before importing %s is gone; the import cannot be undone.", hs[0].File)
	}
	return hs[0], nil
}

// UndoImport puts back the company as it was before the import (the
// store must be closed): exactly what it added goes, what it updated comes
// back. The history keeps the import, marked undone.
func UndoImport(ctx context.Context, path string, rec data.ImportRecord, now time.Time) error {
	if _, err := Restore(ctx, path, rec.Backup, now); err != nil {
		return err
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	rec.Undone = true
	return s.Update(ctx, func(tx *sqlite.Tx) error { return tx.RecordImport(&rec) })
}
