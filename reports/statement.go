package reports

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"

	"cartera/data"
	"cartera/data/sqlite"
)

// Statement is a client's statement of account as of a day: what is open,
// how old it is, and optionally the activity of a period.
type Statement struct {
	Company data.Company
	Client  data.Client
	AsOf    data.Date
	Items   []StatementItem // open invoices, oldest due first
	Aging   []Bucket        // the client's aging at AsOf
	Total   int64           // the open invoices' balances
	Overdue int64
	// OnAccount is the money the client holds on account at AsOf
	// (payments and credit notes not applied, less refunds); it is
	// deducted from the total due.
	OnAccount int64

	// The activity of the period From–AsOf, when From is set.
	From     data.Date
	Opening  int64
	Activity []ActivityLine
	Closing  int64
}

// StatementItem is an open invoice on a statement.
type StatementItem struct {
	InvoiceID   int64
	Instalment  int // of an invoice due in parts: which (1…Parts); 0 for one due at once
	Parts       int
	Number      string
	Issue, Due  data.Date
	Amount      int64
	Paid        int64 // paid or credited by AsOf
	Balance     int64
	DaysOverdue int // 0 when not yet due
}

// ActivityKind is what moved a client's balance.
type ActivityKind string

const (
	ActivityInvoice ActivityKind = "invoice"
	ActivityPayment ActivityKind = "payment"
	ActivityCredit  ActivityKind = "credit"
	ActivityRefund  ActivityKind = "refund"   // money on account paid back
	ActivityReverse ActivityKind = "reversal" // a payment or credit note taken back
)

// Label is how documents name the item: its number, and for an
// instalment which of how many ("F-1 2/3").
func (it StatementItem) Label() string {
	if it.Instalment > 0 {
		return it.Number + " " + strconv.Itoa(it.Instalment) + "/" + strconv.Itoa(it.Parts)
	}
	return it.Number
}

// Due is what the client owes on balance: the open invoices less the money
// held on account. Zero or less: nothing is owed (less: in its favour).
func (s Statement) Due() int64 { return s.Total - s.OnAccount }

// ActivityLine is one movement of a period, with the balance after it.
type ActivityLine struct {
	Date    data.Date
	Kind    ActivityKind
	Ref     string // invoice or credit note number, payment reference
	Debit   int64  // invoices and refunds
	Credit  int64  // payments and credit notes
	Balance int64
}

// Lang is the language the statement speaks: the client's, else the
// company's.
func (s Statement) Lang() string {
	if s.Client.Language != "" {
		return s.Client.Language
	}
	return data.LocaleFor(s.Company.Locale).Lang
}

// Locale formats the statement's dates and money: the client's language in
// its country's way ("en" in GB writes 31/12/2025), else the company's.
func (s Statement) Locale() data.Locale {
	company := data.LocaleFor(s.Company.Locale)
	if s.Client.Language == "" || s.Client.Language == company.Lang {
		return company
	}
	if s.Client.Country != "" {
		return data.LocaleFor(s.Client.Language + "-" + s.Client.Country)
	}
	return data.LocaleFor(s.Client.Language)
}

// StatementOptions choose the day and the period of statements.
type StatementOptions struct {
	AsOf data.Date
	From data.Date // activity from this day; zero for open items only
}

