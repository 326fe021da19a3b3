// Package ledger holds the use cases that change what clients owe by hand:
// recording payments, credit notes and refunds, applying money on account
// to invoices, and the corrections — voiding an invoice, reversing a payment
// or a credit note. Each is one transaction and leaves a line in the audit
// log saying who did it, when, and why.
package ledger

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"

	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
)

// Part is an amount to apply to the invoice with that number.
type Part struct {
	Number string
	Amount int64 // minor units
}

// Apply says where a payment or credit note goes: to the invoices listed,
// to the client's oldest open invoices first, or nowhere (on account).
type Apply struct {
	To        []Part
	Oldest    bool
	OnAccount bool
}

// ParseParts reads "F-1=100.50,F-2=20" in the locale's way of writing
// amounts (a decimal comma needs the pair written "F-1=100,50;F-2=20").
func ParseParts(s string, l data.Locale, cur string) ([]Part, error) {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var out []Part
	for _, item := range strings.Split(s, sep) {
		number, amount, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok || strings.TrimSpace(number) == "" {
			return nil, data.Errorf(data.EINVALID, "%q is not INVOICE=AMOUNT.", item)
		}
		m, err := l.ParseMoney(amount, cur)
		if err != nil {
			return nil, err
		}
		if m.Amount <= 0 {
			return nil, data.Errorf(data.EINVALID, "The amount applied to invoice %s must be above zero.", number)
		}
		out = append(out, Part{Number: strings.TrimSpace(number), Amount: m.Amount})
	}
	return out, nil
}

// User is who the audit log names: the operating system's user.
func User() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "?"
}

// AddPayment records a payment inside a transaction, with its line in the
// audit log: the desktop app's forms and the use cases below share it.
func AddPayment(tx *sqlite.Tx, p *data.Payment, who string) error {
	if err := tx.RecordPayment(p); err != nil {
		return err
	}
	return tx.Audit(data.AuditEntry{User: who, ClientID: p.ClientID, Action: data.AuditPaymentAdd, Subject: paymentSubject(*p),
		After: describe(p.Amount, p.Allocations, tx)})
}

// AddCreditNote records a credit note inside a transaction, with its line
// in the audit log.
func AddCreditNote(tx *sqlite.Tx, n *data.CreditNote, who string) error {
	if err := tx.CreateCreditNote(n); err != nil {
		return err
	}
	return tx.Audit(data.AuditEntry{User: who, ClientID: n.ClientID, Action: data.AuditCreditNoteAdd, Subject: n.Number,
		After: describe(n.Amount, n.Allocations, tx), Reason: n.Reason})
}

// ApplyLater applies what a payment left on account to invoices inside a
// transaction, with its line in the audit log.
func ApplyLater(tx *sqlite.Tx, p data.Payment, as []data.Allocation, who string) error {
	for _, a := range as {
		if err := tx.Allocate(p.ID, a); err != nil {
			return err
		}
	}
	return tx.Audit(data.AuditEntry{User: who, ClientID: p.ClientID, Action: data.AuditApply, Subject: paymentSubject(p),
		After: describe(data.Money{}, as, tx)})
}

// EditInvoice saves changes to an invoice inside a transaction. A change
// of its number, dates or amount needs a reason, and goes to the audit log
// with what it was before.
func EditInvoice(tx *sqlite.Tx, old data.Invoice, n *data.Invoice, reason, who string) error {
	before, after := invoiceFacts(old), invoiceFacts(*n)
	if before != after && strings.TrimSpace(reason) == "" {
		return data.Errorf(data.EINVALID, "Say why the invoice's number, dates or amount change.")
	}
	if err := tx.UpdateInvoice(n); err != nil {
		return err
	}
	if before == after {
		return nil
	}
	return tx.Audit(data.AuditEntry{User: who, ClientID: n.ClientID, Action: data.AuditInvoiceEdit, Subject: old.Number,
		Before: before, After: after, Reason: strings.TrimSpace(reason)})
}

// invoiceFacts are the parts of an invoice a change of which is audited.
func invoiceFacts(inv data.Invoice) string {
	return fmt.Sprintf("%s · %s · %s · %s", inv.Number, inv.IssueDate, inv.DueDate, inv.Amount)
}

