package data

// PlanStatus is where a payment plan stands.
type PlanStatus string

const (
	PlanActive    PlanStatus = "active"    // instalments being paid
	PlanCompleted PlanStatus = "completed" // everything paid
	PlanBroken    PlanStatus = "broken"    // an instalment was missed: normal chasing resumes
	PlanCancelled PlanStatus = "cancelled" // ended by hand
)

// Interval is how far apart instalments fall.
type Interval string

const (
	Weekly      Interval = "weekly"
	Fortnightly Interval = "fortnightly"
	Monthly     Interval = "monthly"
)

// Intervals lists them in the order forms show them.
var Intervals = []Interval{Weekly, Fortnightly, Monthly}

// MaxInstalments bounds a plan: five years of monthly payments.
const MaxInstalments = 60

// PaymentPlan turns a client's overdue invoices into dated instalments
// that add up exactly to what they owed.
type PaymentPlan struct {
	ID          int64
	ClientID    int64
	Agreed      Date
	Total       Money
	Every       Interval
	Status      PlanStatus
	Ended       Date // when it was completed, broken or cancelled
	Note        string
	Invoices    []int64
	Instalments []Instalment
}

// Instalment is one agreed payment of a plan; it is also a promise to pay.
type Instalment struct {
	ID        int64
	N         int // 1-based
	Due       Date
	Amount    int64
	PromiseID int64
}

// SplitAmount divides total minor units into n instalments that add up to
// it exactly: equal parts, the cents left over on the last one
// (1000.00 in 3 → 333.33 + 333.33 + 333.34).
func SplitAmount(total int64, n int) ([]int64, error) {
	if n < 1 || n > MaxInstalments {
		return nil, Errorf(EINVALID, "A payment plan has from 1 to %d instalments.", MaxInstalments)
	}
	if total < int64(n) {
		return nil, Errorf(EINVALID, "The amount is too small for %d instalments.", n)
	}
	out := make([]int64, n)
	each := total / int64(n)
	for i := range out {
		out[i] = each
	}
	out[n-1] += total - each*int64(n)
	return out, nil
}

// InstalmentDates are n dates from first, every interval apart; monthly
// dates keep first's day, or the month's last day when it has fewer.
func InstalmentDates(first Date, n int, every Interval) ([]Date, error) {
	if first.IsZero() {
		return nil, Errorf(EINVALID, "A payment plan needs the date of its first instalment.")
	}
	out := make([]Date, n)
	for i := range out {
		switch every {
		case Weekly:
			out[i] = first.AddDays(7 * i)
		case Fortnightly:
			out[i] = first.AddDays(14 * i)
		case Monthly:
			out[i] = first.AddMonths(i)
		default:
			return nil, Errorf(EINVALID, "Instalments are weekly, fortnightly or monthly, not %q.", string(every))
		}
		if err := CheckDate(out[i]); err != nil { // 9999-12-31 + a month is year 10000
			return nil, err
		}
	}
	return out, nil
}

// NewPlan schedules total in n instalments from first, every interval.
func NewPlan(clientID int64, agreed Date, total Money, invoices []int64, n int, first Date, every Interval) (PaymentPlan, error) {
	p := PaymentPlan{ClientID: clientID, Agreed: agreed, Total: total, Every: every, Status: PlanActive, Invoices: invoices}
	if len(invoices) == 0 {
		return p, Errorf(EINVALID, "Choose the invoices the payment plan covers.")
	}
	if first.Before(agreed) {
		return p, Errorf(EINVALID, "The first instalment cannot fall before the day the plan is agreed.")
	}
	amounts, err := SplitAmount(total.Amount, n)
	if err != nil {
		return p, err
	}
	dates, err := InstalmentDates(first, n, every)
	if err != nil {
		return p, err
	}
	for i := range amounts {
		p.Instalments = append(p.Instalments, Instalment{N: i + 1, Due: dates[i], Amount: amounts[i]})
	}
	return p, nil
}

// PlanCheck is how a plan stands on a day, given what has been paid
// towards it.
type PlanCheck struct {
	Paid   int64      // paid towards the plan so far
	Met    int        // instalments covered by what was paid
	Next   int        // index of the next instalment to pay; -1 when none
	Missed int        // index of an instalment past its date (and the grace days) and not covered; -1 when none
	Status PlanStatus // what the plan should be now
}

// Check says which instalments paid covers as of day: an instalment is met
// when everything up to and including it has been paid, and missed when its
// date plus grace days has passed first.
func (p PaymentPlan) Check(paid int64, day Date, grace int) PlanCheck {
	c := PlanCheck{Paid: min(max(paid, 0), p.Total.Amount), Next: -1, Missed: -1, Status: p.Status}
	var cum int64
	for i, in := range p.Instalments {
		cum += in.Amount
		switch {
		case c.Paid >= cum:
			c.Met = i + 1
		case c.Next < 0:
			c.Next = i
			if day.After(in.Due.AddDays(grace)) {
				c.Missed = i
			}
		}
	}
	if p.Status == PlanActive {
		switch {
		case c.Met == len(p.Instalments):
			c.Status = PlanCompleted
		case c.Missed >= 0:
			c.Status = PlanBroken
		}
	}
	return c
}
