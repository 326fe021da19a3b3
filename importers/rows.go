package importers

import (
	"strconv"

	"cartera/data"
	"cartera/data/sqlite"
)

// Each kind of row is read in two steps: the values are checked first (the
// errors land in r.errs), then the returned function writes them inside a
// savepoint, so a row that fails half-way leaves nothing behind.

// invoice reads an invoice ledger row: the invoice, what was paid on it and
// whether it is disputed.
func (r *record) invoice() func() (outcome, error) {
	number := parseID(r.required(InvoiceNumber))
	if number != "" {
		if first, ok := r.im.numbers[number]; ok {
			r.fail(InvoiceNumber, data.Errorf(data.ECONFLICT, "Invoice %s is also on row %d of this file; each invoice may be on one row only.", number, first))
		} else {
			r.im.numbers[number] = r.row
		}
	}
	code, name, tax := r.clientFields()
	issue := r.date(IssueDate, true)
	due := r.date(DueDate, false)
	amount, ok := r.money(Amount, true)
	if ok && amount.Amount <= 0 {
		r.fail(Amount, data.Errorf(data.EINVALID, "An invoice amount must be above zero; enter credit notes in Cartera."))
	}
	r.checkCurrency()
	if !due.IsZero() && !issue.IsZero() && due.Before(issue) {
		r.fail(DueDate, data.Errorf(data.EINVALID, "The due date is before the invoice date."))
	}
	paid, paidDate := r.paid(amount)
	disputed, hasDisputed := r.flag(Disputed)
	r.checkDerived(issue, due, paidDate)
	return func() (outcome, error) {
		c, err := r.ensureClient(code, name, tax)
		if err != nil {
			return 0, err
		}
		out := unchanged
		r.errColumn = r.header(InvoiceNumber)
		inv, exists, err := r.im.tx.InvoiceByNumber(number)
		if err != nil {
			return 0, err
		}
		if !exists {
			inv = data.Invoice{Number: number, ClientID: c.ID, IssueDate: issue, DueDate: due, Amount: amount,
				Product: r.text(Product), Reference: r.text(Reference), Notes: r.text(Notes)}
			if due.IsZero() {
				inv.DueDate = issue.AddDays(r.im.terms(c))
			}
			if err := r.im.tx.CreateInvoice(&inv); err != nil {
				return 0, err
			}
			out = added
		} else {
			if inv.ClientID != c.ID {
				return 0, data.Errorf(data.ECONFLICT, "Invoice %s is already recorded for another client.", number)
			}
			if r.updateInvoice(&inv, issue, due, amount, c) {
				r.errColumn = r.header(Amount)
				if err := r.im.tx.UpdateInvoice(&inv); err != nil {
					return 0, err
				}
				out = updated
			}
		}
		r.errColumn = r.header(PaidAmount)
		if changed, err := r.syncPaid(inv, paid, paidDate, out == added); err != nil {
			return 0, err
		} else if changed && out == unchanged {
			out = updated
		}
		if hasDisputed {
			r.errColumn = r.header(Disputed)
			if changed, err := r.syncDispute(inv, disputed, paid, paidDate, out == added); err != nil {
				return 0, err
			} else if changed && out == unchanged {
				out = updated
			}
		}
		return out, nil
	}
}

// updateInvoice copies the row's values into an existing invoice and says
// whether anything changed. A due date the file gives always wins; without
// one, the stored due date stays.
func (r *record) updateInvoice(inv *data.Invoice, issue, due data.Date, amount data.Money, c *data.Client) bool {
	changed := false
	if inv.IssueDate != issue {
		inv.IssueDate, changed = issue, true
	}
	if !due.IsZero() && inv.DueDate != due {
		inv.DueDate, changed = due, true
	}
	if inv.DueDate.Before(inv.IssueDate) {
		inv.DueDate, changed = inv.IssueDate.AddDays(r.im.terms(c)), true
	}
	if inv.Amount != amount {
		inv.Amount, changed = amount, true
	}
	for f, dst := range map[Field]*string{Product: &inv.Product, Reference: &inv.Reference, Notes: &inv.Notes} {
		if v := r.text(f); v != "" && v != *dst {
			*dst, changed = v, true
		}
	}
	return changed
}

