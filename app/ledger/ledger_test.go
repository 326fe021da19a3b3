package ledger_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"cartera/app/demo"
	. "cartera/app/ledger"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

var today = data.MustDate("2025-06-30")

func demoStore(t *testing.T) (*sqlite.Store, data.Company) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.cartera")
	if _, err := demo.Generate(context.Background(), path, demo.Options{Today: today, Seed: 5, Clients: 40, Invoices: 600}); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Clock: data.FixedClock{T: today.Time()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, _ := s.Company(context.Background())
	return s, c
}

// figures are everything the reports say, as of a few days, as JSON.
func figures(t *testing.T, s *sqlite.Store, c data.Company) string {
	t.Helper()
	ctx := context.Background()
	var out []any
	for _, d := range []data.Date{today.AddDays(-120), today.AddDays(-30), today} {
		r, err := reports.Compute(ctx, s.DB(), c, reports.ReportOptions{AsOf: d})
		if err != nil {
			t.Fatal(err)
		}
		a, err := reports.AgingAt(ctx, s.DB(), reports.AgingOptions{AsOf: d, Bounds: c.AgingBuckets})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := reports.Trend(ctx, s.DB(), c, d, 6, 90)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r, a, tr)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// TestCorrectionsLeaveNoTrace: an invoice entered by mistake and voided, a
// payment recorded by mistake and reversed, a credit note recorded and
// reversed — every figure, as of any day, is what it was before them; the
// audit log keeps them, with their reasons.
func TestCorrectionsLeaveNoTrace(t *testing.T) {
	s, c := demoStore(t)
	ctx := context.Background()
	before := figures(t, s, c)
	var client data.Client
	var open data.InvoiceRow
	rows, err := s.ListInvoices(ctx, data.InvoiceQuery{Filter: data.FilterOverdue, AsOf: today, Limit: 1})
	if err != nil || len(rows) == 0 {
		t.Fatalf("no overdue invoice in the demo: %v", err)
	}
	open = rows[0]
	if client, err = s.Client(ctx, open.ClientID); err != nil {
		t.Fatal(err)
	}
	who := "tester"
	steps := []struct {
		name string
		do   func() error
	}{
		{"invoice by mistake", func() error {
			return s.Update(ctx, func(tx *sqlite.Tx) error {
				inv := data.Invoice{Number: "MISTAKE-1", ClientID: client.ID, IssueDate: today.AddDays(-200), DueDate: today.AddDays(-170),
					Amount: data.M(123456, c.Currency)}
				return tx.CreateInvoice(&inv)
			})
		}},
		{"a payment applied to it and to a real one", func() error {
			_, err := RecordPayment(ctx, s, PaymentEntry{Client: client.Code, Date: today.AddDays(-100), Amount: data.M(123456+open.Balance, c.Currency),
				Reference: "WRONG-1", Apply: Apply{To: []Part{{"MISTAKE-1", 123456}, {open.Number, open.Balance}}}}, who)
			return err
		}},
		{"a credit note on account", func() error {
			_, err := RecordCreditNote(ctx, s, CreditEntry{Client: client.Code, Number: "CN-WRONG", Date: today.AddDays(-50), Amount: data.M(5000, c.Currency),
				Apply: Apply{OnAccount: true}}, who)
			return err
		}},
		{"void the invoice", func() error {
			freed, err := VoidInvoice(ctx, s, "MISTAKE-1", "entered twice", today, who)
			if err == nil && freed != 123456 {
				t.Errorf("freed %d, want 123456", freed)
			}
			return err
		}},
		{"reverse the payment", func() error { _, err := ReversePayment(ctx, s, "WRONG-1", "wrong client", today, who); return err }},
		{"reverse the credit note", func() error { return ReverseCreditNote(ctx, s, "CN-WRONG", "not agreed", today, who) }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
	}
	if after := figures(t, s, c); after != before {
		t.Errorf("the figures changed:\nbefore %.400s\nafter  %.400s", before, after)
	}
	inv, err := s.InvoiceByNumber(ctx, "MISTAKE-1")
	if err != nil || inv.Voided != today || inv.VoidReason != "entered twice" {
		t.Errorf("the voided invoice: %+v %v", inv, err)
	}
	log, err := s.Audit(ctx, client.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
		if e.User != who {
			t.Errorf("%s by %q", e.Action, e.User)
		}
	}
	want := []string{data.AuditCreditReverse, data.AuditPaymentReverse, data.AuditInvoiceVoid, data.AuditCreditNoteAdd, data.AuditPaymentAdd}
	if len(actions) != len(want) {
		t.Fatalf("audit log %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Errorf("audit log %v, want %v", actions, want)
			break
		}
	}
	if log[1].Reason != "wrong client" {
		t.Errorf("reason %q", log[1].Reason)
	}
}

// TestRefundRules: a refund never takes more than the client holds on
// account, on its day or later, and a reversed payment cannot be applied.
func TestRefundRules(t *testing.T) {
	s, c := demoStore(t)
	ctx := context.Background()
	cl := data.Client{Code: "NEW", Name: "New client"}
	if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.CreateClient(&cl) }); err != nil {
		t.Fatal(err)
	}
	code := cl.Code
	for _, tc := range []struct {
		name    string
		do      func() error
		wantErr bool
	}{
		{"advance", func() error {
			_, err := RecordPayment(ctx, s, PaymentEntry{Client: code, Date: today.AddDays(-10), Amount: data.M(100000, c.Currency), Reference: "ADV",
				Apply: Apply{OnAccount: true}}, "t")
			return err
		}, false},
		{"refund before the advance", func() error {
			_, err := Refund(ctx, s, RefundEntry{Client: code, Date: today.AddDays(-11), Amount: data.M(1, c.Currency)}, "t")
			return err
		}, true},
		{"refund part", func() error {
			_, err := Refund(ctx, s, RefundEntry{Client: code, Date: today, Amount: data.M(40000, c.Currency), Reference: "R1"}, "t")
			return err
		}, false},
		{"refund more than is left", func() error {
			_, err := Refund(ctx, s, RefundEntry{Client: code, Date: today, Amount: data.M(60001, c.Currency)}, "t")
			return err
		}, true},
		{"reverse the advance after a refund of part of it", func() error {
			_, err := ReversePayment(ctx, s, "ADV", "bounced", today, "t")
			return err
		}, true},
		{"apply what is left", func() error {
			return ApplyPayment(ctx, s, "ADV", []Part{{"NOPE", 1}}, "t")
		}, true},
	} {
		err := tc.do()
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestEditNeedsAReason: changing an invoice's amount needs a reason, which
// the audit log keeps with the figures before and after; a note does not.
func TestEditNeedsAReason(t *testing.T) {
	s, c := demoStore(t)
	ctx := context.Background()
	rows, _ := s.ListInvoices(ctx, data.InvoiceQuery{Filter: data.FilterOpen, Limit: 1})
	old := rows[0].Invoice
	for _, tc := range []struct {
		name, reason string
		change       func(*data.Invoice)
		wantErr      bool
		audited      bool
	}{
		{"amount without a reason", "", func(n *data.Invoice) { n.Amount.Amount++ }, true, false},
		{"a note", "", func(n *data.Invoice) { n.Notes = "call first" }, false, false},
		{"amount with a reason", "price agreed on the phone", func(n *data.Invoice) { n.Amount.Amount++ }, false, true},
	} {
		before, _ := s.Audit(ctx, old.ClientID)
		cur, _ := s.Invoice(ctx, old.ID)
		n := cur
		tc.change(&n)
		err := s.Update(ctx, func(tx *sqlite.Tx) error { return EditInvoice(tx, cur, &n, tc.reason, "t") })
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: %v", tc.name, err)
		}
		after, _ := s.Audit(ctx, old.ClientID)
		if (len(after) == len(before)+1) != tc.audited {
			t.Errorf("%s: audit log %d → %d lines", tc.name, len(before), len(after))
		}
		if tc.audited && (after[0].Action != data.AuditInvoiceEdit || after[0].Reason != tc.reason || after[0].Before == after[0].After) {
			t.Errorf("%s: %+v", tc.name, after[0])
		}
	}
	_ = c
}

// naiveOnAccount is money on account summed from every allocation, the
// definition itself: the store's fast query must agree with it.
const naiveOnAccount = `
SELECT client_id, SUM(x) FROM (
  SELECT client_id, amount AS x FROM payments WHERE date <= ?1
  UNION ALL SELECT client_id, amount FROM credit_notes WHERE date <= ?1
  UNION ALL SELECT client_id, -amount FROM refunds WHERE date <= ?1
  UNION ALL SELECT p.client_id, -a.amount FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN invoices i ON i.id = a.invoice_id
   WHERE p.date <= ?1 AND i.issue_date <= ?1
  UNION ALL SELECT n.client_id, -a.amount FROM credit_notes n JOIN allocations a ON a.credit_note_id = n.id JOIN invoices i ON i.id = a.invoice_id
   WHERE n.date <= ?1 AND i.issue_date <= ?1
) GROUP BY client_id HAVING SUM(x) <> 0`

// TestOnAccountMatchesItsDefinition: on the demo (advances, overpayments,
// credit notes, a refund, a reversal) and after an advance applied to an
// invoice issued later, the fast query equals the definition on every
// day around them.
func TestOnAccountMatchesItsDefinition(t *testing.T) {
	s, c := demoStore(t)
	ctx := context.Background()
	cl := data.Client{Code: "ADV", Name: "Advance client"}
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.CreateClient(&cl); err != nil {
			return err
		}
		p := data.Payment{ClientID: cl.ID, Date: today.AddDays(-20), Amount: data.M(50000, c.Currency)}
		if err := tx.RecordPayment(&p); err != nil {
			return err
		}
		inv := data.Invoice{Number: "ADV-1", ClientID: cl.ID, IssueDate: today.AddDays(-5), DueDate: today.AddDays(25), Amount: data.M(30000, c.Currency)}
		if err := tx.CreateInvoice(&inv); err != nil {
			return err
		}
		return tx.Allocate(p.ID, data.Allocation{InvoiceID: inv.ID, Amount: 30000})
	})
	if err != nil {
		t.Fatal(err)
	}
	days := []data.Date{today.AddDays(-400), today.AddDays(-30), today.AddDays(-25), today.AddDays(-10), today.AddDays(-5), today, data.MaxDate}
	compare(t, s, days)
	if fast, _ := sqlite.OnAccountAt(ctx, s.DB(), today.AddDays(-10), cl.ID); fast[cl.ID] != 50000 {
		t.Errorf("before the invoice, the advance is all on account: %d", fast[cl.ID])
	}
	if fast, _ := sqlite.OnAccountAt(ctx, s.DB(), today, cl.ID); fast[cl.ID] != 20000 {
		t.Errorf("after it, 200.00 is left: %d", fast[cl.ID])
	}
	// The invoice's date moves before the payment: no longer an advance.
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		inv, _, err := tx.InvoiceByNumber("ADV-1")
		if err != nil {
			return err
		}
		inv.IssueDate = today.AddDays(-30)
		return tx.UpdateInvoice(&inv)
	})
	if err != nil {
		t.Fatal(err)
	}
	compare(t, s, days)
}

// compare checks the store's money on account against its definition.
func compare(t *testing.T, s *sqlite.Store, days []data.Date) {
	t.Helper()
	ctx := context.Background()
	for _, d := range days {
		fast, err := sqlite.OnAccountAt(ctx, s.DB(), d, 0)
		if err != nil {
			t.Fatal(err)
		}
		slow := map[int64]int64{}
		rows, err := s.DB().Query(naiveOnAccount, d)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, n int64
			rows.Scan(&id, &n)
			slow[id] = n
		}
		rows.Close()
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: fast %v, definition %v", d, fast, slow)
		}
	}
}
