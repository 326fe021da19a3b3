package reports

import (
	"context"
	"time"

	"cartera/data"
)

// ReportOptions choose the day and the period of the KPI report.
type ReportOptions struct {
	AsOf        data.Date
	PeriodDays  int   // N; 90 when 0
	Bounds      []int // aging buckets; the company's when nil
	ByIssueDate bool  // age the buckets from the invoice date
}

// Report holds the receivable KPIs as of a day, as README defines them.
// Ratios that are undefined (no sales in the period, say) are nil.
type Report struct {
	AsOf         data.Date
	PeriodDays   int
	Currency     string
	OpenInvoices int
	TotalAR      int64
	CurrentAR    int64
	Aging        []Bucket
	CreditSales  int64
	BeginningAR  int64
	DSO          *float64
	CountbackDSO *float64
	BPDSO        *float64
	ADD          *float64
	CEI          *float64
	PctCurrent   *float64
	PctOver90    *float64
	PaidInvoices int // fully paid in the period: the base of the three below
	AvgDaysToPay *float64
	// WeightedDaysToPay weighs each paid invoice's days by its amount.
	WeightedDaysToPay *float64
	AvgDaysLate       *float64
}

func ptr(f float64) *float64 { return &f }

// ratio is a/b, or nil when b is zero.
func ratio(a, b float64) *float64 {
	if b == 0 {
		return nil
	}
	return ptr(a / b)
}

// Compute builds the report for company c as of opts.AsOf.
func Compute(ctx context.Context, db querier, c data.Company, opts ReportOptions) (Report, error) {
	if opts.PeriodDays <= 0 {
		opts.PeriodDays = 90
	}
	if opts.Bounds == nil {
		opts.Bounds = c.AgingBuckets
	}
	d, n := opts.AsOf, opts.PeriodDays
	start := d.AddDays(-n)
	r := Report{AsOf: d, PeriodDays: n, Currency: c.Currency}
	aging, err := AgingAt(ctx, db, AgingOptions{AsOf: d, Bounds: opts.Bounds, ByIssueDate: opts.ByIssueDate})
	if err != nil {
		return r, err
	}
	r.Aging, r.TotalAR, r.OpenInvoices = aging.Buckets, aging.Total, aging.Invoices
	var over90 int64
	for _, it := range aging.Items {
		overdue := d.DaysSince(it.Due)
		if overdue <= 0 {
			r.CurrentAR += it.Balance
		}
		if overdue > 90 {
			over90 += it.Balance
		}
	}
	begin, err := OpenAt(ctx, db, start)
	if err != nil {
		return r, err
	}
	for _, it := range begin {
		r.BeginningAR += it.Balance
	}
	if r.CreditSales, err = sales(ctx, db, start, d); err != nil {
		return r, err
	}
	ar, cur, sl, days := float64(r.TotalAR), float64(r.CurrentAR), float64(r.CreditSales), float64(n)
	if r.DSO = ratio(ar*days, sl); r.DSO != nil {
		r.BPDSO = ptr(cur * days / sl)
		r.ADD = ptr(*r.DSO - *r.BPDSO)
	}
	if r.CountbackDSO, err = countback(ctx, db, d, r.TotalAR); err != nil {
		return r, err
	}
	beg := float64(r.BeginningAR)
	r.CEI = ratio((beg+sl-ar)*100, beg+sl-cur)
	r.PctCurrent = ratio(cur*100, ar)
	r.PctOver90 = ratio(float64(over90)*100, ar)
	paid, err := PaidBetween(ctx, db, start, d)
	if err != nil {
		return r, err
	}
	r.PaidInvoices = len(paid)
	if len(paid) > 0 {
		var sumDays, sumLate, sumW, sumAmt float64
		for _, p := range paid {
			dtp := float64(p.DaysToPay())
			sumDays += dtp
			sumLate += float64(p.DaysLate())
			sumW += dtp * float64(p.Amount)
			sumAmt += float64(p.Amount)
		}
		k := float64(len(paid))
		r.AvgDaysToPay, r.AvgDaysLate = ptr(sumDays/k), ptr(sumLate/k)
		r.WeightedDaysToPay = ratio(sumW, sumAmt)
	}
	return r, nil
}

