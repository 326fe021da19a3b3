// Package backup keeps copies of company files: before every import and
// bulk change and once a day, rotated (the last 7 days and 4 weeks), and
// restores one, keeping a copy of the file it replaces.
package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/gofrs/flock"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"cartera/app/paths"
	"cartera/data"
	"cartera/data/sqlite"
)

// Why a backup was taken (part of its file name).
const (
	Daily         = "daily"
	BeforeImport  = "before-import"
	BeforeRestore = "before-restore"
	Manual        = "manual"
)

// Backup is one copy of a company file.
type Backup struct {
	Path   string
	Time   time.Time
	Reason string
}

const stamp = "2006-01-02 150405"

// Dir is where the backups of a company file go: Backups/<file name>/ in
// the data folder. A file named ".company" there says whose backups they
// are; another company with the same file name, in another folder, gets
// Backups/<file name> <short hash of its path>/ instead of mixing its
// backups with the first's (they overwrote each other). A folder from
// before the marker is the first claimant's.
func Dir(company string) (string, error) {
	d, err := paths.DataDir()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(company)
	if err != nil {
		abs = company
	}
	base := strings.TrimSuffix(filepath.Base(company), filepath.Ext(company))
	dir := filepath.Join(d, "Backups", base)
	owner, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil || strings.TrimSpace(string(owner)) == abs {
		return dir, nil // not claimed yet, or ours
	}
	sum := sha256.Sum256([]byte(abs))
	return dir + " " + hex.EncodeToString(sum[:4]), nil
}

// ownerFile, in a backups folder, names the company file it belongs to.
const ownerFile = ".company"

// claim marks dir as the backups folder of company, if no one has.
func claim(dir, company string) {
	abs, err := filepath.Abs(company)
	if err != nil {
		return
	}
	path := filepath.Join(dir, ownerFile)
	if _, err := os.Stat(path); err == nil {
		return
	}
	os.WriteFile(path, []byte(abs+"\n"), 0o600)
}

// Take writes a backup of the open company now, then rotates.
func Take(ctx context.Context, s *sqlite.Store, reason string, now time.Time) (Backup, error) {
	dir, err := Dir(s.Path())
	if err != nil {
		return Backup{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Backup{}, data.Errorf(data.EINVALID, "Could not create the folder %s.", dir)
	}
	claim(dir, s.Path())
	var b Backup
	for at := now; ; at = b.Time.Add(time.Second) {
		path, t := freeName(dir, reason, at)
		b = Backup{Path: path, Time: t, Reason: reason}
		err := s.Backup(ctx, b.Path)
		if data.ErrorCode(err) == data.ECONFLICT && t.Sub(now) < time.Minute {
			continue // taken meanwhile by another process
		}
		if err != nil {
			return b, err
		}
		break
	}
	return b, Rotate(dir, now)
}

// TakeDaily takes the day's backup unless there is one from today.
func TakeDaily(ctx context.Context, s *sqlite.Store, now time.Time) (bool, error) {
	dir, err := Dir(s.Path())
	if err != nil {
		return false, err
	}
	list, _ := List(dir)
	for _, b := range list {
		if sameDay(b.Time, now) {
			return false, nil
		}
	}
	_, err = Take(ctx, s, Daily, now)
	return err == nil, err
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// List reads the backups in dir, newest first.
func List(dir string) ([]Backup, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, data.Errorf(data.EINVALID, "Could not read the folder %s.", dir)
	}
	var out []Backup
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".cartera") || len(name) < len(stamp)+1 {
			continue
		}
		t, err := time.ParseInLocation(stamp, name[:len(stamp)], time.Local)
		if err != nil {
			continue
		}
		reason := strings.TrimSuffix(strings.TrimSpace(name[len(stamp):]), ".cartera")
		out = append(out, Backup{Path: filepath.Join(dir, name), Time: t, Reason: reason})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, nil
}

// Rotate keeps, in dir, every backup of the last 7 days (the newest of each
// day older than today) and the newest of each of the 4 weeks before, and
// the copies made before a restore; it deletes the rest.
func Rotate(dir string, now time.Time) error {
	list, err := List(dir)
	if err != nil {
		return err
	}
	keepDay, keepWeek := map[string]bool{}, map[string]bool{}
	for _, b := range list { // newest first
		age := now.Sub(b.Time)
		day := b.Time.Format("2006-01-02")
		y, w := b.Time.ISOWeek()
		week := fmt.Sprintf("%d-%02d", y, w)
		switch {
		case b.Reason == BeforeRestore:
			continue
		case sameDay(b.Time, now):
			continue // today's stay
		case age <= 7*24*time.Hour && !keepDay[day]:
			keepDay[day] = true
			continue
		case age <= 35*24*time.Hour && !keepDay[day] && !keepWeek[week]:
			keepWeek[week] = true
			continue
		}
		os.Remove(b.Path)
	}
	return nil
}

// Restore replaces the company file at path with the backup from (after
// checking it), keeping a copy of the file it replaces in the backups. The
// company must not be open.
func Restore(ctx context.Context, path, from string, now time.Time) (kept string, err error) {
	if err := sqlite.Check(ctx, from); err != nil {
		return "", err
	}
	lock := flock.New(path + ".lock") // as the desktop app holds it
	if ok, err := lock.TryLock(); err != nil || !ok {
		return "", data.Errorf(sqlite.EBUSY, "%s is already open in another Cartera window. Close it there first, or open a copy.", path)
	}
	defer lock.Unlock()
	if _, err := os.Stat(path); err == nil {
		dir, err := Dir(path)
		if err != nil {
			return "", err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", data.Errorf(data.EINVALID, "Could not create the folder %s.", dir)
		}
		claim(dir, path)
		kept, _ = freeName(dir, BeforeRestore, now) // two restores in one second keep both originals
		// A consistent snapshot if SQLite can read the file; else the raw
		// files, write-ahead log included, as they are.
		if sqlite.Snapshot(ctx, path, kept) != nil {
			for _, suffix := range []string{"", "-wal"} {
				if _, err := os.Stat(path + suffix); err == nil {
					if err := copyFile(path+suffix, kept+suffix); err != nil {
						return "", err
					}
				}
			}
		}
	}
	tmp := path + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		return kept, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return kept, data.Errorf(data.EINVALID, "Could not write %s.", path)
	}
	return kept, sqlite.Check(ctx, path)
}

// copyFile copies a file, readable by its owner only.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return data.Errorf(data.ENOTFOUND, "Could not read %s.", from)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return data.Errorf(data.EINVALID, "Could not write %s.", to)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return data.Errorf(data.EINVALID, "Could not write %s.", to)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return data.Errorf(data.EINVALID, "Could not write %s.", to)
	}
	return out.Close()
}

// freeName is the name of a backup for reason taken at now, in dir; when
// one of that second exists (two imports, two restores in one second),
// the next free second: no backup ever replaces another.
func freeName(dir, reason string, now time.Time) (string, time.Time) {
	for at := now; ; at = at.Add(time.Second) {
		path := filepath.Join(dir, at.Format(stamp)+" "+reason+".cartera")
		if _, err := os.Lstat(path); err != nil {
			return path, at
		}
	}
}
