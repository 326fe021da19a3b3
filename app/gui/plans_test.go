package gui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	var cands []data.InvoiceRow
	i := slices.IndexFunc(rows, func(r data.ClientRow) bool { // a client with no disputed invoice
		cands, _ = plans.Candidates(ctx, s, r.ID, testToday)
		return len(cands) > 0 && !slices.ContainsFunc(cands, func(x data.InvoiceRow) bool { return x.Disputed })
	})
	c := openClient(t, u, s, rows[i].Code)
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

// TestPlanDialogSixtyInstalments: with 60 instalments the schedule scrolls
// in its own box under a total that stays in sight, and the buttons sit
// below it inside the window; a disputed invoice is marked and left out
// until ticked; the client's open promise is replaced by the plan.
func TestPlanDialogSixtyInstalments(t *testing.T) {
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	u, s := dashboardOf(t, "en")
	u.win.Resize(fyne.NewSize(1024, 640))
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday, Sort: data.SortClientOverdue, Desc: true})
	var c data.Client
	var cands []data.InvoiceRow
	for _, r := range rows {
		if cands, _ = plans.Candidates(ctx, s, r.ID, testToday); len(cands) >= 2 {
			c = r.Client
			break
		}
	}
	disputed := cands[1]
	promise := data.Promise{ClientID: c.ID, Made: testToday, PromisedDate: testToday.AddDays(10), Amount: data.M(5000, "EUR")}
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.OpenDispute(&data.Dispute{InvoiceID: disputed.ID, Opened: testToday, Reason: "wrong goods"}); err != nil {
			return err
		}
		return tx.AddPromise(&promise)
	})
	if err != nil {
		t.Fatal(err)
	}
	count := u.planDialog(c, nil)
	o := overlay(t, u)
	shown := overlayTexts(o)
	if !containsPrefix(shown, disputed.Number+" · ") || !slices.ContainsFunc(shown, func(s string) bool { return strings.HasSuffix(s, "⚠ disputed") }) {
		t.Errorf("the disputed invoice is not marked: %q", shown)
	}
	if !containsPrefix(shown, "The plan replaces the open promise") {
		t.Errorf("the open promise is not mentioned: %q", shown)
	}
	count.SetText("60")
	var total int64
	cands, _ = plans.Candidates(ctx, s, c.ID, testToday)
	for _, r := range cands {
		if !r.Disputed {
			total += r.Balance
		}
	}
	shown = overlayTexts(o)
	if !containsPrefix(shown, "Total "+u.money(total)+" in 60 instalments, the last on ") {
		t.Fatalf("no total above the schedule: %q", shown)
	}
	if size := o.MinSize(); size.Height > 640 {
		t.Errorf("the dialog needs %.0f px, more than the 640 px window", size.Height)
	}
	tapIn(t, o, "Agree")
	ps, _ := s.Plans(ctx, c.ID)
	if len(ps) != 1 || len(ps[0].Instalments) != 60 || ps[0].Total.Amount != total || slices.Contains(ps[0].Invoices, disputed.ID) {
		t.Fatalf("plan stored: %+v", ps)
	}
	left, _ := s.Promises(ctx, c.ID)
	if slices.ContainsFunc(left, func(p data.Promise) bool { return p.Amount == promise.Amount && p.PromisedDate == promise.PromisedDate }) {
		t.Error("the open promise stayed beside the plan")
	}
}
