package reports

import (
	"context"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

// TestOutlook: forecast spreads every open balance over weeks or later;
// the worklist puts a promise due today first and chooses actions by age;
// the scenarios free the overdue cash of the clients picked.
func TestOutlook(t *testing.T) {
	s := newStore(t, "USD")
	history(t, s, "LATE", 24, func(int) int { return 40 })        // invoices from 2024-09 still open
	history(t, s, "GOOD", 24, func(i int) int { return i%3 - 1 }) // the last ones open, one overdue
	history(t, s, "NEW", 1, func(int) int { return 900 })         // one invoice, open, very old
	ctx := context.Background()
	d := data.MustDate("2024-12-31")
	good, _ := s.ClientByCode(ctx, "GOOD")
	if err := s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.AddPromise(&data.Promise{ClientID: good.ID, Made: d.AddDays(-3), PromisedDate: d, Amount: data.M(500_00, "USD")})
	}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Company(ctx)
	o, err := NewOutlook(ctx, s.DB(), c, d)
	if err != nil {
		t.Fatal(err)
	}
	if o.Model == "" {
		t.Errorf("no model was trained")
	}
	weeks, later := o.Forecast(12)
	sum := later
	for i, w := range weeks {
		sum += w.Amount
		if w.Start != d.AddDays(1+7*i) {
			t.Errorf("week %d starts %s", i, w.Start)
		}
	}
	if sum != o.Aging.Total || o.Aging.Total == 0 {
		t.Errorf("forecast %d + later %d ≠ receivable %d", sum-later, later, o.Aging.Total)
	}
	for id, exp := range o.Expected {
		if !exp.After(d) {
			t.Errorf("invoice %d expected on %s, not after %s", id, exp, d)
		}
	}
	facts, err := LoadPromiseFacts(ctx, s.DB(), d)
	if err != nil {
		t.Fatal(err)
	}
	tasks := o.Worklist(facts)
	if len(tasks) == 0 || tasks[0].ClientID != good.ID || tasks[0].Action != ActionCheckPromise || tasks[0].Promised != 500_00 {
		t.Fatalf("first task %+v", tasks)
	}
	newc, _ := s.ClientByCode(ctx, "NEW")
	for _, tk := range tasks {
		if tk.ClientID == newc.ID && tk.Action != ActionFinalNotice {
			t.Errorf("a debt %d days old gets %s", tk.OldestOverdue, tk.Action)
		}
		if tk.OverdueCount == 0 && tk.Action != ActionCheckPromise {
			t.Errorf("task without overdue invoices: %+v", tk)
		}
	}
	r, _ := Compute(ctx, s.DB(), c, ReportOptions{AsOf: d, PeriodDays: 90})
	all := o.OnTime(r, func(int64) bool { return true })
	if all.CashFreed != r.TotalAR-r.CurrentAR || all.NewDSO >= all.DSO {
		t.Errorf("everyone on time: %+v (overdue %d)", all, r.TotalAR-r.CurrentAR)
	}
	none := o.SoonerBy(r, 10, func(int64) bool { return false })
	if none.CashFreed != 0 || none.NewDSO != none.DSO {
		t.Errorf("nobody sooner: %+v", none)
	}
	if lv := o.Levers(r, 1); len(lv) != 1 || lv[0].CashFreed <= 0 {
		t.Errorf("levers %+v", lv)
	}
}

// TestTrend: the last point is the day itself and each earlier one a month end.
func TestTrend(t *testing.T) {
	s := ibmStore(t)
	c, _ := s.Company(context.Background())
	ps, err := Trend(context.Background(), s.DB(), c, data.MustDate("2013-06-30"), 24, 90)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 24 || ps[23].Day.String() != "2013-06-30" || ps[0].Day.String() != "2011-07-31" || ps[22].Day.String() != "2013-05-31" {
		t.Fatalf("%d points, %s … %s", len(ps), ps[0].Day, ps[23].Day)
	}
	if ps[23].TotalAR != 511985 || ps[0].TotalAR != 0 {
		t.Errorf("AR %d at the end, %d before the first invoice", ps[23].TotalAR, ps[0].TotalAR)
	}
}

// TestTrendMatchesReport: the one-pass trend gives each month end the same
// figures as a full report computed for that day.
func TestTrendMatchesReport(t *testing.T) {
	s := ibmStore(t)
	ctx := context.Background()
	c, _ := s.Company(ctx)
	ps, err := Trend(ctx, s.DB(), c, data.MustDate("2013-11-15"), 24, 60)
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b *float64) bool {
		return (a == nil) == (b == nil) && (a == nil || *a-*b < 1e-9 && *b-*a < 1e-9)
	}
	for _, p := range ps {
		r, _ := Compute(ctx, s.DB(), c, ReportOptions{AsOf: p.Day, PeriodDays: 60})
		if p.TotalAR != r.TotalAR || p.OverdueAR != r.TotalAR-r.CurrentAR || !same(p.DSO, r.DSO) || !same(p.BPDSO, r.BPDSO) ||
			!same(p.ADD, r.ADD) || !same(p.CEI, r.CEI) {
			t.Errorf("%s: trend %+v, report AR %d current %d DSO %v CEI %v", p.Day, p, r.TotalAR, r.CurrentAR, show(r.DSO), show(r.CEI))
		}
	}
}