// paid reads how much of the invoice the row says is paid: an amount paid,
// else amount minus a balance, else all of it if there is a date paid.
// paid is nil when the row says nothing about payments.
func (r *record) paid(amount data.Money) (paid *int64, date data.Date) {
	date = r.date(PaidDate, false)
	var p int64
	switch {
	case r.text(PaidAmount) != "":
		m, ok := r.money(PaidAmount, false)
		if !ok {
			return nil, date
		}
		p = m.Amount
		if p < 0 {
			r.fail(PaidAmount, data.Errorf(data.EINVALID, "The amount paid cannot be negative."))
		}
	case r.text(Balance) != "":
		m, ok := r.money(Balance, false)
		if !ok {
			return nil, date
		}
		if m.Amount < 0 {
			r.fail(Balance, data.Errorf(data.EINVALID, "The balance cannot be negative; enter overpayments as payments in Cartera."))
		}
		p = amount.Amount - m.Amount
	case !date.IsZero():
		p = amount.Amount
	default:
		return nil, date
	}
	if amount.Amount > 0 && p > amount.Amount {
		f := PaidAmount
		if r.text(f) == "" {
			f = Balance
		}
		r.fail(f, data.Errorf(data.EINVALID, "More is paid than the invoice amount."))
	}
	return &p, date
}

// syncPaid makes what imports paid on the invoice match the file: payments
// entered in Cartera count towards it and are never touched; the payment
// an earlier import made is replaced when the amount or date changed.
// A new invoice has nothing paid yet.
func (r *record) syncPaid(inv data.Invoice, paid *int64, date data.Date, fresh bool) (bool, error) {
	if paid == nil {
		return false, nil
	}
	tx := r.im.tx
	var other int64
	var imported []data.Payment
	if !fresh {
		var err error
		if other, imported, err = tx.Paid(inv.ID); err != nil {
			return false, err
		}
	}
	want := max(0, *paid-other)
	var have int64
	for _, p := range imported {
		have += p.Amount.Amount
	}
	if have == want && (date.IsZero() || len(imported) == 0 || (len(imported) == 1 && imported[0].Date == date)) {
		return false, nil
	}
	for _, p := range imported {
		if err := tx.DeletePayment(p.ID); err != nil {
			return false, err
		}
	}
	if want == 0 {
		return true, nil
	}
	if date.IsZero() {
		date = r.im.today
		r.im.res.UndatedPayments++
	}
	p := data.Payment{ClientID: inv.ClientID, Date: date, Amount: data.M(want, inv.Amount.Currency),
		Source: data.Imported, Reference: inv.Number, Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: want}}}
	if err := tx.RecordPayment(&p); err != nil {
		return false, err
	}
	r.im.res.PaymentsAdded++
	return true, nil
}

// syncDispute opens a dispute on an invoice the file marks disputed (closed
// on the day it was paid in full, if it was), and resolves open disputes on
// one the file no longer marks.
func (r *record) syncDispute(inv data.Invoice, disputed bool, paid *int64, paidDate data.Date, fresh bool) (bool, error) {
	tx := r.im.tx
	var ds []data.Dispute
	if !fresh {
		var err error
		if ds, err = tx.InvoiceDisputes(inv.ID); err != nil {
			return false, err
		}
	}
	if disputed {
		if len(ds) > 0 {
			return false, nil
		}
		d := data.Dispute{InvoiceID: inv.ID, Opened: inv.IssueDate, Reason: r.im.res.File}
		if paid != nil && *paid == inv.Amount.Amount && !paidDate.IsZero() && !paidDate.Before(inv.IssueDate) {
			d.Resolved = paidDate
		}
		return true, tx.OpenDispute(&d)
	}
	changed := false
	for _, d := range ds {
		if d.Open() {
			day := r.im.today
			if day.Before(d.Opened) {
				day = d.Opened
			}
			if err := tx.ResolveDispute(d.ID, day, r.im.res.File); err != nil {
				return false, err
			}
			changed = true
		}
	}
	return changed, nil
}

// flag reads a yes/no field.
func (r *record) flag(f Field) (v, mapped bool) {
	s, mapped := r.cell(f)
	if !mapped {
		return false, false
	}
	v, ok := parseBool(s)
	if !ok {
		r.fail(f, data.Errorf(data.EINVALID, "%q is neither yes nor no.", s))
	}
	return v, true
}

