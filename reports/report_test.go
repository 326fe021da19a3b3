package reports

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
)

func newStore(t testing.TB, cur string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "r.cartera"),
		data.Company{Name: "R", Currency: cur, Locale: "en-US", PaymentTermsDays: 30},
		sqlite.Options{Clock: data.FixedClock{T: time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type inv struct {
	number, issue, due string
	amount             int64
	paid               []pay
}

type pay struct {
	date   string
	amount int64
}

// load writes one client's invoices and payments.
func load(t testing.TB, s *sqlite.Store, invs []inv) {
	t.Helper()
	err := s.Update(context.Background(), func(tx *sqlite.Tx) error {
		c := data.Client{Code: "C1", Name: "Client one"}
		if err := tx.CreateClient(&c); err != nil {
			return err
		}
		for _, v := range invs {
			in := data.Invoice{Number: v.number, ClientID: c.ID, IssueDate: data.MustDate(v.issue), DueDate: data.MustDate(v.due), Amount: data.M(v.amount, "USD")}
			if err := tx.CreateInvoice(&in); err != nil {
				return err
			}
			for _, p := range v.paid {
				if err := tx.RecordPayment(&data.Payment{ClientID: c.ID, Date: data.MustDate(p.date), Amount: data.M(p.amount, "USD"),
					Allocations: []data.Allocation{{InvoiceID: in.ID, Amount: p.amount}}}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func compute(t testing.TB, s *sqlite.Store, asOf string, n int) Report {
	t.Helper()
	c, _ := s.Company(context.Background())
	r, err := Compute(context.Background(), s.DB(), c, ReportOptions{AsOf: data.MustDate(asOf), PeriodDays: n})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func near(got *float64, want float64) bool {
	return got != nil && math.Abs(*got-want) < 0.005
}

func show(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// TestDSOWorkedExample: AR 15,000 of which 4,000 current, 30-day credit
// sales 10,000 → DSO 45, BPDSO 12, ADD 33 (the textbook example).
func TestDSOWorkedExample(t *testing.T) {
	s := newStore(t, "USD")
	load(t, s, []inv{
		{"A", "2024-03-01", "2024-03-31", 5000_00, nil}, // before the period, overdue
		{"B", "2024-06-05", "2024-06-20", 6000_00, nil}, // in the period, overdue
		{"C", "2024-06-20", "2024-07-20", 4000_00, nil}, // in the period, current
	})
	r := compute(t, s, "2024-06-30", 30)
	if r.TotalAR != 15000_00 || r.CurrentAR != 4000_00 || r.CreditSales != 10000_00 || r.BeginningAR != 5000_00 {
		t.Fatalf("AR %d current %d sales %d beginning %d", r.TotalAR, r.CurrentAR, r.CreditSales, r.BeginningAR)
	}
	if !near(r.DSO, 45) || !near(r.BPDSO, 12) || !near(r.ADD, 33) {
		t.Errorf("DSO %v BPDSO %v ADD %v", show(r.DSO), show(r.BPDSO), show(r.ADD))
	}
	// Nothing collected: CEI (5,000 + 10,000 − 15,000) ÷ (5,000 + 10,000 − 4,000) = 0.
	if !near(r.CEI, 0) || !near(r.PctCurrent, 100.0*4/15) || !near(r.PctOver90, 5000.0/15000*100) {
		t.Errorf("CEI %v %%current %v %%91+ %v", show(r.CEI), show(r.PctCurrent), show(r.PctOver90))
	}
	want := []int64{4000_00, 6000_00, 0, 0, 5000_00} // current, 1-30, 31-60, 61-90, 91+
	for i, b := range r.Aging {
		if b.Amount != want[i] {
			t.Errorf("bucket %s: %d, want %d", b.Label, b.Amount, want[i])
		}
	}
}

// TestCountbackWorkedExample: AR 212,000 at 2023-11-30 with sales of
// 100,000 in November, 80,000 in October and 70,000 in September →
// 30 + 31 + 32,000/70,000 × 30 = 74.71 days.
func TestCountbackWorkedExample(t *testing.T) {
	s := newStore(t, "USD")
	load(t, s, []inv{
		{"S", "2023-09-10", "2023-10-10", 70000_00, []pay{{"2023-10-15", 38000_00}}},
		{"O", "2023-10-15", "2023-11-14", 80000_00, nil},
		{"N", "2023-11-20", "2023-12-20", 100000_00, nil},
	})
	r := compute(t, s, "2023-11-30", 90)
	if r.TotalAR != 212000_00 {
		t.Fatalf("AR %d", r.TotalAR)
	}
	if !near(r.CountbackDSO, 30+31+32000.0/70000*30) {
		t.Errorf("countback %v, want 74.71", show(r.CountbackDSO))
	}
	// CEI = (0 + 250,000 − 212,000) ÷ (0 + 250,000 − 100,000) × 100 = 25.33.
	if r.BeginningAR != 0 || r.CurrentAR != 100000_00 || !near(r.CEI, 38000.0/150000*100) {
		t.Errorf("beginning %d current %d CEI %v", r.BeginningAR, r.CurrentAR, show(r.CEI))
	}
}

// TestAsOfPast: balances as of an earlier day count payments made later as
// still owed, and invoices issued later not at all.
func TestAsOfPast(t *testing.T) {
	s := newStore(t, "USD")
	load(t, s, []inv{
		{"P", "2024-01-10", "2024-02-09", 1000_00, []pay{{"2024-02-01", 400_00}, {"2024-03-15", 600_00}}},
		{"Q", "2024-03-01", "2024-03-31", 500_00, []pay{{"2024-04-20", 500_00}}},
	})
	for day, want := range map[string]int64{"2024-01-09": 0, "2024-01-10": 1000_00, "2024-02-01": 600_00, "2024-03-01": 1100_00,
		"2024-03-15": 500_00, "2024-04-20": 0} {
		items, err := OpenAt(context.Background(), s.DB(), data.MustDate(day))
		if err != nil {
			t.Fatal(err)
		}
		var got int64
		for _, it := range items {
			got += it.Balance
		}
		if got != want {
			t.Errorf("%s: AR %d, want %d", day, got, want)
		}
	}
	// Paid in the 60 days to 2024-04-30: P (last payment 03-15: 65 days, 35 late) and Q (50 days, 20 late).
	r := compute(t, s, "2024-04-30", 60)
	if r.PaidInvoices != 2 || !near(r.AvgDaysToPay, 57.5) || !near(r.AvgDaysLate, 27.5) ||
		!near(r.WeightedDaysToPay, (65*1000.0+50*500)/1500) {
		t.Errorf("paid %d, days %v weighted %v late %v", r.PaidInvoices, show(r.AvgDaysToPay), show(r.WeightedDaysToPay), show(r.AvgDaysLate))
	}
}

func TestBuckets(t *testing.T) {
	bs := Buckets([]int{15, 45})
	var labels []string
	for _, b := range bs {
		labels = append(labels, b.Label)
	}
	if got := labels; len(got) != 4 || got[1] != "1-15" || got[2] != "16-45" || got[3] != "46+" {
		t.Errorf("%v", got)
	}
	for days, want := range map[int]int{-5: 0, 0: 0, 1: 1, 15: 1, 16: 2, 45: 2, 46: 3, 400: 3} {
		if got := bucketIndex(bs, days); got != want {
			t.Errorf("%d days → bucket %d, want %d", days, got, want)
		}
	}
}

// TestClientsManaged: of the clients with something overdue, those
// contacted, promising or on a plan in the period count as managed.
func TestClientsManaged(t *testing.T) {
	s := newStore(t, "EUR")
	ctx := context.Background()
	d := data.MustDate("2024-06-30")
	ids := map[string]int64{}
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		for _, x := range []struct {
			code string
			due  data.Date
		}{{"CONTACTED", d.AddDays(-40)}, {"PROMISED", d.AddDays(-40)}, {"PLAN", d.AddDays(-40)}, {"IGNORED", d.AddDays(-40)},
			{"LONG AGO", d.AddDays(-200)}, {"NOT LATE", d.AddDays(10)}} {
			c := data.Client{Code: x.code, Name: x.code}
			if err := tx.CreateClient(&c); err != nil {
				return err
			}
			in := data.Invoice{Number: x.code + "-1", ClientID: c.ID, IssueDate: x.due.AddDays(-30), DueDate: x.due, Amount: data.M(10000, "EUR")}
			if err := tx.CreateInvoice(&in); err != nil {
				return err
			}
			ids[x.code], ids[x.code+"-1"] = c.ID, in.ID
		}
		contact := func(code string, at data.Date) error {
			return tx.AddContact(&data.ContactEntry{ClientID: ids[code], At: at.Time().Add(10 * time.Hour), Channel: data.ChannelCall,
				Direction: data.Outbound, Outcome: data.OutcomeNoAnswer})
		}
		if err := contact("CONTACTED", d.AddDays(-5)); err != nil {
			return err
		}
		if err := contact("LONG AGO", d.AddDays(-120)); err != nil { // before the 90-day period
			return err
		}
		if err := contact("NOT LATE", d.AddDays(-1)); err != nil { // managed, but nothing overdue
			return err
		}
		if err := tx.AddPromise(&data.Promise{ClientID: ids["PROMISED"], Made: d.AddDays(-3), PromisedDate: d.AddDays(5), Amount: data.M(10000, "EUR")}); err != nil {
			return err
		}
		p, err := data.NewPlan(ids["PLAN"], d.AddDays(-60), data.M(10000, "EUR"), []int64{ids["PLAN-1"]}, 2, d.AddDays(-50), data.Monthly)
		if err != nil {
			return err
		}
		if err := tx.CreatePlan(&p); err != nil {
			return err
		}
		return tx.EndPlan(p.ID, data.PlanBroken, d.AddDays(-15)) // broken inside the period: it was managed
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Company(ctx)
	r, err := Compute(ctx, s.DB(), c, ReportOptions{AsOf: d, PeriodDays: 90})
	if err != nil {
		t.Fatal(err)
	}
	if r.OverdueClients != 5 || r.ManagedClients != 3 || r.PctClientsManaged == nil || *r.PctClientsManaged != 60 {
		t.Errorf("managed %d of %d (%v)", r.ManagedClients, r.OverdueClients, r.PctClientsManaged)
	}
	empty := newStore(t, "EUR")
	if r, _ := Compute(ctx, empty.DB(), c, ReportOptions{AsOf: d}); r.PctClientsManaged != nil {
		t.Error("a share of no overdue clients")
	}
}
