package reports

import (
	"context"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
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
	TotalAR      int64 // open invoices, gross
	CurrentAR    int64
	// UnappliedCredit is the money held on account at AsOf (payments and
	// credit notes not applied to invoices, less refunds); NetAR is
	// TotalAR less it: what clients owe on balance. The DSO family is
	// measured on the gross receivable, as ERPNext and GnuCash age invoices.
	UnappliedCredit int64
	NetAR           int64
	Aging           []Bucket
	CreditSales     int64
	BeginningAR     int64
	DSO             *float64
	CountbackDSO    *float64
	BPDSO           *float64
	ADD             *float64
	CEI             *float64
	PctCurrent      *float64
	PctOver90       *float64
	PaidInvoices    int // fully paid in the period: the base of the three below
	AvgDaysToPay    *float64
	// WeightedDaysToPay weighs each paid invoice's days by its amount.
	WeightedDaysToPay *float64
	AvgDaysLate       *float64
	// Clients with something overdue on AsOf, and those of them managed in
	// the period: contacted (a call, a message, a reminder email), who made
	// a promise to pay, or who were on a payment plan.
	OverdueClients, ManagedClients int
	PctClientsManaged              *float64
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
	r.Aging = Buckets(opts.Bounds)
	ts, err := totalsAt(ctx, db, d, r.Aging, opts.ByIssueDate, false)
	if err != nil {
		return r, err
	}
	var over90 int64
	for _, t := range ts {
		for k := range r.Aging {
			r.Aging[k].Amount += t.amounts[k]
			r.Aging[k].Invoices += t.invoices[k]
			r.TotalAR += t.amounts[k]
			r.OpenInvoices += t.invoices[k]
		}
		r.CurrentAR += t.current
		over90 += t.over90
	}
	held, err := sqlite.OnAccountAt(ctx, db, d, 0)
	if err != nil {
		return r, err
	}
	for _, n := range held {
		if r.UnappliedCredit, err = data.CheckedAdd(r.UnappliedCredit, n); err != nil {
			return r, err
		}
	}
	r.NetAR = r.TotalAR - r.UnappliedCredit
	begin, err := totalsAt(ctx, db, start, Buckets(nil), false, false)
	if err != nil {
		return r, err
	}
	for _, t := range begin {
		for _, a := range t.amounts {
			r.BeginningAR += a
		}
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
	n, sumDays, sumW, sumAmt, sumLate, err := paidStats(ctx, db, start, d)
	if err != nil {
		return r, err
	}
	r.PaidInvoices = n
	if n > 0 {
		k := float64(n)
		r.AvgDaysToPay, r.AvgDaysLate = ptr(sumDays/k), ptr(sumLate/k)
		r.WeightedDaysToPay = ratio(sumW, sumAmt)
	}
	if r.OverdueClients, r.ManagedClients, err = managed(ctx, db, start, d); err != nil {
		return r, err
	}
	r.PctClientsManaged = ratio(float64(r.ManagedClients)*100, float64(r.OverdueClients))
	return r, nil
}

// managed counts the clients with something overdue on d and those of them
// contacted, promising or on a payment plan on days after from up to d.
func managed(ctx context.Context, db querier, from, d data.Date) (overdue, managed int, err error) {
	ts, err := totalsAt(ctx, db, d, Buckets(nil), false, true)
	if err != nil {
		return 0, 0, err
	}
	late := map[int64]bool{}
	for _, t := range ts {
		var total int64
		for _, a := range t.amounts {
			total += a
		}
		if total > t.current {
			late[t.clientID] = true
		}
	}
	rows, err := db.QueryContext(ctx, `
		SELECT client_id FROM contacts WHERE at > ?1 AND at < ?3
		UNION SELECT client_id FROM promises WHERE made > ?1 AND made <= ?2
		UNION SELECT client_id FROM payment_plans WHERE agreed <= ?2 AND (status = 'active' OR ended > ?1)`,
		from.AddDays(1).String(), d, d.AddDays(1).String())
	if err != nil {
		return 0, 0, readErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, 0, readErr(err)
		}
		if late[id] {
			managed++
		}
	}
	return len(late), managed, readErr(rows.Err())
}