// sales is the amount invoiced on days after from up to and including to
// (the invoices_issue index covers it).
func sales(ctx context.Context, db querier, from, to data.Date) (int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM invoices WHERE issue_date > ? AND issue_date <= ?`, from, to)
	if err != nil {
		return 0, readErr(err)
	}
	defer rows.Close()
	var s int64
	if rows.Next() {
		err = rows.Scan(&s)
	}
	if err == nil {
		err = rows.Err()
	}
	return s, readErr(err)
}

// countback is the countback DSO at d: each calendar month's sales, going
// back from d, are taken off the receivable and the month's days counted
// (the month of d up to d only); the month that is left covers its days in
// proportion. nil when the sales of every month back to the oldest invoice
// do not use the receivable up.
func countback(ctx context.Context, db querier, d data.Date, ar int64) (*float64, error) {
	if ar == 0 {
		return ptr(0), nil
	}
	var first data.Date
	rows, err := db.QueryContext(ctx, `SELECT MIN(issue_date) FROM invoices`)
	if err != nil {
		return nil, readErr(err)
	}
	if rows.Next() {
		rows.Scan(&first)
	}
	rows.Close()
	left, days := float64(ar), 0.0
	end := d
	for !end.Before(first) && !first.IsZero() {
		monthStart := data.NewDate(end.Year(), end.Month(), 1)
		s, err := sales(ctx, db, monthStart.AddDays(-1), end)
		if err != nil {
			return nil, err
		}
		span := float64(end.DaysSince(monthStart) + 1)
		if float64(s) >= left {
			return ptr(days + left/float64(s)*span), nil
		}
		left -= float64(s)
		days += span
		end = monthStart.AddDays(-1)
	}
	return nil, nil
}

// PaidInvoice is an invoice fully paid by the end of a period, with the day
// its last payment or credit brought it to zero.
type PaidInvoice struct {
	InvoiceID, ClientID int64
	Issue, Due, Paid    data.Date
	Amount              int64
}

// DaysToPay is the days from issue to the last payment.
func (p PaidInvoice) DaysToPay() int { return p.Paid.DaysSince(p.Issue) }

// DaysLate is how many days after the due date it was paid, 0 if on time.
func (p PaidInvoice) DaysLate() int { return max(0, p.Paid.DaysSince(p.Due)) }

// PaidBetween lists the invoices whose last payment, dated after from and
// on or before to, paid them in full. Only invoices with a settlement in
// the period are looked at.
func PaidBetween(ctx context.Context, db querier, from, to data.Date) ([]PaidInvoice, error) {
	rows, err := db.QueryContext(ctx, `
WITH cand AS (
    SELECT a.invoice_id FROM payments p CROSS JOIN allocations a ON a.payment_id = p.id WHERE p.date > ?1 AND p.date <= ?2
    UNION
    SELECT a.invoice_id FROM credit_notes n CROSS JOIN allocations a ON a.credit_note_id = n.id WHERE n.date > ?1 AND n.date <= ?2),
s AS (
    SELECT a.invoice_id, p.date, a.amount FROM cand JOIN allocations a ON a.invoice_id = cand.invoice_id
      JOIN payments p ON p.id = a.payment_id WHERE p.date <= ?2
    UNION ALL
    SELECT a.invoice_id, n.date, a.amount FROM cand JOIN allocations a ON a.invoice_id = cand.invoice_id
      JOIN credit_notes n ON n.id = a.credit_note_id WHERE n.date <= ?2)
SELECT i.id, i.client_id, i.issue_date, i.due_date, i.amount, MAX(s.date)
  FROM s JOIN invoices i ON i.id = s.invoice_id
 GROUP BY i.id HAVING SUM(s.amount) >= i.amount AND MAX(s.date) > ?1`, from, to)
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

// monthEnd is the last day of d's month.
func monthEnd(d data.Date) data.Date {
	return data.NewDate(d.Year(), d.Month()+1, 1).AddDays(-1)
}

// TrendPoint is the report's headline figures at one month end.
type TrendPoint struct {
	Day                  data.Date
	TotalAR, OverdueAR   int64
	OverduePct           *float64
	DSO, BPDSO, ADD, CEI *float64
}

// Trend computes the headline figures at the end of each of the last
// months (the latest point is d itself).
func Trend(ctx context.Context, db querier, c data.Company, d data.Date, months, periodDays int) ([]TrendPoint, error) {
	out := make([]TrendPoint, 0, months)
	for i := months - 1; i >= 0; i-- {
		day := d
		if i > 0 {
			day = monthEnd(data.NewDate(d.Year(), d.Month()-time.Month(i), 1))
		}
		r, err := Compute(ctx, db, c, ReportOptions{AsOf: day, PeriodDays: periodDays})
		if err != nil {
			return nil, err
		}
		out = append(out, TrendPoint{Day: day, TotalAR: r.TotalAR, OverdueAR: r.TotalAR - r.CurrentAR,
			OverduePct: ratio(float64(r.TotalAR-r.CurrentAR)*100, float64(r.TotalAR)), DSO: r.DSO, BPDSO: r.BPDSO, ADD: r.ADD, CEI: r.CEI})
	}
	return out, nil
}
