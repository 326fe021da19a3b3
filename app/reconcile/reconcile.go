// Package reconcile turns bank statements into payments: it stores each
// statement's credits once, proposes the invoices each one pays, confirms
// proposals as payments and undoes confirmations. The CLI and the desktop
// app share it.
package reconcile

import (
	"context"
	"path/filepath"

	"cartera/app/chase"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
	"cartera/importers/bank"
)

// Imported says what reading a statement did (or, dry, would do).
type Imported struct {
	File    string
	Credits int    // credits in the file
	Added   int    // new ones, queued
	Bank    string // CSV/spreadsheet: the saved mapping the statement was read with or saved under
}

// Import reads a statement and queues its new credits; credits read before
// (the same bank transaction ID, else the same date, amount, reference and
// balance) are left alone. A CSV or spreadsheet statement's column mapping
// is saved under its bank's name. Dry changes nothing.
func Import(ctx context.Context, s *sqlite.Store, path string, opts importers.StatementOptions, dry bool) (Imported, error) {
	res := Imported{File: filepath.Base(path)}
	credits, st, err := bank.ReadFile(ctx, s, path, opts)
	if err != nil {
		return res, err
	}
	res.Credits = len(credits)
	err = s.Update(ctx, func(tx *sqlite.Tx) (err error) {
		for _, c := range credits {
			ok, err := tx.AddBankCredit(&sqlite.BankCredit{BankID: c.ID, Date: c.Date, Amount: c.Amount, Reference: c.Reference, Name: c.Name, File: res.File})
			if err != nil {
				return err
			}
			if ok {
				res.Added++
			}
		}
		if st != nil {
			if res.Bank, err = importers.SaveStatementMapping(tx, *st); err != nil {
				return err
			}
		}
		if dry {
			return errDry
		}
		return nil
	})
	if err == errDry {
		err = nil
	}
	return res, err
}

var errDry = data.Errorf(data.EINVALID, "dry run")

// Preview reads a CSV or spreadsheet statement without storing anything:
// its columns as Cartera maps them (also when that mapping cannot read it,
// so the columns can be chosen by hand), the first rows, and its credits.
func Preview(ctx context.Context, s *sqlite.Store, path string, opts importers.StatementOptions) (*importers.Statement, []bank.Credit, error) {
	credits, st, err := bank.ReadFile(ctx, s, path, opts)
	return st, credits, err
}

// Item is a stored credit and, while it is queued, what it probably pays.
type Item struct {
	Credit     sqlite.BankCredit
	Proposal   *bank.Proposal // nil: no match; queued credits only
	ClientName string         // of the proposal, or of the payment once confirmed
	Invoices   []string       // numbers of the invoices the proposal pays
}

// Queue proposes a match for each queued credit, oldest first.
func Queue(ctx context.Context, s *sqlite.Store) ([]Item, error) {
	queued, err := s.BankCredits(ctx, true)
	if err != nil || len(queued) == 0 {
		return nil, err
	}
	open, err := s.OpenItems(ctx, 0)
	if err != nil {
		return nil, err
	}
	clients, err := chase.Clients(ctx, s)
	if err != nil {
		return nil, err
	}
	payers := make([]bank.Payer, 0, len(clients))
	names := make(map[int64]string, len(clients))
	for _, c := range clients {
		payers = append(payers, bank.Payer{ID: c.ID, Name: c.Name, TaxID: c.TaxID})
		names[c.ID] = c.Name
	}
	c, err := s.Company(ctx)
	if err != nil {
		return nil, err
	}
	m, number := bank.NewMatcher(open, payers), numbers(open)
	items := make([]Item, 0, len(queued))
	for _, q := range queued {
		it := Item{Credit: q}
		if q.Amount.Currency != "" && q.Amount.Currency != c.Currency {
			// 100 USD never pays 100 EUR: another currency's credit is no match
			items = append(items, it)
			continue
		}
		if p := m.Match(credit(q)); p != nil {
			it.propose(p, names[p.ClientID], number)
		}
		items = append(items, it)
	}
	return items, nil
}

// credit is a stored credit as the matcher takes it.
func credit(q sqlite.BankCredit) bank.Credit {
	return bank.Credit{ID: q.BankID, Date: q.Date, Amount: q.Amount, Reference: q.Reference, Name: q.Name}
}

