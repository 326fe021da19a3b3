package reports

import (
	"context"
	"math"
	"sort"

	"cartera/data"
)

// Class sums up how a client pays.
type Class string

const (
	ClassNew          Class = "new"          // fewer than 3 invoices paid: too little history
	ClassEarly        Class = "early"        // pays 5+ days before the due date on average, rarely late
	ClassOnTime       Class = "on_time"      // around the due date, steadily
	ClassInconsistent Class = "inconsistent" // sometimes early, sometimes very late
	ClassLate         Class = "late"         // late on average (15+ days) or on half of the invoices
)

// Thresholds of the classes and the alert, documented in README.
const (
	minHistory      = 3    // paid invoices needed for a class
	earlyDays       = -5.0 // mean (paid − due) at or below: early…
	earlyMaxLate    = 0.10 // …if at most this share was late
	lateMeanDays    = 15.0 // mean days late above: late
	lateRate        = 0.50 // or this share of invoices late: late
	inconsistentSD  = 15.0 // std dev of (paid − due) above: inconsistent
	risingDays      = 7.0  // days to pay up by at least this much…
	recentMonths    = 3    // …in the last 3 months…
	beforeMonths    = 12   // …against the 12 before
	minTrendInvoice = 2    // invoices needed in each window
)

// Behaviour is how a client has paid up to a day, and what it owes then.
type Behaviour struct {
	ClientID          int64
	Invoices          int // issued up to the day
	Paid              int // fully paid up to the day
	AvgDaysToPay      float64
	WeightedDaysToPay float64
	AvgDaysLate       float64 // days after the due date, 0 for those on time
	LateRate          float64 // share of paid invoices paid after the due date
	Variability       float64 // standard deviation of (paid − due), days
	RecentDaysToPay   float64 // invoices paid in the last 3 months
	BeforeDaysToPay   float64 // invoices paid in the 12 months before those
	Trend             float64 // recent − before; 0 when either window is thin
	Rising            bool    // days to pay rising by 7+ days: an alert
	Class             Class
	Risk              int // 0-100, see RiskReasons
	Reasons           []string
	Balance, Overdue  int64
	OldestOverdue     int // days
	FirstInvoice      data.Date
}

// Reasons of the risk score; keys of the translation catalog.
const (
	ReasonOftenLate    = "Paid %d%% of its invoices late."
	ReasonDaysLate     = "Pays %.0f days late on average."
	ReasonOverdue      = "%d%% of its balance is overdue."
	ReasonOldDebt      = "Its oldest overdue invoice is %d days past due."
	ReasonRising       = "Its days to pay rose by %.0f days lately."
	ReasonNoHistory    = "Little payment history yet."
	ReasonInconsistent = "Pays irregularly (± %.0f days)."
)

// PaidHistory lists the invoices of a client (0 = all clients) fully paid
// by the end of day d, with the date their last payment or credit was made.
func PaidHistory(ctx context.Context, db querier, d data.Date, clientID int64) ([]PaidInvoice, error) {
	rows, err := db.QueryContext(ctx, `
SELECT i.id, i.client_id, i.issue_date, i.due_date, i.amount, MAX(x.date)
  FROM (SELECT a.invoice_id, p.date, a.amount FROM payments p CROSS JOIN allocations a ON a.payment_id = p.id
         WHERE p.date <= ?1 AND (?2 = 0 OR p.client_id = ?2)
        UNION ALL
        SELECT a.invoice_id, n.date, a.amount FROM credit_notes n CROSS JOIN allocations a ON a.credit_note_id = n.id
         WHERE n.date <= ?1 AND (?2 = 0 OR n.client_id = ?2)) x
  JOIN invoices i ON i.id = x.invoice_id
 GROUP BY i.id HAVING SUM(x.amount) >= i.amount`, d, clientID)
	if err != nil {
		return nil, readErr(err)
	}
	defer rows.Close()
	var out []PaidInvoice
	for rows.Next() {
		var p PaidInvoice
		if err := rows.Scan(&p.InvoiceID, &p.ClientID, &p.Issue, &p.Due, &p.Amount, &p.Paid); err != nil {
			return nil, readErr(err)
		}
		out = append(out, p)
	}
	return out, readErr(rows.Err())
}

