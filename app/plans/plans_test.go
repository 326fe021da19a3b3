package plans

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
)

var today = data.MustDate("2026-11-23")

func TestCreateRefusesAndRefresh(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "co.cartera"), data.Company{Name: "T", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30},
		sqlite.Options{Clock: data.FixedClock{T: today.Time().Add(9 * time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ids := map[string]int64{}
	clients := map[string]int64{}
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		for _, c := range []string{"A", "B"} {
			cl := data.Client{Code: c, Name: "Client " + c}
			if err := tx.CreateClient(&cl); err != nil {
				return err
			}
			clients[c] = cl.ID
		}
		for _, x := range []struct {
			n, client string
			amount    int64
		}{{"A1", "A", 100000}, {"A2", "A", 5000}, {"B1", "B", 7000}} {
			inv := data.Invoice{Number: x.n, ClientID: clients[x.client], IssueDate: today.AddDays(-90), DueDate: today.AddDays(-60), Amount: data.M(x.amount, "EUR")}
			if err := tx.CreateInvoice(&inv); err != nil {
				return err
			}
			ids[x.n] = inv.ID
		}
		return tx.RecordPayment(&data.Payment{ClientID: clients["A"], Date: today, Amount: data.M(5000, "EUR"),
			Allocations: []data.Allocation{{InvoiceID: ids["A2"], Amount: 5000}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	terms := func(invs ...string) Terms {
		var list []int64
		for _, n := range invs {
			list = append(list, ids[n])
		}
		return Terms{ClientID: clients["A"], Invoices: list, Instalments: 3, First: today.AddDays(10), Every: data.Fortnightly, Agreed: today}
	}
	for _, tc := range []struct {
		name string
		t    Terms
		want string
	}{
		{"another client's invoice", terms("A1", "B1"), "Invoice B1 is another client's."},
		{"a paid invoice", terms("A2"), "Invoice A2 is already paid."},
		{"no invoices", terms(), "Choose the invoices"},
		{"too many instalments", Terms{ClientID: clients["A"], Invoices: []int64{ids["A1"]}, Instalments: 61, First: today, Every: data.Monthly, Agreed: today}, "from 1 to 60"},
		{"first before agreed", Terms{ClientID: clients["A"], Invoices: []int64{ids["A1"]}, Instalments: 2, First: today.AddDays(-1), Every: data.Monthly, Agreed: today}, "cannot fall before"},
	} {
		if _, err := Create(ctx, s, tc.t); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	p, err := Create(ctx, s, terms("A1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Create(ctx, s, terms("A1")); err == nil || !strings.Contains(err.Error(), "already on payment plan") {
		t.Errorf("the same invoice went on two plans: %v", err)
	}
	if c, _ := Candidates(ctx, s, clients["A"], today); len(c) != 0 {
		t.Errorf("candidates still offer %+v", c)
	}
	// A day to come breaks nothing; today, nothing is missed yet.
	for _, day := range []data.Date{today.AddDays(60), today} {
		st, err := Refresh(ctx, s, day, clients["A"])
		if err != nil || len(st) != 1 || st[0].Plan.Status != data.PlanActive || st[0].Check.Next != 0 {
			t.Errorf("on %s: %+v %v", day, st, err)
		}
	}
	if err := Cancel(ctx, s, p.ID, today); err != nil {
		t.Fatal(err)
	}
	ps, _ := s.Promises(ctx, clients["A"])
	if len(ps) != 0 {
		t.Errorf("a cancelled plan left its future instalments as promises: %+v", ps)
	}
	if c, _ := Candidates(ctx, s, clients["A"], today); len(c) != 1 {
		t.Errorf("after cancelling, candidates %+v", c)
	}
}
