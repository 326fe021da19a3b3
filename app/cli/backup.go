package cli

import (
	"context"
	"path/filepath"

	"cartera/app/backup"
	"cartera/data/sqlite"
)

// runBackup writes a consistent copy of the company file: to --out, or
// into its backups folder (rotated like the automatic ones).
func runBackup(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("backup")
	out := fs.String("out", "", "")
	if err := r.parse(fs, args); err != nil {
		return err
	}
	s, err := r.openStore(ctx, "backup")
	if err != nil {
		return err
	}
	defer s.Close()
	if *out != "" {
		if err := s.Backup(ctx, *out); err != nil {
			return err
		}
		r.printf("Wrote %s.", *out)
		return nil
	}
	b, err := backup.Take(ctx, s, backup.Manual, r.env.Clock.Now())
	if err != nil {
		return err
	}
	r.printf("Wrote %s.", b.Path)
	return nil
}

// runRestore replaces the company file with a backup, after checking it,
// keeping a copy of the file it replaces. Without --yes it only says what
// it would do.
func runRestore(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("restore")
	from := fs.String("from", "", "")
	yes := fs.Bool("yes", false, "")
	if err := r.parse(fs, args); err != nil {
		return err
	}
	if r.g.db == "" || *from == "" {
		return r.usage("Use: cartera --db FILE restore --from BACKUP [--yes].")
	}
	if err := sqlite.Check(ctx, *from); err != nil {
		return err
	}
	if !*yes {
		r.printf("This replaces %s with %s (a copy of the current file is kept). Add --yes to do it.", r.g.db, *from)
		return nil
	}
	kept, err := backup.Restore(ctx, r.g.db, *from, r.env.Clock.Now())
	if err != nil {
		return err
	}
	if kept != "" {
		r.printf("Restored %s from %s; the file it replaced is kept as %s.", filepath.Base(r.g.db), *from, kept)
	} else {
		r.printf("Restored %s from %s.", filepath.Base(r.g.db), *from)
	}
	return nil
}

// runUndoImport undoes the last import while nothing else has changed.
func runUndoImport(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("undo-import")
	yes := fs.Bool("yes", false, "")
	if err := r.parse(fs, args); err != nil {
		return err
	}
	s, err := r.openStore(ctx, "undo-import")
	if err != nil {
		return err
	}
	rec, err := backup.LastImport(ctx, s)
	s.Close()
	if err != nil {
		return err
	}
	if !*yes {
		r.printf("This undoes the import of %s (%d added, %d updated). Add --yes to do it.", rec.File, rec.Added, rec.Updated)
		return nil
	}
	if err := backup.UndoImport(ctx, r.g.db, rec, r.env.Clock.Now()); err != nil {
		return err
	}
	r.printf("The import of %s was undone.", rec.File)
	return nil
}
