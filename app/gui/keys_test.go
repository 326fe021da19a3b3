package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// press sends key to what has the focus, or to the window when nothing has.
func press(u *ui, key fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: key}
	if f := u.win.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	u.win.Canvas().(test.WindowlessCanvas).OnTypedKey()(ev)
}

// TestDialogKeyboard: dialogs open with a field focused, Enter submits
// them, Esc closes them (from a field or with nothing focused) without
// saving, and Esc closes an error on top before the form below it.
func TestDialogKeyboard(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	c := rows[0].Client
	before, _ := s.Payments(ctx, c.ID)

	// Record payment: the amount is focused; Enter saves.
	u.paymentDialog(c.ID, nil)
	f, ok := u.win.Canvas().Focused().(*entry)
	if !ok {
		t.Fatalf("the payment dialog opens with %T focused, not the amount", u.win.Canvas().Focused())
	}
	test.Type(f, u.loc.Number(data.M(1234, u.company.Currency)))
	press(u, fyne.KeyReturn)
	if after, _ := s.Payments(ctx, c.ID); len(after) != len(before)+1 {
		t.Fatalf("Enter did not record the payment: %d payments, were %d", len(after), len(before))
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the dialog stayed open after saving")
	}

	// Esc in a field closes the dialog without saving.
	u.paymentDialog(c.ID, nil)
	test.Type(u.win.Canvas().Focused().(*entry), "50")
	press(u, fyne.KeyEscape)
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc did not close the dialog")
	}
	if after, _ := s.Payments(ctx, c.ID); len(after) != len(before)+1 {
		t.Fatal("Esc saved the payment")
	}

	// Esc with nothing focused closes it too.
	u.promiseDialog(c, 0, nil)
	u.win.Canvas().Unfocus()
	press(u, fyne.KeyEscape)
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc with nothing focused did not close the dialog")
	}

	// A refusal shows an error over the form: Esc closes the error, then
	// the form, which kept what was typed.
	u.paymentDialog(c.ID, nil)
	amount := u.win.Canvas().Focused().(*entry)
	test.Type(amount, "twelve")
	press(u, fyne.KeyReturn)
	if n := len(u.win.Canvas().Overlays().List()); n != 2 {
		t.Fatalf("%d overlays after a refused save, want the form and the error", n)
	}
	press(u, fyne.KeyEscape)
	if n := len(u.win.Canvas().Overlays().List()); n != 1 || amount.Text != "twelve" {
		t.Fatalf("Esc on the error: %d overlays, amount %q", n, amount.Text)
	}
	press(u, fyne.KeyEscape)
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the form stayed after the second Esc")
	}
}

// fold is what a user types without accents: "García" → "garcia".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, _ := transform.String(t, strings.ToLower(s))
	return out
}

// TestClientPicker: a client is chosen by part of its name without accents,
// by its tax ID or code; nothing typed, or a word several clients share,
// is refused with a sentence and the dialog keeps what was typed.
func TestClientPicker(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	all, _ := s.ListClients(ctx, data.ClientQuery{Limit: 500})
	var accented data.ClientRow
	for _, r := range all {
		if fold(r.Name) != strings.ToLower(r.Name) {
			accented = r
			break
		}
	}
	if accented.ID == 0 {
		t.Fatal("the demo has no client with an accent in its name")
	}
	picked := func() *clientPicker {
		if u.picker == nil || !slices.Contains(objects(overlay(t, u)), fyne.CanvasObject(u.picker.selectEntry)) {
			t.Fatal("no client picker in the dialog")
		}
		return u.picker
	}
	invoices := func(id int64) int {
		n, _ := s.CountInvoices(ctx, data.InvoiceQuery{ClientID: id})
		return n
	}

	u.invoiceDialog(data.Invoice{}, nil)
	p := picked()
	if u.win.Canvas().Focused() != p.selectEntry {
		t.Fatal("the new invoice does not open on the client")
	}
	form := overlay(t, u)
	tapIn(t, form, "Save")
	if !slices.ContainsFunc(textsOf(u.win.Canvas().Overlays().Top()), func(s string) bool { return strings.HasPrefix(s, "Choose the client") }) {
		t.Fatalf("an empty client says %q", textsOf(u.win.Canvas().Overlays().Top()))
	}
	press(u, fyne.KeyEscape) // the error

	// A word many clients share: refused, the text stays.
	test.Type(p.selectEntry, "s")
	if len(p.found) < 2 {
		t.Fatalf("%d clients match %q", len(p.found), "s")
	}
	tapIn(t, form, "Save")
	if got := textsOf(u.win.Canvas().Overlays().Top()); !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "choose one from the list") }) {
		t.Fatalf("an ambiguous client says %q", got)
	}
	press(u, fyne.KeyEscape)
	if p.Text != "s" {
		t.Fatalf("the picker lost what was typed: %q", p.Text)
	}

	// The accented name typed plainly, in lower case: one match, Enter saves.
	p.SetText("")
	test.Type(p.selectEntry, fold(accented.Name))
	if len(p.found) != 1 || p.found[0].ID != accented.ID {
		t.Fatalf("%q found %d clients", fold(accented.Name), len(p.found))
	}
	es := entries(form)
	number := es[slices.IndexFunc(es, func(e *widget.Entry) bool { return e.PlaceHolder == "" && e.Text == "" })]
	number.SetText("PICK-1")
	for _, e := range es {
		if e.PlaceHolder == u.loc.Number(data.M(0, u.company.Currency)) {
			e.SetText("100")
		}
	}
	was := invoices(accented.ID)
	u.win.Canvas().Focus(p.selectEntry)
	press(u, fyne.KeyReturn)
	if invoices(accented.ID) != was+1 {
		t.Fatalf("the invoice was not saved for %s: %q", accented.Name, textsOf(u.win.Canvas().Overlays().Top()))
	}

	// Record payment with no client: chosen by tax ID, its invoices appear.
	var withTax data.ClientRow
	for _, r := range all {
		if r.TaxID != "" && r.Overdue > 0 {
			withTax = r
			break
		}
	}
	u.paymentDialog(0, nil)
	p = picked()
	test.Type(p.selectEntry, withTax.TaxID)
	p.SetText(withTax.Code + " · " + withTax.Name)
	if p.chosen.ID != withTax.ID || len(u.paying) == 0 {
		t.Fatalf("picked %d with %d open invoices, want %s", p.chosen.ID, len(u.paying), withTax.Name)
	}
	press(u, fyne.KeyEscape)
}

