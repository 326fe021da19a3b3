package sqlite

import (
	"context"
	"strings"
	"testing"

	"cartera/data"
)

// fixture makes two clients with three invoices between them.
func fixture(t *testing.T, s *Store) (ana, ben data.Client, invs []data.Invoice) {
	t.Helper()
	ana = data.Client{Code: "ANA", Name: "Ana Ortiz", City: "Sevilla", Country: "ES"}
	ben = data.Client{Code: "BEN", Name: "Ben Howard", City: "Leeds", Country: "GB", Emails: []string{"ben@example.co.uk"}}
	invs = []data.Invoice{
		{Number: "F-001", IssueDate: data.MustDate("2025-04-01"), DueDate: data.MustDate("2025-05-01"), Amount: data.M(100000, "EUR")},
		{Number: "F-002", IssueDate: data.MustDate("2025-05-15"), DueDate: data.MustDate("2025-06-14"), Amount: data.M(40000, "EUR")},
		{Number: "F-003", IssueDate: data.MustDate("2025-06-20"), DueDate: data.MustDate("2025-07-20"), Amount: data.M(25050, "EUR"), Reference: "PO-9"},
	}
	update(t, s, func(tx *Tx) error {
		if err := tx.CreateClient(&ana); err != nil {
			return err
		}
		if err := tx.CreateClient(&ben); err != nil {
			return err
		}
		for i := range invs {
			invs[i].ClientID = ana.ID
			if i == 2 {
				invs[i].ClientID = ben.ID
			}
			if err := tx.CreateInvoice(&invs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return ana, ben, invs
}

// checkCache proves that every invoice's cached open balance equals its
// balance derived from dated settlements.
func checkCache(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	rows, err := s.ListInvoices(ctx, data.InvoiceQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		st, err := s.InvoiceState(ctx, r.ID, data.MustDate("9999-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Balance.Amount != r.Balance {
			t.Errorf("invoice %s: cached balance %d, derived %d", r.Number, r.Balance, st.Balance.Amount)
		}
	}
}

func TestBalancesAsOfDate(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ana, _, invs := fixture(t, s)
	f1, f2 := invs[0], invs[1]
	pay1 := data.Payment{ClientID: ana.ID, Date: data.MustDate("2025-04-20"), Amount: data.M(30000, "EUR"), Allocations: []data.Allocation{{InvoiceID: f1.ID, Amount: 30000}}}
	pay2 := data.Payment{ClientID: ana.ID, Date: data.MustDate("2025-06-10"), Amount: data.M(80000, "EUR"), Allocations: []data.Allocation{{InvoiceID: f1.ID, Amount: 50000}, {InvoiceID: f2.ID, Amount: 30000}}}
	note := data.CreditNote{Number: "AB-1", ClientID: ana.ID, Date: data.MustDate("2025-06-12"), Amount: data.M(20000, "EUR"), Allocations: []data.Allocation{{InvoiceID: f1.ID, Amount: 20000}}}
	update(t, s, func(tx *Tx) error {
		if err := tx.RecordPayment(&pay1); err != nil {
			return err
		}
		if err := tx.RecordPayment(&pay2); err != nil {
			return err
		}
		return tx.CreateCreditNote(&note)
	})
	checkCache(t, s)
	tests := []struct {
		inv     data.Invoice
		asOf    string
		balance int64
		status  data.Status
	}{
		{f1, "2025-03-31", 100000, data.StatusNotIssued},
		{f1, "2025-04-19", 100000, data.StatusOpen},
		{f1, "2025-04-20", 70000, data.StatusPartiallyPaid},
		{f1, "2025-05-02", 70000, data.StatusOverdue},
		{f1, "2025-06-10", 20000, data.StatusOverdue},
		{f1, "2025-06-12", 0, data.StatusPaid},
		{f2, "2025-06-10", 10000, data.StatusPartiallyPaid},
		{f2, "2025-06-15", 10000, data.StatusOverdue},
	}
	for _, tt := range tests {
		st, err := s.InvoiceState(ctx, tt.inv.ID, data.MustDate(tt.asOf))
		if err != nil {
			t.Fatal(err)
		}
		if st.Balance.Amount != tt.balance || st.Status != tt.status {
			t.Errorf("%s at %s: balance %d %s, want %d %s", tt.inv.Number, tt.asOf, st.Balance.Amount, st.Status, tt.balance, tt.status)
		}
	}

	// Deleting a payment reopens what it paid; changing an amount moves the balance.
	update(t, s, func(tx *Tx) error { return tx.DeletePayment(pay2.ID) })
	checkCache(t, s)
	f2.Amount = data.M(45000, "EUR")
	update(t, s, func(tx *Tx) error { return tx.UpdateInvoice(&f2) })
	checkCache(t, s)
	if st, _ := s.InvoiceState(ctx, f2.ID, data.MustDate("2025-12-31")); st.Balance.Amount != 45000 {
		t.Errorf("after delete and amount change: balance %d, want 45000", st.Balance.Amount)
	}
	// A payment on account is applied later; no more than it holds.
	credit := data.Payment{ClientID: ana.ID, Date: data.MustDate("2025-06-20"), Amount: data.M(5000, "EUR")}
	update(t, s, func(tx *Tx) error {
		if err := tx.RecordPayment(&credit); err != nil {
			return err
		}
		return tx.Allocate(credit.ID, data.Allocation{InvoiceID: f2.ID, Amount: 4000})
	})
	checkCache(t, s)
	err := s.Update(ctx, func(tx *Tx) error { return tx.Allocate(credit.ID, data.Allocation{InvoiceID: f2.ID, Amount: 1001}) })
	if data.ErrorCode(err) != data.EINVALID {
		t.Errorf("over-applying a payment: %v", err)
	}
	if st, _ := s.InvoiceState(ctx, f2.ID, data.MustDate("2025-12-31")); st.Balance.Amount != 41000 {
		t.Errorf("balance after applying credit = %d, want 41000", st.Balance.Amount)
	}
}

// TestRefusalsLeaveNothingBehind checks that each bad write is refused with a
// sentence and that the whole transaction, earlier steps included, is undone.
func TestRefusalsLeaveNothingBehind(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ana, ben, invs := fixture(t, s)
	f1, f3 := invs[0], invs[2]
	tests := []struct {
		name string
		code string
		fn   func(tx *Tx) error
	}{
		{"more than the invoice owes", data.EINVALID, func(tx *Tx) error {
			return tx.RecordPayment(&data.Payment{ClientID: ana.ID, Date: data.MustDate("2025-05-01"), Amount: data.M(200000, "EUR"),
				Allocations: []data.Allocation{{InvoiceID: f1.ID, Amount: 100001}}})
		}},
		{"another client's invoice", data.EINVALID, func(tx *Tx) error {
			return tx.RecordPayment(&data.Payment{ClientID: ana.ID, Date: data.MustDate("2025-05-01"), Amount: data.M(100, "EUR"),
				Allocations: []data.Allocation{{InvoiceID: f3.ID, Amount: 100}}})
		}},
		{"other currency", data.EINVALID, func(tx *Tx) error {
			return tx.CreateInvoice(&data.Invoice{Number: "F-USD", ClientID: ben.ID, IssueDate: data.MustDate("2025-05-01"),
				DueDate: data.MustDate("2025-05-01"), Amount: data.M(100, "USD")})
		}},
		{"payment in another currency", data.EINVALID, func(tx *Tx) error {
			return tx.RecordPayment(&data.Payment{ClientID: ana.ID, Date: data.MustDate("2025-05-01"), Amount: data.M(100, "USD")})
		}},
		{"company currency change with invoices", data.EINVALID, func(tx *Tx) error {
			c, err := s.Company(ctx)
			if err != nil {
				return err
			}
			c.Currency = "USD"
			return tx.SetCompany(c)
		}},
		{"duplicate invoice number", data.ECONFLICT, func(tx *Tx) error {
			return tx.CreateInvoice(&data.Invoice{Number: "F-001", ClientID: ben.ID, IssueDate: data.MustDate("2025-05-01"),
				DueDate: data.MustDate("2025-05-01"), Amount: data.M(100, "EUR")})
		}},
		{"duplicate client code", data.ECONFLICT, func(tx *Tx) error { return tx.CreateClient(&data.Client{Code: "ANA", Name: "Otra"}) }},
		{"unknown client", data.EINVALID, func(tx *Tx) error {
			return tx.CreateInvoice(&data.Invoice{Number: "F-X", ClientID: 999, IssueDate: data.MustDate("2025-05-01"),
				DueDate: data.MustDate("2025-05-01"), Amount: data.M(100, "EUR")})
		}},
		{"amount below what was paid", data.EINVALID, func(tx *Tx) error {
			if err := tx.RecordPayment(&data.Payment{ClientID: ana.ID, Date: data.MustDate("2025-05-01"), Amount: data.M(50000, "EUR"),
				Allocations: []data.Allocation{{InvoiceID: f1.ID, Amount: 50000}}}); err != nil {
				return err
			}
			inv := f1
			inv.Amount = data.M(40000, "EUR")
			return tx.UpdateInvoice(&inv)
		}},
		{"missing payment", data.ENOTFOUND, func(tx *Tx) error { return tx.DeletePayment(12345) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := counts(t, s)
			err := s.Update(ctx, func(tx *Tx) error {
				// A first, valid step that must be rolled back with the bad one.
				if err := tx.AddContact(&data.ContactEntry{ClientID: ana.ID, At: testClock.T, Channel: data.ChannelCall}); err != nil {
					return err
				}
				return tt.fn(tx)
			})
			if data.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v (%s), want %s", err, data.ErrorCode(err), tt.code)
			}
			if err.Error() == "" || err.Error()[len(err.Error())-1] != '.' {
				t.Errorf("message %q is not a sentence", err.Error())
			}
			if after := counts(t, s); after != before {
				t.Errorf("database changed: %v → %v", before, after)
			}
		})
	}
	checkCache(t, s)
}

func counts(t *testing.T, s *Store) [6]int {
	var n [6]int
	for i, tbl := range []string{"clients", "invoices", "payments", "allocations", "contacts", "credit_notes"} {
		if err := s.db.QueryRow("SELECT COUNT(*) FROM " + tbl).Scan(&n[i]); err != nil {
			t.Fatal(err)
		}
	}
	var sum int
	s.db.QueryRow("SELECT SUM(open_balance) + SUM(amount) FROM invoices").Scan(&sum)
	n[5] += sum
	return n
}

func TestLists(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ana, ben, _ := fixture(t, s)
	asOf := data.MustDate("2025-06-30")
	clientTests := []struct {
		name string
		q    data.ClientQuery
		want []string
	}{
		{"by name", data.ClientQuery{}, []string{"ANA", "BEN"}},
		{"by balance desc", data.ClientQuery{Sort: data.SortClientBalance, Desc: true}, []string{"ANA", "BEN"}},
		{"by balance asc", data.ClientQuery{Sort: data.SortClientBalance}, []string{"BEN", "ANA"}},
		{"search city, any case", data.ClientQuery{Search: "LEEDS"}, []string{"BEN"}},
		{"search email", data.ClientQuery{Search: "example.co"}, []string{"BEN"}},
		{"search wildcard is literal", data.ClientQuery{Search: "%"}, nil},
		{"overdue only", data.ClientQuery{OverdueOnly: true, AsOf: asOf}, []string{"ANA"}},
		{"page", data.ClientQuery{Offset: 1, Limit: 1}, []string{"BEN"}},
	}
	for _, tt := range clientTests {
		t.Run("clients "+tt.name, func(t *testing.T) {
			rows, err := s.ListClients(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Code)
			}
			if !equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			q := tt.q
			q.Offset, q.Limit = 0, 0
			if n, err := s.CountClients(ctx, q); err != nil || (tt.q.Limit == 0 && n != len(tt.want)) {
				t.Errorf("count = %d, %v", n, err)
			}
		})
	}
	rows, _ := s.ListClients(ctx, data.ClientQuery{AsOf: asOf})
	if rows[0].ID != ana.ID || rows[0].Balance != 140000 || rows[0].Overdue != 140000 || rows[0].OpenInvoices != 2 {
		t.Errorf("ana row = %+v", rows[0])
	}
	if rows[1].ID != ben.ID || rows[1].Balance != 25050 || rows[1].Overdue != 0 {
		t.Errorf("ben row = %+v", rows[1])
	}

	invTests := []struct {
		name string
		q    data.InvoiceQuery
		want []string
	}{
		{"newest first", data.InvoiceQuery{}, []string{"F-003", "F-002", "F-001"}},
		{"by number", data.InvoiceQuery{Sort: data.SortInvoiceNumber}, []string{"F-001", "F-002", "F-003"}},
		{"by amount desc", data.InvoiceQuery{Sort: data.SortInvoiceAmount, Desc: true}, []string{"F-001", "F-002", "F-003"}},
		{"by client", data.InvoiceQuery{Sort: data.SortInvoiceClient}, []string{"F-001", "F-002", "F-003"}},
		{"overdue", data.InvoiceQuery{Filter: data.FilterOverdue, AsOf: asOf, Sort: data.SortInvoiceDue}, []string{"F-001", "F-002"}},
		{"one client", data.InvoiceQuery{ClientID: ben.ID}, []string{"F-003"}},
		{"search client name", data.InvoiceQuery{Search: "howard"}, []string{"F-003"}},
		{"search reference", data.InvoiceQuery{Search: "PO-9"}, []string{"F-003"}},
		{"paid", data.InvoiceQuery{Filter: data.FilterPaid}, nil},
	}
	for _, tt := range invTests {
		t.Run("invoices "+tt.name, func(t *testing.T) {
			rows, err := s.ListInvoices(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Number)
			}
			if !equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if n, err := s.CountInvoices(ctx, tt.q); err != nil || n != len(tt.want) {
				t.Errorf("count = %d, %v", n, err)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestListPlans guards the query plans measured on the 1M-invoice demo: no
// list query may walk the whole table through an index (the 20× trap), and
// paging stays on an index.
func TestListPlans(t *testing.T) {
	s := newStore(t)
	fixture(t, s)
	tests := []struct {
		name    string
		q       data.InvoiceQuery
		want    string // must appear in the plan
		wantNot string // must not
	}{
		{"overdue keeps off the due-date index", data.InvoiceQuery{Filter: data.FilterOverdue, Sort: data.SortInvoiceBalance, Limit: 100}, "invoices_open", "invoices_due (due_date<?)"},
		{"newest first pages on the issue-date index", data.InvoiceQuery{Limit: 100, Offset: 500}, "invoices_issue", ""},
		{"by due date pages on its index", data.InvoiceQuery{Sort: data.SortInvoiceDue, Limit: 100}, "invoices_due", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query, args := s.invoicePage(tt.q)
			rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan strings.Builder
			for rows.Next() {
				var id, parent, unused int
				var detail string
				rows.Scan(&id, &parent, &unused, &detail)
				plan.WriteString(detail + "\n")
			}
			if !strings.Contains(plan.String(), tt.want) || (tt.wantNot != "" && strings.Contains(plan.String(), tt.wantNot)) {
				t.Errorf("plan:\n%s", plan.String())
			}
		})
	}
}