// Behaviours computes every client's behaviour (or one's, clientID ≠ 0) as
// of day d, sorted by risk, highest first.
func Behaviours(ctx context.Context, db querier, d data.Date, clientID int64) ([]Behaviour, error) {
	paid, err := PaidHistory(ctx, db, d, clientID)
	if err != nil {
		return nil, err
	}
	open, err := OpenAt(ctx, db, d)
	if err != nil {
		return nil, err
	}
	counts, err := invoiceCounts(ctx, db, d, clientID)
	if err != nil {
		return nil, err
	}
	byClient := map[int64]*Behaviour{}
	get := func(id int64) *Behaviour {
		b := byClient[id]
		if b == nil {
			b = &Behaviour{ClientID: id}
			byClient[id] = b
		}
		return b
	}
	for id, c := range counts {
		b := get(id)
		b.Invoices, b.FirstInvoice = c.n, c.first
	}
	for _, it := range open {
		if clientID != 0 && it.ClientID != clientID {
			continue
		}
		b := get(it.ClientID)
		b.Balance += it.Balance
		if days := d.DaysSince(it.Due); days > 0 {
			b.Overdue += it.Balance
			b.OldestOverdue = max(b.OldestOverdue, days)
		}
	}
	history := map[int64][]PaidInvoice{}
	for _, p := range paid {
		history[p.ClientID] = append(history[p.ClientID], p)
	}
	var out []Behaviour
	for id, b := range byClient {
		b.describe(history[id], d)
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Risk != out[j].Risk {
			return out[i].Risk > out[j].Risk
		}
		if out[i].Overdue != out[j].Overdue {
			return out[i].Overdue > out[j].Overdue
		}
		return out[i].ClientID < out[j].ClientID
	})
	return out, nil
}

type invoiceCount struct {
	n     int
	first data.Date
}

func invoiceCounts(ctx context.Context, db querier, d data.Date, clientID int64) (map[int64]invoiceCount, error) {
	rows, err := db.QueryContext(ctx, `SELECT client_id, COUNT(*), MIN(issue_date) FROM invoices
		WHERE issue_date <= ?1 AND (?2 = 0 OR client_id = ?2) AND voided = '' GROUP BY client_id`, d, clientID)
	if err != nil {
		return nil, readErr(err)
	}
	defer rows.Close()
	out := map[int64]invoiceCount{}
	for rows.Next() {
		var id int64
		var c invoiceCount
		if err := rows.Scan(&id, &c.n, &c.first); err != nil {
			return nil, readErr(err)
		}
		out[id] = c
	}
	return out, readErr(rows.Err())
}

// describe fills the figures, class, risk and reasons from the paid history.
func (b *Behaviour) describe(paid []PaidInvoice, d data.Date) {
	b.Paid = len(paid)
	var sumDays, sumLate, sumW, sumAmt, late float64
	var deltas []float64
	recentFrom := d.AddMonths(-recentMonths)
	beforeFrom := recentFrom.AddMonths(-beforeMonths)
	var recent, before []float64
	for _, p := range paid {
		dtp := float64(p.DaysToPay())
		sumDays += dtp
		sumLate += float64(p.DaysLate())
		sumW += dtp * float64(p.Amount)
		sumAmt += float64(p.Amount)
		if p.DaysLate() > 0 {
			late++
		}
		deltas = append(deltas, float64(p.Paid.DaysSince(p.Due)))
		switch {
		case p.Paid.After(recentFrom):
			recent = append(recent, dtp)
		case p.Paid.After(beforeFrom):
			before = append(before, dtp)
		}
	}
	if n := float64(len(paid)); n > 0 {
		b.AvgDaysToPay, b.AvgDaysLate, b.LateRate = sumDays/n, sumLate/n, late/n
		if sumAmt > 0 {
			b.WeightedDaysToPay = sumW / sumAmt
		}
		b.Variability = stddev(deltas)
	}
	b.RecentDaysToPay, b.BeforeDaysToPay = mean(recent), mean(before)
	if len(recent) >= minTrendInvoice && len(before) >= minTrendInvoice {
		b.Trend = b.RecentDaysToPay - b.BeforeDaysToPay
		b.Rising = b.Trend >= risingDays
	}
	meanDelta := mean(deltas)
	switch {
	case b.Paid < minHistory:
		b.Class = ClassNew
	case b.AvgDaysLate > lateMeanDays || b.LateRate >= lateRate:
		b.Class = ClassLate
	case meanDelta <= earlyDays && b.LateRate <= earlyMaxLate:
		b.Class = ClassEarly
	case b.Variability > inconsistentSD:
		b.Class = ClassInconsistent
	default:
		b.Class = ClassOnTime
	}
	b.risk()
}

