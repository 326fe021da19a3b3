package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"cartera/data"
)

// Tx is one unit of work on a company file: everything done through it is
// saved together when the function given to Update returns nil, and nothing
// is saved otherwise. Statements are prepared once per Tx, so bulk work
// (imports, the demo generator) is fast.
type Tx struct {
	ctx   context.Context
	tx    *sql.Tx
	s     *Store
	stmts map[string]*sql.Stmt

	currency string // the company's, read on first need
}

// Update runs fn in one write transaction.
func (s *Store) Update(ctx context.Context, fn func(*Tx) error) error {
	return s.inTx(ctx, func(sqlTx *sql.Tx) error {
		tx := &Tx{ctx: ctx, tx: sqlTx, s: s, stmts: map[string]*sql.Stmt{}}
		defer func() {
			for _, st := range tx.stmts {
				st.Close()
			}
		}()
		return fn(tx)
	})
}

// Bulk readies the transaction for loading many rows into a file: a page
// cache of cacheMiB mebibytes, large enough that the write-ahead log is not
// rewritten page by page as the load goes on. It bounds the memory the load
// takes. The connection keeps it until closed.
func (tx *Tx) Bulk(cacheMiB int) error {
	_, err := tx.tx.ExecContext(tx.ctx, "PRAGMA cache_size = "+strconv.Itoa(-cacheMiB*1024))
	return err
}

// Context is the context the transaction runs under; long loops check it.
func (tx *Tx) Context() context.Context { return tx.ctx }

// stmt prepares query once per transaction.
func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	st, ok := tx.stmts[query]
	if !ok {
		var err error
		if st, err = tx.tx.PrepareContext(tx.ctx, query); err != nil {
			return nil, err
		}
		tx.stmts[query] = st
	}
	return st, nil
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.ctx, args...)
}

func (tx *Tx) insert(query string, args ...any) (int64, error) {
	res, err := tx.exec(query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// rowScanner is a single-row result whose error shows at Scan, like *sql.Row.
type rowScanner struct {
	row *sql.Row
	err error
}

func (r rowScanner) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.row.Scan(dest...)
}

func (tx *Tx) queryRow(query string, args ...any) rowScanner {
	st, err := tx.stmt(query)
	if err != nil {
		return rowScanner{err: err}
	}
	return rowScanner{row: st.QueryRowContext(tx.ctx, args...)}
}

// constraintError turns SQLite's constraint failures into sentences.
func constraintError(err error, what string, args ...any) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return data.Wrap(err, data.ECONFLICT, what, args...)
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return data.Wrap(err, data.EINVALID, "That refers to a client or invoice that does not exist.")
	case strings.Contains(msg, "open_balance >= 0"):
		return data.Wrap(err, data.EINVALID, "That would apply more to an invoice than it still owes.")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return storageError(err, "The company file could not be updated.")
}

// storageError names, in a sentence and without SQLite's own words, what
// went wrong writing or reading the company file: a full disk, a disk
// error, a rule of the file a value broke; else fallback.
func storageError(err error, fallback string) error {
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "no space left"):
		return data.Wrap(err, data.EINVALID, "The disk is full: nothing was saved. Free some space and try again.")
	case strings.Contains(msg, "disk i/o error"):
		return data.Wrap(err, data.EINVALID, "The disk could not be written or read (a disk error): nothing was saved. Check the drive, then try again.")
	case strings.Contains(msg, "check constraint failed") || strings.Contains(msg, "not null constraint failed"):
		return data.Wrap(err, data.EINVALID, "A value breaks a rule of the company file (out of range, or missing): nothing was saved.")
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return data.Wrap(err, data.EINVALID, "The company file cannot be written: it or its folder is read-only. Nothing was saved.")
	}
	return data.Wrap(err, data.EINTERNAL, fallback)
}

func joinLines(ss []string) string { return strings.Join(ss, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func splitInts(s string) []int {
	var ns []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			ns = append(ns, n)
		}
	}
	return ns
}

