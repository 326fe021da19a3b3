package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cartera/data"
)

// Setting reads one setting; ok is false when it was never set.
func (s *Store) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return value, err == nil, readError(err, "")
}

// Settings reads every setting.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	type kv struct{ k, v string }
	rows, err := queryAll(ctx, s.db, "", func(r scanner) (x kv, err error) { return x, r.Scan(&x.k, &x.v) }, `SELECT key, value FROM settings`)
	out := map[string]string{}
	for _, x := range rows {
		out[x.k] = x.v
	}
	return out, err
}

// SetSetting writes a setting; an empty value removes it.
func (tx *Tx) SetSetting(key, value string) error {
	var err error
	if value == "" {
		_, err = tx.exec(`DELETE FROM settings WHERE key = ?`, key)
	} else {
		_, err = tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	}
	return constraintError(err, "The setting %s could not be saved.", key)
}

const levelCols = `id, offset_days, channel, attach, letter_level, read_receipt, subject_es, body_es, subject_en, body_en`

// Levels lists the reminder levels, earliest first.
func (s *Store) Levels(ctx context.Context) ([]data.ReminderLevel, error) {
	return queryAll(ctx, s.db, "", func(r scanner) (l data.ReminderLevel, err error) {
		err = r.Scan(&l.ID, &l.OffsetDays, &l.Channel, &l.Attach, &l.LetterLevel, &l.ReadReceipt, &l.SubjectES, &l.BodyES, &l.SubjectEN, &l.BodyEN)
		return l, err
	}, `SELECT `+levelCols+` FROM reminder_levels ORDER BY offset_days`)
}

// SaveLevel adds a level (ID 0) or changes one.
func (tx *Tx) SaveLevel(l *data.ReminderLevel) error {
	if err := l.Validate(); err != nil {
		return err
	}
	args := []any{l.OffsetDays, string(l.Channel), l.Attach, l.LetterLevel, l.ReadReceipt, l.SubjectES, l.BodyES, l.SubjectEN, l.BodyEN}
	if l.ID == 0 {
		id, err := tx.insert(`INSERT INTO reminder_levels (offset_days, channel, attach, letter_level, read_receipt, subject_es, body_es,
			subject_en, body_en) VALUES (?,?,?,?,?,?,?,?,?)`, args...)
		if err != nil {
			return constraintError(err, "There is already a reminder level %d days from the due date.", l.OffsetDays)
		}
		l.ID = id
		return nil
	}
	_, err := tx.exec(`UPDATE reminder_levels SET offset_days=?, channel=?, attach=?, letter_level=?, read_receipt=?, subject_es=?,
		body_es=?, subject_en=?, body_en=? WHERE id=?`, append(args, l.ID)...)
	return constraintError(err, "There is already a reminder level %d days from the due date.", l.OffsetDays)
}

// DeleteLevel removes a level no message was sent for.
func (tx *Tx) DeleteLevel(id int64) error {
	_, err := tx.exec(`DELETE FROM reminder_levels WHERE id = ?`, id)
	return constraintError(err, "Reminders were sent at this level; change it instead of deleting it.")
}

// ReminderHolds are the clients paused or with a refused address.
func (s *Store) ReminderHolds(ctx context.Context) (map[int64]data.ReminderHold, error) {
	type hold struct {
		id int64
		h  data.ReminderHold
	}
	rows, err := queryAll(ctx, s.db, "", func(r scanner) (x hold, err error) {
		var paused string
		if err = r.Scan(&x.id, &paused, &x.h.EmailRefused); err == nil && paused != "" {
			x.h.PausedUntil, err = data.ParseDate(paused)
		}
		return x, err
	}, `SELECT id, paused_until, email_refused FROM clients WHERE paused_until <> '' OR email_refused <> ''`)
	out := map[int64]data.ReminderHold{}
	for _, x := range rows {
		out[x.id] = x.h
	}
	return out, err
}

// PauseReminders pauses a client's reminders until day (zero: resume).
func (tx *Tx) PauseReminders(clientID int64, day data.Date) error {
	v := ""
	if !day.IsZero() {
		v = day.String()
	}
	res, err := tx.exec(`UPDATE clients SET paused_until = ? WHERE id = ?`, v, clientID)
	if err != nil {
		return constraintError(err, "The client could not be saved.")
	}
	return mustAffect(res, "That client does not exist.")
}

// SetEmailRefused records the address a server refused ("" clears it).
func (tx *Tx) SetEmailRefused(clientID int64, address string) error {
	_, err := tx.exec(`UPDATE clients SET email_refused = ? WHERE id = ?`, address, clientID)
	return constraintError(err, "The client could not be saved.")
}

