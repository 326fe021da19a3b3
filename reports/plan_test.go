package reports

import (
	"strings"
	"testing"

	"cartera/data"
)

// TestPlans: the analytics read covering indexes. At a million invoices,
// joining payments to compute open balances took 1.1-1.5 s and an index on
// (client, due date) made the aging 10-20× slower (the planner walked it to
// skip a sort, then looked up rows one by one); the partial covering index
// of open invoices answers it from the index alone.
func TestPlans(t *testing.T) {
	s := newStore(t, "USD")
	load(t, s, []inv{{"A", "2024-03-01", "2024-03-31", 5000_00, []pay{{"2024-04-01", 100_00}}}})
	d := data.MustDate("2024-06-30")
	for _, c := range []struct {
		name, query string
		args        []any
		want        []string
		not         string
	}{
		{"open balances", openQuery, []any{d}, []string{"COVERING INDEX invoices_open", "SEARCH p USING COVERING INDEX payments_date (date>?)", "allocations_payment"}, "allocations_invoice"},
		{"credit sales", `SELECT COALESCE(SUM(amount), 0) FROM invoices WHERE issue_date > ? AND issue_date <= ?`, []any{d, d},
			[]string{"COVERING INDEX invoices_issue"}, "SCAN"},
	} {
		rows, err := s.DB().Query("EXPLAIN QUERY PLAN "+c.query, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan.WriteString(detail + "\n")
		}
		rows.Close()
		for _, w := range c.want {
			if !strings.Contains(plan.String(), w) {
				t.Errorf("%s: plan lacks %q:\n%s", c.name, w, plan.String())
			}
		}
		if strings.Contains(plan.String(), c.not) {
			t.Errorf("%s: plan has %q:\n%s", c.name, c.not, plan.String())
		}
	}
}