// TestFyneSpeaksSpanish: Fyne's own "Yes" reads "Sí" in Spanish.
func TestFyneSpeaksSpanish(t *testing.T) {
	u := newTestUI(t, "es")
	localizeFyne("es")
	t.Cleanup(func() { localizeFyne("en") })
	dialog.ShowConfirm("¿Seguro?", "¿Seguro?", nil, u.win)
	if got := textsOf(overlay(t, u)); !slices.Contains(got, "Sí") || slices.Contains(got, "Si") {
		t.Errorf("the confirm dialog says %q", got)
	}
}

// TestPluralForms: counts of one read in the singular, in both languages,
// wherever a count is shown: an invoice's days overdue, a reminder level,
// a list's count, a client's terms.
func TestPluralForms(t *testing.T) {
	inv := data.InvoiceRow{Invoice: data.Invoice{DueDate: testToday.AddDays(-1), Amount: data.M(100, "EUR")}, Balance: 100}
	inv2 := inv
	inv2.DueDate = testToday.AddDays(-2)
	for _, c := range []struct {
		lang                         string
		one, two, levelOne, levelTwo string
		list                         string
	}{
		{"en", "Overdue (1 day)", "Overdue (2 days)", "1 day after the due date", "2 days before the due date", "1 client"},
		{"es", "Vencida (1 día)", "Vencida (2 días)", "1 día después del vencimiento", "2 días antes del vencimiento", "1 cliente"},
	} {
		u, s := dashboardOf(t, c.lang)
		if got := statusText(inv, testToday); got != c.one {
			t.Errorf("%s: %q, want %q", c.lang, got, c.one)
		}
		if got := statusText(inv2, testToday); got != c.two {
			t.Errorf("%s: %q, want %q", c.lang, got, c.two)
		}
		if got := levelName(data.ReminderLevel{OffsetDays: 1}); got != c.levelOne {
			t.Errorf("%s: %q, want %q", c.lang, got, c.levelOne)
		}
		if got := levelName(data.ReminderLevel{OffsetDays: -2}); got != c.levelTwo {
			t.Errorf("%s: %q, want %q", c.lang, got, c.levelTwo)
		}
		rows, _ := s.ListClients(context.Background(), data.ClientQuery{Limit: 1})
		u.goTo(screenClients)
		u.screens[screenClients].search.SetText(rows[0].Code)
		if !shows(u.win, c.list) {
			t.Errorf("%s: the clients list does not say %q: %q", c.lang, c.list, texts(u.win))
		}
	}
}

