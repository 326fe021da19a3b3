package importers

import (
	"strconv"

	"cartera/data"
	"cartera/data/sqlite"
)

// Each kind of row is read in two steps: the values are checked first (the
// errors land in r.errs), then the returned function writes them inside a
// savepoint, so a row that fails half-way leaves nothing behind.

// invoiceFields are what an invoice ledger row says.
type invoiceFields struct {
	number, code, name, tax string
	issue, due              data.Date
	amount                  data.Money
	claim                   paidClaim
	disputed, hasDisputed   bool
}

// readInvoice checks an invoice ledger row's values.
func (r *record) readInvoice() invoiceFields {
	var f invoiceFields
	f.number = parseID(r.required(InvoiceNumber))
	f.code, f.name, f.tax = r.clientFields()
	f.issue = r.date(IssueDate, true)
	f.due = r.date(DueDate, false)
	amount, ok := r.money(Amount, true)
	if ok && amount.Amount <= 0 {
		r.fail(Amount, data.Errorf(data.EINVALID, "An invoice amount must be above zero; a negative amount is read as a credit note."))
	}
	f.amount = amount
	r.checkCurrency()
	if !f.due.IsZero() && !f.issue.IsZero() && f.due.Before(f.issue) {
		r.fail(DueDate, data.Errorf(data.EINVALID, "The due date is before the invoice date."))
	}
	f.claim = r.paid(amount)
	f.disputed, f.hasDisputed = r.flag(Disputed)
	r.checkDerived(f.issue, f.due, f.claim.date)
	return f
}

// invoice reads an invoice ledger row: the invoice, what was paid on it and
// whether it is disputed.
func (r *record) invoice() func() (outcome, error) {
	f := r.readInvoice()
	r.once(f.number)
	return r.writeInvoice(f, nil)
}

// writeInvoice records an invoice: due at once (schedule nil: or in the
// parts of the client's terms, for a new one with no due date), or in the
// instalments given.
func (r *record) writeInvoice(f invoiceFields, schedule []data.DuePart) func() (outcome, error) {
	return func() (outcome, error) {
		c, err := r.ensureClient(f.code, f.name, f.tax)
		if err != nil {
			return 0, err
		}
		tx := r.im.tx
		out := unchanged
		r.errColumn = r.header(InvoiceNumber)
		inv, exists, err := tx.InvoiceByNumber(f.number)
		if err != nil {
			return 0, err
		}
		if !exists {
			inv = data.Invoice{Number: f.number, ClientID: c.ID, IssueDate: f.issue, DueDate: f.due, Amount: f.amount,
				Product: r.text(Product), Reference: r.text(Reference), Notes: r.text(Notes), Schedule: schedule}
			if f.due.IsZero() && schedule == nil {
				inv.DueDate = f.issue.AddDays(r.im.terms(c))
				if days, _ := data.ParseTerms(c.Terms); len(days) > 1 {
					inv.Schedule = data.ScheduleFor(f.amount.Amount, f.issue, days)
				}
			}
			if err := tx.CreateInvoice(&inv); err != nil {
				return 0, err
			}
			out = added
		} else {
			if inv.ClientID != c.ID {
				return 0, data.Errorf(data.ECONFLICT, "Invoice %s is already recorded for another client.", f.number)
			}
			if !inv.Voided.IsZero() { // voided in Cartera: a ledger never brings it back
				r.warn(InvoiceNumber, data.Errorf(data.ECONFLICT, "Invoice %s is void in Cartera; the row is left as it is.", f.number))
				return unchanged, nil
			}
			stored, err := tx.Schedule(inv.ID)
			if err != nil {
				return 0, err
			}
			changed := false
			switch {
			case schedule != nil:
				f.due = schedule[len(schedule)-1].Due
				if !sameSchedule(stored, schedule) {
					inv.Schedule, changed = schedule, true
				}
			case len(stored) > 0 && f.amount == inv.Amount && (f.due.IsZero() || f.due == inv.DueDate):
				// one row for an invoice Cartera splits by the client's terms: it stays split
			case len(stored) > 0:
				inv.Schedule, changed = []data.DuePart{}, true // the file now says it falls due at once
			}
			if r.updateInvoice(&inv, f.issue, f.due, f.amount, c) || changed {
				r.errColumn = r.header(Amount)
				if err := tx.UpdateInvoice(&inv); err != nil {
					return 0, err
				}
				out = updated
			}
		}
		r.errColumn = r.header(PaidAmount)
		if changed, err := r.syncPaid(inv, f.claim, out == added); err != nil {
			return 0, err
		} else if changed && out == unchanged {
			out = updated
		}
		if f.claim.stated {
			r.im.claims[inv.ID] = f.claim
		}
		if f.hasDisputed {
			r.errColumn = r.header(Disputed)
			if changed, err := r.syncDispute(inv, f.disputed, f.claim, out == added); err != nil {
				return 0, err
			} else if changed && out == unchanged {
				out = updated
			}
		}
		return out, nil
	}
}

