package sqlite

import (
	"context"
	"database/sql"

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
	PaymentID int64 // 0 while queued
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

// BankCredits lists the stored credits, queued ones only when queued is set.
func (s *Store) BankCredits(ctx context.Context, queued bool) ([]BankCredit, error) {
	q := `SELECT id, bank_id, date, amount, currency, reference, name, file, payment_id FROM bank_credits`
	if queued {
		q += ` WHERE payment_id IS NULL`
	}
	return queryAll(ctx, s.db, "", func(r scanner) (c BankCredit, err error) {
		var pay sql.NullInt64
		err = r.Scan(&c.ID, &c.BankID, &c.Date, &c.Amount.Amount, &c.Amount.Currency, &c.Reference, &c.Name, &c.File, &pay)
		c.PaymentID = pay.Int64
		return c, err
	}, q+` ORDER BY date, id`)
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

// UnconfirmBankCredit undoes a confirmation: the payment goes (its
// allocations with it) and the credit is queued again.
func (tx *Tx) UnconfirmBankCredit(creditID int64) error {
	var pay sql.NullInt64
	if err := tx.queryRow(`SELECT payment_id FROM bank_credits WHERE id = ?`, creditID).Scan(&pay); err != nil {
		return data.Errorf(data.ENOTFOUND, "That bank credit is not stored.")
	}
	if !pay.Valid {
		return data.Errorf(data.EINVALID, "That bank credit is not confirmed.")
	}
	if _, err := tx.exec(`UPDATE bank_credits SET payment_id = NULL WHERE id = ?`, creditID); err != nil {
		return constraintError(err, "The bank statement could not be saved.")
	}
	return tx.DeletePayment(pay.Int64)
}

// OpenItem is what matching a bank credit needs of an open invoice.
type OpenItem struct {
	InvoiceID, ClientID int64
	Number              string
	Due                 data.Date
	Balance             int64
}

// OpenItems lists every invoice that still owes something, leanly: bank
// matching reads all of them at once.
func (s *Store) OpenItems(ctx context.Context) ([]OpenItem, error) {
	return queryAll(ctx, s.db, "", func(r scanner) (o OpenItem, err error) {
		err = r.Scan(&o.InvoiceID, &o.ClientID, &o.Number, &o.Due, &o.Balance)
		return o, err
	}, `SELECT id, client_id, number, due_date, open_balance FROM invoices WHERE open_balance > 0`)
}