// StartSend writes a message as "sending" with its invoices, before it goes
// to the server. An invoice that already had the level makes it fail.
func (tx *Tx) StartSend(m *data.Send) error {
	id, err := tx.insert(`INSERT INTO sends (client_id, level_id, day, created, status, attempts) VALUES (?,?,?,?,?,0)`,
		m.ClientID, m.LevelID, m.Day, m.Created.UTC().Format(time.RFC3339), data.SendSending)
	if err != nil {
		return constraintError(err, "The reminder could not be logged.")
	}
	m.ID, m.Status = id, data.SendSending
	for i, inv := range m.Invoices {
		level, part := m.LevelID, 0
		if i < len(m.Levels) {
			level = m.Levels[i]
		}
		if i < len(m.Instalments) {
			part = m.Instalments[i]
		}
		if _, err := tx.exec(`INSERT INTO send_invoices (send_id, invoice_id, instalment, level_id) VALUES (?,?,?,?)`, id, inv, part, level); err != nil {
			return constraintError(err, "An invoice already received this reminder level.")
		}
	}
	if m.InstalmentID != 0 {
		if _, err := tx.exec(`INSERT INTO plan_sends (instalment_id, send_id) VALUES (?,?)`, m.InstalmentID, id); err != nil {
			return constraintError(err, "That instalment was already reminded of.")
		}
	}
	return nil
}

// FinishSend records how a message went. A message that did not reach the
// client (failed, refused, unsent) frees its invoices for a later run.
func (tx *Tx) FinishSend(m data.Send) error {
	if _, err := tx.exec(`UPDATE sends SET status=?, message_id=?, error=?, attempts=? WHERE id=?`,
		m.Status, m.MessageID, m.Error, m.Attempts, m.ID); err != nil {
		return constraintError(err, "The reminder could not be logged.")
	}
	if m.Status == data.SendFailed || m.Status == data.SendUnsent || m.Status == data.SendRefused {
		if _, err := tx.exec(`DELETE FROM send_invoices WHERE send_id = ?`, m.ID); err != nil {
			return constraintError(err, "The reminder could not be logged.")
		}
		if _, err := tx.exec(`DELETE FROM plan_sends WHERE send_id = ?`, m.ID); err != nil {
			return constraintError(err, "The reminder could not be logged.")
		}
	}
	if _, err := tx.exec(`DELETE FROM send_recipients WHERE send_id = ?`, m.ID); err != nil {
		return constraintError(err, "The reminder could not be logged.")
	}
	for _, r := range m.Recipients {
		if _, err := tx.exec(`INSERT INTO send_recipients (send_id, address, accepted, error) VALUES (?,?,?,?)`, m.ID, r.Address, r.Accepted, r.Error); err != nil {
			return constraintError(err, "The reminder could not be logged.")
		}
	}
	return nil
}

