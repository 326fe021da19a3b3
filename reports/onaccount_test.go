package reports

import (
	"context"
	"reflect"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

// gnucashCustomer loads the customer of GnuCash's owner report test
// (gnucash/report/reports/standard/test/test-owner-report.scm): six
// invoices, three payments and an unapplied credit note of $3.00 posted on
// 22 June 1980, reported on 1 July 1980.
func gnucashCustomer(t *testing.T) (*sqlite.Store, data.Client) {
	s := newStore(t, "USD")
	load(t, s, []inv{
		{"inv >90 $11.50", "1980-01-13", "1980-03-18", 1150, []pay{{"1980-03-18", 150}, {"1980-03-20", 200}}},
		{"inv 60-90 $7.50", "1980-02-13", "1980-04-18", 750, nil},
		{"inv 30-60 $8.50", "1980-03-13", "1980-05-18", 850, nil},
		{"inv <30days $4.00", "1980-04-13", "1980-06-18", 400, nil},
		{"inv $200", "1980-04-18", "1980-04-18", 20000, []pay{{"1980-04-19", 20000}}},
		{"inv current $6.75", "1980-05-13", "1980-07-18", 675, nil},
	})
	ctx := context.Background()
	c, err := s.ClientByCode(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.CreateCreditNote(&data.CreditNote{Number: "inv $3 CN", ClientID: c.ID, Date: data.MustDate("1980-06-22"), Amount: data.M(300, "USD")})
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// TestGnuCashOwnerReport: GnuCash ages the unapplied credit note as a lot
// of its own, by its date, and shows the aging row 6.75 / 1.00 / 8.50 /
// 7.50 / 8.00 (total 31.75). Cartera keeps the invoices' buckets gross and
// shows the credit note in an on-account column instead (the ERPNext and
// Odoo convention): 6.75 / 4.00 / 8.50 / 7.50 / 8.00, on account 3.00, and
// the same net 31.75. Taking the on-account money off the bucket of its
// date gives GnuCash's row exactly. The statement's activity runs through
// GnuCash's balances to the same closing balance.
func TestGnuCashOwnerReport(t *testing.T) {
	s, c := gnucashCustomer(t)
	ctx := context.Background()
	day := data.MustDate("1980-07-01")
	a, err := AgingAt(ctx, s.DB(), AgingOptions{AsOf: day, Bounds: []int{30, 60, 90}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Clients) != 1 {
		t.Fatalf("%d client rows", len(a.Clients))
	}
	row := a.Clients[0]
	var got []int64
	for _, b := range row.Buckets {
		got = append(got, b.Amount)
	}
	if want := []int64{675, 400, 850, 750, 800}; !reflect.DeepEqual(got, want) {
		t.Errorf("buckets %v, want %v", got, want)
	}
	if row.Total != 3475 || row.OnAccount != 300 || row.Net() != 3175 || a.OnAccount != 300 || a.Net() != 3175 {
		t.Errorf("total %d, on account %d, net %d (aging: %d, %d); want 3475, 300, 3175", row.Total, row.OnAccount, row.Net(), a.OnAccount, a.Net())
	}
	cnAge := day.DaysSince(data.MustDate("1980-06-22"))
	got[bucketIndex(row.Buckets, cnAge)] -= row.OnAccount
	if want := []int64{675, 100, 850, 750, 800}; !reflect.DeepEqual(got, want) {
		t.Errorf("GnuCash's row: %v, want %v", got, want)
	}
	slow, err := AgingWithItems(ctx, s.DB(), AgingOptions{AsOf: day, Bounds: []int{30, 60, 90}})
	if err != nil || slow.OnAccount != 300 || slow.Clients[0].OnAccount != 300 {
		t.Errorf("aging with items: on account %d, %v", slow.OnAccount, err)
	}

	r := compute(t, s, "1980-07-01", 90)
	if r.TotalAR != 3475 || r.UnappliedCredit != 300 || r.NetAR != 3175 {
		t.Errorf("report: total %d, unapplied %d, net %d; want 3475, 300, 3175", r.TotalAR, r.UnappliedCredit, r.NetAR)
	}

	co, _ := s.Company(ctx)
	sts, err := Statements(ctx, s.DB(), co, []data.Client{c}, StatementOptions{AsOf: day, From: data.MustDate("1980-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	st := sts[0]
	var balances []int64
	for _, l := range st.Activity {
		balances = append(balances, l.Balance)
	}
	// GnuCash's "balance-amounts": $11.50 … $34.75, $31.75.
	want := []int64{1150, 1900, 2750, 2600, 2400, 2800, 22800, 2800, 3475, 3175}
	if !reflect.DeepEqual(balances, want) {
		t.Errorf("running balances %v, want %v", balances, want)
	}
	if st.Opening != 0 || st.Closing != 3175 || st.Due() != 3175 || st.OnAccount != 300 || st.Total != 3475 {
		t.Errorf("opening %d, closing %d, due %d, on account %d, total %d", st.Opening, st.Closing, st.Due(), st.OnAccount, st.Total)
	}
}

// TestStatementOpensAtTrueBalance: a statement whose period starts after
// money went on account opens at the invoices less that money, and closes
// at what is due (issue 17: it opened at the invoices alone).
func TestStatementOpensAtTrueBalance(t *testing.T) {
	s, c := gnucashCustomer(t)
	ctx := context.Background()
	co, _ := s.Company(ctx)
	for _, tt := range []struct {
		from             string
		opening, closing int64
	}{
		{"1980-04-01", 2400, 3175}, // before the credit note: 8.00 + 7.50 + 8.50
		{"1980-06-30", 3175, 3175}, // after it: 34.75 − 3.00
		{"1980-06-22", 3475, 3175}, // its own day: it is activity
		{"1980-01-01", 0, 3175},    // nothing before
	} {
		sts, err := Statements(ctx, s.DB(), co, []data.Client{c}, StatementOptions{AsOf: data.MustDate("1980-07-01"), From: data.MustDate(tt.from)})
		if err != nil {
			t.Fatal(err)
		}
		if st := sts[0]; st.Opening != tt.opening || st.Closing != tt.closing || st.Closing != st.Due() {
			t.Errorf("from %s: opening %d, closing %d, due %d; want %d, %d", tt.from, st.Opening, st.Closing, st.Due(), tt.opening, tt.closing)
		}
	}
}
