package sqlite

import (
	"context"
	"time"

	"cartera/data"
)

// Fingerprint sums up the company's data: counts, last IDs and the open
// balance of everything an import or a user can change. Equal fingerprints
// mean nothing was added, removed or paid in between.
func (s *Store) Fingerprint(ctx context.Context) (string, error) {
	var fp string
	err := s.db.QueryRowContext(ctx, `SELECT
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(open_balance) || ':' || total(amount) FROM invoices) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM clients) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(amount) FROM payments) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM allocations) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM credit_notes) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM disputes) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM promises) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM contacts) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(amount) FROM refunds) || '|' ||
	  (SELECT count(*) || ':' || total(amount) || ':' || coalesce(max(due_date), '') FROM invoice_instalments) || '|' ||
	  (SELECT count(*) FROM invoices WHERE voided <> '') || '|' ||
	  (SELECT count(*) FROM payments WHERE reversed <> '')`).Scan(&fp)
	return fp, readError(err, "")
}

// RecordImport adds an import to the history.
func (tx *Tx) RecordImport(h *data.ImportRecord) error {
	id, err := tx.insert(`INSERT INTO import_history (file, hash, at, added, updated, rejected, backup, fingerprint, undone)
		VALUES (?,?,?,?,?,?,?,?,?)`, h.File, h.Hash, h.At.UTC().Format(time.RFC3339), h.Added, h.Updated, h.Rejected, h.Backup, h.Fingerprint, h.Undone)
	if err != nil {
		return constraintError(err, "The import could not be recorded.")
	}
	h.ID = id
	return nil
}

// Imports lists the import history, newest first.
func (s *Store) Imports(ctx context.Context) ([]data.ImportRecord, error) {
	return queryAll(ctx, s.db, "", func(r scanner) (h data.ImportRecord, err error) {
		var at string
		if err = r.Scan(&h.ID, &h.File, &h.Hash, &at, &h.Added, &h.Updated, &h.Rejected, &h.Backup, &h.Fingerprint, &h.Undone); err == nil {
			h.At, err = time.Parse(time.RFC3339, at)
		}
		return h, err
	}, `SELECT id, file, hash, at, added, updated, rejected, backup, fingerprint, undone FROM import_history ORDER BY id DESC`)
}
