package reports

import (
	"context"
	"database/sql"
	"strconv"

	"cartera/data"
	"cartera/data/sqlite"
)

// OpenItem is an invoice open at the end of a day, with its balance then.
type OpenItem struct {
	InvoiceID int64
	ClientID  int64
	Issue     data.Date
	Due       data.Date
	Balance   int64 // minor units
	// Instalment is the part of an invoice that falls due in parts (1, 2…),
	// with Due and Balance its own; 0 for an invoice due at once.
	Instalment int
	Parts      int   // how many instalments the invoice has
	PartAmount int64 // the instalment's amount
}

// querier is what the analytics read from: the store's *sql.DB.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// openQuery finds every invoice open at the end of day ?1: issued by then,
// with a balance then. Today's balance is cached per invoice; the balance at
// ?1 adds back what was paid or credited after ?1. The first part reads only
// the partial covering index of open invoices; the second only the
// settlements dated after ?1 (none, for today).
var openQuery = `
SELECT i.id, i.client_id, i.issue_date, i.due_date, i.open_balance, i.instalments
  FROM invoices i INDEXED BY invoices_open
 WHERE i.open_balance > 0 AND i.issue_date <= ?1
UNION ALL
SELECT i.id, i.client_id, i.issue_date, i.due_date, later.amount, i.instalments
  FROM (` + laterThan("?1") + `) later
  JOIN invoices i ON i.id = later.invoice_id
 WHERE i.issue_date <= ?1`

// laterThan sums, per invoice, what was paid or credited after the day in
// the SQL parameter day ("?1", "?2"…).
func laterThan(day string) string {
	return `SELECT a.invoice_id, SUM(a.amount) AS amount
          FROM payments p CROSS JOIN allocations a ON a.payment_id = p.id
         WHERE p.date > ` + day + ` GROUP BY a.invoice_id
        UNION ALL
        SELECT a.invoice_id, SUM(a.amount)
          FROM credit_notes n CROSS JOIN allocations a ON a.credit_note_id = n.id
         WHERE n.date > ` + day + ` GROUP BY a.invoice_id`
}

// OpenAt lists the invoices open at the end of day d with their balances
// then: one entry per invoice, or per open instalment of an invoice that
// falls due in parts.
func OpenAt(ctx context.Context, db querier, d data.Date) ([]OpenItem, error) {
	return openItems(ctx, db, openQuery, d)
}

// openItems reads invoices with their balances at d from query (id,
// client, issue, due, balance, instalments; an invoice may come twice, its
// rows added) and spreads those due in parts over their instalments.
func openItems(ctx context.Context, db querier, query string, d data.Date) ([]OpenItem, error) {
	rows, err := db.QueryContext(ctx, query, d)
	if err != nil {
		return nil, readErr(err)
	}
	defer rows.Close()
	var items []OpenItem
	index := map[int64]int{} // an invoice can come from both parts: add them
	var scheduled []int64
	for rows.Next() {
		var it OpenItem
		var parts int
		if err := rows.Scan(&it.InvoiceID, &it.ClientID, &it.Issue, &it.Due, &it.Balance, &parts); err != nil {
			return nil, readErr(err)
		}
		if i, ok := index[it.InvoiceID]; ok {
			items[i].Balance += it.Balance
			continue
		}
		if parts > 0 {
			scheduled = append(scheduled, it.InvoiceID)
		}
		index[it.InvoiceID] = len(items)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr(err)
	}
	rows.Close()
	parts := map[int64][]data.DuePart{}
	if len(scheduled) > 0 {
		if parts, err = sqlite.Schedules(ctx, db, scheduled...); err != nil {
			return nil, err
		}
	}
	out := items[:0:0]
	for _, it := range items {
		if it.Balance <= 0 {
			continue
		}
		ps := parts[it.InvoiceID]
		if len(ps) == 0 {
			out = append(out, it)
			continue
		}
		var amount int64
		for _, p := range ps {
			amount += p.Amount
		}
		for k, open := range data.OpenParts(ps, amount-it.Balance) { // settled: the earliest first
			if open > 0 {
				out = append(out, OpenItem{InvoiceID: it.InvoiceID, ClientID: it.ClientID, Issue: it.Issue, Due: ps[k].Due,
					Balance: open, Instalment: ps[k].N, Parts: len(ps), PartAmount: ps[k].Amount})
			}
		}
	}
	return out, nil
}

func readErr(err error) error {
	if err == nil || err == context.Canceled || err == context.DeadlineExceeded {
		return err
	}
	return data.Wrap(err, data.EINTERNAL, "The company file could not be read.")
}

// arTotals is the receivable at the end of a day summed in SQL, per
// bucket, with the current and over-90 parts; per client when asked.
type arTotals struct {
	clientID        int64 // 0 unless per client
	amounts         []int64
	invoices        []int
	current, over90 int64
	oldest          data.Date // the earliest due (or issue) date among the open invoices
}