// Statements builds the statements of the given clients as of opts.AsOf,
// reading the open items of every client once.
func Statements(ctx context.Context, db querier, c data.Company, clients []data.Client, opts StatementOptions) ([]Statement, error) {
	want := map[int64]int{}
	out := make([]Statement, len(clients))
	for i, cl := range clients {
		want[cl.ID] = i
		out[i] = Statement{Company: c, Client: cl, AsOf: opts.AsOf, Aging: Buckets(c.AgingBuckets), From: opts.From}
	}
	items, err := OpenAt(ctx, db, opts.AsOf)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, it := range items {
		if _, ok := want[it.ClientID]; ok {
			ids = append(ids, it.InvoiceID)
		}
	}
	heads, err := invoiceHeads(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	aging := AgingOptions{AsOf: opts.AsOf, Bounds: c.AgingBuckets}
	for _, it := range items {
		k, ok := want[it.ClientID]
		if !ok {
			continue
		}
		s := &out[k]
		h := heads[it.InvoiceID]
		amount := h.amount
		if it.Instalment > 0 {
			amount = it.PartAmount
		}
		s.Items = append(s.Items, StatementItem{InvoiceID: it.InvoiceID, Instalment: it.Instalment, Parts: it.Parts, Number: h.number,
			Issue: it.Issue, Due: it.Due, Amount: amount, Paid: amount - it.Balance, Balance: it.Balance, DaysOverdue: max(0, opts.AsOf.DaysSince(it.Due))})
		b := bucketIndex(s.Aging, aging.age(it))
		s.Aging[b].Amount += it.Balance
		s.Aging[b].Invoices++
		s.Total += it.Balance
		if opts.AsOf.After(it.Due) {
			s.Overdue += it.Balance
		}
	}
	var only int64 // one client's statement reads only that client's money on account
	if len(clients) == 1 {
		only = clients[0].ID
	}
	held, err := sqlite.OnAccountAt(ctx, db, opts.AsOf, only)
	if err != nil {
		return nil, err
	}
	for id, n := range held {
		if k, ok := want[id]; ok {
			out[k].OnAccount = n
		}
	}
	for i := range out {
		sort.SliceStable(out[i].Items, func(a, b int) bool {
			x, y := out[i].Items[a], out[i].Items[b]
			if x.Due != y.Due {
				return x.Due.Before(y.Due)
			}
			if x.Number != y.Number {
				return x.Number < y.Number
			}
			return x.Instalment < y.Instalment
		})
	}
	if !opts.From.IsZero() {
		if err := activity(ctx, db, out, want, only, opts); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type invoiceHead struct {
	number string
	amount int64
}

// invoiceHeads reads the numbers and amounts of invoices by ID.
func invoiceHeads(ctx context.Context, db querier, ids []int64) (map[int64]invoiceHead, error) {
	out := make(map[int64]invoiceHead, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	b, _ := json.Marshal(ids)
	rows, err := db.QueryContext(ctx, `SELECT id, number, amount FROM invoices WHERE id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return nil, readErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h invoiceHead
		if err := rows.Scan(&id, &h.number, &h.amount); err != nil {
			return nil, readErr(err)
		}
		out[id] = h
	}
	return out, readErr(rows.Err())
}

// activity fills the opening balance, the movements of the period and the
// closing balance of each statement. The opening balance is the true one:
// the invoices open the day before, less the money held on account then;
// so the closing balance is what the client owes on balance (Due).
func activity(ctx context.Context, db querier, out []Statement, want map[int64]int, only int64, opts StatementOptions) error {
	eve := opts.From.AddDays(-1)
	before, err := OpenAt(ctx, db, eve)
	if err != nil {
		return err
	}
	for _, it := range before {
		if k, ok := want[it.ClientID]; ok {
			out[k].Opening += it.Balance
		}
	}
	held, err := sqlite.OnAccountAt(ctx, db, eve, only)
	if err != nil {
		return err
	}
	for id, n := range held {
		if k, ok := want[id]; ok {
			out[k].Opening -= n
		}
	}
	// On one day: payments, then invoices, credit notes, refunds, and a
	// reversal after what it reverses.
	rows, err := db.QueryContext(ctx, `
SELECT client_id, day, kind, ref, amount FROM (
SELECT client_id, issue_date AS day, 'invoice' AS kind, number AS ref, amount FROM invoices WHERE issue_date >= ?1 AND issue_date <= ?2 AND voided = ''
UNION ALL
SELECT client_id, date, 'payment', reference, amount FROM payments WHERE date >= ?1 AND date <= ?2
UNION ALL
SELECT client_id, date, 'credit', number, amount FROM credit_notes WHERE date >= ?1 AND date <= ?2
UNION ALL
SELECT client_id, date, kind, reference, amount FROM refunds WHERE date >= ?1 AND date <= ?2)
ORDER BY day, CASE kind WHEN 'payment' THEN 1 WHEN 'invoice' THEN 2 WHEN 'credit' THEN 3 WHEN 'refund' THEN 4 ELSE 5 END, ref`, opts.From, opts.AsOf)
	if err != nil {
		return readErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount int64
		var l ActivityLine
		if err := rows.Scan(&id, &l.Date, &l.Kind, &l.Ref, &amount); err != nil {
			return readErr(err)
		}
		k, ok := want[id]
		if !ok {
			continue
		}
		if l.Kind == ActivityInvoice || l.Kind == ActivityRefund || l.Kind == ActivityReverse {
			l.Debit = amount
		} else {
			l.Credit = amount
		}
		out[k].Activity = append(out[k].Activity, l)
	}
	if err := rows.Err(); err != nil {
		return readErr(err)
	}
	for i := range out {
		bal := out[i].Opening
		for j := range out[i].Activity {
			bal += out[i].Activity[j].Debit - out[i].Activity[j].Credit
			out[i].Activity[j].Balance = bal
		}
		out[i].Closing = bal
	}
	return nil
}