// RemindedInstalments are the plan instalments whose reminder went (or is going).
func (s *Store) RemindedInstalments(ctx context.Context) (map[int64]bool, error) {
	ids, err := queryAll(ctx, s.db, "", func(r scanner) (id int64, err error) { return id, r.Scan(&id) },
		`SELECT instalment_id FROM plan_sends`)
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// LastSent is, per invoice, the last day it had a reminder level.
func (s *Store) LastSent(ctx context.Context) (map[int64]data.Date, error) {
	type last struct {
		inv int64
		day data.Date
	}
	rows, err := queryAll(ctx, s.db, "", func(r scanner) (l last, err error) { return l, r.Scan(&l.inv, &l.day) },
		`SELECT x.invoice_id, max(s.day) FROM send_invoices x JOIN sends s ON s.id = x.send_id GROUP BY x.invoice_id`)
	out := make(map[int64]data.Date, len(rows))
	for _, l := range rows {
		out[l.inv] = l.day
	}
	return out, err
}

// SentLevels are, per invoice or instalment, the levels it received (or is
// receiving).
func (s *Store) SentLevels(ctx context.Context) (map[data.SentKey]map[int64]bool, error) {
	type pair struct {
		key   data.SentKey
		level int64
	}
	rows, err := queryAll(ctx, s.db, "", func(r scanner) (p pair, err error) {
		return p, r.Scan(&p.key.Invoice, &p.key.Instalment, &p.level)
	}, `SELECT invoice_id, instalment, level_id FROM send_invoices`)
	out := map[data.SentKey]map[int64]bool{}
	for _, p := range rows {
		if out[p.key] == nil {
			out[p.key] = map[int64]bool{}
		}
		out[p.key][p.level] = true
	}
	return out, err
}

// Sends lists the send log, newest first: of one day (zero: any), with one
// of the statuses (none: any).
func (s *Store) Sends(ctx context.Context, day data.Date, statuses ...string) ([]data.Send, error) {
	q := `SELECT id, client_id, level_id, day, created, status, message_id, error, attempts FROM sends WHERE 1=1`
	var args []any
	if !day.IsZero() {
		q += ` AND day = ?`
		args = append(args, day)
	}
	if len(statuses) > 0 {
		q += ` AND status IN (?` + strings.Repeat(",?", len(statuses)-1) + `)`
		for _, st := range statuses {
			args = append(args, st)
		}
	}
	sends, err := queryAll(ctx, s.db, "", func(r scanner) (m data.Send, err error) {
		var created string
		if err = r.Scan(&m.ID, &m.ClientID, &m.LevelID, &m.Day, &created, &m.Status, &m.MessageID, &m.Error, &m.Attempts); err == nil {
			m.Created, err = time.Parse(time.RFC3339, created)
		}
		return m, err
	}, q+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	for i := range sends {
		if sends[i].Invoices, err = queryAll(ctx, s.db, "", func(r scanner) (id int64, err error) { return id, r.Scan(&id) },
			`SELECT invoice_id FROM send_invoices WHERE send_id = ? ORDER BY invoice_id`, sends[i].ID); err != nil {
			return nil, err
		}
		if sends[i].Recipients, err = queryAll(ctx, s.db, "", func(r scanner) (x data.Recipient, err error) {
			return x, r.Scan(&x.Address, &x.Accepted, &x.Error)
		}, `SELECT address, accepted, error FROM send_recipients WHERE send_id = ?`, sends[i].ID); err != nil {
			return nil, err
		}
	}
	return sends, nil
}

// ConfirmSend settles a message a crash left "sending": sent keeps it,
// not sent frees its invoices for the next run.
func (tx *Tx) ConfirmSend(id int64, sent bool) error {
	status := data.SendUnsent
	if sent {
		status = data.SendSent
	}
	var cur string
	if err := tx.queryRow(`SELECT status FROM sends WHERE id = ?`, id).Scan(&cur); err != nil {
		return data.Errorf(data.ENOTFOUND, "That reminder is not in the log.")
	}
	if cur != data.SendSending {
		return data.Errorf(data.EINVALID, "Only a reminder left sending can be confirmed.")
	}
	return tx.FinishSend(data.Send{ID: id, Status: status})
}

// OpenPromises are the open promises to pay, by client.
func (s *Store) OpenPromises(ctx context.Context) (map[int64][]data.Promise, error) {
	ps, err := queryAll(ctx, s.db, "", func(r scanner) (p data.Promise, err error) {
		var inv sql.NullInt64
		err = r.Scan(&p.ID, &p.ClientID, &inv, &p.Made, &p.PromisedDate, &p.Amount.Amount, &p.Amount.Currency, &p.Status, &p.Note)
		p.InvoiceID = inv.Int64
		return p, err
	}, `SELECT id, client_id, invoice_id, made, promised_date, amount, currency, status, note FROM promises WHERE status = 'open'`)
	out := map[int64][]data.Promise{}
	for _, p := range ps {
		out[p.ClientID] = append(out[p.ClientID], p)
	}
	return out, err
}

// OpenDisputes are the invoices with an open dispute.
func (s *Store) OpenDisputes(ctx context.Context) (map[int64]bool, error) {
	ids, err := queryAll(ctx, s.db, "", func(r scanner) (id int64, err error) { return id, r.Scan(&id) },
		`SELECT DISTINCT invoice_id FROM disputes WHERE resolved IS NULL OR resolved = ''`)
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// ToThank are, by client, the invoices paid in full that had a reminder
// sent and no thank-you yet.
func (s *Store) ToThank(ctx context.Context) (map[int64][]int64, error) {
	type pair struct{ client, inv int64 }
	rows, err := queryAll(ctx, s.db, "", func(r scanner) (p pair, err error) { return p, r.Scan(&p.client, &p.inv) }, `
SELECT DISTINCT i.client_id, i.id FROM invoices i
  JOIN send_invoices si ON si.invoice_id = i.id JOIN sends s ON s.id = si.send_id AND s.status = 'sent'
 WHERE i.open_balance = 0 AND i.voided = '' AND NOT EXISTS (SELECT 1 FROM thanks t WHERE t.invoice_id = i.id)
 ORDER BY i.client_id, i.id`)
	out := map[int64][]int64{}
	for _, p := range rows {
		out[p.client] = append(out[p.client], p.inv)
	}
	return out, err
}

// StartThanks writes the thank-you for invoices as "sending".
func (tx *Tx) StartThanks(clientID int64, day data.Date, invoices []int64) error {
	for _, inv := range invoices {
		if _, err := tx.exec(`INSERT INTO thanks (invoice_id, client_id, day, status) VALUES (?,?,?,?)`, inv, clientID, day, data.SendSending); err != nil {
			return constraintError(err, "An invoice was already thanked for.")
		}
	}
	return nil
}

// FinishThanks records how a thank-you went; one that did not go out frees
// its invoices.
func (tx *Tx) FinishThanks(invoices []int64, status, messageID, errText string) error {
	for _, inv := range invoices {
		var err error
		if status == data.SendSent {
			_, err = tx.exec(`UPDATE thanks SET status = ?, message_id = ?, error = ? WHERE invoice_id = ?`, status, messageID, errText, inv)
		} else {
			_, err = tx.exec(`DELETE FROM thanks WHERE invoice_id = ?`, inv)
		}
		if err != nil {
			return constraintError(err, "The reminder could not be logged.")
		}
	}
	return nil
}

// SetLevelOffset moves a level to another number of days from the due
// date, keeping its texts and its history.
func (tx *Tx) SetLevelOffset(id int64, offset int) error {
	res, err := tx.exec(`UPDATE reminder_levels SET offset_days = ? WHERE id = ?`, offset, id)
	if err != nil {
		return constraintError(err, "There is already a reminder level %d days from the due date.", offset)
	}
	return mustAffect(res, "That reminder level no longer exists.")
}
