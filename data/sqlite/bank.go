package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"cartera/data"
)

// BankCredit is a credit of a bank statement as stored: queued until it is
// confirmed as a payment.
type BankCredit struct {
	ID        int64
	BankID    string
	Date      data.Date
	Amount    data.Money
	Reference string
	Name      string
	File      string
	PaymentID int64     // 0 while queued
	Dismissed data.Date // set aside as not a client's payment; zero otherwise
	// Once confirmed: the client who paid it and the invoices it paid
	// (none when it stays on account).
	ClientName string
	Invoices   []string
}

// AddBankCredit stores a credit unless one with its bank ID is there; added
// says which.
func (tx *Tx) AddBankCredit(c *BankCredit) (added bool, err error) {
	res, err := tx.exec(`INSERT INTO bank_credits (bank_id, date, amount, currency, reference, name, file) VALUES (?,?,?,?,?,?,?)
		ON CONFLICT (bank_id) DO NOTHING`, c.BankID, c.Date, c.Amount.Amount, c.Amount.Currency, c.Reference, c.Name, c.File)
	if err != nil {
		return false, constraintError(err, "The bank statement could not be saved.")
	}
	n, _ := res.RowsAffected()
	if n == 1 {
		c.ID, _ = res.LastInsertId()
	}
	return n == 1, nil
}

// BankCredits lists the stored credits; queued ones only (neither a
// payment nor set aside) when queued is set.
func (s *Store) BankCredits(ctx context.Context, queued bool) ([]BankCredit, error) {
	q := `SELECT b.id, b.bank_id, b.date, b.amount, b.currency, b.reference, b.name, b.file, b.payment_id, b.dismissed,
		COALESCE(c.name, ''), COALESCE((SELECT group_concat(i.number, char(10)) FROM allocations a JOIN invoices i ON i.id = a.invoice_id
			WHERE a.payment_id = b.payment_id), '')
		FROM bank_credits b LEFT JOIN payments p ON p.id = b.payment_id LEFT JOIN clients c ON c.id = p.client_id`
	if queued {
		q += ` WHERE b.payment_id IS NULL AND b.dismissed = ''`
	}
	return queryAll(ctx, s.db, "", func(r scanner) (c BankCredit, err error) {
		var pay sql.NullInt64
		var dismissed, invoices string
		err = r.Scan(&c.ID, &c.BankID, &c.Date, &c.Amount.Amount, &c.Amount.Currency, &c.Reference, &c.Name, &c.File, &pay, &dismissed,
			&c.ClientName, &invoices)
		c.PaymentID = pay.Int64
		if dismissed != "" {
			c.Dismissed, _ = data.ParseDate(dismissed)
		}
		if invoices != "" {
			c.Invoices = strings.Split(invoices, "\n")
		}
		return c, err
	}, q+` ORDER BY b.date, b.id`)
}

// DismissBankCredit sets a queued credit aside on day: it is not a
// client's payment.
func (tx *Tx) DismissBankCredit(creditID int64, day data.Date) error {
	res, err := tx.exec(`UPDATE bank_credits SET dismissed = ? WHERE id = ? AND payment_id IS NULL AND dismissed = ''`, day, creditID)
	if err != nil {
		return constraintError(err, "The bank statement could not be saved.")
	}
	return mustAffect(res, "That bank credit is not waiting to be matched.")
}

// ConfirmBankCredit records a queued credit as a payment with its
// allocations, in the caller's transaction.
func (tx *Tx) ConfirmBankCredit(creditID int64, p *data.Payment) error {
	var pay sql.NullInt64
	if err := tx.queryRow(`SELECT payment_id FROM bank_credits WHERE id = ?`, creditID).Scan(&pay); err != nil {
		return data.Errorf(data.ENOTFOUND, "That bank credit is not stored.")
	}
	if pay.Valid {
		return data.Errorf(data.EINVALID, "That bank credit is already a payment.")
	}
	if err := tx.RecordPayment(p); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE bank_credits SET payment_id = ? WHERE id = ?`, p.ID, creditID)
	return constraintError(err, "The bank statement could not be saved.")
}

// UnconfirmBankCredit undoes a confirmation — the payment goes (its
// allocations with it) — or a dismissal; the credit is queued again.
// payment says which it was.
func (tx *Tx) UnconfirmBankCredit(creditID int64) (payment bool, err error) {
	var pay sql.NullInt64
	var dismissed string
	if err := tx.queryRow(`SELECT payment_id, dismissed FROM bank_credits WHERE id = ?`, creditID).Scan(&pay, &dismissed); err != nil {
		return false, data.Errorf(data.ENOTFOUND, "That bank credit is not stored.")
	}
	switch {
	case pay.Valid:
		if _, err := tx.exec(`UPDATE bank_credits SET payment_id = NULL WHERE id = ?`, creditID); err != nil {
			return false, constraintError(err, "The bank statement could not be saved.")
		}
		return true, tx.DeletePayment(pay.Int64)
	case dismissed != "":
		_, err := tx.exec(`UPDATE bank_credits SET dismissed = '' WHERE id = ?`, creditID)
		return false, constraintError(err, "The bank statement could not be saved.")
	}
	return false, data.Errorf(data.EINVALID, "That bank credit is not confirmed.")
}

// OpenItem is what matching a bank credit needs of an open invoice.
type OpenItem struct {
	InvoiceID int64
	Number    string
	ClientID  int64
	Issue     data.Date
	Due       data.Date
	Balance   int64
}

// OpenItems lists the invoices that still owe something — a client's, or
// every client's when clientID is 0 — leanly: bank matching reads all of
// them at once.
func (s *Store) OpenItems(ctx context.Context, clientID int64) ([]OpenItem, error) {
	return queryAll(ctx, s.db, "", func(r scanner) (o OpenItem, err error) {
		err = r.Scan(&o.InvoiceID, &o.ClientID, &o.Number, &o.Issue, &o.Due, &o.Balance)
		return o, err
	}, `SELECT id, client_id, number, issue_date, due_date, open_balance FROM invoices WHERE open_balance > 0 AND (?1 = 0 OR client_id = ?1)`, clientID)
}
