package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cartera/data"
)

// What the ledger importer needs inside its transaction: lookups by natural
// key, the payments an earlier import made, savepoints for skipping bad
// rows, and saved column mappings.

// Savepoint runs fn so that, if it fails, what it wrote is undone and the
// rest of the transaction goes on.
func (tx *Tx) Savepoint(fn func() error) error {
	if _, err := tx.exec(`SAVEPOINT row`); err != nil {
		return constraintError(err, "")
	}
	if err := fn(); err != nil {
		if _, rbErr := tx.exec(`ROLLBACK TO row`); rbErr != nil {
			return constraintError(rbErr, "")
		}
		tx.exec(`RELEASE row`)
		return err
	}
	_, err := tx.exec(`RELEASE row`)
	return constraintError(err, "")
}

// prepared runs a transaction's queries through its statement cache, so a
// query repeated for every row of an import is parsed once.
func (tx *Tx) prepared() querier { return preparedQuerier{tx} }

type preparedQuerier struct{ tx *Tx }

func (p preparedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// Clients reads every client, for matching a file's rows by code, tax ID or name.
func (tx *Tx) Clients() ([]data.Client, error) {
	return queryAll(tx.ctx, tx.prepared(), "That client does not exist.", func(r scanner) (data.Client, error) {
		return scanClient(r)
	}, `SELECT `+clientCols+` FROM clients c ORDER BY c.id`)
}

// InvoiceByNumber reads an invoice by its number; ok is false if there is
// none. An all-digit number also finds the invoice written with more or
// fewer leading zeros, as spreadsheets lose them.
func (tx *Tx) InvoiceByNumber(number string) (inv data.Invoice, ok bool, err error) {
	// One probe of the leading-zeros index finds both spellings; most
	// numbers of an import are new, so this is usually all it costs.
	rows, err := tx.prepared().QueryContext(tx.ctx, `SELECT id, number FROM invoices WHERE ltrim(number, '0') = ltrim(?, '0')`, number)
	if err != nil {
		return inv, false, readError(err, "")
	}
	var id int64
	for rows.Next() {
		var cid int64
		var cnum string
		if err := rows.Scan(&cid, &cnum); err != nil {
			rows.Close()
			return inv, false, readError(err, "")
		}
		if cnum == number || (id == 0 && allDigits(cnum) && allDigits(number)) {
			id = cid
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || id == 0 {
		return inv, false, readError(err, "")
	}
	inv, err = scanInvoice(tx.queryRow(`SELECT `+invoiceCols+` FROM invoices i WHERE i.id = ?`, id))
	return inv, err == nil, readError(err, "")
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Paid tells how much has been applied to an invoice: by payments entered
// in Cartera (other), by credit notes (credits), and the payments a ledger
// import made for this invoice alone (imported).
func (tx *Tx) Paid(invoiceID int64) (other, credits int64, imported []data.Payment, err error) {
	rows, err := tx.prepared().QueryContext(tx.ctx, `SELECT s.source_id, s.date, s.amount, s.kind = 'credit_note',
			s.kind = 'payment' AND p.source = 'import'
			AND (SELECT COUNT(*) FROM allocations a WHERE a.payment_id = p.id) = 1 AND p.amount = s.amount
		FROM settlements s LEFT JOIN payments p ON s.kind = 'payment' AND p.id = s.source_id
		WHERE s.invoice_id = ? ORDER BY s.date, s.source_id`, invoiceID)
	if err != nil {
		return 0, 0, nil, readError(err, "")
	}
	defer rows.Close()
	for rows.Next() {
		var p data.Payment
		var credit, own bool
		if err := rows.Scan(&p.ID, &p.Date, &p.Amount.Amount, &credit, &own); err != nil {
			return 0, 0, nil, readError(err, "")
		}
		switch {
		case own:
			p.Source = data.Imported
			imported = append(imported, p)
		case credit:
			credits += p.Amount.Amount
		default:
			other += p.Amount.Amount
		}
	}
	return other, credits, imported, readError(rows.Err(), "")
}

// OpenBalance is what an invoice still owes today.
func (tx *Tx) OpenBalance(invoiceID int64) (int64, error) {
	var n int64
	err := tx.queryRow(`SELECT open_balance FROM invoices WHERE id = ?`, invoiceID).Scan(&n)
	return n, readError(err, "That invoice no longer exists.")
}

// CreditNoteByNumber finds a credit note by its number.
func (tx *Tx) CreditNoteByNumber(number string) (n data.CreditNote, ok bool, err error) {
	err = tx.queryRow(`SELECT id, number, client_id, date, amount, currency, reason, corrects FROM credit_notes WHERE number = ?`, number).
		Scan(&n.ID, &n.Number, &n.ClientID, &n.Date, &n.Amount.Amount, &n.Amount.Currency, &n.Reason, &n.Corrects)
	if errors.Is(err, sql.ErrNoRows) {
		return n, false, nil
	}
	return n, err == nil, readError(err, "")
}

// CountRefunds counts a client's refunds with the same date, amount and
// reference: those an import recorded before (or this one added).
func (tx *Tx) CountRefunds(clientID int64, date data.Date, amount int64, reference string) (int, error) {
	var n int
	err := tx.queryRow(`SELECT COUNT(*) FROM refunds WHERE client_id = ? AND date = ? AND amount = ? AND reference = ?`,
		clientID, date, amount, reference).Scan(&n)
	return n, readError(err, "")
}

// OpenInvoice is an invoice that still owes something.
type OpenInvoice struct {
	ID      int64
	Number  string
	Balance int64
}

// Spread applies amount to open invoices in their order, each up to its
// balance, until the amount runs out; what is left over stays on account.
func Spread(open []OpenInvoice, amount int64) []data.Allocation {
	var out []data.Allocation
	for _, o := range open {
		if amount == 0 {
			break
		}
		part := min(amount, o.Balance)
		out = append(out, data.Allocation{InvoiceID: o.ID, Amount: part})
		amount -= part
	}
	return out
}

// OpenInvoices lists a client's unpaid invoices, oldest due first.
func (tx *Tx) OpenInvoices(clientID int64) ([]OpenInvoice, error) {
	return queryAll(tx.ctx, tx.prepared(), "", func(r scanner) (o OpenInvoice, err error) {
		err = r.Scan(&o.ID, &o.Number, &o.Balance)
		return o, err
	}, `SELECT id, number, open_balance FROM invoices WHERE client_id = ? AND open_balance > 0
		ORDER BY due_date, issue_date, id`, clientID)
}

// CountPayments counts a client's payments with the same date, amount and
// reference: those a payment list imported before (or this import added).
func (tx *Tx) CountPayments(clientID int64, date data.Date, amount int64, reference string) (int, error) {
	var n int
	err := tx.queryRow(`SELECT COUNT(*) FROM payments WHERE client_id = ? AND date = ? AND amount = ? AND reference = ?`,
		clientID, date, amount, reference).Scan(&n)
	return n, readError(err, "")
}

// InvoiceDisputes lists the disputes on one invoice, oldest first.
func (tx *Tx) InvoiceDisputes(invoiceID int64) ([]data.Dispute, error) {
	return queryAll(tx.ctx, tx.prepared(), "", func(r scanner) (d data.Dispute, err error) {
		err = r.Scan(&d.ID, &d.InvoiceID, &d.Opened, &d.Reason, &d.Resolved, &d.Resolution)
		return d, err
	}, `SELECT id, invoice_id, opened, reason, resolved, resolution FROM disputes WHERE invoice_id = ? ORDER BY opened, id`, invoiceID)
}

// SaveMapping stores a column mapping under its name, replacing one of the same name.
func (tx *Tx) SaveMapping(m data.ImportMapping) error {
	m.Name = strings.TrimSpace(m.Name)
	if m.Name == "" {
		return data.Errorf(data.EINVALID, "A saved mapping needs a name.")
	}
	if m.Used.IsZero() {
		m.Used = tx.s.clock.Now()
	}
	_, err := tx.exec(`INSERT INTO import_mappings (name, header_key, kind, columns, date_order, used) VALUES (?,?,?,?,?,?)
		ON CONFLICT (name) DO UPDATE SET header_key = excluded.header_key, kind = excluded.kind,
		columns = excluded.columns, date_order = excluded.date_order, used = excluded.used`,
		m.Name, m.HeaderKey, m.Kind, joinLines(m.Columns), m.DateOrder, m.Used.UTC().Format(time.RFC3339Nano))
	return constraintError(err, "The mapping %s could not be saved.", m.Name)
}

const mappingCols = `name, header_key, kind, columns, date_order, used`

func scanMapping(r scanner) (m data.ImportMapping, err error) {
	var cols, used string
	err = r.Scan(&m.Name, &m.HeaderKey, &m.Kind, &cols, &m.DateOrder, &used)
	m.Columns = strings.Split(cols, "\n")
	m.Used, _ = time.Parse(time.RFC3339Nano, used)
	return m, err
}

// Mappings lists the saved column mappings, most recently used first.
func (s *Store) Mappings(ctx context.Context) ([]data.ImportMapping, error) {
	return queryAll(ctx, s.db, "", scanMapping, `SELECT `+mappingCols+` FROM import_mappings ORDER BY used DESC, name`)
}

// Mapping reads a saved mapping by name.
func (s *Store) Mapping(ctx context.Context, name string) (data.ImportMapping, error) {
	m, err := scanMapping(s.db.QueryRowContext(ctx, `SELECT `+mappingCols+` FROM import_mappings WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return m, data.Errorf(data.ENOTFOUND, "There is no saved mapping called %s.", name)
	}
	return m, readError(err, "")
}

// MappingForHeaders finds the mapping last used for a header row; ok is
// false if none was saved for it.
func (s *Store) MappingForHeaders(ctx context.Context, headerKey string) (m data.ImportMapping, ok bool, err error) {
	m, err = scanMapping(s.db.QueryRowContext(ctx, `SELECT `+mappingCols+` FROM import_mappings WHERE header_key = ?
		ORDER BY used DESC LIMIT 1`, headerKey))
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	return m, err == nil, readError(err, "")
}