// ApplyCreditLater applies what a credit note left on account to invoices
// inside a transaction, with its line in the audit log.
func ApplyCreditLater(tx *sqlite.Tx, n data.CreditNote, as []data.Allocation, who string) error {
	for _, a := range as {
		if err := tx.ApplyCreditNote(n.ID, a); err != nil {
			return err
		}
	}
	return tx.Audit(data.AuditEntry{User: who, ClientID: n.ClientID, Action: data.AuditApply, Subject: n.Number,
		After: describe(data.Money{}, as, tx)})
}

// PaymentEntry is a payment typed by hand.
type PaymentEntry struct {
	Client    string // code
	Date      data.Date
	Amount    data.Money
	Reference string
	Method    string
	Notes     string
	Apply     Apply // the oldest invoices first when nothing is said
}

// RecordPayment records a payment and applies it as asked; what is not
// applied stays on account.
func RecordPayment(ctx context.Context, s *sqlite.Store, e PaymentEntry, who string) (p data.Payment, err error) {
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		c, err := tx.ClientByCode(e.Client)
		if err != nil {
			return err
		}
		p = data.Payment{ClientID: c.ID, Date: e.Date, Amount: e.Amount, Reference: e.Reference, Method: e.Method, Notes: e.Notes}
		a := e.Apply
		if len(a.To) == 0 && !a.OnAccount {
			a.Oldest = true
		}
		if p.Allocations, err = allocations(tx, c.ID, e.Amount.Amount, a); err != nil {
			return err
		}
		return AddPayment(tx, &p, who)
	})
	return p, err
}

// CreditEntry is a credit note typed by hand.
type CreditEntry struct {
	Client  string
	Number  string
	Date    data.Date
	Amount  data.Money
	Invoice string // the invoice it corrects, if any
	Reason  string
	Apply   Apply // the corrected invoice when nothing is said, else on account
}

// RecordCreditNote records a credit note: applied to the invoices listed,
// else to the invoice it corrects (up to what it owes); the rest stays on
// account, to be applied later or refunded.
func RecordCreditNote(ctx context.Context, s *sqlite.Store, e CreditEntry, who string) (n data.CreditNote, err error) {
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		c, err := tx.ClientByCode(e.Client)
		if err != nil {
			return err
		}
		n = data.CreditNote{Number: e.Number, ClientID: c.ID, Date: e.Date, Amount: e.Amount, Reason: e.Reason, Corrects: e.Invoice}
		a := e.Apply
		if len(a.To) == 0 && !a.OnAccount && !a.Oldest && e.Invoice != "" {
			inv, err := invoiceOf(tx, c.ID, e.Invoice)
			if err != nil {
				return err
			}
			bal, err := tx.OpenBalance(inv.ID)
			if err != nil {
				return err
			}
			if part := min(bal, e.Amount.Amount); part > 0 {
				a.To = []Part{{Number: inv.Number, Amount: part}}
			}
		}
		if n.Allocations, err = allocations(tx, c.ID, e.Amount.Amount, a); err != nil {
			return err
		}
		return AddCreditNote(tx, &n, who)
	})
	return n, err
}

// ApplyPayment applies what a payment left on account to invoices. ref is
// the payment's reference, or #ID.
func ApplyPayment(ctx context.Context, s *sqlite.Store, ref string, to []Part, who string) error {
	return s.Update(ctx, func(tx *sqlite.Tx) error {
		p, err := paymentByRef(tx, ref)
		if err != nil {
			return err
		}
		as, err := allocations(tx, p.ClientID, -1, Apply{To: to})
		if err != nil {
			return err
		}
		return ApplyLater(tx, p, as, who)
	})
}

// ApplyCreditNote applies what a credit note left on account to invoices.
func ApplyCreditNote(ctx context.Context, s *sqlite.Store, number string, to []Part, who string) error {
	return s.Update(ctx, func(tx *sqlite.Tx) error {
		n, ok, err := tx.CreditNoteByNumber(number)
		if err != nil {
			return err
		}
		if !ok {
			return data.Errorf(data.ENOTFOUND, "There is no credit note %s.", number)
		}
		as, err := allocations(tx, n.ClientID, -1, Apply{To: to})
		if err != nil {
			return err
		}
		return ApplyCreditLater(tx, n, as, who)
	})
}

