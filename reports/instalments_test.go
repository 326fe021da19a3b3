package reports

import (
	"context"
	"reflect"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

// TestInstalmentsLikeERPNext follows ERPNext's
// test_accounts_receivable_with_partial_payment: an invoice of 200 due in
// three parts (60, 100, 40 at 30, 60 and 90 days), a payment of 40, then a
// credit note of 100 against it. What is settled goes to the earliest part
// first, so the parts owe 20 / 100 / 40 after the payment and 0 / 20 / 40
// after the credit note, as ERPNext's report shows them; the aging puts
// each part in the bucket of its own due date, and statements list the parts.
func TestInstalmentsLikeERPNext(t *testing.T) {
	s := newStore(t, "USD")
	ctx := context.Background()
	issue := data.MustDate("2024-01-01")
	var c data.Client
	var inv data.Invoice
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		c = data.Client{Code: "C1", Name: "_Test Customer"}
		if err := tx.CreateClient(&c); err != nil {
			return err
		}
		inv = data.Invoice{Number: "SINV-1", ClientID: c.ID, IssueDate: issue, DueDate: issue, Amount: data.M(20000, "USD"),
			Schedule: []data.DuePart{{Due: issue.AddDays(30), Amount: 6000}, {Due: issue.AddDays(60), Amount: 10000}, {Due: issue.AddDays(90), Amount: 4000}}}
		if err := tx.CreateInvoice(&inv); err != nil {
			return err
		}
		return tx.RecordPayment(&data.Payment{ClientID: c.ID, Date: issue.AddDays(5), Amount: data.M(4000, "USD"),
			Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 4000}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if inv.DueDate != issue.AddDays(90) {
		t.Errorf("due date %s, want the last part's", inv.DueDate)
	}
	day := issue.AddDays(75) // part 1 is 45 days overdue, part 2 15, part 3 not yet due
	parts := func() []int64 {
		items, err := OpenAt(ctx, s.DB(), day)
		if err != nil {
			t.Fatal(err)
		}
		got := []int64{0, 0, 0}
		for _, it := range items {
			got[it.Instalment-1] = it.Balance
		}
		return got
	}
	buckets := func() []int64 {
		var out []int64
		for _, byItems := range []bool{false, true} {
			var a Aging
			var err error
			if byItems {
				a, err = AgingWithItems(ctx, s.DB(), AgingOptions{AsOf: day, Bounds: []int{30, 60, 90}})
			} else {
				a, err = AgingAt(ctx, s.DB(), AgingOptions{AsOf: day, Bounds: []int{30, 60, 90}})
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range a.Buckets[:3] {
				out = append(out, b.Amount)
			}
		}
		return out
	}
	if got := parts(); !reflect.DeepEqual(got, []int64{2000, 10000, 4000}) {
		t.Errorf("after the payment, parts owe %v; ERPNext: 20, 100, 40", got)
	}
	if got := buckets(); !reflect.DeepEqual(got, []int64{4000, 10000, 2000, 4000, 10000, 2000}) {
		t.Errorf("aging current / 1-30 / 31-60 (SQL, then by items): %v", got)
	}
	r := compute(t, s, day.String(), 90)
	if r.TotalAR != 16000 || r.CurrentAR != 4000 {
		t.Errorf("report: AR %d, current %d; want 16000 and 4000", r.TotalAR, r.CurrentAR)
	}
	tr, err := Trend(ctx, s.DB(), data.Company{Currency: "USD", AgingBuckets: []int{30, 60, 90}}, day, 1, 90)
	if err != nil || tr[0].TotalAR != 16000 || tr[0].OverdueAR != 12000 {
		t.Errorf("trend: %+v %v", tr, err)
	}

	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.CreateCreditNote(&data.CreditNote{Number: "SINV-RET-1", ClientID: c.ID, Date: issue.AddDays(10), Amount: data.M(10000, "USD"),
			Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 10000}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := parts(); !reflect.DeepEqual(got, []int64{0, 2000, 4000}) {
		t.Errorf("after the credit note, parts owe %v; ERPNext: 0, 20, 40", got)
	}
	if got := buckets(); !reflect.DeepEqual(got, []int64{4000, 2000, 0, 4000, 2000, 0}) {
		t.Errorf("aging after the credit note: %v", got)
	}
	co, _ := s.Company(ctx)
	sts, err := Statements(ctx, s.DB(), co, []data.Client{c}, StatementOptions{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, it := range sts[0].Items {
		labels = append(labels, it.Label())
		if it.Amount-it.Paid != it.Balance {
			t.Errorf("%s: amount %d − paid %d ≠ balance %d", it.Label(), it.Amount, it.Paid, it.Balance)
		}
	}
	if !reflect.DeepEqual(labels, []string{"SINV-1 2/3", "SINV-1 3/3"}) || sts[0].Total != 6000 || sts[0].Overdue != 2000 {
		t.Errorf("statement items %v, total %d, overdue %d", labels, sts[0].Total, sts[0].Overdue)
	}
}

// TestTerms reads instalment terms and splits amounts by them.
func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		in      string
		days    []int
		wantErr bool
	}{
		{"30/60/90", []int{30, 60, 90}, false},
		{" 30, 60 ", []int{30, 60}, false},
		{"", nil, false},
		{"60/30", nil, true},
		{"30/30", nil, true},
		{"30/abc", nil, true},
		{"400", nil, true},
	} {
		got, err := data.ParseTerms(tc.in)
		if (err != nil) != tc.wantErr || !reflect.DeepEqual(got, tc.days) {
			t.Errorf("ParseTerms(%q) = %v, %v", tc.in, got, err)
		}
	}
	issue := data.MustDate("2025-01-31")
	got := data.ScheduleFor(10000, issue, []int{30, 60, 90})
	want := []data.DuePart{{N: 1, Due: issue.AddDays(30), Amount: 3333}, {N: 2, Due: issue.AddDays(60), Amount: 3333}, {N: 3, Due: issue.AddDays(90), Amount: 3334}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ScheduleFor = %v, want %v", got, want)
	}
}