// TestDateFields: a date that does not exist is refused as such, not as a
// missing day; the calendar button is drawn in dialogs, opens on the day
// typed with that day marked, and writes the day chosen.
func TestDateFields(t *testing.T) {
	for _, c := range []struct{ lang, typed, want string }{
		{"en", "31/02/2027", "31/02/2027 is not a valid date."},
		{"es", "31/02/2027", "31/02/2027 no es una fecha válida."},
		{"en", "", "Choose the day the invoice is due."},
		{"es", "mañana", "Escriba la fecha como dd/mm/aaaa."},
	} {
		u, s := dashboardOf(t, c.lang)
		rows, _ := s.ListClients(context.Background(), data.ClientQuery{Limit: 1})
		u.invoiceDialog(data.Invoice{ClientID: rows[0].ID}, nil)
		form := overlay(t, u)
		var due *dateField
		for _, o := range objects(form) {
			if f, ok := o.(*dateField); ok {
				due = f // the second is the due date
			}
		}
		due.SetText(c.typed)
		tapIn(t, form, map[string]string{"en": "Save", "es": "Guardar"}[c.lang])
		if got := textsOf(u.win.Canvas().Overlays().Top()); !slices.Contains(got, c.want) {
			t.Errorf("%s %q: %q, want %q", c.lang, c.typed, got, c.want)
		}
	}

	u, _ := dashboardOf(t, "en")
	hasCalendar := func(f *dateField) bool {
		for _, o := range objects(f) {
			if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == theme.CalendarIcon().Name() {
				return true
			}
		}
		return false
	}
	if !hasCalendar(u.dash.date) {
		t.Error("the dashboard's date has no calendar button on a fresh start")
	}
	u.paymentDialog(0, nil)
	var f *dateField
	for _, o := range objects(overlay(t, u)) {
		if x, ok := o.(*dateField); ok {
			f = x
		}
	}
	if !hasCalendar(f) {
		t.Fatal("the date field in a dialog has no calendar button")
	}
	f.SetText("15/06/2025")
	f.showCalendar()
	u.win.Canvas().Focus(f)
	press(u, fyne.KeyEscape) // closes the calendar, not the dialog under it
	if n := len(u.win.Canvas().Overlays().List()); n != 1 {
		t.Fatalf("Esc on the calendar left %d overlays", n)
	}
	f.showCalendar()
	cal := u.win.Canvas().Overlays().Top()
	var marked []string
	for _, o := range objects(cal) {
		if b, ok := o.(*widget.Button); ok && b.Importance == widget.HighImportance {
			marked = append(marked, b.Text)
		}
	}
	if !slices.Equal(marked, []string{"15"}) || !slices.Contains(textsOf(cal), "June 2025") {
		t.Fatalf("the calendar marks %q in %q", marked, textsOf(cal))
	}
	tapIn(t, cal, "20")
	if f.Text != "20/06/2025" || u.win.Canvas().Overlays().Top() == cal {
		t.Errorf("choosing the 20th wrote %q", f.Text)
	}
}

// TestQuitFromAField: Ctrl+Q is a shortcut of the main menu, which the
// desktop driver runs before handing keys to a focused field (a window
// shortcut would go to the field and be lost).
func TestQuitFromAField(t *testing.T) {
	u := newTestUI(t, "en")
	var quit *fyne.MenuItem
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.IsQuit {
				quit = it
			}
		}
	}
	want := shortcut(fyne.KeyQ, false)
	if quit == nil || quit.Shortcut == nil || quit.Shortcut.ShortcutName() != want.ShortcutName() || quit.Action == nil {
		t.Fatalf("no Quit item with Ctrl+Q in the main menu: %+v", quit)
	}
}

// TestOldestOverdueSaysDisputed: the behaviour card does not cite a
// disputed invoice as the oldest debt without saying it is disputed.
func TestOldestOverdueSaysDisputed(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday, Sort: data.SortClientOverdue, Desc: true})
	for _, r := range rows {
		d, err := u.loadClient(ctx, r.ID)
		if err != nil || !slices.Contains(d.behaviour.Reasons, reports.ReasonOldDebt) {
			continue
		}
		inv, _ := u.oldestOverdue(d)
		if !inv.Disputed {
			s.Update(ctx, func(tx *sqlite.Tx) error {
				return tx.OpenDispute(&data.Dispute{InvoiceID: inv.ID, Opened: testToday, Reason: "price"})
			})
		}
		u.showClient(r.ID)
		want := fmt.Sprintf("• Its oldest overdue invoice, %s, is %d days past due and disputed.", inv.Number, testToday.DaysSince(inv.DueDate))
		if !shows(u.win, want) {
			t.Errorf("the behaviour card does not say %q: %q", want, texts(u.win))
		}
		return
	}
	t.Fatal("no client of the demo has an old debt")
}

// TestFirstFieldSkipsHidden: Log contact opens on its note, not on the
// promise's amount, hidden until "promised to pay" is chosen.
func TestFirstFieldSkipsHidden(t *testing.T) {
	u, s := dashboardOf(t, "en")
	rows, _ := s.ListClients(context.Background(), data.ClientQuery{Limit: 1})
	u.logContactDialog(rows[0].Client, data.ChannelCall, nil)
	f, ok := u.win.Canvas().Focused().(*entry)
	if !ok || !f.MultiLine {
		t.Fatalf("Log contact opens with %T focused", u.win.Canvas().Focused())
	}
}
