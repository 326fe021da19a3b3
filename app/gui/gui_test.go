package gui

import (
	"context"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/demo"
	_ "cartera/app/localefix" // quiet Fyne under LANG=C
	"cartera/data"
	"cartera/data/sqlite"
)

var testToday = data.MustDate("2025-06-30")

// demoStore makes a small demo company for screens to show.
func demoStore(t *testing.T) *sqlite.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.cartera")
	if _, err := demo.Generate(context.Background(), path, demo.Options{Today: testToday, Seed: 3, Clients: 60, Invoices: 900}); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Clock: data.FixedClock{T: testToday.Time()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newTestUI is the app with a synchronous "background" and no debounce, so
// every query has finished when a call returns.
func newTestUI(t *testing.T, language string) *ui {
	t.Helper()
	if os.Getenv("CARTERA_DATA_DIR") == "" || !strings.HasPrefix(os.Getenv("CARTERA_DATA_DIR"), os.TempDir()) {
		t.Setenv("CARTERA_DATA_DIR", t.TempDir()) // backups, documents and logs stay out of the home folder
	}
	a := test.NewTempApp(t)
	old := lang
	lang = language
	t.Cleanup(func() { lang = old })
	u := newUI(a, data.FixedClock{T: testToday.Time()}, func(f func()) { f() })
	u.win.Resize(fyne.NewSize(1200, 760))
	t.Cleanup(u.win.Close)
	return u
}

// walk visits o and everything its renderers draw, as the window would.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	}
}

func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	walk(o, func(x fyne.CanvasObject) { out = append(out, x) })
	return out
}

// texts lists every text the window shows: labels, canvas texts, buttons.
func texts(w fyne.Window) []string { return textsOf(w.Canvas().Content()) }

// textsOf lists every text o shows: labels, canvas texts, buttons.
func textsOf(root fyne.CanvasObject) []string {
	var out []string
	for _, o := range objects(root) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		}
	}
	return out
}

func shows(w fyne.Window, s string) bool {
	for _, t := range texts(w) {
		if t == s {
			return true
		}
	}
	return false
}

func buttonNamed(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	for _, o := range objects(w.Canvas().Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	// A button a bar moved under More: the menu item runs the same action.
	for _, o := range objects(w.Canvas().Content()) {
		if c, ok := o.(*fyne.Container); ok {
			if bar, ok := c.Layout.(*buttonBar); ok {
				for _, b := range bar.extra {
					if b.Text == text {
						return b
					}
				}
			}
		}
	}
	t.Fatalf("no button %q among %q", text, texts(w))
	return nil
}

func TestClientsListShowsDemoClients(t *testing.T) {
	u := newTestUI(t, "en")
	s := demoStore(t)
	u.setStore(s)
	u.goTo(screenClients)
	want, err := s.ListClients(context.Background(), data.ClientQuery{Limit: 5})
	if err != nil || len(want) != 5 {
		t.Fatalf("store: %v, %d rows", err, len(want))
	}
	for _, r := range want {
		if !shows(u.win, r.Name) {
			t.Errorf("clients list does not show %q", r.Name)
		}
	}
	if !shows(u.win, "60 clients") {
		t.Errorf("no client count among %q", texts(u.win))
	}
	if !shows(u.win, "Suministros Olivar S.L.") {
		t.Error("header does not show the company name")
	}
	if got := u.win.Title(); got != "Cartera — Suministros Olivar S.L." {
		t.Errorf("title = %q", got)
	}
	prefs := u.app.Preferences()
	if last, recent := prefs.String(prefLast), prefs.StringList(prefRecent); last != s.Path() || len(recent) != 1 || recent[0] != s.Path() {
		t.Errorf("last file %q, recent %q; want %s remembered", last, recent, s.Path())
	}
}

func TestClientsSearchAndSort(t *testing.T) {
	u := newTestUI(t, "en")
	s := demoStore(t)
	u.setStore(s)
	sc := newClientsScreen(u)
	u.setContent(sc.content())
	ctx := context.Background()

	first, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	word := strings.Fields(first[0].Name)[0]
	test.Type(sc.search, word)
	n, _ := s.CountClients(ctx, data.ClientQuery{Search: word})
	if sc.list.pager.len() != n || n == 0 {
		t.Fatalf("search %q: list has %d rows, store %d", word, sc.list.pager.len(), n)
	}
	for i := 0; i < n; i++ {
		r, ok := sc.list.pager.row(i)
		if !ok {
			t.Fatalf("row %d not loaded", i)
		}
		hay := strings.ToLower(r.Code + r.Name + r.TaxID + r.City + strings.Join(r.Emails, ""))
		if !strings.Contains(hay, strings.ToLower(word)) {
			t.Errorf("row %q does not match %q", r.Name, word)
		}
	}
	sc.search.SetText("")

	test.Tap(buttonNamed(t, u.win, "Balance"))
	test.Tap(buttonNamed(t, u.win, "Balance")) // again: largest first
	top, _ := s.ListClients(ctx, data.ClientQuery{Sort: data.SortClientBalance, Desc: true, Limit: 3})
	for i, want := range top {
		got, _ := sc.list.pager.row(i)
		if got.ID != want.ID {
			t.Errorf("row %d after sorting by balance: %s, want %s", i, got.Name, want.Name)
		}
	}
	if !shows(u.win, u.money(top[0].Balance)) {
		t.Errorf("the largest balance %s is not shown", u.money(top[0].Balance))
	}

	test.Tap(sc.overdue)
	n, _ = s.CountClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	if sc.list.pager.len() != n || !shows(u.win, u.loc.Int(int64(n))+" clients") {
		t.Errorf("overdue only: %d rows, store %d", sc.list.pager.len(), n)
	}
}

func TestClientDetail(t *testing.T) {
	u := newTestUI(t, "en")
	s := demoStore(t)
	u.setStore(s)
	u.goTo(screenClients)
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{Sort: data.SortClientOverdue, Desc: true, Limit: 1})
	c := rows[0]
	sc := newClientsScreen(u)
	sc.list.sortBy(string(data.SortClientOverdue))
	sc.list.sortBy(string(data.SortClientOverdue))
	sc.list.table.OnSelected(widget.TableCellID{Row: 0, Col: 1})
	held, _ := s.OnAccount(ctx, c.ID, data.MaxDate)
	for _, want := range []string{c.Name, u.money(c.Balance - held), u.money(c.Overdue), "Invoices"} {
		if !shows(u.win, want) {
			t.Errorf("client detail lacks %q", want)
		}
	}
	invs, _ := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: c.ID, Limit: 1})
	if !shows(u.win, invs[0].Number) {
		t.Errorf("client detail does not list its newest invoice %s", invs[0].Number)
	}
	pays, _ := s.Payments(ctx, c.ID)
	if tabName := "Payments (" + itoa(len(pays)); !containsPrefix(texts(u.win), tabName) {
		t.Errorf("no payments tab %q…", tabName)
	}
	test.Tap(buttonNamed(t, u.win, "Clients"))
	if !shows(u.win, "60 clients") {
		t.Error("back did not return to the clients list")
	}
}