// RefundEntry pays money on account back to a client.
type RefundEntry struct {
	Client    string
	Date      data.Date
	Amount    data.Money
	Reference string
	Method    string
	Notes     string
}

// Refund records a refund of money on account; it never touches an invoice.
func Refund(ctx context.Context, s *sqlite.Store, e RefundEntry, who string) (f data.Refund, err error) {
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		c, err := tx.ClientByCode(e.Client)
		if err != nil {
			return err
		}
		f = data.Refund{ClientID: c.ID, Date: e.Date, Amount: e.Amount, Reference: e.Reference, Method: e.Method, Notes: e.Notes}
		if err := tx.RecordRefund(&f); err != nil {
			return err
		}
		return tx.Audit(data.AuditEntry{User: who, ClientID: c.ID, Action: data.AuditRefund, Subject: e.Reference,
			After: e.Amount.String(), Reason: e.Notes})
	})
	return f, err
}

// VoidInvoice voids an invoice entered by mistake; what was applied to it
// goes back on account (freed says how much).
func VoidInvoice(ctx context.Context, s *sqlite.Store, number, reason string, day data.Date, who string) (freed int64, err error) {
	if strings.TrimSpace(reason) == "" {
		return 0, data.Errorf(data.EINVALID, "Say why the invoice is voided.")
	}
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		inv, err := invoiceOf(tx, 0, number)
		if err != nil {
			return err
		}
		bal, err := tx.OpenBalance(inv.ID)
		if err != nil {
			return err
		}
		if freed, err = tx.VoidInvoice(inv.ID, day, reason); err != nil {
			return err
		}
		return tx.Audit(data.AuditEntry{User: who, ClientID: inv.ClientID, Action: data.AuditInvoiceVoid, Subject: inv.Number,
			Before: fmt.Sprintf("%s (%s)", inv.Amount, data.M(bal, inv.Amount.Currency)), Reason: reason})
	})
	return freed, err
}

// ReversePayment takes back a payment recorded by mistake; the invoices it
// paid reopen. ref is the payment's reference, or #ID.
func ReversePayment(ctx context.Context, s *sqlite.Store, ref, reason string, day data.Date, who string) (p data.Payment, err error) {
	if strings.TrimSpace(reason) == "" {
		return p, data.Errorf(data.EINVALID, "Say why the payment is reversed.")
	}
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		if p, err = paymentByRef(tx, ref); err != nil {
			return err
		}
		if err := tx.ReversePayment(p.ID, day, reason); err != nil {
			return err
		}
		return tx.Audit(data.AuditEntry{User: who, ClientID: p.ClientID, Action: data.AuditPaymentReverse, Subject: paymentSubject(p),
			Before: p.Amount.String(), Reason: reason})
	})
	return p, err
}

// ReverseCreditNote takes back a credit note recorded by mistake.
func ReverseCreditNote(ctx context.Context, s *sqlite.Store, number, reason string, day data.Date, who string) error {
	if strings.TrimSpace(reason) == "" {
		return data.Errorf(data.EINVALID, "Say why the credit note is reversed.")
	}
	return s.Update(ctx, func(tx *sqlite.Tx) error {
		n, ok, err := tx.CreditNoteByNumber(number)
		if err != nil {
			return err
		}
		if !ok {
			return data.Errorf(data.ENOTFOUND, "There is no credit note %s.", number)
		}
		if err := tx.ReverseCreditNote(n.ID, day, reason); err != nil {
			return err
		}
		return tx.Audit(data.AuditEntry{User: who, ClientID: n.ClientID, Action: data.AuditCreditReverse, Subject: n.Number,
			Before: n.Amount.String(), Reason: reason})
	})
}