// propose sets the item's proposal, with the client's name and the numbers
// of the invoices it pays.
func (it *Item) propose(p *bank.Proposal, client string, numbers map[int64]string) {
	it.Proposal, it.ClientName, it.Invoices = p, client, nil
	for _, a := range p.Allocations {
		it.Invoices = append(it.Invoices, numbers[a.InvoiceID])
	}
}

// numbers maps open invoices to their numbers.
func numbers(open []sqlite.OpenItem) map[int64]string {
	out := make(map[int64]string, len(open))
	for _, o := range open {
		out[o.InvoiceID] = o.Number
	}
	return out
}

// Confirmed lists the credits already recorded as payments, or set aside
// as not a client's payment, newest first.
func Confirmed(ctx context.Context, s *sqlite.Store) ([]sqlite.BankCredit, error) {
	all, err := s.BankCredits(ctx, false)
	if err != nil {
		return nil, err
	}
	var out []sqlite.BankCredit
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].PaymentID != 0 || !all[i].Dismissed.IsZero() {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// Assign proposes what a queued credit pays when the user says which
// client sent it: the invoices it matches, else the oldest; the rest stays
// on the client's account.
func Assign(ctx context.Context, s *sqlite.Store, it Item, clientID int64) (Item, error) {
	c, err := s.Client(ctx, clientID)
	if err != nil {
		return it, err
	}
	open, err := s.OpenItems(ctx, clientID)
	if err != nil {
		return it, err
	}
	it.propose(bank.NewMatcher(open, nil).ForClient(credit(it.Credit), clientID), c.Name, numbers(open))
	return it, nil
}

// Dismiss sets a queued credit aside as not a client's payment; Undo
// brings it back.
func Dismiss(ctx context.Context, s *sqlite.Store, creditID int64) error {
	return s.Update(ctx, func(tx *sqlite.Tx) error { return tx.DismissBankCredit(creditID, data.Today(s.Clock())) })
}

// Confirm records a queued credit as the payment its proposal describes,
// with its allocations, in one transaction; method is its code (data.MethodTransfer).
func Confirm(ctx context.Context, s *sqlite.Store, it Item, method string) error {
	if it.Proposal == nil {
		return data.Errorf(data.EINVALID, "That credit matches no invoice; record it as a payment by hand.")
	}
	p := data.Payment{ClientID: it.Proposal.ClientID, Date: it.Credit.Date, Amount: it.Credit.Amount, Method: method,
		Reference: it.Credit.Reference, Notes: it.Credit.Name}
	for _, a := range it.Proposal.Allocations {
		p.Allocations = append(p.Allocations, data.Allocation{InvoiceID: a.InvoiceID, Amount: a.Amount})
	}
	return s.Update(ctx, func(tx *sqlite.Tx) error { return tx.ConfirmBankCredit(it.Credit.ID, &p) })
}

// ConfirmHigh confirms every high-confidence proposal of items, each in its
// own transaction, reporting progress; it stops when ctx ends. When two
// credits propose the same invoice only the first is confirmed: the other
// stays queued and is proposed again against what is left.
func ConfirmHigh(ctx context.Context, s *sqlite.Store, items []Item, method string, progress func(done, total int)) (int, error) {
	var high []Item
	used := map[int64]bool{}
next:
	for _, it := range items {
		if it.Proposal == nil || it.Proposal.Confidence != bank.High {
			continue
		}
		for _, a := range it.Proposal.Allocations {
			if used[a.InvoiceID] {
				continue next
			}
		}
		for _, a := range it.Proposal.Allocations {
			used[a.InvoiceID] = true
		}
		high = append(high, it)
	}
	for i, it := range high {
		if err := ctx.Err(); err != nil {
			return i, err
		}
		if err := Confirm(ctx, s, it, method); err != nil {
			return i, err
		}
		if progress != nil {
			progress(i+1, len(high))
		}
	}
	return len(high), nil
}

// Undo puts a confirmed credit back in the queue and removes its payment,
// leaving the invoices as they were before; a credit set aside comes back too.
func Undo(ctx context.Context, s *sqlite.Store, creditID int64) (payment bool, err error) {
	err = s.Update(ctx, func(tx *sqlite.Tx) (err error) {
		payment, err = tx.UnconfirmBankCredit(creditID)
		return err
	})
	return payment, err
}