// SetCompany saves the company settings. The currency cannot change once
// there are invoices or payments in it.
func (tx *Tx) SetCompany(c data.Company) error {
	if err := c.Validate(); err != nil {
		return err
	}
	var old string
	var used bool
	if err := tx.queryRow(`SELECT currency, EXISTS (SELECT 1 FROM invoices) OR EXISTS (SELECT 1 FROM payments) FROM company`).
		Scan(&old, &used); err != nil {
		return data.Wrap(err, data.EINTERNAL, "The company file could not be read.")
	}
	if used && old != c.Currency {
		return data.Errorf(data.EINVALID, "The currency cannot change from %s to %s once invoices or payments are recorded.", old, c.Currency)
	}
	tx.currency = ""
	return tx.s.setCompany(tx.ctx, tx.tx, c, false)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// setCompany writes settings its callers have validated.
func (s *Store) setCompany(ctx context.Context, db execer, c data.Company, insert bool) error {
	q := `UPDATE company SET name=?, tax_id=?, address=?, country=?, email=?, phone=?, currency=?, locale=?,
		payment_terms_days=?, aging_buckets=?, payment_instructions=?, logo=? WHERE id = 1`
	if insert {
		q = `INSERT INTO company (name, tax_id, address, country, email, phone, currency, locale,
		payment_terms_days, aging_buckets, payment_instructions, logo, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1)`
	}
	_, err := db.ExecContext(ctx, q, c.Name, c.TaxID, c.Address, c.Country, c.Email, c.Phone, c.Currency, c.Locale,
		c.PaymentTermsDays, joinInts(c.AgingBuckets), c.PaymentInstructions, append([]byte{}, c.Logo...))
	return constraintError(err, "The company settings could not be saved.")
}

// CreateClient adds a client and sets its ID. Created defaults to today.
func (tx *Tx) CreateClient(c *data.Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.Created.IsZero() {
		c.Created = data.Today(tx.s.clock)
	}
	id, err := tx.insert(`INSERT INTO clients (code, name, tax_id, emails, phones, address, city, country, industry,
		segment, preferred_channel, language, credit_limit, payment_terms_days, created, notes, opt_out, search,
		open_orders, capacity_score, capacity_note, terms)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, clientArgs(c)...)
	if err != nil {
		return constraintError(err, "A client with code %s already exists.", c.Code)
	}
	c.ID = id
	return nil
}

// UpdateClient saves every field of an existing client.
func (tx *Tx) UpdateClient(c *data.Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	res, err := tx.exec(`UPDATE clients SET code=?, name=?, tax_id=?, emails=?, phones=?, address=?, city=?, country=?,
		industry=?, segment=?, preferred_channel=?, language=?, credit_limit=?, payment_terms_days=?, created=?,
		notes=?, opt_out=?, search=?, open_orders=?, capacity_score=?, capacity_note=?, terms=? WHERE id=?`, append(clientArgs(c), c.ID)...)
	if err != nil {
		return constraintError(err, "A client with code %s already exists.", c.Code)
	}
	return mustAffect(res, "That client no longer exists.")
}

func clientArgs(c *data.Client) []any {
	return []any{c.Code, c.Name, c.TaxID, joinLines(c.Emails), joinLines(c.Phones), c.Address, c.City, c.Country,
		c.Industry, c.Segment, string(c.PreferredChannel), c.Language, c.CreditLimit, c.PaymentTermsDays, c.Created,
		c.Notes, c.OptOut, clientSearch(c), c.OpenOrders, c.CapacityScore, c.CapacityNote, c.Terms}
}

// clientSearch is what a search of the clients matches, folded; migration
// 0005 computes the same for clients written before it.
func clientSearch(c *data.Client) string {
	s := fold(strings.Join([]string{c.Code, c.Name, c.TaxID, c.City, strings.Join(c.Emails, " ")}, " "))
	// The tax ID also without its dashes, dots and spaces, as people type it
	// ("335884492" finds 33588449-2); migration 0018 adds the same.
	if t := compactTaxID(c.TaxID); t != "" && t != fold(c.TaxID) {
		s += " " + t
	}
	return s
}

// compactTaxID is a tax ID folded without dashes, dots, slashes and spaces.
func compactTaxID(id string) string {
	return strings.NewReplacer("-", "", ".", "", "/", "", " ", "").Replace(fold(id))
}

// mustAffect reports notFound when an update or delete touched no row.
func mustAffect(res sql.Result, notFound string) error {
	if n, err := res.RowsAffected(); err != nil {
		return data.Wrap(err, data.EINTERNAL, "The company file could not be updated.")
	} else if n == 0 {
		return data.Errorf(data.ENOTFOUND, notFound)
	}
	return nil
}

// CreateInvoice adds an invoice and sets its ID. Its currency must be the
// company's: Cartera keeps one currency per company file.
func (tx *Tx) CreateInvoice(inv *data.Invoice) error {
	if err := inv.Validate(); err != nil {
		return err
	}
	if err := tx.checkCurrency(inv.Amount.Currency); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO invoices (number, client_id, issue_date, due_date, amount, currency, product,
		reference, notes, open_balance) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		inv.Number, inv.ClientID, inv.IssueDate, inv.DueDate, inv.Amount.Amount, inv.Amount.Currency, inv.Product,
		inv.Reference, inv.Notes, inv.Amount.Amount)
	if err != nil {
		return constraintError(err, "Invoice %s already exists.", inv.Number)
	}
	inv.ID = id
	return tx.writeSchedule(inv)
}

// writeSchedule stores an invoice's instalments in place of those it had.
func (tx *Tx) writeSchedule(inv *data.Invoice) error {
	if _, err := tx.exec(`DELETE FROM invoice_instalments WHERE invoice_id = ?`, inv.ID); err != nil {
		return constraintError(err, "The instalments could not be saved.")
	}
	for _, p := range inv.Schedule {
		if _, err := tx.exec(`INSERT INTO invoice_instalments (invoice_id, n, due_date, amount) VALUES (?,?,?,?)`, inv.ID, p.N, p.Due, p.Amount); err != nil {
			return constraintError(err, "The instalments could not be saved.")
		}
	}
	_, err := tx.exec(`UPDATE invoices SET instalments = ? WHERE id = ?`, len(inv.Schedule), inv.ID)
	return constraintError(err, "The instalments could not be saved.")
}

// Schedule reads an invoice's instalments inside the transaction (none
// when it falls due at once).
func (tx *Tx) Schedule(invoiceID int64) ([]data.DuePart, error) {
	return readSchedule(tx.ctx, tx.tx, invoiceID)
}

// checkCurrency refuses amounts in another currency than the company's:
// Cartera keeps one currency per company file.
func (tx *Tx) checkCurrency(cur string) error {
	if tx.currency == "" {
		if err := tx.queryRow(`SELECT currency FROM company`).Scan(&tx.currency); err != nil {
			return data.Wrap(err, data.EINTERNAL, "The company file could not be read.")
		}
	}
	if cur != tx.currency {
		return data.Errorf(data.EINVALID, "This company keeps its accounts in %s; amounts in %s cannot be recorded.", tx.currency, cur)
	}
	return nil
}

// UpdateInvoice saves an invoice's fields; its open balance follows a change
// of amount, and an amount below what was already paid is refused.
func (tx *Tx) UpdateInvoice(inv *data.Invoice) error {
	if inv.Schedule == nil { // the instalments it has stay, and must still add up
		stored, err := tx.Schedule(inv.ID)
		if err != nil {
			return err
		}
		inv.Schedule = stored
	}
	if err := inv.Validate(); err != nil {
		return err
	}
	if err := tx.checkCurrency(inv.Amount.Currency); err != nil {
		return err
	}
	var voided string
	if err := tx.queryRow(`SELECT voided FROM invoices WHERE id = ?`, inv.ID).Scan(&voided); err == nil && voided != "" {
		return data.Errorf(data.ECONFLICT, "Invoice %s is void; it cannot be changed.", inv.Number)
	}
	res, err := tx.exec(`UPDATE invoices SET number=?, client_id=?, issue_date=?, due_date=?, amount=?, currency=?,
		product=?, reference=?, notes=? WHERE id=?`, inv.Number, inv.ClientID, inv.IssueDate, inv.DueDate,
		inv.Amount.Amount, inv.Amount.Currency, inv.Product, inv.Reference, inv.Notes, inv.ID)
	if err != nil {
		if strings.Contains(err.Error(), "open_balance >= 0") {
			return data.Errorf(data.EINVALID, "Invoice %s cannot be less than what has already been paid on it.", inv.Number)
		}
		return constraintError(err, "Invoice %s already exists.", inv.Number)
	}
	if err := mustAffect(res, "That invoice no longer exists."); err != nil {
		return err
	}
	return tx.writeSchedule(inv)
}

// RecordPayment saves a payment and its allocations together. Each allocated
// invoice must belong to the payer, be in the payment's currency and still
// owe at least the allocated amount.
func (tx *Tx) RecordPayment(p *data.Payment) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := tx.checkAllocations(p.ClientID, p.Amount.Currency, p.Allocations); err != nil {
		return err
	}
	p.Method = data.MethodCode(p.Method) // stored as a code, shown in the reader's language
	id, err := tx.insert(`INSERT INTO payments (client_id, date, amount, currency, method, reference, notes, source)
		VALUES (?,?,?,?,?,?,?,?)`, p.ClientID, p.Date, p.Amount.Amount, p.Amount.Currency, p.Method, p.Reference, p.Notes,
		string(p.Source))
	if err != nil {
		return constraintError(err, "The payment could not be saved.")
	}
	p.ID = id
	return tx.insertAllocations("payment_id", id, p.Allocations)
}

// Allocate applies more of an existing payment's unallocated credit to an invoice.
func (tx *Tx) Allocate(paymentID int64, a data.Allocation) error {
	return tx.allocateLater("payments", "payment_id", paymentID, a, data.Errorf(data.ENOTFOUND, "That payment no longer exists."))
}

// ApplyCreditNote applies more of a credit note held on account to an invoice.
func (tx *Tx) ApplyCreditNote(noteID int64, a data.Allocation) error {
	return tx.allocateLater("credit_notes", "credit_note_id", noteID, a, data.Errorf(data.ENOTFOUND, "That credit note no longer exists."))
}

// allocateLater applies part of what a payment or credit note left on
// account to an invoice: no more than the source has left, nor than the
// client still holds on account (a refund may have paid some of it back).
func (tx *Tx) allocateLater(table, col string, id int64, a data.Allocation, gone error) error {
	var clientID, amount, used int64
	var cur, reversed string
	err := tx.queryRow(`SELECT client_id, amount, currency, (SELECT COALESCE(SUM(amount),0) FROM allocations WHERE `+col+` = s.id), reversed
		FROM `+table+` s WHERE id = ?`, id).Scan(&clientID, &amount, &cur, &used, &reversed)
	if errors.Is(err, sql.ErrNoRows) {
		return gone
	} else if err != nil {
		return data.Wrap(err, data.EINTERNAL, "The company file could not be read.")
	}
	if reversed != "" {
		return data.Errorf(data.ECONFLICT, "It was reversed; nothing of it can be applied.")
	}
	if a.Amount <= 0 || used+a.Amount > amount {
		return data.Errorf(data.EINVALID, "Only %s of this payment is left to apply.", data.M(amount-used, cur))
	}
	if err := tx.checkAllocations(clientID, cur, []data.Allocation{a}); err != nil {
		return err
	}
	if held, err := tx.OnAccount(clientID, data.MaxDate); err != nil {
		return err
	} else if a.Amount > held {
		return data.Errorf(data.EINVALID, "The client holds only %s on account; the rest was refunded.", data.M(max(0, held), cur))
	}
	return tx.insertAllocations(col, id, []data.Allocation{a})
}

// DeletePayment removes a payment; its allocations go with it and the
// invoices it paid are open again.
func (tx *Tx) DeletePayment(id int64) error {
	res, err := tx.exec(`DELETE FROM payments WHERE id = ?`, id)
	if err != nil {
		return constraintError(err, "The payment could not be deleted.")
	}
	return mustAffect(res, "That payment no longer exists.")
}

// CreateCreditNote saves a credit note and its allocations together.
func (tx *Tx) CreateCreditNote(n *data.CreditNote) error {
	if err := n.Validate(); err != nil {
		return err
	}
	if err := tx.checkAllocations(n.ClientID, n.Amount.Currency, n.Allocations); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO credit_notes (number, client_id, date, amount, currency, reason, corrects) VALUES (?,?,?,?,?,?,?)`,
		n.Number, n.ClientID, n.Date, n.Amount.Amount, n.Amount.Currency, n.Reason, n.Corrects)
	if err != nil {
		return constraintError(err, "Credit note %s already exists.", n.Number)
	}
	n.ID = id
	return tx.insertAllocations("credit_note_id", id, n.Allocations)
}

// insertAllocations applies a payment's or credit note's parts to invoices;
// the triggers bring the invoices' open balances down.
func (tx *Tx) insertAllocations(sourceCol string, sourceID int64, as []data.Allocation) error {
	for _, a := range as {
		if _, err := tx.exec(`INSERT INTO allocations (invoice_id, `+sourceCol+`, amount) VALUES (?,?,?)`, a.InvoiceID, sourceID, a.Amount); err != nil {
			return constraintError(err, "That would apply more to an invoice than it still owes.")
		}
	}
	return nil
}

// checkAllocations checks a payment or credit note of a client in currency
// cur: the company's currency, and invoices of that client that still owe
// at least what is applied to them.
func (tx *Tx) checkAllocations(clientID int64, cur string, as []data.Allocation) error {
	if err := tx.checkCurrency(cur); err != nil {
		return err
	}
	for _, a := range as {
		var number, invCur, voided string
		var owner, balance int64
		err := tx.queryRow(`SELECT number, client_id, currency, open_balance, voided FROM invoices WHERE id = ?`, a.InvoiceID).
			Scan(&number, &owner, &invCur, &balance, &voided)
		if errors.Is(err, sql.ErrNoRows) {
			return data.Errorf(data.ENOTFOUND, "That invoice no longer exists.")
		} else if err != nil {
			return data.Wrap(err, data.EINTERNAL, "The company file could not be read.")
		}
		switch {
		case voided != "":
			return data.Errorf(data.EINVALID, "Invoice %s is void.", number)
		case owner != clientID:
			return data.Errorf(data.EINVALID, "Invoice %s belongs to another client.", number)
		case invCur != cur:
			return data.Errorf(data.EINVALID, "Invoice %s is in %s, not %s.", number, invCur, cur)
		case a.Amount > balance:
			return data.Errorf(data.EINVALID, "Invoice %s only has %s left to pay.", number, data.M(balance, cur))
		}
	}
	return nil
}

// AddContact writes a line to a client's contact log.
func (tx *Tx) AddContact(e *data.ContactEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO contacts (client_id, invoice_id, at, channel, direction, outcome, note) VALUES (?,?,?,?,?,?,?)`,
		e.ClientID, nullID(e.InvoiceID), e.At.UTC().Format(time.RFC3339), string(e.Channel), string(e.Direction), e.Outcome, e.Note)
	if err != nil {
		return constraintError(err, "The contact could not be saved.")
	}
	e.ID = id
	return nil
}

// AddPromise records a promise to pay.
func (tx *Tx) AddPromise(p *data.Promise) error {
	if err := p.Validate(); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO promises (client_id, invoice_id, made, promised_date, amount, currency, status, note)
		VALUES (?,?,?,?,?,?,?,?)`, p.ClientID, nullID(p.InvoiceID), p.Made, p.PromisedDate, p.Amount.Amount, p.Amount.Currency,
		string(p.Status), p.Note)
	if err != nil {
		return constraintError(err, "The promise could not be saved.")
	}
	p.ID = id
	return nil
}

