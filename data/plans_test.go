package data

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplitAmount(t *testing.T) {
	for _, tc := range []struct {
		total int64
		n     int
		want  string
	}{
		{100000, 3, "[33333 33333 33334]"}, // 1,000.00 → 333.33 + 333.33 + 333.34
		{100000, 4, "[25000 25000 25000 25000]"},
		{100001, 2, "[50000 50001]"},
		{7, 7, "[1 1 1 1 1 1 1]"},
		{1234567, 1, "[1234567]"},
		{5, 6, "error"},
		{100, 0, "error"},
		{100000, MaxInstalments + 1, "error"},
	} {
		got, err := SplitAmount(tc.total, tc.n)
		s := fmt.Sprint(got)
		if err != nil {
			s = "error"
		} else {
			var sum int64
			for _, a := range got {
				sum += a
			}
			if sum != tc.total {
				t.Errorf("%d in %d adds up to %d", tc.total, tc.n, sum)
			}
		}
		if s != tc.want {
			t.Errorf("%d in %d: %s, want %s", tc.total, tc.n, s, tc.want)
		}
	}
}

func TestInstalmentDates(t *testing.T) {
	for _, tc := range []struct {
		first string
		every Interval
		want  string
	}{
		{"2026-01-31", Monthly, "[2026-01-31 2026-02-28 2026-03-31 2026-04-30]"},
		{"2026-12-15", Monthly, "[2026-12-15 2027-01-15 2027-02-15 2027-03-15]"},
		{"2026-12-28", Weekly, "[2026-12-28 2027-01-04 2027-01-11 2027-01-18]"},
		{"2026-02-20", Fortnightly, "[2026-02-20 2026-03-06 2026-03-20 2026-04-03]"},
	} {
		got, err := InstalmentDates(MustDate(tc.first), 4, tc.every)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("%s %s: %v %v", tc.first, tc.every, got, err)
		}
	}
	if _, err := InstalmentDates(MustDate("2026-01-01"), 2, "daily"); err == nil {
		t.Error("a daily plan was scheduled")
	}
}

func TestPlanCheck(t *testing.T) {
	p, err := NewPlan(1, MustDate("2026-11-01"), M(100000, "EUR"), []int64{7}, 3, MustDate("2026-11-15"), Monthly)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		paid              int64
		day               string
		met, next, missed int
		status            PlanStatus
	}{
		{0, "2026-11-10", 0, 0, -1, PlanActive},
		{0, "2026-11-18", 0, 0, -1, PlanActive}, // within 3 grace days
		{0, "2026-11-19", 0, 0, 0, PlanBroken},  // first instalment missed
		{33333, "2026-11-19", 1, 1, -1, PlanActive},
		{40000, "2026-12-19", 1, 1, 1, PlanBroken}, // paid something, not the second instalment
		{66666, "2026-12-19", 2, 2, -1, PlanActive},
		{100000, "2027-03-01", 3, -1, -1, PlanCompleted},
		{150000, "2026-11-02", 3, -1, -1, PlanCompleted}, // paid more, early
	} {
		c := p.Check(tc.paid, MustDate(tc.day), 3)
		if c.Met != tc.met || c.Next != tc.next || c.Missed != tc.missed || c.Status != tc.status {
			t.Errorf("paid %d on %s: %+v", tc.paid, tc.day, c)
		}
	}
	if _, err := NewPlan(1, MustDate("2026-11-01"), M(100000, "EUR"), []int64{7}, 3, MustDate("2026-10-15"), Monthly); err == nil {
		t.Error("a plan starting before it was agreed was made")
	}
}

// TestPlanDatesBounded: a first instalment on 9999-12-31 once stored year
// 10000 and broke every list after it; such dates are refused now.
func TestPlanDatesBounded(t *testing.T) {
	for _, first := range []Date{MustDate("9999-12-31"), MustDate("2199-12-15"), MustDate("1899-12-31")} {
		if _, err := InstalmentDates(first, 3, Monthly); err == nil {
			t.Errorf("%s: accepted", first)
		}
	}
	if _, err := InstalmentDates(MustDate("2199-10-31"), 3, Monthly); err != nil {
		t.Errorf("the last months Cartera keeps: %v", err)
	}
}

func TestLevelPlaceholders(t *testing.T) {
	ok := ReminderLevel{OffsetDays: 7, SubjectES: "Facturas de {client}", BodyES: "{invoices} {total} {oldest_due} {days_overdue} {instructions} {company}",
		SubjectEN: "Invoices of {client}", BodyEN: "Dear {client}"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("every placeholder is refused: %v", err)
	}
	for _, c := range []struct {
		subject, want string
	}{
		{"Facturas de {clinet}", "did you mean {client}?"},
		{"Total {totl}", "did you mean {total}?"},
		{"{days overdue}", "did you mean {days_overdue}?"},
		{"Hola {nombre}", "It can use {client}"},
	} {
		l := ok
		l.SubjectES = c.subject
		err := l.Validate()
		if err == nil || !strings.Contains(fmt.Sprintf(err.(*Error).Format, err.(*Error).Args...), c.want) {
			t.Errorf("%q: %v, want %q", c.subject, err, c.want)
		}
	}
}
