package sqlite

import (
	"context"

	"cartera/data"
)

// onAccountQuery is the one definition of money on account at the end of
// day ?1: payments and credit notes dated by then, less what of them is
// applied to invoices issued by then, less refunds dated by then. A payment
// applied to an invoice issued later was an advance until that invoice
// came; one dated after ?1 does not count yet. ?2 is a client's ID, or 0
// for every client.
//
// It reads what each payment and credit note holds on account today (kept
// by triggers, migration 0016: few rows, through a partial index), and
// adds back what of them went, as advances, to invoices issued after ?1
// (flagged allocations, also few). Summing every allocation instead took
// 6 s at a million invoices.
const onAccountQuery = `
SELECT client_id, SUM(x) FROM (
  SELECT client_id, unapplied AS x FROM payments INDEXED BY payments_unapplied
   WHERE unapplied > 0 AND date <= ?1 AND (?2 = 0 OR client_id = ?2)
  UNION ALL
  SELECT client_id, unapplied FROM credit_notes INDEXED BY credit_notes_unapplied
   WHERE unapplied > 0 AND date <= ?1 AND (?2 = 0 OR client_id = ?2)
  UNION ALL
  SELECT client_id, -amount FROM refunds WHERE date <= ?1 AND (?2 = 0 OR client_id = ?2)
  UNION ALL
  SELECT p.client_id, a.amount
    FROM allocations a INDEXED BY allocations_advance JOIN invoices i ON i.id = a.invoice_id JOIN payments p ON p.id = a.payment_id
   WHERE a.advance = 1 AND i.issue_date > ?1 AND p.date <= ?1 AND (?2 = 0 OR p.client_id = ?2)
  UNION ALL
  SELECT n.client_id, a.amount
    FROM allocations a INDEXED BY allocations_advance JOIN invoices i ON i.id = a.invoice_id JOIN credit_notes n ON n.id = a.credit_note_id
   WHERE a.advance = 1 AND i.issue_date > ?1 AND n.date <= ?1 AND (?2 = 0 OR n.client_id = ?2)
) GROUP BY client_id HAVING SUM(x) <> 0`

// Querier is what read-only queries run on: the store's *sql.DB or a
// transaction.
type Querier = querier

// OnAccountAt is the money each client has on account at the end of day d
// (of one client, or of all when clientID is 0); clients with none are left
// out. Sums are checked: a total Cartera cannot keep is an error.
func OnAccountAt(ctx context.Context, db Querier, d data.Date, clientID int64) (map[int64]int64, error) {
	rows, err := db.QueryContext(ctx, onAccountQuery, d, clientID)
	if err != nil {
		return nil, readError(err, "")
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, readError(err, "")
		}
		out[id] = n
	}
	return out, readError(rows.Err(), "")
}

// OnAccount is one client's money on account at the end of day d.
func (tx *Tx) OnAccount(clientID int64, d data.Date) (int64, error) {
	m, err := OnAccountAt(tx.ctx, tx.tx, d, clientID)
	return m[clientID], err
}

// OnAccount is one client's money on account at the end of day d.
func (s *Store) OnAccount(ctx context.Context, clientID int64, d data.Date) (int64, error) {
	m, err := OnAccountAt(ctx, s.db, d, clientID)
	return m[clientID], err
}

// RecordRefund pays money on account back to a client. It never touches
// an invoice: the client must hold at least the amount on account on the
// refund's day and today.
func (tx *Tx) RecordRefund(r *data.Refund) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := tx.checkCurrency(r.Amount.Currency); err != nil {
		return err
	}
	if err := tx.checkOnAccount(r.ClientID, r.Date, r.Amount.Amount); err != nil {
		return err
	}
	if r.Kind == "" {
		r.Kind = data.RefundPaid
	}
	r.Method = data.MethodCode(r.Method)
	id, err := tx.insert(`INSERT INTO refunds (kind, client_id, date, amount, currency, method, reference, notes) VALUES (?,?,?,?,?,?,?,?)`,
		string(r.Kind), r.ClientID, r.Date, r.Amount.Amount, r.Amount.Currency, r.Method, r.Reference, r.Notes)
	if err != nil {
		return constraintError(err, "The refund could not be saved.")
	}
	r.ID = id
	return nil
}

// checkOnAccount refuses to take more off a client's money on account than
// it holds, on day d and at the latest day anything is recorded.
func (tx *Tx) checkOnAccount(clientID int64, d data.Date, amount int64) error {
	for _, day := range []data.Date{d, data.MaxDate} {
		held, err := tx.OnAccount(clientID, day)
		if err != nil {
			return err
		}
		if amount > held {
			return data.Errorf(data.EINVALID, "The client has only %s on account; a refund cannot be larger.", data.M(max(0, held), tx.currency))
		}
	}
	return nil
}

// Refunds lists a client's refunds, newest first.
func (s *Store) Refunds(ctx context.Context, clientID int64) ([]data.Refund, error) {
	return queryAll(ctx, s.db, "", func(r scanner) (f data.Refund, err error) {
		err = r.Scan(&f.ID, &f.Kind, &f.ClientID, &f.Date, &f.Amount.Amount, &f.Amount.Currency, &f.Method, &f.Reference, &f.Notes)
		return f, err
	}, `SELECT id, kind, client_id, date, amount, currency, method, reference, notes FROM refunds WHERE client_id = ? ORDER BY date DESC, id DESC`, clientID)
}
