package gui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cartera/app/backup"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

func emptyStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "empty.cartera"),
		data.Company{Name: "Olivar", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30},
		sqlite.Options{Clock: data.FixedClock{T: testToday.Time()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func selects(u *ui) []*widget.Select {
	var out []*widget.Select
	for _, o := range objects(u.win.Canvas().Content()) {
		if s, ok := o.(*widget.Select); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestImportWizard walks a Spanish workbook through the wizard: preview with
// the detected mapping, a corrected column, the dry run's counts, the
// import, and the new invoices in the list.
func TestImportWizard(t *testing.T) {
	u := newTestUI(t, "es")
	s := emptyStore(t)
	u.setStore(s)
	u.startImport("../../importers/testdata/spanish.xlsx")
	for _, want := range []string{"Importar spanish.xlsx", "Nº Factura", "Razón social", "F-0000611365", "Nº de factura", "Nombre del cliente"} {
		if !shows(u.win, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	// A dropdown per column, plus the kind and the date order; leave out
	// the column mapped to Teléfono.
	sel := selects(u)
	if len(sel) != 2+9 {
		t.Fatalf("%d dropdowns", len(sel))
	}
	phone := func() *widget.Select {
		for _, s := range selects(u) {
			if s.Selected == "Teléfono" {
				return s
			}
		}
		return nil
	}
	phone().SetSelectedIndex(0)
	if phone() != nil {
		t.Errorf("the corrected column did not stick")
	}
	test.Tap(buttonNamed(t, u.win, "Comprobar el archivo"))
	for _, want := range []string{"40", "para añadir", "con errores"} {
		if !shows(u.win, want) {
			t.Errorf("summary lacks %q: %q", want, texts(u.win))
		}
	}
	test.Tap(buttonNamed(t, u.win, "Importar"))
	if !shows(u.win, "spanish.xlsx importado") {
		t.Fatalf("no result: %q", texts(u.win))
	}
	if n, _ := s.CountInvoices(context.Background(), data.InvoiceQuery{}); n != 40 {
		t.Errorf("%d invoices", n)
	}
	c, _ := s.ClientByCode(context.Background(), "0379-NEVHP")
	if len(c.Phones) != 0 {
		t.Errorf("the ignored phone column was imported: %v", c.Phones)
	}
	test.Tap(buttonNamed(t, u.win, "Ver las facturas"))
	if !shows(u.win, "40 facturas") {
		t.Errorf("the invoices list does not count the new invoices: %q", texts(u.win))
	}
}

// TestImportWizardRejects: rows with errors are listed with their row and
// column, and block the import until the user chooses to leave them out.
func TestImportWizardRejects(t *testing.T) {
	u := newTestUI(t, "en")
	s := emptyStore(t)
	u.setStore(s)
	u.startImport("../../importers/testdata/missing-required.csv")
	test.Tap(buttonNamed(t, u.win, "Check the file"))
	imp := buttonNamed(t, u.win, "Import")
	if !imp.Disabled() {
		t.Errorf("Import is enabled with rows in error")
	}
	var list *widget.List
	for _, o := range objects(u.win.Canvas().Content()) {
		if l, ok := o.(*widget.List); ok && l.Length() == 8 {
			list = l
		}
	}
	if list == nil {
		t.Fatalf("no list of the 8 errors")
	}
	if !shows(u.win, "Row 3, column customerID: A value is required here.") {
		t.Errorf("the first error is not shown: %q", texts(u.win))
	}
	for _, o := range objects(u.win.Canvas().Content()) {
		if c, ok := o.(*widget.Check); ok {
			c.SetChecked(true)
		}
	}
	if imp.Disabled() {
		t.Fatalf("Import stays disabled after choosing to leave bad rows out")
	}
	test.Tap(imp)
	if n, _ := s.CountInvoices(context.Background(), data.InvoiceQuery{}); n != 4 {
		t.Errorf("%d invoices imported, want the 4 good rows", n)
	}
}

// TestHistoricalLedgerOffersItsLastDay: after importing the IBM ledger
// (2012–2013, all of it settled), the dashboard as of today says why it is
// empty and offers the ledger's last day, whose figures it then shows.
func TestHistoricalLedgerOffersItsLastDay(t *testing.T) {
	s := emptyStore(t)
	ctx := context.Background()
	path := filepath.Join("..", "..", "importers", "testdata", "ibm.csv")
	book, err := importers.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Import(ctx, s, path, book, importers.Options{}, testToday.Time()); err != nil {
		t.Fatal(err)
	}
	last, _ := s.LastActivity(ctx)
	if y := last.Time().Year(); y < 2013 || y > 2014 { // settlements run into January 2014
		t.Fatalf("the IBM ledger's last day is %s", last)
	}
	u := newTestUI(t, "en")
	u.setStore(s)
	u.goTo(screenDashboard)
	want := "Show " + u.loc.Date(last)
	if !shows(u.win, want) {
		t.Fatalf("no offer of %s: %q", want, texts(u.win))
	}
	test.Tap(buttonNamed(t, u.win, want))
	if u.dash.asOf != last || shows(u.win, want) {
		t.Fatalf("the dashboard is as of %s", u.dash.asOf)
	}
	if u.dash.report.OpenInvoices == 0 && u.dash.report.PaidInvoices == 0 {
		t.Error("the ledger's last day shows no figures either")
	}
}
