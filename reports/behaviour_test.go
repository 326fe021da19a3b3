package reports

import (
	"context"
	"fmt"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

// history makes n invoices of a client, one a month from 2023-01-01, due in
// 30 days, each paid delay(i) days after its due date.
func history(t *testing.T, s *sqlite.Store, code string, n int, delay func(i int) int) {
	t.Helper()
	err := s.Update(context.Background(), func(tx *sqlite.Tx) error {
		c := data.Client{Code: code, Name: code}
		if err := tx.CreateClient(&c); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			issue := data.MustDate("2023-01-01").AddMonths(i)
			in := data.Invoice{Number: fmt.Sprintf("%s-%02d", code, i), ClientID: c.ID, IssueDate: issue, DueDate: issue.AddDays(30), Amount: data.M(1000_00, "USD")}
			if err := tx.CreateInvoice(&in); err != nil {
				return err
			}
			paid := in.DueDate.AddDays(delay(i))
			if paid.After(data.MustDate("2024-12-31")) {
				continue // still open
			}
			if err := tx.RecordPayment(&data.Payment{ClientID: c.ID, Date: paid, Amount: in.Amount,
				Allocations: []data.Allocation{{InvoiceID: in.ID, Amount: in.Amount.Amount}}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBehaviourClasses(t *testing.T) {
	s := newStore(t, "USD")
	history(t, s, "EARLY", 20, func(int) int { return -12 })
	history(t, s, "ONTIME", 20, func(i int) int { return i%3 - 1 })
	history(t, s, "ERRATIC", 20, func(i int) int { return []int{-20, 25, -15}[i%3] })
	history(t, s, "LATE", 20, func(int) int { return 40 })
	history(t, s, "RISING", 24, func(i int) int { // on time, then 25 days late in its last months
		if i >= 19 {
			return 25
		}
		return 0
	})
	history(t, s, "NEW", 2, func(int) int { return 0 })
	bs, err := Behaviours(context.Background(), s.DB(), data.MustDate("2024-12-31"), 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Behaviour{}
	for _, b := range bs {
		c, _ := s.Client(context.Background(), b.ClientID)
		got[c.Code] = b
	}
	for code, want := range map[string]Class{"EARLY": ClassEarly, "ONTIME": ClassOnTime, "ERRATIC": ClassInconsistent,
		"LATE": ClassLate, "RISING": ClassOnTime, "NEW": ClassNew} {
		if got[code].Class != want {
			t.Errorf("%s: class %s, want %s (%+v)", code, got[code].Class, want, got[code])
		}
	}
	if b := got["LATE"]; b.LateRate != 1 || b.AvgDaysLate != 40 || b.AvgDaysToPay != 70 || b.Paid != 20 {
		t.Errorf("LATE: %+v", b)
	}
	if b := got["RISING"]; !b.Rising || b.Trend < 7 {
		t.Errorf("RISING: trend %.1f rising %v (recent %.1f, before %.1f)", b.Trend, b.Rising, b.RecentDaysToPay, b.BeforeDaysToPay)
	}
	if got["EARLY"].Rising || got["LATE"].Rising {
		t.Errorf("steady clients flagged as rising")
	}
	if !(got["LATE"].Risk > got["ERRATIC"].Risk && got["ERRATIC"].Risk > got["EARLY"].Risk) || got["EARLY"].Risk > 10 {
		t.Errorf("risks: late %d, erratic %d, early %d", got["LATE"].Risk, got["ERRATIC"].Risk, got["EARLY"].Risk)
	}
	if bs[0].Class != ClassLate && bs[0].Class != ClassInconsistent {
		t.Errorf("riskiest first: %+v", bs[0])
	}
	seg := SegmentOf(got["LATE"], data.Client{Country: "ES", PreferredChannel: data.ChannelCall}, data.MustDate("2024-12-31"), "USD")
	if seg.Seniority != "1-3y" || seg.Class != ClassLate || seg.Channel != "call" {
		t.Errorf("%+v", seg)
	}
}
