package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cartera/app/reconcile"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

// The bank screen imports a Spanish CSV statement, proposes the invoices
// its credits pay, confirms the sure ones in one click, and undoes one.
func TestBankScreenImportConfirmUndo(t *testing.T) {
	u, s := dashboardOf(t, "es")
	ctx := context.Background()
	// Two open invoices the demo's waiting statement does not pay already.
	waiting, _ := reconcile.Queue(ctx, s)
	proposed := map[string]bool{}
	for _, it := range waiting {
		for _, n := range it.Invoices {
			proposed[n] = true
		}
	}
	all, err := s.ListInvoices(ctx, data.InvoiceQuery{Filter: data.FilterOpen, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var open []data.InvoiceRow
	for _, inv := range all {
		if !proposed[inv.Number] && !inv.IssueDate.After(testToday.AddDays(-1)) && len(open) < 2 { // issued by the credit's day
			open = append(open, inv)
		}
	}
	loc := data.LocaleFor("es-ES")
	var csv strings.Builder
	csv.WriteString("Fecha operación;Concepto;Importe;Saldo\n")
	for i, inv := range open {
		fmt.Fprintf(&csv, "%s;TRANSFERENCIA PAGO FRA %s;%s;%d,00\n", loc.Date(testToday.AddDays(-1)), inv.Number, loc.Number(data.M(inv.Balance, "EUR")), 1000+i)
	}
	csv.WriteString(loc.Date(testToday) + ";INGRESO EFECTIVO;50,00;2000,00\n")
	csv.WriteString(loc.Date(testToday) + ";RECIBO LUZ;-80,00;1920,00\n")
	path := filepath.Join(t.TempDir(), "extracto.csv")
	os.WriteFile(path, []byte(csv.String()), 0o644)

	u.goTo(screenBank) // the demo's own statement waits already
	queued, high := len(u.bank.queue), u.bank.high()
	if queued == 0 || !shows(u.win, fmt.Sprintf("Pendientes (%d)", queued)) {
		t.Fatalf("the demo's queue: %q", texts(u.win))
	}
	u.bank.importFile(path, "Banco de prueba", nil)
	if !shows(u.win, fmt.Sprintf("Pendientes (%d)", queued+3)) || !shows(u.win, fmt.Sprintf("Confirmar los de confianza alta (%d)", high+2)) {
		t.Fatalf("after the import: %q", texts(u.win))
	}
	if !shows(u.win, tr("The reference names the invoice and the amount is its balance.")) {
		t.Error("the reason of the proposal is not shown")
	}
	before, _ := s.Fingerprint(ctx) // the statement's credits read, nothing confirmed
	test.Tap(buttonNamed(t, u.win, fmt.Sprintf("Confirmar los de confianza alta (%d)", high+2)))
	if !shows(u.win, fmt.Sprintf("Pendientes (%d)", queued+3-high-2)) || !shows(u.win, fmt.Sprintf("Confirmados (%d)", high+2)) {
		t.Fatalf("after confirming: %q", texts(u.win))
	}
	for _, inv := range open {
		rows, _ := s.InvoiceRows(ctx, []int64{inv.ID})
		if rows[inv.ID].Balance != 0 {
			t.Errorf("invoice %s still owes %d", inv.Number, rows[inv.ID].Balance)
		}
		// The Confirmed tab says who paid which invoice.
		if !slices.ContainsFunc(u.bank.confirmed, func(c sqlite.BankCredit) bool {
			return c.ClientName == inv.ClientName && slices.Contains(c.Invoices, inv.Number)
		}) {
			t.Errorf("no confirmed credit says %s paid %s", inv.ClientName, inv.Number)
		}
	}
	for range high + 2 {
		u.bank.undo(u.bank.confirmed[0])
	}
	if after, _ := s.Fingerprint(ctx); after != before {
		t.Error("undoing every confirmation did not restore the company file")
	}
	if !shows(u.win, fmt.Sprintf("Pendientes (%d)", queued+3)) {
		t.Errorf("after undo: %q", texts(u.win))
	}
}

// A CSV whose headers mean nothing to Cartera opens in the columns dialog;
// choosing them imports it and remembers them for the bank.
func TestBankColumnsChosenByHand(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	dir := t.TempDir()
	june := filepath.Join(dir, "junio.csv")
	os.WriteFile(june, []byte("F. Op.;Texto libre;Eur\n29/06/2025;PAGO X;10,50\n30/06/2025;PAGO Y;1.020,00\n"), 0o644)
	u.goTo(screenBank)
	before := len(u.bank.queue)
	u.bank.chooseColumns(june)
	o := overlay(t, u)
	if !slices.ContainsFunc(overlayTexts(o), func(s string) bool { return strings.Contains(s, "no header row was found") }) {
		t.Errorf("the dialog does not say why: %q", overlayTexts(o))
	}
	var selects []*widget.Select
	var name *widget.Entry
	walk(o, func(c fyne.CanvasObject) {
		switch w := c.(type) {
		case *widget.Select:
			selects = append(selects, w)
		case *entry:
			name = &w.Entry
		}
	})
	if len(selects) != 3 || name == nil {
		t.Fatalf("%d column choices", len(selects))
	}
	for i, f := range []importers.Field{importers.BookingDate, importers.Description, importers.Amount} {
		selects[i].SetSelected(f.Label())
	}
	test.Type(name, "Caja Rural")
	tapIn(t, o, "Import")
	if len(u.bank.queue) != before+2 {
		t.Fatalf("queue %d, was %d", len(u.bank.queue), before)
	}
	m, err := s.Mapping(ctx, "Caja Rural")
	if err != nil || m.Kind != importers.MappingKindBank {
		t.Errorf("the bank's columns were not saved: %+v %v", m, err)
	}
	// The bank's next statement is read without asking anything.
	july := filepath.Join(dir, "julio.csv")
	os.WriteFile(july, []byte("F. Op.;Texto libre;Eur\n01/07/2025;PAGO Z;5,00\n"), 0o644)
	u.bank.chooseColumns(july)
	if o := overlay(t, u); !slices.Contains(overlayTexts(o), "1 credit found with these columns.") {
		t.Errorf("the next statement: %q", overlayTexts(o))
	}
}

// A credit that matches nothing is assigned to the client the user picks,
// or set aside; both show under Confirmed and can be undone.
func TestBankAssignAndSetAside(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	u.goTo(screenBank)
	var cash reconcile.Item
	for _, it := range u.bank.queue {
		if it.Proposal == nil {
			cash = it
		}
	}
	if cash.Credit.ID == 0 {
		t.Fatal("the demo statement has no unmatched credit")
	}
	before := len(u.bank.queue)
	u.bank.assignDialog(cash)
	o := overlay(t, u)
	var pick *selectEntry
	walk(o, func(c fyne.CanvasObject) {
		if e, ok := c.(*selectEntry); ok {
			pick = e
		}
	})
	rows, _ := s.ListClients(ctx, data.ClientQuery{Search: "Garrido", Limit: 1})
	if pick == nil || len(rows) == 0 {
		t.Fatal("no client picker, or no Garrido in the demo")
	}
	pick.SetText("Garrido")
	pick.SetText(rows[0].Code + " · " + rows[0].Name)
	if !slices.ContainsFunc(overlayTexts(o), func(s string) bool {
		return strings.HasPrefix(s, "Pays ") || strings.Contains(s, "stays on the account")
	}) {
		t.Errorf("the dialog does not say what it would pay: %q", overlayTexts(o))
	}
	tapIn(t, o, "Confirm")
	if len(u.bank.queue) != before-1 || len(u.bank.confirmed) != 1 {
		t.Fatalf("after assigning: %d queued, %d confirmed", len(u.bank.queue), len(u.bank.confirmed))
	}
	if pays, _ := s.Payments(ctx, rows[0].ID); !slices.ContainsFunc(pays, func(p data.Payment) bool { return p.Amount == cash.Credit.Amount && p.Date == cash.Credit.Date }) {
		t.Error("no payment of the credit for the chosen client")
	}
	if err := reconcile.Dismiss(ctx, s, u.bank.queue[0].Credit.ID); err != nil {
		t.Fatal(err)
	}
	u.bank.tab = 1
	u.bank.load()
	if !containsSuffix(texts(u.win), "not a client payment") {
		t.Errorf("the set-aside credit is not listed: %q", texts(u.win))
	}
	for len(u.bank.confirmed) > 0 {
		u.bank.undo(u.bank.confirmed[0])
	}
	if len(u.bank.queue) != before {
		t.Errorf("after undoing both: %d queued, was %d", len(u.bank.queue), before)
	}
}

func containsSuffix(ss []string, suffix string) bool {
	return slices.ContainsFunc(ss, func(s string) bool { return strings.HasSuffix(s, suffix) })
}