// invoiceOf finds an invoice by number, of the client given (0: any).
func invoiceOf(tx *sqlite.Tx, clientID int64, number string) (data.Invoice, error) {
	inv, ok, err := tx.InvoiceByNumber(number)
	switch {
	case err != nil:
		return inv, err
	case !ok:
		return inv, data.Errorf(data.ENOTFOUND, "There is no invoice %s.", number)
	case clientID != 0 && inv.ClientID != clientID:
		return inv, data.Errorf(data.EINVALID, "Invoice %s belongs to another client.", number)
	case !inv.Voided.IsZero():
		return inv, data.Errorf(data.EINVALID, "Invoice %s is void.", number)
	}
	return inv, nil
}

// paymentByRef finds the one payment with that reference (or #ID).
func paymentByRef(tx *sqlite.Tx, ref string) (data.Payment, error) {
	ps, err := tx.PaymentsByReference(0, ref)
	switch {
	case err != nil:
		return data.Payment{}, err
	case len(ps) == 0:
		return data.Payment{}, data.Errorf(data.ENOTFOUND, "There is no payment with reference %s.", ref)
	case len(ps) > 1:
		return data.Payment{}, data.Errorf(data.ECONFLICT, "%d payments have reference %s; name one by its number, such as #%d.", len(ps), ref, ps[0].ID)
	}
	return ps[0], nil
}

// allocations turns an Apply into allocations of amount (−1: no limit
// here; the store checks what is left) for a client.
func allocations(tx *sqlite.Tx, clientID, amount int64, a Apply) ([]data.Allocation, error) {
	if a.OnAccount {
		return nil, nil
	}
	var out []data.Allocation
	if a.Oldest {
		open, err := tx.OpenInvoices(clientID)
		if err != nil {
			return nil, err
		}
		return sqlite.Spread(open, amount), nil
	}
	for _, p := range a.To {
		inv, err := invoiceOf(tx, clientID, p.Number)
		if err != nil {
			return nil, err
		}
		out = append(out, data.Allocation{InvoiceID: inv.ID, Amount: p.Amount})
	}
	return out, nil
}

func paymentSubject(p data.Payment) string {
	if p.Reference != "" {
		return fmt.Sprintf("%s (#%d)", p.Reference, p.ID)
	}
	return fmt.Sprintf("#%d", p.ID)
}

// describe says how an amount was applied: "100.00 EUR: F-1 60.00, F-2 40.00".
func describe(total data.Money, as []data.Allocation, tx *sqlite.Tx) string {
	var parts []string
	var cur string
	for _, a := range as {
		number := fmt.Sprintf("#%d", a.InvoiceID)
		if inv, err := tx.InvoiceByID(a.InvoiceID); err == nil {
			number, cur = inv.Number, inv.Amount.Currency
		}
		parts = append(parts, number+" "+data.M(a.Amount, cur).String())
	}
	s := ""
	if total.Currency != "" {
		s = total.String()
		if len(parts) == 0 {
			return s
		}
		s += ": "
	}
	return s + strings.Join(parts, ", ")
}

// auditActions name the audit log's actions for people.
var auditActions = map[string]string{
	data.AuditPaymentAdd: i18n.N("payment recorded"), data.AuditCreditNoteAdd: i18n.N("credit note recorded"),
	data.AuditApply: i18n.N("applied to invoices"), data.AuditRefund: i18n.N("refund"), data.AuditInvoiceVoid: i18n.N("invoice voided"),
	data.AuditInvoiceEdit: i18n.N("invoice edited"), data.AuditPaymentReverse: i18n.N("payment reversed"),
	data.AuditCreditReverse: i18n.N("credit note reversed"), data.AuditLevels: i18n.N("reminder levels changed"),
	data.AuditPause: i18n.N("reminders paused"),
}

// ActionName is an audit log action in lang.
func ActionName(lang, action string) string {
	if k, ok := auditActions[action]; ok {
		return i18n.T(lang, k)
	}
	return action
}

// Change is an audit entry's before and after as one text: "a → b", or
// the one of them there is.
func Change(e data.AuditEntry) string {
	switch {
	case e.Before != "" && e.After != "":
		return e.Before + " → " + e.After
	case e.Before != "":
		return e.Before
	}
	return e.After
}
