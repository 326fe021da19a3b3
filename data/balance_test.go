package data

import "testing"

func TestStateAsOf(t *testing.T) {
	inv := Invoice{Number: "F-1", IssueDate: MustDate("2025-01-10"), DueDate: MustDate("2025-02-09"), Amount: M(100000, "EUR")}
	settlements := []Settlement{
		{MustDate("2025-01-20"), 30000}, // partial payment
		{MustDate("2025-02-15"), 20000}, // credit note
		{MustDate("2025-03-01"), 50000}, // final payment
	}
	tests := []struct {
		asOf        string
		balance     int64
		status      Status
		daysOverdue int
		last        string
	}{
		{"2025-01-09", 100000, StatusNotIssued, 0, ""},
		{"2025-01-10", 100000, StatusOpen, 0, ""},
		{"2025-01-20", 70000, StatusPartiallyPaid, 0, "2025-01-20"},
		{"2025-02-09", 70000, StatusPartiallyPaid, 0, "2025-01-20"}, // the due date itself is not overdue
		{"2025-02-10", 70000, StatusOverdue, 1, "2025-01-20"},
		{"2025-02-15", 50000, StatusOverdue, 6, "2025-02-15"},
		{"2025-03-01", 0, StatusPaid, 0, "2025-03-01"},
		{"2026-01-01", 0, StatusPaid, 0, "2025-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			st := StateAsOf(inv, settlements, MustDate(tt.asOf))
			if st.Balance.Amount != tt.balance || st.Status != tt.status || st.DaysOverdue != tt.daysOverdue || st.LastPayment.String() != tt.last {
				t.Errorf("got balance %d status %s overdue %d last %s; want %d %s %d %s",
					st.Balance.Amount, st.Status, st.DaysOverdue, st.LastPayment, tt.balance, tt.status, tt.daysOverdue, tt.last)
			}
			if st.Paid.Amount+st.Balance.Amount != inv.Amount.Amount {
				t.Errorf("paid %d + balance %d != amount", st.Paid.Amount, st.Balance.Amount)
			}
		})
	}
}

func TestDate(t *testing.T) {
	d := MustDate("2024-01-31")
	if got := d.AddMonths(1).String(); got != "2024-02-29" {
		t.Errorf("AddMonths = %s", got)
	}
	if got := d.AddDays(30).String(); got != "2024-03-01" {
		t.Errorf("AddDays = %s", got)
	}
	if got := MustDate("2024-03-31").DaysSince(MustDate("2024-03-01")); got != 30 {
		t.Errorf("DaysSince = %d", got)
	}
	if !d.Before(d.AddDays(1)) || d.After(d) || d.Compare(d) != 0 {
		t.Error("comparisons are wrong")
	}
	for _, bad := range []string{"2024-02-30", "31/01/2024", "2024-1-1"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Error("zero date")
	}
	if v, _ := z.Value(); v != nil {
		t.Error("zero date must store as NULL")
	}
	var back Date
	if err := back.Scan("2024-01-31"); err != nil || back != d {
		t.Errorf("Scan = %v, %v", back, err)
	}
}

func TestValidation(t *testing.T) {
	good := func() Invoice {
		return Invoice{Number: "A1", IssueDate: MustDate("2025-01-01"), DueDate: MustDate("2025-01-31"), Amount: M(100, "eur")}
	}
	tests := []struct {
		name   string
		change func(*Invoice)
		ok     bool
	}{
		{"good", func(*Invoice) {}, true},
		{"no number", func(i *Invoice) { i.Number = "  " }, false},
		{"due before issue", func(i *Invoice) { i.DueDate = MustDate("2024-12-31") }, false},
		{"zero amount", func(i *Invoice) { i.Amount.Amount = 0 }, false},
		{"bad currency", func(i *Invoice) { i.Amount.Currency = "XX" }, false},
		{"no issue date", func(i *Invoice) { i.IssueDate = Date{} }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := good()
			tt.change(&inv)
			err := inv.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
			if err == nil && inv.Amount.Currency != "EUR" {
				t.Errorf("currency not normalised: %q", inv.Amount.Currency)
			}
		})
	}
	p := Payment{Date: MustDate("2025-01-01"), Amount: M(100, "EUR"), Allocations: []Allocation{{1, 60}, {2, 50}}}
	if p.Validate() == nil {
		t.Error("over-allocated payment accepted")
	}
	p.Allocations[1].Amount = 30
	if err := p.Validate(); err != nil || p.Unallocated().Amount != 10 {
		t.Errorf("payment: %v, unallocated %v", err, p.Unallocated())
	}
}

func TestContactChecks(t *testing.T) {
	for s, want := range map[string]bool{"ana@example.com": true, "ana@example": false, "ana example.com": false, "Ana <ana@example.com>": false} {
		if ValidEmail(s) != want {
			t.Errorf("ValidEmail(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"+34 912 345 678": true, "(555) 123-4567": true, "12345": false, "call me": false} {
		if ValidPhone(s) != want {
			t.Errorf("ValidPhone(%q) = %v", s, !want)
		}
	}
}