// checkDerived compares the days to settle and days late a file states with
// those its dates give, and warns where they differ.
func (r *record) checkDerived(issue, due, paid data.Date) {
	check := func(f Field, want int) {
		s := r.text(f)
		if s == "" || paid.IsZero() || issue.IsZero() {
			return
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			r.warn(f, data.Errorf(data.EINVALID, "%q is not a number of days.", s))
		} else if n != want {
			r.warn(f, data.Errorf(data.EINVALID, "The file says %d days; its dates give %d.", n, want))
		}
	}
	check(DaysToSettle, paid.DaysSince(issue))
	if !due.IsZero() {
		check(DaysLate, max(0, paid.DaysSince(due)))
	}
}

// payment reads a row of a payment list: it is applied to the invoice it
// names, else to the client's oldest open invoices, else left as credit.
func (r *record) payment() func() (outcome, error) {
	code, name, tax := r.clientFields()
	dateField, amountField := PaidDate, PaidAmount
	if _, ok := r.im.idx[dateField]; !ok {
		dateField = IssueDate
	}
	if _, ok := r.im.idx[amountField]; !ok {
		amountField = Amount
	}
	date := r.date(dateField, true)
	amount, ok := r.money(amountField, true)
	if ok && amount.Amount <= 0 {
		r.fail(amountField, data.Errorf(data.EINVALID, "A payment must be above zero."))
	}
	r.checkCurrency()
	number := parseID(r.text(InvoiceNumber))
	ref := r.text(Reference)
	if ref == "" {
		ref = number
	}
	return func() (outcome, error) {
		c, err := r.ensureClient(code, name, tax)
		if err != nil {
			return 0, err
		}
		tx := r.im.tx
		// Every row is a payment of its own, even one identical to another
		// row (one transfer paying two invoices, written once per invoice).
		// The k-th identical row of the file is already in Cartera when k
		// such payments are: a second import adds nothing.
		key := paymentKey{c.ID, date, amount.Amount, ref}
		r.im.paymentRows[key]++
		if n, err := tx.CountPayments(c.ID, date, amount.Amount, ref); err != nil || n >= r.im.paymentRows[key] {
			return unchanged, err
		}
		p := data.Payment{ClientID: c.ID, Date: date, Amount: amount, Reference: ref, Notes: r.text(Notes)}
		left := amount.Amount
		open, err := tx.OpenInvoices(c.ID)
		if err != nil {
			return 0, err
		}
		if number != "" { // the invoice it names first
			r.errColumn = r.header(InvoiceNumber)
			inv, exists, err := tx.InvoiceByNumber(number)
			if err != nil {
				return 0, err
			}
			if exists && inv.ClientID != c.ID {
				return 0, data.Errorf(data.ECONFLICT, "Invoice %s belongs to another client.", number)
			}
			if !exists {
				r.warn(InvoiceNumber, data.Errorf(data.ENOTFOUND, "Invoice %s is not in Cartera; the payment goes to the client's oldest invoices.", number))
			}
			for i, o := range open {
				if o.ID == inv.ID {
					open = append([]sqlite.OpenInvoice{o}, append(open[:i:i], open[i+1:]...)...)
					break
				}
			}
		}
		for _, o := range open {
			if left == 0 {
				break
			}
			a := min(left, o.Balance)
			p.Allocations = append(p.Allocations, data.Allocation{InvoiceID: o.ID, Amount: a})
			left -= a
		}
		if err := tx.RecordPayment(&p); err != nil {
			return 0, err
		}
		r.im.res.PaymentsAdded++
		return added, nil
	}
}

// client reads a row of a client list: a new client, or new details for a
// known one.
func (r *record) client() func() (outcome, error) {
	code, name, tax := r.clientFields()
	probe := &data.Client{}
	r.contactFields(probe) // checks the values now; copied again below
	return func() (outcome, error) {
		c := r.im.findClient(code, name, tax)
		if c == nil {
			if _, err := r.ensureClient(code, name, tax); err != nil {
				return 0, err
			}
			return added, nil
		}
		updatedClient := *c
		changed := r.contactFields(&updatedClient)
		if name != "" && name != updatedClient.Name {
			updatedClient.Name, changed = name, true
		}
		if tax != "" && tax != updatedClient.TaxID {
			updatedClient.TaxID, changed = tax, true
		}
		if !changed {
			return unchanged, nil
		}
		if err := r.im.tx.UpdateClient(&updatedClient); err != nil {
			return 0, err
		}
		*c = updatedClient
		r.im.remember(c)
		return updated, nil
	}
}