// risk scores 0-100 from what the client did and owes now:
// 30 × late rate + 25 × min(days late / 60, 1) + 20 × overdue share of the
// balance + 15 × min(oldest overdue / 120, 1) + 10 if days to pay are
// rising. A client with too little history (class new) counts 0.25 for
// each of the first two parts, neither trusted nor condemned.
func (b *Behaviour) risk() {
	b.Reasons = nil
	lateRateScore := b.LateRate
	daysLateScore := math.Min(b.AvgDaysLate/60, 1)
	if b.Class == ClassNew {
		lateRateScore, daysLateScore = 0.25, 0.25
		b.Reasons = append(b.Reasons, ReasonNoHistory)
	}
	overdueShare := 0.0
	if b.Balance > 0 {
		overdueShare = float64(b.Overdue) / float64(b.Balance)
	}
	score := 30*lateRateScore + 25*daysLateScore + 20*overdueShare + 15*math.Min(float64(b.OldestOverdue)/120, 1)
	if b.Rising {
		score += 10
	}
	b.Risk = int(math.Round(math.Min(score, 100)))
	if b.Class != ClassNew && b.LateRate >= 0.25 {
		b.Reasons = append(b.Reasons, ReasonOftenLate)
	}
	if b.Class != ClassNew && b.AvgDaysLate >= 5 {
		b.Reasons = append(b.Reasons, ReasonDaysLate)
	}
	if b.Class == ClassInconsistent {
		b.Reasons = append(b.Reasons, ReasonInconsistent)
	}
	if overdueShare >= 0.5 && b.Overdue > 0 {
		b.Reasons = append(b.Reasons, ReasonOverdue)
	}
	if b.OldestOverdue >= 60 {
		b.Reasons = append(b.Reasons, ReasonOldDebt)
	}
	if b.Rising {
		b.Reasons = append(b.Reasons, ReasonRising)
	}
}

// ReasonArgs are the figures a reason's sentence needs.
func (b Behaviour) ReasonArgs(reason string) []any {
	switch reason {
	case ReasonOftenLate:
		return []any{int(math.Round(b.LateRate * 100))}
	case ReasonDaysLate:
		return []any{b.AvgDaysLate}
	case ReasonOverdue:
		return []any{int(math.Round(float64(b.Overdue) * 100 / float64(max(b.Balance, 1))))}
	case ReasonOldDebt:
		return []any{b.OldestOverdue}
	case ReasonRising:
		return []any{b.Trend}
	case ReasonInconsistent:
		return []any{b.Variability}
	}
	return nil
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func stddev(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m := mean(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

// Segment places a client in the groups the lists filter and compare by.
type Segment struct {
	BalanceBand string // "0", "<1k", "1k-10k", "10k-100k", "100k+" (major units)
	Seniority   string // since the first invoice: "<1y", "1-3y", "3y+"
	OldestDebt  string // oldest overdue: "none", "1-30", "31-60", "61-90", "91+"
	Country     string
	Industry    string
	Channel     string
	Class       Class
}

// SegmentOf groups client c with behaviour b as of day d.
func SegmentOf(b Behaviour, c data.Client, d data.Date, currency string) Segment {
	s := Segment{Country: c.Country, Industry: c.Industry, Channel: string(c.PreferredChannel), Class: b.Class}
	major := float64(b.Balance) / math.Pow10(data.CurrencyDigits(currency))
	switch {
	case b.Balance <= 0:
		s.BalanceBand = "0"
	case major < 1_000:
		s.BalanceBand = "<1k"
	case major < 10_000:
		s.BalanceBand = "1k-10k"
	case major < 100_000:
		s.BalanceBand = "10k-100k"
	default:
		s.BalanceBand = "100k+"
	}
	switch years := float64(d.DaysSince(b.FirstInvoice)) / 365.25; {
	case b.FirstInvoice.IsZero() || years < 1:
		s.Seniority = "<1y"
	case years < 3:
		s.Seniority = "1-3y"
	default:
		s.Seniority = "3y+"
	}
	s.OldestDebt = "none"
	if b.OldestOverdue > 0 {
		bs := Buckets(nil)
		s.OldestDebt = bs[bucketIndex(bs, b.OldestOverdue)].Label
	}
	return s
}

// Classes lists every class, for filters and translations.
var Classes = []Class{ClassEarly, ClassOnTime, ClassInconsistent, ClassLate, ClassNew}

// ReasonKeys lists every reason sentence the analytics give.
var ReasonKeys = []string{ReasonOftenLate, ReasonDaysLate, ReasonOverdue, ReasonOldDebt, ReasonRising, ReasonNoHistory,
	ReasonInconsistent, ReasonBrokenPromise, ReasonPromiseToday, ReasonDisputed, ReasonOverLimit, ReasonLowCapacity, ReasonCanPay}

// ModelNames are the names the late-payment models report.
var ModelNames = []string{"logistic regression", "boosted trees"}
