package data

import (
	"strconv"
	"strings"
)

// DuePart is one instalment of an invoice that falls due in parts
// ("vencimientos"): its number (1, 2, 3…), due date and amount.
type DuePart struct {
	N      int
	Due    Date
	Amount int64 // minor units
}

// MaxDueParts bounds the instalments of one invoice.
const MaxDueParts = 60

// checkSchedule validates an invoice's instalments: numbered 1…n, due in
// order on or after the issue date, each above zero, adding up exactly to
// the amount. The invoice's due date becomes the last part's.
func (inv *Invoice) checkSchedule() error {
	if len(inv.Schedule) == 0 {
		return nil
	}
	if len(inv.Schedule) > MaxDueParts {
		return Errorf(EINVALID, "Invoice %s has more than %d instalments.", inv.Number, MaxDueParts)
	}
	var sum int64
	for i, p := range inv.Schedule {
		switch {
		case p.Amount <= 0:
			return Errorf(EINVALID, "Each instalment of invoice %s must be above zero.", inv.Number)
		case p.Due.IsZero() || p.Due.Before(inv.IssueDate):
			return Errorf(EINVALID, "An instalment of invoice %s falls due before the invoice was issued.", inv.Number)
		case i > 0 && !p.Due.After(inv.Schedule[i-1].Due):
			return Errorf(EINVALID, "The instalments of invoice %s must fall due one after another.", inv.Number)
		}
		if err := CheckDate(p.Due); err != nil {
			return err
		}
		inv.Schedule[i].N = i + 1
		sum += p.Amount
	}
	if sum != inv.Amount.Amount {
		return Errorf(EINVALID, "The instalments of invoice %s add up to %s, not to its amount %s.", inv.Number, M(sum, inv.Amount.Currency), inv.Amount)
	}
	inv.DueDate = inv.Schedule[len(inv.Schedule)-1].Due
	return nil
}

// ParseTerms reads payment terms in instalments: "30/60/90" (days after
// the invoice date). One number is plain terms; "" is none.
func ParseTerms(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []int
	prev := -1
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n > 365 || n <= prev {
			return nil, Errorf(EINVALID, "%q are not payment terms such as 30/60/90: days after the invoice date, each later than the one before, up to 365.", s)
		}
		out = append(out, n)
		prev = n
	}
	if len(out) > MaxDueParts {
		return nil, Errorf(EINVALID, "Payment terms can have at most %d instalments.", MaxDueParts)
	}
	return out, nil
}

// ScheduleFor splits an amount issued on a day into instalments due the
// given days later, in equal parts with the cents left over on the last
// (100.00 at 30/60/90 = 33.33 + 33.33 + 33.34). Fewer than two days give
// no schedule.
func ScheduleFor(amount int64, issue Date, days []int) []DuePart {
	if len(days) < 2 {
		return nil
	}
	parts, err := SplitAmount(amount, len(days))
	if err != nil { // less than a cent an instalment: one due date
		return nil
	}
	out := make([]DuePart, len(days))
	for i, d := range days {
		out[i] = DuePart{N: i + 1, Due: issue.AddDays(d), Amount: parts[i]}
	}
	return out
}

// OpenParts spreads what was settled on an invoice (paid and credited)
// over its instalments, earliest first, and gives what each still owes.
func OpenParts(parts []DuePart, settled int64) []int64 {
	out := make([]int64, len(parts))
	for i, p := range parts {
		take := min(max(settled, 0), p.Amount)
		settled -= take
		out[i] = p.Amount - take
	}
	return out
}
