package data

// Status of an invoice on a given day.
type Status string

const (
	StatusNotIssued     Status = "not_issued" // the day is before the issue date
	StatusOpen          Status = "open"       // nothing paid, not yet due
	StatusPartiallyPaid Status = "partially_paid"
	StatusOverdue       Status = "overdue" // something left to pay after the due date
	StatusPaid          Status = "paid"
	StatusVoid          Status = "void" // voided: it leaves every figure
)

// Settlement is one dated amount taken off an invoice: an allocation of a
// payment or of a credit note.
type Settlement struct {
	Date   Date
	Amount int64 // minor units
}

// InvoiceState is an invoice's position at the end of a day.
type InvoiceState struct {
	Paid        Money // payments and credits dated on or before the day
	Balance     Money // amount − paid
	Status      Status
	DaysOverdue int  // days past the due date while a balance remains, else 0
	LastPayment Date // latest settlement on or before the day
}

// StateAsOf derives an invoice's balance and status at the end of day d from
// the settlements applied to it. Nothing of this is stored: the store's cached
// current balance must always equal StateAsOf at the latest settlement date.
func StateAsOf(inv Invoice, settlements []Settlement, d Date) InvoiceState {
	st := InvoiceState{Paid: Money{0, inv.Amount.Currency}}
	for _, s := range settlements {
		if !s.Date.After(d) {
			st.Paid.Amount += s.Amount
			if s.Date.After(st.LastPayment) {
				st.LastPayment = s.Date
			}
		}
	}
	st.Balance = inv.Amount.Sub(st.Paid)
	if !inv.Voided.IsZero() { // a voided invoice owes nothing, as of any day
		st.Balance.Amount = 0
	}
	st.Status = statusOf(inv, st.Balance.Amount, d)
	if st.Status == StatusOverdue {
		st.DaysOverdue = d.DaysSince(inv.DueDate)
	}
	return st
}

// statusOf classifies an invoice with the given balance on day d; overdue
// wins over partially paid.
func statusOf(inv Invoice, balance int64, d Date) Status {
	switch {
	case !inv.Voided.IsZero():
		return StatusVoid
	case d.Before(inv.IssueDate):
		return StatusNotIssued
	case balance <= 0:
		return StatusPaid
	case d.After(inv.DueDate):
		return StatusOverdue
	case balance < inv.Amount.Amount:
		return StatusPartiallyPaid
	}
	return StatusOpen
}