// totalsAt sums the open balances at d inside SQLite: one row (or one per
// client) with a column per bucket, the bucket of an invoice decided by
// comparing its due (or issue) date with the buckets' boundary dates, so no
// invoice leaves the database. An invoice open now that was also paid
// after d comes from both parts of openQuery; "dup" marks its second row so
// it is counted once.
func totalsAt(ctx context.Context, db querier, d data.Date, bs []Bucket, byIssue, perClient bool) ([]arTotals, error) {
	col := "due_date"
	if byIssue {
		col = "issue_date"
	}
	args := []any{d, d.AddDays(-90)}
	conds := make([]string, len(bs)) // bucket k holds col in [lower_k, upper_k)
	lower := func(k int) string {
		if k == 0 {
			return "?1"
		}
		args = append(args, d.AddDays(-bs[k].To))
		return "?" + itoa(len(args))
	}
	prev := ""
	for k := range bs {
		var lo string
		if k < len(bs)-1 {
			lo = lower(k)
		}
		switch {
		case k == 0:
			conds[k] = col + " >= " + lo
		case k == len(bs)-1:
			conds[k] = col + " < " + prev
		default:
			conds[k] = col + " >= " + lo + " AND " + col + " < " + prev
		}
		prev = lo
	}
	sel := "0"
	for _, c := range conds {
		sel += ", COALESCE(SUM(CASE WHEN " + c + " THEN b END), 0), COALESCE(SUM(CASE WHEN " + c + " THEN 1 - dup END), 0)"
	}
	sel += ", COALESCE(SUM(CASE WHEN due_date >= ?1 THEN b END), 0), COALESCE(SUM(CASE WHEN due_date < ?2 THEN b END), 0), MIN(" + col + ")"
	group := ""
	if perClient {
		sel = "client_id" + sel[1:]
		group = " GROUP BY client_id"
	}
	query := `SELECT ` + sel + ` FROM (
SELECT i.client_id, i.issue_date, i.due_date, i.open_balance AS b, 0 AS dup
  FROM invoices i INDEXED BY invoices_open
 WHERE i.open_balance > 0 AND i.issue_date <= ?1 AND i.instalments = 0
UNION ALL
SELECT i.client_id, i.issue_date, i.due_date, later.amount, i.open_balance > 0
  FROM (` + laterThan("?1") + `) later
  JOIN invoices i ON i.id = later.invoice_id
 WHERE i.issue_date <= ?1 AND i.instalments = 0)` + group
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, readErr(err)
	}
	defer rows.Close()
	var out []arTotals
	for rows.Next() {
		t := arTotals{amounts: make([]int64, len(bs)), invoices: make([]int, len(bs))}
		dest := []any{&t.clientID}
		for k := range bs {
			dest = append(dest, &t.amounts[k], &t.invoices[k])
		}
		if err := rows.Scan(append(dest, &t.current, &t.over90, &t.oldest)...); err != nil {
			return nil, readErr(err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr(err)
	}
	rows.Close()
	return addScheduled(ctx, db, out, d, bs, byIssue, perClient)
}

// scheduledQuery lists the invoices due in instalments issued by ?1 with
// their balance then: today's, plus what was settled after ?1. It reads
// them through their own small index, not every settlement since ?1.
const scheduledQuery = `
SELECT i.id, i.client_id, i.issue_date, i.due_date,
       i.open_balance + COALESCE((SELECT SUM(a.amount) FROM allocations a
         LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN credit_notes n ON n.id = a.credit_note_id
        WHERE a.invoice_id = i.id AND COALESCE(p.date, n.date) > ?1), 0), i.instalments
  FROM invoices i INDEXED BY invoices_scheduled
 WHERE i.instalments > 0 AND i.issue_date <= ?1`

// addScheduled adds to the SQL sums the invoices that fall due in parts,
// each open instalment in the bucket of its own due date.
func addScheduled(ctx context.Context, db querier, ts []arTotals, d data.Date, bs []Bucket, byIssue, perClient bool) ([]arTotals, error) {
	items, err := openItems(ctx, db, scheduledQuery, d)
	if err != nil || len(items) == 0 {
		return ts, err
	}
	row := map[int64]int{}
	for i, t := range ts {
		row[t.clientID] = i
	}
	seen := map[[2]int64]bool{}
	for _, it := range items {
		id := int64(0)
		if perClient {
			id = it.ClientID
		}
		i, ok := row[id]
		if !ok {
			i = len(ts)
			row[id] = i
			ts = append(ts, arTotals{clientID: id, amounts: make([]int64, len(bs)), invoices: make([]int, len(bs))})
		}
		t := &ts[i]
		days := d.DaysSince(it.Due)
		col := it.Due
		if byIssue {
			days, col = d.DaysSince(it.Issue), it.Issue
		}
		k := bucketIndex(bs, days)
		t.amounts[k] += it.Balance
		if key := [2]int64{it.InvoiceID, int64(k)}; !seen[key] { // an invoice counts once per bucket
			seen[key] = true
			t.invoices[k]++
		}
		if !it.Due.Before(d) {
			t.current += it.Balance
		}
		if it.Due.Before(d.AddDays(-90)) {
			t.over90 += it.Balance
		}
		if t.oldest.IsZero() || col.Before(t.oldest) {
			t.oldest = col
		}
	}
	return ts, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
