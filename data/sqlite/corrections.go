package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"cartera/data"
)

// VoidInvoice voids an invoice entered by mistake: what was applied to it
// goes back on account (freed lists those payments' and credit notes'
// amounts), its open balance becomes zero, and it stays in the file marked
// void with its reason. An invoice on an active payment plan cannot be
// voided: the plan is cancelled first.
func (tx *Tx) VoidInvoice(id int64, day data.Date, reason string) (freed int64, err error) {
	var voided string
	var number string
	err = tx.queryRow(`SELECT number, voided FROM invoices WHERE id = ?`, id).Scan(&number, &voided)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, data.Errorf(data.ENOTFOUND, "That invoice no longer exists.")
	} else if err != nil {
		return 0, readError(err, "")
	}
	if voided != "" {
		return 0, data.Errorf(data.ECONFLICT, "Invoice %s is already void.", number)
	}
	var plan int64
	err = tx.queryRow(`SELECT p.id FROM plan_invoices pi JOIN payment_plans p ON p.id = pi.plan_id
		WHERE pi.invoice_id = ? AND p.status = 'active' LIMIT 1`, id).Scan(&plan)
	if err == nil {
		return 0, data.Errorf(data.ECONFLICT, "Invoice %s is on payment plan #%d; cancel the plan first.", number, plan)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, readError(err, "")
	}
	if err := tx.queryRow(`SELECT COALESCE(SUM(amount), 0) FROM allocations WHERE invoice_id = ?`, id).Scan(&freed); err != nil {
		return 0, readError(err, "")
	}
	if _, err := tx.exec(`DELETE FROM allocations WHERE invoice_id = ?`, id); err != nil {
		return 0, constraintError(err, "The invoice could not be voided.")
	}
	if _, err := tx.exec(`UPDATE invoices SET voided = ?, void_reason = ?, open_balance = 0 WHERE id = ?`, day, reason, id); err != nil {
		return 0, constraintError(err, "The invoice could not be voided.")
	}
	return freed, nil
}

// ReversePayment takes back a payment recorded by mistake (or one that
// bounced): its allocations go, the invoices it paid reopen, and a
// reversal dated the payment's own day takes it off the client's money on
// account, so every figure, as of any day, is as if it had never been
// recorded; the payment stays visible, marked reversed. A payment
// confirmed from a bank statement is undone on the Bank screen instead.
func (tx *Tx) ReversePayment(id int64, day data.Date, reason string) error {
	var p data.Payment
	var reversed string
	err := tx.queryRow(`SELECT client_id, date, amount, currency, reference, reversed FROM payments WHERE id = ?`, id).
		Scan(&p.ClientID, &p.Date, &p.Amount.Amount, &p.Amount.Currency, &p.Reference, &reversed)
	if errors.Is(err, sql.ErrNoRows) {
		return data.Errorf(data.ENOTFOUND, "That payment no longer exists.")
	} else if err != nil {
		return readError(err, "")
	}
	if reversed != "" {
		return data.Errorf(data.ECONFLICT, "That payment is already reversed.")
	}
	var bank int
	if err := tx.queryRow(`SELECT COUNT(*) FROM bank_credits WHERE payment_id = ?`, id).Scan(&bank); err != nil {
		return readError(err, "")
	}
	if bank > 0 {
		return data.Errorf(data.ECONFLICT, "That payment was confirmed from a bank statement; undo it on the Bank screen.")
	}
	return tx.reverse("payments", "payment_id", id, p.ClientID, p.Date, p.Amount, p.Reference, day, reason)
}

// ReverseCreditNote takes back a credit note recorded by mistake, as
// ReversePayment does a payment.
func (tx *Tx) ReverseCreditNote(id int64, day data.Date, reason string) error {
	var n data.CreditNote
	var reversed string
	err := tx.queryRow(`SELECT client_id, number, date, amount, currency, reversed FROM credit_notes WHERE id = ?`, id).
		Scan(&n.ClientID, &n.Number, &n.Date, &n.Amount.Amount, &n.Amount.Currency, &reversed)
	if errors.Is(err, sql.ErrNoRows) {
		return data.Errorf(data.ENOTFOUND, "That credit note no longer exists.")
	} else if err != nil {
		return readError(err, "")
	}
	if reversed != "" {
		return data.Errorf(data.ECONFLICT, "Credit note %s is already reversed.", n.Number)
	}
	return tx.reverse("credit_notes", "credit_note_id", id, n.ClientID, n.Date, n.Amount, n.Number, day, reason)
}

// reverse drops a payment's or credit note's allocations, marks it reversed
// on day and records its reversal on its own date.
func (tx *Tx) reverse(table, col string, id, clientID int64, date data.Date, amount data.Money, ref string, day data.Date, reason string) error {
	if _, err := tx.exec(`DELETE FROM allocations WHERE `+col+` = ?`, id); err != nil {
		return constraintError(err, "It could not be reversed.")
	}
	for _, d := range []data.Date{date, data.MaxDate} {
		held, err := tx.OnAccount(clientID, d)
		if err != nil {
			return err
		}
		if held < amount.Amount {
			return data.Errorf(data.ECONFLICT, "Part of it was refunded to the client already; it cannot be reversed.")
		}
	}
	if _, err := tx.exec(`UPDATE `+table+` SET reversed = ? WHERE id = ?`, day, id); err != nil {
		return constraintError(err, "It could not be reversed.")
	}
	_, err := tx.insert(`INSERT INTO refunds (kind, client_id, date, amount, currency, reference, notes, `+col+`) VALUES ('reversal',?,?,?,?,?,?,?)`,
		clientID, date, amount.Amount, amount.Currency, ref, reason, id)
	return constraintError(err, "It could not be reversed.")
}

