package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

// TestVoidReverseAndRefundDialogs: the desktop app voids an invoice,
// reverses a payment and refunds money on account through its dialogs, each
// refused without a reason, and the client's Changes tab lists them with
// who did it and why.
func TestVoidReverseAndRefundDialogs(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	c := rows[0].Client
	open, _ := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: c.ID, Filter: data.FilterOpen, Sort: data.SortInvoiceDue})
	inv := open[0]

	// Void without a reason: refused, nothing changes; with one: void.
	u.voidDialog(inv.Invoice, nil)
	form := overlay(t, u)
	tapIn(t, form, "Void invoice")
	if got, _ := s.Invoice(ctx, inv.ID); !got.Voided.IsZero() {
		t.Fatal("voided without a reason")
	}
	u.win.Canvas().Overlays().Top().Hide()
	u.voidDialog(inv.Invoice, nil)
	form = overlay(t, u)
	entries(form)[0].SetText("entered twice")
	tapIn(t, form, "Void invoice")
	if got, _ := s.Invoice(ctx, inv.ID); got.Voided != testToday || got.VoidReason != "entered twice" {
		t.Fatalf("not voided: %+v", got)
	}

	// A payment on account, reversed; another one, partly refunded.
	pay := func() data.Payment {
		u.paymentDialog(c.ID, nil)
		form := overlay(t, u)
		entries(form)[1].SetText(u.loc.Number(data.M(5000, u.company.Currency)))
		for _, a := range u.paying {
			a.amount.SetText("")
		}
		tapIn(t, form, "Save")
		ps, _ := s.Payments(ctx, c.ID)
		return ps[0]
	}
	p := pay()
	u.reverseDialog("the payment", fmt.Sprintf("#%d", p.ID), "", nil)
	form = overlay(t, u)
	entries(form)[0].SetText("typed for the wrong client")
	tapIn(t, form, "Reverse")
	ps, _ := s.Payments(ctx, c.ID)
	if ps[0].ID != p.ID || ps[0].Reversed != testToday {
		t.Errorf("not reversed: %+v", ps[0])
	}
	pay()
	held, _ := s.OnAccount(ctx, c.ID, data.MaxDate)
	if held < 5000 {
		t.Fatalf("the payment is not on account: %d held", held)
	}
	u.refundDialog(c, held, nil)
	form = overlay(t, u)
	entries(form)[1].SetText(u.loc.Number(data.M(1000, u.company.Currency)))
	tapIn(t, form, "Refund")
	if after, _ := s.OnAccount(ctx, c.ID, data.MaxDate); after != held-1000 {
		t.Errorf("after the refund %d held, want %d", after, held-1000)
	}

	u.showClient(c.ID)
	var changes bool
	for _, it := range u.clientTabs.Items {
		if strings.HasPrefix(it.Text, "Changes (") {
			u.clientTabs.Select(it)
			changes = it.Text == "Changes (5)"
		}
	}
	if !changes {
		t.Errorf("the Changes tab does not count 5 changes")
	}
	for _, want := range []string{"Reason: entered twice", "Reason: typed for the wrong client"} {
		if !slices.ContainsFunc(texts(u.win), func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("the Changes tab lacks %q", want)
		}
	}
}

// TestApplyCreditNoteLater: a credit note held on account is applied to
// the client's oldest invoice from its row in the Payments tab.
func TestApplyCreditNoteLater(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	c := rows[0].Client
	open, _ := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: c.ID, Filter: data.FilterOpen, Sort: data.SortInvoiceDue})
	n := data.CreditNote{Number: "CN-LATER", ClientID: c.ID, Date: testToday, Amount: data.M(100, u.company.Currency)}
	if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.CreateCreditNote(&n) }); err != nil {
		t.Fatal(err)
	}
	u.applyCreditDialog(n, nil)
	tapIn(t, overlay(t, u), "Apply")
	st, _ := s.InvoiceState(ctx, open[0].ID, testToday)
	if st.Balance.Amount != open[0].Balance-100 {
		t.Errorf("the oldest invoice owes %d, want %d", st.Balance.Amount, open[0].Balance-100)
	}
	if log, _ := s.Audit(ctx, c.ID); len(log) != 1 || log[0].Action != data.AuditApply {
		t.Errorf("audit log %+v", log)
	}
}