// SetPromiseStatus marks a promise kept or broken (or open again).
func (tx *Tx) SetPromiseStatus(id int64, st data.PromiseStatus) error {
	res, err := tx.exec(`UPDATE promises SET status = ? WHERE id = ?`, string(st), id)
	if err != nil {
		return data.Wrap(err, data.EINVALID, "Unknown promise status %q.", string(st))
	}
	return mustAffect(res, "That promise no longer exists.")
}

// OpenDispute records a dispute on an invoice; while open, the invoice is disputed.
func (tx *Tx) OpenDispute(d *data.Dispute) error {
	if err := d.Validate(); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO disputes (invoice_id, opened, reason, resolved, resolution) VALUES (?,?,?,?,?)`,
		d.InvoiceID, d.Opened, d.Reason, d.Resolved, d.Resolution)
	if err != nil {
		return constraintError(err, "The dispute could not be saved.")
	}
	d.ID = id
	return nil
}

// ResolveDispute closes a dispute on the given day.
func (tx *Tx) ResolveDispute(id int64, day data.Date, resolution string) error {
	res, err := tx.exec(`UPDATE disputes SET resolved = ?, resolution = ? WHERE id = ? AND opened <= ?`, day, resolution, id, day)
	if err != nil {
		return constraintError(err, "The dispute could not be saved.")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return data.Errorf(data.EINVALID, "That dispute does not exist or was opened after %s.", day)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