func sameSchedule(a, b []data.DuePart) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Due != b[i].Due || a[i].Amount != b[i].Amount {
			return false
		}
	}
	return true
}

// instalments reads the rows of one invoice that a ledger writes once per
// instalment (as ERPNext and SAP export them): the same number, client and
// invoice date, each row a later due date and its own amount (and what was
// paid on it). They become one invoice due in parts. Rows that repeat a
// number without that pattern are errors.
func (im *importer) instalments(rs []*record) func() (outcome, error) {
	first := rs[0]
	fs := make([]invoiceFields, len(rs))
	for i, r := range rs {
		fs[i] = r.readInvoice()
	}
	f := fs[0]
	first.once(f.number)
	var schedule []data.DuePart
	claim := paidClaim{withCredits: true}
	for i, g := range fs {
		r := rs[i]
		if i > 0 {
			switch {
			case g.code != f.code || g.name != f.name || g.tax != f.tax || g.issue != f.issue:
				r.fail(InvoiceNumber, data.Errorf(data.ECONFLICT, "Invoice %s is also on row %d of this file, for another client or date; each invoice may be on one row only, or on one row per instalment.", f.number, first.row))
			case g.due.IsZero() || !g.due.After(fs[i-1].due):
				r.fail(DueDate, data.Errorf(data.ECONFLICT, "Invoice %s is also on row %d of this file; a row per instalment needs a due date later than the row before.", f.number, rs[i-1].row))
			}
		} else if g.due.IsZero() {
			r.fail(DueDate, data.Errorf(data.EINVALID, "Invoice %s is on several rows: each instalment needs its due date.", f.number))
		}
		if len(r.errs) > 0 {
			continue
		}
		schedule = append(schedule, data.DuePart{Due: g.due, Amount: g.amount.Amount})
		if g.claim.stated {
			claim.stated = true
			claim.paid += g.claim.paid
			claim.withCredits = claim.withCredits && g.claim.withCredits
			if g.claim.date.After(claim.date) {
				claim.date = g.claim.date
			}
		}
	}
	var total int64
	for _, p := range schedule {
		total += p.Amount
	}
	f.amount.Amount, f.due, f.claim = total, data.Date{}, claim
	if len(schedule) > 0 {
		f.due = schedule[len(schedule)-1].Due
	}
	return first.writeInvoice(f, schedule)
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

// paidClaim is what an invoice row says was paid on the invoice.
type paidClaim struct {
	stated      bool // the row says something about payments
	paid        int64
	date        data.Date
	withCredits bool // paid counts credit notes too: it came from a balance or a paid date, not a paid column
}

// paid reads how much of the invoice the row says is paid: an amount paid,
// else amount minus a balance, else all of it if there is a date paid.
func (r *record) paid(amount data.Money) paidClaim {
	c := paidClaim{date: r.date(PaidDate, false), withCredits: true}
	switch {
	case r.text(PaidAmount) != "":
		m, ok := r.money(PaidAmount, false)
		if !ok {
			return c
		}
		c.paid, c.withCredits = m.Amount, false
		if c.paid < 0 {
			r.fail(PaidAmount, data.Errorf(data.EINVALID, "The amount paid cannot be negative."))
		}
	case r.text(Balance) != "":
		m, ok := r.money(Balance, false)
		if !ok {
			return c
		}
		if m.Amount < 0 {
			r.fail(Balance, data.Errorf(data.EINVALID, "The balance cannot be negative; enter overpayments as payments in Cartera."))
		}
		c.paid = amount.Amount - m.Amount
	case !c.date.IsZero():
		c.paid = amount.Amount
	default:
		return c
	}
	c.stated = true
	if amount.Amount > 0 && c.paid > amount.Amount {
		f := PaidAmount
		if r.text(f) == "" {
			f = Balance
		}
		r.fail(f, data.Errorf(data.EINVALID, "More is paid than the invoice amount."))
	}
	return c
}

// syncPaid makes what imports paid on the invoice match the file: payments
// entered in Cartera count towards it and are never touched (credit notes
// too, unless the file's figure is a paid column, which holds payments
// only); the payment an earlier import made is replaced when the amount or
// date changed. A new invoice has nothing paid yet.
func (r *record) syncPaid(inv data.Invoice, c paidClaim, fresh bool) (bool, error) {
	if !c.stated {
		return false, nil
	}
	tx := r.im.tx
	var other, credits int64
	var imported []data.Payment
	if !fresh {
		var err error
		if other, credits, imported, err = tx.Paid(inv.ID); err != nil {
			return false, err
		}
	}
	if c.withCredits {
		other += credits
	}
	want := max(0, c.paid-other)
	date := c.date
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
func (r *record) syncDispute(inv data.Invoice, disputed bool, c paidClaim, fresh bool) (bool, error) {
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
		if c.stated && c.paid == inv.Amount.Amount && !c.date.IsZero() && !c.date.Before(inv.IssueDate) {
			d.Resolved = c.date
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
	if ok && amount.Amount == 0 {
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
		p.Allocations = sqlite.Spread(open, amount.Amount)
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

// once notes an invoice or credit note number the file holds, failing the
// row when an earlier row of the file had it: the last row must never win
// silently.
func (r *record) once(number string) {
	if number == "" {
		return
	}
	if first, ok := r.im.numbers[number]; ok {
		r.fail(InvoiceNumber, data.Errorf(data.ECONFLICT, "Invoice %s is also on row %d of this file; each invoice may be on one row only.", number, first))
		return
	}
	r.im.numbers[number] = r.row
}

// docKind is what a row records.
type docKind int

const (
	docInvoice docKind = iota
	docCredit
	docPayment
	docRefund
)

// docWords are the folded values of a document-type column, in Spanish and
// English, as accounting systems export them.
var docWords = map[string]docKind{
	"invoice": docInvoice, "factura": docInvoice, "sales invoice": docInvoice, "inv": docInvoice, "fac": docInvoice,
	"fa": docInvoice, "boleta": docInvoice, "debit note": docInvoice, "nota de debito": docInvoice, "nota de cargo": docInvoice,
	"credit note": docCredit, "credit": docCredit, "credit memo": docCredit, "cn": docCredit, "nc": docCredit,
	"nota de credito": docCredit, "nota credito": docCredit, "abono": docCredit, "nota de abono": docCredit,
	"rectificativa": docCredit, "factura rectificativa": docCredit, "return": docCredit, "sales return": docCredit,
	"payment": docPayment, "payment entry": docPayment, "receipt": docPayment, "pago": docPayment, "cobro": docPayment,
	"recibo": docPayment, "transferencia": docPayment,
	"refund": docRefund, "devolucion": docRefund, "reembolso": docRefund, "reintegro": docRefund,
	"devolucion de cobro": docRefund, "customer refund": docRefund,
}

// kindOf reads what the row records: its document-type column, else a
// negative amount (a credit note in a ledger, a refund in a payment list),
// else the file's kind.
func (r *record) kindOf(def docKind) docKind {
	if s := r.text(DocType); s != "" {
		k, ok := docWords[Fold(s)]
		if !ok {
			r.fail(DocType, data.Errorf(data.EINVALID, "%q is not a document type Cartera knows: write invoice, credit note, payment or refund (factura, abono, cobro, devolución).", s))
			return def
		}
		return k
	}
	f := Amount
	if def == docPayment {
		if _, ok := r.im.idx[PaidAmount]; ok {
			f = PaidAmount
		}
	}
	if s := r.text(f); s != "" {
		if m, err := parseAmount(s, r.im.amounts[r.im.idx[f]], r.im.company.Currency, r.im.book.IsSpreadsheet() && isRawNumber(s)); err == nil && m.Amount < 0 {
			if def == docPayment {
				return docRefund
			}
			return docCredit
		}
	}
	return def
}

// positive reads an amount that a document type or a minus sign already
// said the sense of: its absolute value, above zero.
func (r *record) positive(f Field) data.Money {
	m, ok := r.money(f, true)
	if !ok {
		return m
	}
	if m.Amount < 0 {
		m.Amount = -m.Amount
	}
	if m.Amount == 0 {
		r.fail(f, data.Errorf(data.EINVALID, "The amount must not be zero."))
	}
	return m
}

// creditNote reads a ledger row that is a credit note: a negative amount,
// or a document type that says so. It is applied to the invoice it names
// as corrected (up to what that invoice owes) and the rest stays on
// account; one naming none stays on account whole, to be applied later.
func (r *record) creditNote() func() (outcome, error) {
	number := parseID(r.required(InvoiceNumber))
	r.once(number)
	code, name, tax := r.clientFields()
	date := r.date(IssueDate, true)
	amount := r.positive(Amount)
	r.checkCurrency()
	corrects := parseID(r.text(Corrects))
	return func() (outcome, error) {
		c, err := r.ensureClient(code, name, tax)
		if err != nil {
			return 0, err
		}
		tx := r.im.tx
		r.errColumn = r.header(InvoiceNumber)
		if old, exists, err := tx.CreditNoteByNumber(number); err != nil {
			return 0, err
		} else if exists {
			switch {
			case old.ClientID != c.ID:
				return 0, data.Errorf(data.ECONFLICT, "Credit note %s is already recorded for another client.", number)
			case old.Amount != amount || old.Date != date:
				return 0, data.Errorf(data.ECONFLICT, "Credit note %s is already recorded with another amount or date; correct it in Cartera.", number)
			}
			return unchanged, nil
		}
		n := data.CreditNote{Number: number, ClientID: c.ID, Date: date, Amount: amount, Reason: r.text(Notes), Corrects: corrects}
		var inv data.Invoice
		claim, resync := paidClaim{}, false
		if corrects != "" {
			r.errColumn = r.header(Corrects)
			var exists bool
			if inv, exists, err = tx.InvoiceByNumber(corrects); err != nil {
				return 0, err
			}
			switch {
			case !exists:
				r.warn(Corrects, data.Errorf(data.ENOTFOUND, "Invoice %s is not in Cartera; the credit note stays on account, to be applied later.", corrects))
			case inv.ClientID != c.ID:
				return 0, data.Errorf(data.ECONFLICT, "Invoice %s belongs to another client.", corrects)
			default:
				// What the file said was paid on the invoice may have counted
				// this credit note: take the import's payment off first, and
				// make it match the file again once the note is applied.
				var other int64
				if claim, resync = r.im.claims[inv.ID]; resync {
					_, _, imported, err := tx.Paid(inv.ID)
					if err != nil {
						return 0, err
					}
					for _, p := range imported {
						if err := tx.DeletePayment(p.ID); err != nil {
							return 0, err
						}
						r.im.res.PaymentsAdded-- // made again below
					}
					if other, _, _, err = tx.Paid(inv.ID); err != nil {
						return 0, err
					}
				}
				bal, err := tx.OpenBalance(inv.ID)
				if err != nil {
					return 0, err
				}
				// How much of the note the invoice can take. A paid column
				// holds payments only: they come first. A balance (or a paid
				// date) already counts the credits applied in the system the
				// file came from: the note takes what the balance leaves, and
				// the payment the rest, so no payment is ever invented.
				room := bal
				switch {
				case resync && !claim.withCredits:
					room = bal - max(0, claim.paid-other)
				case resync:
					room = bal - (inv.Amount.Amount - claim.paid)
				}
				a := max(0, min(room, amount.Amount))
				if a > 0 {
					n.Allocations = []data.Allocation{{InvoiceID: inv.ID, Amount: a}}
				}
				if rest := amount.Amount - a; rest > 0 {
					r.warn(Corrects, data.Errorf(data.EINVALID, "%s of the credit note is more than invoice %s still owes; it stays on account.", data.M(rest, amount.Currency), inv.Number))
				}
			}
		}
		r.errColumn = r.header(Amount)
		if err := tx.CreateCreditNote(&n); err != nil {
			return 0, err
		}
		if resync {
			r.errColumn = r.header(Corrects)
			if _, err := r.syncPaid(inv, claim, false); err != nil {
				return 0, err
			}
		}
		r.im.res.CreditNotesAdded++
		return added, nil
	}
}

// refund reads a row that pays money on account back to the client: a
// negative payment, or a document type that says so. Like payments, the
// k-th identical row is already in Cartera when k such refunds are.
func (r *record) refund() func() (outcome, error) {
	code, name, tax := r.clientFields()
	dateField, amountField := PaidDate, PaidAmount
	if _, ok := r.im.idx[dateField]; !ok || r.text(dateField) == "" {
		dateField = IssueDate
	}
	if _, ok := r.im.idx[amountField]; !ok || r.text(amountField) == "" {
		amountField = Amount
	}
	date := r.date(dateField, true)
	amount := r.positive(amountField)
	r.checkCurrency()
	ref := r.text(Reference)
	if ref == "" {
		ref = parseID(r.text(InvoiceNumber))
	}
	return func() (outcome, error) {
		c, err := r.ensureClient(code, name, tax)
		if err != nil {
			return 0, err
		}
		tx := r.im.tx
		key := paymentKey{c.ID, date, -amount.Amount, ref}
		r.im.paymentRows[key]++
		if n, err := tx.CountRefunds(c.ID, date, amount.Amount, ref); err != nil || n >= r.im.paymentRows[key] {
			return unchanged, err
		}
		r.errColumn = r.header(amountField)
		f := data.Refund{ClientID: c.ID, Date: date, Amount: amount, Reference: ref, Notes: r.text(Notes)}
		if err := tx.RecordRefund(&f); err != nil {
			return 0, err
		}
		r.im.res.RefundsAdded++
		return added, nil
	}
}

// wrongKind fails a row whose document type does not belong in this kind of file.
func (r *record) wrongKind(err error) func() (outcome, error) {
	r.fail(DocType, err)
	return func() (outcome, error) { return unchanged, nil }
}
