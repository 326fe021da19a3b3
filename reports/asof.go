package reports

import (
	"context"
	"database/sql"

	"cartera/data"
)

// OpenItem is an invoice open at the end of a day, with its balance then.
type OpenItem struct {
	InvoiceID int64
	ClientID  int64
	Issue     data.Date
	Due       data.Date
	Balance   int64 // minor units
}

// querier is what the analytics read from: the store's *sql.DB.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// openQuery finds every invoice open at the end of day ?1: issued by then,
// with a balance then. Today's balance is cached per invoice; the balance at
// ?1 adds back what was paid or credited after ?1. The first part reads only
// the partial covering index of open invoices; the second only the
// settlements dated after ?1 (none, for today).
const openQuery = `
SELECT i.id, i.client_id, i.issue_date, i.due_date, i.open_balance
  FROM invoices i INDEXED BY invoices_open
 WHERE i.open_balance > 0 AND i.issue_date <= ?1
UNION ALL
SELECT i.id, i.client_id, i.issue_date, i.due_date, later.amount
  FROM (SELECT a.invoice_id, SUM(a.amount) AS amount
          FROM payments p CROSS JOIN allocations a ON a.payment_id = p.id
         WHERE p.date > ?1 GROUP BY a.invoice_id
        UNION ALL
        SELECT a.invoice_id, SUM(a.amount)
          FROM credit_notes n CROSS JOIN allocations a ON a.credit_note_id = n.id
         WHERE n.date > ?1 GROUP BY a.invoice_id) later
  JOIN invoices i ON i.id = later.invoice_id
 WHERE i.issue_date <= ?1`

// OpenAt lists the invoices open at the end of day d with their balances
// then, one entry per invoice.
func OpenAt(ctx context.Context, db querier, d data.Date) ([]OpenItem, error) {
	rows, err := db.QueryContext(ctx, openQuery, d)
	if err != nil {
		return nil, readErr(err)
	}
	defer rows.Close()
	var items []OpenItem
	index := map[int64]int{} // an invoice can come from both parts: add them
	for rows.Next() {
		var it OpenItem
		if err := rows.Scan(&it.InvoiceID, &it.ClientID, &it.Issue, &it.Due, &it.Balance); err != nil {
			return nil, readErr(err)
		}
		if i, ok := index[it.InvoiceID]; ok {
			items[i].Balance += it.Balance
			continue
		}
		index[it.InvoiceID] = len(items)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr(err)
	}
	out := items[:0]
	for _, it := range items {
		if it.Balance > 0 {
			out = append(out, it)
		}
	}
	return out, nil
}

func readErr(err error) error {
	if err == nil || err == context.Canceled || err == context.DeadlineExceeded {
		return err
	}
	return data.Wrap(err, data.EINTERNAL, "The company file could not be read.")
}
