// Package sqlite is Cartera's store: one SQLite file per company, opened
// through modernc.org/sqlite (pure Go, no cgo), with embedded, ordered
// migrations each applied in one transaction.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/gofrs/flock"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"cartera/data"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// applicationID marks a SQLite file as a Cartera company file ("CART").
const applicationID = 0x43415254

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations ordered by their number prefix.
func migrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("sqlite: migration file without a number: " + e.Name())
		}
		b, _ := migrationFS.ReadFile("migrations/" + e.Name())
		ms = append(ms, migration{v, name, string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic(fmt.Sprintf("sqlite: migrations must be numbered 1, 2, 3…; found %d at place %d", m.version, i+1))
		}
	}
	return ms
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int { return len(migrations()) }

// Store is an open company file.
type Store struct {
	db    *sql.DB
	path  string
	clock data.Clock
	lock  *flock.Flock // held while the desktop app has the file open
}

// Options tune how a company file is opened.
type Options struct {
	Clock data.Clock // defaults to the system clock
	// Exclusive holds a lock beside the file (FILE.lock) while it is open,
	// so a second desktop window on the same file is refused with a
	// sentence instead of two apps editing it at once.
	Exclusive bool
}

func (o Options) clock() data.Clock {
	if o.Clock == nil {
		return data.SystemClock{}
	}
	return o.Clock
}

// dsn gives every pooled connection the same pragmas: a plain Exec of a
// PRAGMA reaches only one connection. Writes take the lock at BEGIN
// (_txlock=immediate) so two writers queue instead of failing mid-way.
// Sorts spill to memory, not temp files: sorting a million invoices by
// amount for a deep page takes a quarter of the time.
func dsn(path string) string {
	return fileURI(path) + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(2)&_txlock=immediate"
}

// fileURI is path as an SQLite URI filename: "%", "?" and "#" in a folder
// or file name are escaped, so a path such as "Ventas #2?/acme%.cartera"
// opens that file (unescaped, the data went to another file and the named
// one stayed empty).
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Create makes a new company file at path with mode 0600 and the given
// settings. It refuses to overwrite an existing file.
func Create(ctx context.Context, path string, company data.Company, opts Options) (*Store, error) {
	if err := company.Validate(); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, data.Wrap(err, data.EINVALID, "Cannot create the folder %s.", dir)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, data.Errorf(data.ECONFLICT, "A file already exists at %s; choose another name.", path)
	} else if err != nil {
		return nil, data.Wrap(err, data.EINVALID, "Cannot create %s.", path)
	}
	f.Close()
	s, err := open(ctx, path, opts, true)
	if err == nil {
		err = s.setCompany(ctx, s.db, company, true)
	}
	if err != nil {
		if s != nil {
			s.Close()
		}
		RemoveFiles(path)
		return nil, err
	}
	return s, nil
}

// RemoveFiles deletes a company file with its write-ahead log and index.
func RemoveFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// Open opens an existing company file, applying any pending migrations. A
// file written by a newer Cartera is refused untouched.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, data.Errorf(data.ENOTFOUND, "There is no company file at %s.", path)
	} else if err != nil {
		return nil, data.Wrap(err, data.EINVALID, "Cannot read %s.", path)
	}
	if st.IsDir() {
		return nil, data.Errorf(data.EINVALID, "%s is a folder, not a company file.", path)
	}
	fixSidecars(path, st.Mode().Perm())
	return open(ctx, path, opts, false)
}

// fixSidecars gives the write-ahead log and shared-memory index the
// company file's permissions when they lost the owner's write bit: SQLite
// makes them with the file's mode, so opening a 0400 file once left a
// 0400 -shm that refused every write after the file was made writable
// again (issue 18 #16).
func fixSidecars(path string, mode fs.FileMode) {
	if mode&0o200 == 0 {
		return // the file itself is read-only: nothing to fix
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(path + suffix); err == nil && st.Mode().Perm()&0o200 == 0 {
			os.Chmod(path+suffix, mode&0o700) // the owner's bits only
		}
	}
}

func open(ctx context.Context, path string, opts Options, fresh bool) (*Store, error) {
	var lock *flock.Flock
	if opts.Exclusive {
		lock = flock.New(path + ".lock")
		ok, err := lock.TryLock()
		if err != nil {
			return nil, data.Wrap(err, data.EINTERNAL, "Cannot lock %s.", path)
		}
		if !ok {
			return nil, data.Errorf(EBUSY, "%s is already open in another Cartera window. Close it there first, or open a copy.", path)
		}
	}
	s, err := openLocked(ctx, path, opts, fresh)
	if err != nil {
		if lock != nil {
			lock.Unlock()
		}
		return nil, err
	}
	s.lock = lock
	return s, nil
}

