package sqlite

import (
	"context"
	"database/sql"
	"time"

	"cartera/data"
)

// Fingerprint sums up the company's data: counts, last IDs, amounts and
// states of everything an import or a user can change, in every table —
// settings, reminder levels and their log, bank statements, payment plans,
// the audit log included. Equal fingerprints mean nothing was added,
// removed, paid or changed in between, so undoing an import cannot take a
// later change with it.
func (s *Store) Fingerprint(ctx context.Context) (string, error) { return fingerprint(ctx, s.db) }

// Fingerprint is the store's fingerprint as this transaction sees it.
func (tx *Tx) Fingerprint() (string, error) { return fingerprint(tx.ctx, tx.tx) }

func fingerprint(ctx context.Context, db interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (string, error) {
	var fp string
	err := db.QueryRowContext(ctx, `SELECT
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(open_balance) || ':' || total(amount) || ':' ||
	          total(length(number || issue_date || due_date || product || reference || notes || voided)) FROM invoices) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(length(code || name || tax_id || emails || phones || address || city ||
	          country || industry || segment || preferred_channel || language || notes || terms || capacity_note || paused_until ||
	          email_refused)) || ':' || total(credit_limit + open_orders + payment_terms_days + capacity_score + opt_out) FROM clients) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(amount) || ':' || total(length(date || reference || method || notes || reversed)) FROM payments) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(amount) FROM allocations) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(amount) || ':' || total(length(reversed)) FROM credit_notes) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(length(coalesce(resolved, ''))) FROM disputes) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(id * length(status)) FROM promises) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM contacts) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(amount) FROM refunds) || '|' ||
	  (SELECT count(*) || ':' || total(amount) || ':' || coalesce(max(due_date), '') FROM invoice_instalments) || '|' ||
	  (SELECT count(*) || ':' || total(length(name || tax_id || address || email || phone || currency || locale || aging_buckets ||
	          payment_instructions)) || ':' || total(payment_terms_days) || ':' || total(length(coalesce(logo, ''))) FROM company) || '|' ||
	  (SELECT coalesce(group_concat(key || '=' || value, ';'), '') FROM (SELECT key, value FROM settings ORDER BY key)) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(offset_days * id) || ':' ||
	          total(length(channel || attach || subject_es || body_es || subject_en || body_en)) FROM reminder_levels) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(id * length(status)) FROM sends) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(coalesce(payment_id, 0)) || ':' || total(length(dismissed)) FROM bank_credits) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(id * length(status)) FROM payment_plans) || '|' ||
	  (SELECT count(*) || ':' || total(amount) FROM plan_instalments) || '|' ||
	  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM audit_log)`).Scan(&fp)
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
