package gui

import (
	"context"
	"fyne.io/fyne/v2/container"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"cartera/app/plans"
	"cartera/data"
	"cartera/data/sqlite"
)

// The client 360° agrees a payment plan: the schedule previews as it is
// typed, saving stores it, writes the agreement and lists the plan; the
// credit card and the over-limit warning follow the client's credit.
func TestPaymentPlanFromTheClient(t *testing.T) {
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	u, s := dashboardOf(t, "es")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	c := openClient(t, u, s, rows[0].Code)
	cands, _ := plans.Candidates(ctx, s, c.ID, testToday)
	var total int64
	for _, r := range cands {
		total += r.Balance
	}
	test.Tap(buttonNamed(t, u.win, "Plan de pagos…"))
	o := overlay(t, u)
	shown := strings.Join(overlayTexts(o), "\n")
	if !strings.Contains(shown, "Total "+u.money(total)) || !strings.Contains(shown, "1.  ") || !strings.Contains(shown, "3.  ") {
		t.Fatalf("the schedule preview: %s", shown)
	}
	tapIn(t, o, "Acordar")
	ps, _ := s.Plans(ctx, c.ID)
	if len(ps) != 1 || ps[0].Total.Amount != total || len(ps[0].Instalments) != 3 {
		t.Fatalf("plans stored: %+v", ps)
	}
	var sum int64
	for _, in := range ps[0].Instalments {
		sum += in.Amount
	}
	if sum != total {
		t.Errorf("instalments add up to %d, not %d", sum, total)
	}
	if text := pdfText(t, u.lastDoc); !strings.Contains(text, "Acuerdo de plan de pagos") || !strings.Contains(text, c.Name) {
		t.Errorf("the agreement: %s", text)
	}
	u.showClient(c.ID)
	if !containsPrefix(texts(u.win), "En el plan de pagos n.º ") {
		t.Error("the credit card does not say the client is on a plan")
	}
	var last *container.TabItem
	for _, it := range u.clientTabs.Items {
		if strings.HasPrefix(it.Text, "Planes de pagos") {
			last = it
		}
	}
	if last == nil || last.Text != "Planes de pagos (1)" {
		t.Fatalf("the client's plans tab is missing or says %v", last)
	}
	u.clientTabs.Select(last)
	if !shows(u.win, "plan activo") || !containsPrefix(texts(u.win), "Plan n.º ") {
		t.Errorf("the plans tab: %q", texts(u.win))
	}

	// Over the limit with open orders, and little capacity to pay.
	cl, _ := s.Client(ctx, c.ID)
	cl.CreditLimit, cl.OpenOrders, cl.CapacityScore, cl.CapacityNote = 1000, 5000, 2, "Tesorería justa hasta marzo"
	if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.UpdateClient(&cl) }); err != nil {
		t.Fatal(err)
	}
	u.showClient(c.ID)
	for _, want := range []string{"⚠ Sobre el límite de crédito", "Capacidad de pago: 2 — puede pagar poco", "Tesorería justa hasta marzo"} {
		if !containsPrefix(texts(u.win), want) {
			t.Errorf("the client view lacks %q", want)
		}
	}
}