// TestWorklistCredit: the credit limit (with open orders), the capacity to
// pay and an active payment plan change what the worklist says.
func TestWorklistCredit(t *testing.T) {
	s := newStore(t, "USD")
	history(t, s, "LATE", 24, func(int) int { return 40 })
	ctx := context.Background()
	d := data.MustDate("2024-12-31")
	c, _ := s.Company(ctx)
	o, err := NewOutlook(ctx, s.DB(), c, d)
	if err != nil {
		t.Fatal(err)
	}
	late, _ := s.ClientByCode(ctx, "LATE")
	balance := o.Behaviours[late.ID].Balance
	task := func(set func(*data.Client)) *Task {
		t.Helper()
		cl, _ := s.Client(ctx, late.ID)
		set(&cl)
		if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.UpdateClient(&cl) }); err != nil {
			t.Fatal(err)
		}
		f, err := LoadPromiseFacts(ctx, s.DB(), d)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range o.Worklist(f) {
			if tk.ClientID == late.ID {
				return &tk
			}
		}
		return nil
	}
	has := func(tk *Task, reason string) bool {
		for _, r := range tk.Reasons {
			if r == reason {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		name     string
		set      func(*data.Client)
		action   Action
		reason   string
		noReason string
	}{
		{"no limit", func(c *data.Client) {}, ActionStatement, "", ReasonOverLimit},
		{"under the limit", func(c *data.Client) { c.CreditLimit = balance + 100 }, ActionStatement, "", ReasonOverLimit},
		{"over it with open orders", func(c *data.Client) { c.OpenOrders = 200 }, ActionStatement, ReasonOverLimit, ""},
		{"little capacity to pay", func(c *data.Client) { c.CapacityScore = 2 }, ActionOfferPlan, ReasonLowCapacity, ""},
		{"can pay", func(c *data.Client) { c.CapacityScore = 5 }, ActionStatement, ReasonCanPay, ReasonLowCapacity},
	} {
		tk := task(tc.set)
		if tk == nil {
			t.Fatalf("%s: the client left the worklist", tc.name)
		}
		if tk.Action != tc.action || (tc.reason != "" && !has(tk, tc.reason)) || (tc.noReason != "" && has(tk, tc.noReason)) {
			t.Errorf("%s: %s %v (exposure %d, limit %d)", tc.name, tk.Action, tk.Reasons, tk.Exposure, tk.Limit)
		}
	}
	// On an active payment plan the plan's dates chase the client, not the worklist.
	invs, _ := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: late.ID, Filter: data.FilterOpen})
	p, _ := data.NewPlan(late.ID, d, data.M(invs[0].Balance, "USD"), []int64{invs[0].ID}, 2, d.AddDays(10), data.Monthly)
	if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.CreatePlan(&p) }); err != nil {
		t.Fatal(err)
	}
	if tk := task(func(*data.Client) {}); tk != nil {
		t.Errorf("a client on a plan is on the worklist: %+v", tk)
	}
}

// TestWorklistMoneyOnAccount: money on account is set against the overdue;
// a client it covers whole leaves the worklist.
func TestWorklistMoneyOnAccount(t *testing.T) {
	s := newStore(t, "USD")
	history(t, s, "LATE", 24, func(int) int { return 40 })
	ctx := context.Background()
	d := data.MustDate("2024-12-31")
	c, _ := s.Company(ctx)
	late, _ := s.ClientByCode(ctx, "LATE")
	f, err := LoadPromiseFacts(ctx, s.DB(), d)
	if err != nil {
		t.Fatal(err)
	}
	find := func() *Task {
		t.Helper()
		o, err := NewOutlook(ctx, s.DB(), c, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range o.Worklist(f) {
			if tk.ClientID == late.ID {
				return &tk
			}
		}
		return nil
	}
	before := find()
	if before == nil || before.Overdue <= 100 {
		t.Fatalf("the late client should be on the list with more than 1.00 overdue: %+v", before)
	}
	pay := func(n int64) {
		t.Helper()
		if err := s.Update(ctx, func(tx *sqlite.Tx) error {
			return tx.RecordPayment(&data.Payment{ClientID: late.ID, Date: d, Amount: data.M(n, "USD"), Reference: "advance"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	pay(100)
	if tk := find(); tk == nil || tk.Overdue != before.Overdue-100 || tk.OnAccount != 100 {
		t.Errorf("partly covered: %+v, want overdue %d and 100 on account", tk, before.Overdue-100)
	}
	o, _ := NewOutlook(ctx, s.DB(), c, d)
	var owed int64
	for _, ca := range o.Aging.Clients {
		if ca.ClientID == late.ID {
			owed = ca.Total
		}
	}
	pay(owed - 100)
	if tk := find(); tk != nil {
		t.Errorf("covered by money on account, still chased: %+v", tk)
	}
}