// EBUSY is the code of an error saying the file is open elsewhere.
const EBUSY = "busy"

func openLocked(ctx context.Context, path string, opts Options, fresh bool) (*Store, error) {
	if !fresh {
		if err := checkHeader(ctx, path); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, data.Wrap(err, data.EINTERNAL, "Cannot open %s.", path)
	}
	s := &Store{db: db, path: path, clock: opts.clock()}
	if err := s.migrate(ctx, fresh); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkHeader reads the file read-only, before any pragma can write to it,
// and refuses what is not a Cartera file or is of a newer schema.
func checkHeader(ctx context.Context, path string) error {
	damaged := data.Errorf(data.EINVALID, "%s is a Cartera company file, but it is damaged (cut short or partly overwritten). Restore its newest backup: File › Restore backup… in the app, or cartera --db FILE restore --from BACKUP.", path)
	ours := false // the raw header names Cartera: any later failure means damage, not another kind of file
	if f, err := os.Open(path); err == nil {
		head := make([]byte, 72)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if n >= 16 && string(head[:16]) == "SQLite format 3\x00" {
			if n < 72 {
				return damaged
			}
			ours = int(binary.BigEndian.Uint32(head[68:72])) == applicationID
		}
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return data.Wrap(err, data.EINTERNAL, "Cannot open %s.", path)
	}
	defer db.Close()
	// pragma reads one number of the header; a file that cannot give it is
	// damaged when its header names Cartera, another kind of file otherwise.
	pragma := func(name string, into *int) error {
		err := db.QueryRowContext(ctx, "PRAGMA "+name).Scan(into)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case ours:
			return damaged
		}
		return data.Wrap(err, data.EINVALID, "%s is not a Cartera company file.", path)
	}
	var appID, version int
	if err := pragma("application_id", &appID); err != nil {
		return err
	}
	if err := pragma("user_version", &version); err != nil {
		return err
	}
	if appID != applicationID {
		return data.Errorf(data.EINVALID, "%s is not a Cartera company file.", path)
	}
	if version > SchemaVersion() {
		return data.Errorf(data.ECONFLICT, "%s was saved by a newer version of Cartera (data version %d; this version reads up to %d). Update Cartera to open it.",
			path, version, SchemaVersion())
	}
	return nil
}

// migrate applies each pending migration in its own transaction, recording
// it in schema_migrations and in the file header's user_version.
func (s *Store) migrate(ctx context.Context, fresh bool) error {
	if fresh {
		if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return data.Wrap(err, data.EINTERNAL, "Cannot prepare %s.", s.path)
		}
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return data.Wrap(err, data.EINTERNAL, "Cannot prepare %s.", s.path)
	}
	var current int
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return data.Wrap(err, data.EINTERNAL, "Cannot read the data version of %s.", s.path)
	}
	ms := migrations()
	if current > len(ms) {
		return data.Errorf(data.ECONFLICT, "%s was saved by a newer version of Cartera (data version %d; this version reads up to %d). Update Cartera to open it.",
			s.path, current, len(ms))
	}
	for _, m := range ms[current:] {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, s.clock.Now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return data.Wrap(err, data.EINTERNAL, "Cannot upgrade %s to data version %d.", s.path, m.version)
		}
	}
	return nil
}

// Version is the schema version recorded in the file.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// Path is the company file's location.
func (s *Store) Path() string { return s.path }

// Clock is the clock the store stamps records with.
func (s *Store) Clock() data.Clock { return s.clock }

// DB gives reports direct read access for their own queries.
func (s *Store) DB() *sql.DB { return s.db }

// Close checkpoints the write-ahead log into the file and closes it.
func (s *Store) Close() error {
	s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	err := s.db.Close()
	if s.lock != nil {
		s.lock.Unlock()
	}
	return err
}

// inTx runs fn in one transaction, rolled back on error or panic.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return storageOnly(err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
			err = storageOnly(err)
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// storageOnly turns a raw full-disk, disk or read-only error into its
// sentence; any other error goes on as it is.
func storageOnly(err error) error {
	var de *data.Error
	if err == nil || errors.As(err, &de) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if se := storageError(err, ""); data.ErrorCode(se) != data.EINTERNAL {
		return se
	}
	return err
}