// sales is the amount invoiced on days after from up to and including to
// (the invoices_issue index covers it).
func sales(ctx context.Context, db querier, from, to data.Date) (int64, error) {
	return sum(ctx, db, `SELECT COALESCE(SUM(amount), 0) FROM invoices WHERE issue_date > ? AND issue_date <= ? AND voided = ''`, from, to)
}

// Collected is what clients paid from day from to day to, both included:
// payments received, whether applied to invoices or held on account.
func Collected(ctx context.Context, db querier, from, to data.Date) (int64, error) {
	return sum(ctx, db, `SELECT COALESCE(SUM(amount), 0) FROM payments WHERE date >= ? AND date <= ? AND reversed = ''`, from, to)
}

// sum runs a query that returns one integer.
func sum(ctx context.Context, db querier, query string, args ...any) (int64, error) {
	rows, err := db.QueryContext(ctx, query, args...)
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

// paidStats sums, inside SQLite, the invoices whose last payment or credit,
// dated after from and up to to, paid them in full: how many, their days
// to pay (plain and times the amount), their amounts and days late. An
// invoice is fully paid by to when its cached balance is zero and nothing
// was paid on it after to.
func paidStats(ctx context.Context, db querier, from, to data.Date) (n int, days, weighted, amount, late float64, err error) {
	rows, err := db.QueryContext(ctx, `
WITH last AS (
    SELECT a.invoice_id, MAX(p.date) AS paid FROM payments p INDEXED BY payments_date
      CROSS JOIN allocations a ON a.payment_id = p.id WHERE p.date > ?1 AND p.date <= ?2 GROUP BY a.invoice_id
    UNION ALL
    SELECT a.invoice_id, MAX(n.date) FROM credit_notes n
      CROSS JOIN allocations a ON a.credit_note_id = n.id WHERE n.date > ?1 AND n.date <= ?2 GROUP BY a.invoice_id),
paid AS (
    SELECT i.issue_date, i.due_date, i.amount, MAX(last.paid) AS paid
      FROM last JOIN invoices i ON i.id = last.invoice_id
     WHERE i.open_balance = 0 AND i.id NOT IN (SELECT invoice_id FROM (`+laterThan("?2")+`))
     GROUP BY i.id)
SELECT COUNT(*), COALESCE(SUM(julianday(paid) - julianday(issue_date)), 0),
       COALESCE(SUM((julianday(paid) - julianday(issue_date)) * amount), 0), COALESCE(SUM(amount), 0),
       COALESCE(SUM(MAX(0, julianday(paid) - julianday(due_date))), 0)
  FROM paid`, from, to)
	if err != nil {
		return 0, 0, 0, 0, 0, readErr(err)
	}
	defer rows.Close()
	if rows.Next() {
		err = rows.Scan(&n, &days, &weighted, &amount, &late)
	}
	if err == nil {
		err = rows.Err()
	}
	return n, days, weighted, amount, late, readErr(err)
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
// months (the latest point is d itself) in one pass: invoices in id order
// merged with their settlements in invoice order, each invoice's balance
// taken at every point and at every point's period start. Memory stays
// flat; it matches Compute (a test checks) without re-reading the later
// payments for every point.
func Trend(ctx context.Context, db querier, c data.Company, d data.Date, months, periodDays int) ([]TrendPoint, error) {
	if periodDays <= 0 {
		periodDays = 90
	}
	points := make([]data.Date, months)
	for i := range points {
		k := months - 1 - i
		points[i] = d
		if k > 0 {
			points[i] = monthEnd(data.NewDate(d.Year(), d.Month()-time.Month(k), 1))
		}
	}
	starts := make([]data.Date, months)
	for i, p := range points {
		starts[i] = p.AddDays(-periodDays)
	}
	ar, cur, begin, sales := make([]int64, months), make([]int64, months), make([]int64, months), make([]int64, months)
	schedules, err := sqlite.Schedules(ctx, db) // invoices due in parts: only the parts not yet due are current
	if err != nil {
		return nil, err
	}
	invs, err := db.QueryContext(ctx, `SELECT id, issue_date, due_date, amount FROM invoices WHERE issue_date <= ? AND voided = '' ORDER BY id`, d)
	if err != nil {
		return nil, readErr(err)
	}
	defer invs.Close()
	sets, err := db.QueryContext(ctx, `SELECT a.invoice_id, COALESCE(p.date, n.date), a.amount FROM allocations a INDEXED BY allocations_invoice
		LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN credit_notes n ON n.id = a.credit_note_id ORDER BY a.invoice_id`)
	if err != nil {
		return nil, readErr(err)
	}
	defer sets.Close()
	type settlement struct {
		invoice int64
		date    data.Date
		amount  int64
	}
	var next settlement
	more := sets.Next()
	if more {
		if err := sets.Scan(&next.invoice, &next.date, &next.amount); err != nil {
			return nil, readErr(err)
		}
	}
	var own []settlement
	balanceAt := func(amount int64, t data.Date) int64 {
		for _, s := range own {
			if !s.date.After(t) {
				amount -= s.amount
			}
		}
		return amount
	}
	for invs.Next() {
		var id, amount int64
		var issue, due data.Date
		if err := invs.Scan(&id, &issue, &due, &amount); err != nil {
			return nil, readErr(err)
		}
		own = own[:0]
		for more && next.invoice <= id {
			if next.invoice == id {
				own = append(own, next)
			}
			if more = sets.Next(); more {
				if err := sets.Scan(&next.invoice, &next.date, &next.amount); err != nil {
					return nil, readErr(err)
				}
			}
		}
		for i, t := range points {
			if !issue.After(t) {
				if b := balanceAt(amount, t); b > 0 {
					ar[i] += b
					if ps := schedules[id]; len(ps) > 0 {
						for k, open := range data.OpenParts(ps, amount-b) {
							if !ps[k].Due.Before(t) {
								cur[i] += open
							}
						}
					} else if !due.Before(t) {
						cur[i] += b
					}
				}
				if issue.After(starts[i]) {
					sales[i] += amount
				}
			}
			if !issue.After(starts[i]) {
				if b := balanceAt(amount, starts[i]); b > 0 {
					begin[i] += b
				}
			}
		}
	}
	if err := invs.Err(); err != nil {
		return nil, readErr(err)
	}
	if err := sets.Err(); err != nil {
		return nil, readErr(err)
	}
	out := make([]TrendPoint, months)
	for i, day := range points {
		a, cu, sl, bg, n := float64(ar[i]), float64(cur[i]), float64(sales[i]), float64(begin[i]), float64(periodDays)
		p := TrendPoint{Day: day, TotalAR: ar[i], OverdueAR: ar[i] - cur[i], OverduePct: ratio((a-cu)*100, a),
			DSO: ratio(a*n, sl), CEI: ratio((bg+sl-a)*100, bg+sl-cu)}
		if p.DSO != nil {
			p.BPDSO = ptr(cu * n / sl)
			p.ADD = ptr(*p.DSO - *p.BPDSO)
		}
		out[i] = p
	}
	return out, nil
}

// OverLimit lists the clients whose balance today plus open orders exceed
// their credit limit, with by how much each does.
func OverLimit(ctx context.Context, db querier) (map[int64]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.id, coalesce(b.balance, 0) + c.open_orders - c.credit_limit FROM clients c
		LEFT JOIN (SELECT client_id, sum(open_balance) AS balance FROM invoices WHERE open_balance > 0 GROUP BY client_id) b ON b.client_id = c.id
		WHERE c.credit_limit > 0 AND coalesce(b.balance, 0) + c.open_orders > c.credit_limit`)
	if err != nil {
		return nil, readErr(err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, over int64
		if err := rows.Scan(&id, &over); err != nil {
			return nil, readErr(err)
		}
		out[id] = over
	}
	return out, readErr(rows.Err())
}