func itoa(n int) string { return data.LocaleFor("en").Int(int64(n)) }

func containsPrefix(ss []string, p string) bool {
	for _, s := range ss {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func TestInvoicesFilter(t *testing.T) {
	u := newTestUI(t, "en")
	s := demoStore(t)
	u.setStore(s)
	sc := newInvoicesScreen(u, 0)
	u.setContent(sc.content())
	ctx := context.Background()
	all, _ := s.CountInvoices(ctx, data.InvoiceQuery{})
	if !shows(u.win, itoa(all)+" invoices") {
		t.Errorf("no invoice count %d among %q", all, texts(u.win))
	}
	sc.filter.SetSelectedIndex(2) // overdue
	n, _ := s.CountInvoices(ctx, data.InvoiceQuery{Filter: data.FilterOverdue, AsOf: testToday})
	if sc.list.pager.len() != n || n == 0 || n == all {
		t.Fatalf("overdue filter: %d rows, store %d of %d", sc.list.pager.len(), n, all)
	}
	r, _ := sc.list.pager.row(0)
	if got := statusText(r, testToday); !strings.HasPrefix(got, "Overdue (") {
		t.Errorf("first overdue row says %q", got)
	}
}

func TestSpanishScreens(t *testing.T) {
	u := newTestUI(t, "es")
	u.setStore(demoStore(t))
	u.goTo(screenClients)
	for _, want := range []string{"Nombre", "Saldo", "Vencido", "60 clientes", "Clientes", "Facturas"} {
		if !shows(u.win, want) {
			t.Errorf("Spanish screen lacks %q among %q", want, texts(u.win))
		}
	}
}

func TestWelcome(t *testing.T) {
	u := newTestUI(t, "en")
	u.showWelcome()
	for _, want := range []string{"Welcome to Cartera", "Open the demo company", "New company…", "Open a company file…"} {
		if !shows(u.win, want) {
			t.Errorf("welcome screen lacks %q", want)
		}
	}
}

func TestOpenMissingFileShowsWelcome(t *testing.T) {
	u := newTestUI(t, "es")
	u.openFile(filepath.Join(t.TempDir(), "nope.cartera"))
	if u.store != nil {
		t.Fatal("a missing file was opened")
	}
	if !shows(u.win, "Bienvenido a Cartera") {
		t.Errorf("welcome not shown after a failed open: %q", texts(u.win))
	}
	found := false
	for _, o := range u.win.Canvas().Overlays().List() {
		for _, x := range objects(o) {
			if l, ok := x.(*widget.Label); ok && strings.HasPrefix(l.Text, "No hay ningún archivo de empresa en") {
				found = true
			}
		}
	}
	if !found {
		t.Error("no Spanish error dialog for the missing file")
	}
}

func TestTheme(t *testing.T) {
	th := newTheme()
	if got := th.Color(theme.ColorNamePrimary, theme.VariantLight); got != tealLight {
		t.Errorf("primary = %v", got)
	}
	if got := th.Color(theme.ColorNamePrimary, theme.VariantDark); got != tealDark {
		t.Errorf("dark primary = %v", got)
	}
	def := theme.DefaultTheme()
	if th.Color(theme.ColorNameBackground, theme.VariantLight) != def.Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Error("background should stay the default")
	}
	// Quiet text stays readable: WCAG's 4.5:1 against the background.
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		if c := contrast(th.Color(theme.ColorNameDisabled, v), th.Color(theme.ColorNameBackground, v)); c < 4.5 {
			t.Errorf("variant %d: quiet text has a contrast of %.1f:1", v, c)
		}
	}
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(bl)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