// Audit writes a line of the audit log, stamped with the store's clock.
func (tx *Tx) Audit(e data.AuditEntry) error {
	if e.At.IsZero() {
		e.At = tx.s.clock.Now()
	}
	var client any
	if e.ClientID != 0 {
		client = e.ClientID
	}
	_, err := tx.insert(`INSERT INTO audit_log (at, user, client_id, action, subject, before, after, reason) VALUES (?,?,?,?,?,?,?,?)`,
		e.At.UTC().Format(time.RFC3339), e.User, client, e.Action, e.Subject, e.Before, e.After, e.Reason)
	return constraintError(err, "The audit log could not be written.")
}

// Audit lists the audit log, newest first: of one client, or all (0).
func (s *Store) Audit(ctx context.Context, clientID int64) ([]data.AuditEntry, error) {
	return queryAll(ctx, s.db, "", func(r scanner) (e data.AuditEntry, err error) {
		var at string
		err = r.Scan(&e.ID, &at, &e.User, &e.ClientID, &e.Action, &e.Subject, &e.Before, &e.After, &e.Reason)
		e.At, _ = time.Parse(time.RFC3339, at)
		return e, err
	}, `SELECT id, at, user, COALESCE(client_id, 0), action, subject, before, after, reason FROM audit_log
		WHERE ?1 = 0 OR client_id = ?1 ORDER BY id DESC`, clientID)
}

// PaymentsByReference finds a client's payments (or anyone's, clientID 0)
// by reference, or by "#ID".
func (tx *Tx) PaymentsByReference(clientID int64, ref string) ([]data.Payment, error) {
	return queryAll(tx.ctx, tx.tx, "", func(r scanner) (p data.Payment, err error) {
		err = r.Scan(&p.ID, &p.ClientID, &p.Date, &p.Amount.Amount, &p.Amount.Currency, &p.Reference, &p.Reversed)
		return p, err
	}, `SELECT id, client_id, date, amount, currency, reference, reversed FROM payments
		WHERE (reference = ?1 OR '#' || id = ?1) AND (?2 = 0 OR client_id = ?2) ORDER BY id`, ref, clientID)
}

// Unapplied is what is left of a payment or credit note to apply.
func (tx *Tx) Unapplied(col string, id int64) (int64, error) {
	table := map[string]string{"payment_id": "payments", "credit_note_id": "credit_notes"}[col]
	var n int64
	err := tx.queryRow(`SELECT amount - (SELECT COALESCE(SUM(amount), 0) FROM allocations WHERE `+col+` = s.id) FROM `+table+` s WHERE id = ?`, id).Scan(&n)
	return n, readError(err, "")
}

// InvoiceByID reads one invoice inside the transaction.
func (tx *Tx) InvoiceByID(id int64) (data.Invoice, error) {
	inv, err := scanInvoice(tx.queryRow(`SELECT `+invoiceCols+` FROM invoices i WHERE i.id = ?`, id))
	return inv, readError(err, "That invoice does not exist.")
}

// ClientByCode reads one client by its code inside the transaction.
func (tx *Tx) ClientByCode(code string) (data.Client, error) {
	c, err := scanClient(tx.queryRow(`SELECT `+clientCols+` FROM clients c WHERE c.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return c, data.Errorf(data.ENOTFOUND, "There is no client with code %s.", code)
	}
	return c, readError(err, "")
}

// readSchedule reads an invoice's instalments, in order.
func readSchedule(ctx context.Context, db querier, invoiceID int64) ([]data.DuePart, error) {
	return queryAll(ctx, db, "", func(r scanner) (p data.DuePart, err error) {
		return p, r.Scan(&p.N, &p.Due, &p.Amount)
	}, `SELECT n, due_date, amount FROM invoice_instalments WHERE invoice_id = ? ORDER BY n`, invoiceID)
}

// Schedule reads an invoice's instalments (none when it falls due at once).
func (s *Store) Schedule(ctx context.Context, invoiceID int64) ([]data.DuePart, error) {
	return readSchedule(ctx, s.db, invoiceID)
}

// Schedules reads the instalments of the invoices given, or of every
// invoice that has some when none are given, by invoice: the analytics
// spread balances over them. db is the store's *sql.DB or a transaction's.
func Schedules(ctx context.Context, db Querier, ids ...int64) (map[int64][]data.DuePart, error) {
	type row struct {
		id int64
		p  data.DuePart
	}
	scan := func(r scanner) (x row, err error) {
		return x, r.Scan(&x.id, &x.p.N, &x.p.Due, &x.p.Amount)
	}
	const query = `SELECT invoice_id, n, due_date, amount FROM invoice_instalments`
	var rows []row
	var err error
	if len(ids) == 0 {
		rows, err = queryAll(ctx, db, "", scan, query+` ORDER BY invoice_id, n`)
	} else {
		b, _ := json.Marshal(ids)
		rows, err = queryAll(ctx, db, "", scan, query+` WHERE invoice_id IN (SELECT value FROM json_each(?)) ORDER BY invoice_id, n`, string(b))
	}
	out := map[int64][]data.DuePart{}
	for _, x := range rows {
		out[x.id] = append(out[x.id], x.p)
	}
	return out, err
}
