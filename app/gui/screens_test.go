package gui

import (
	"context"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"cartera/app/backup"
	"cartera/app/chase"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// overlay is the top dialog's content; it fails the test when none is shown.
func overlay(t *testing.T, u *ui) fyne.CanvasObject {
	t.Helper()
	o := u.win.Canvas().Overlays().Top()
	if o == nil {
		t.Fatal("no dialog is shown")
	}
	return o
}

func overlayTexts(o fyne.CanvasObject) []string { return textsOf(o) }

// tapIn taps the button called text inside o.
func tapIn(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	for _, x := range objects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q among %q", text, overlayTexts(o))
}

// entries are the text entries inside o, in the order they are drawn.
func entries(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	for _, x := range objects(o) {
		switch e := x.(type) {
		case *widget.Entry:
			out = append(out, e)
		case *entry:
			out = append(out, &e.Entry)
		case *selectEntry:
			out = append(out, &e.Entry)
		case *dateField:
			out = append(out, &e.Entry)
		}
	}
	return out
}

func dashboardOf(t *testing.T, lang string) (*ui, *sqlite.Store) {
	t.Helper()
	u := newTestUI(t, lang)
	s := demoStore(t)
	u.setStore(s)
	if u.dash == nil {
		t.Fatal("the dashboard is not the first screen")
	}
	return u, s
}

func TestDashboardShowsDemoKPIs(t *testing.T) {
	u, s := dashboardOf(t, "es")
	ctx := context.Background()
	c, _ := s.Company(ctx)
	rep, err := reports.Compute(ctx, s.DB(), c, reports.ReportOptions{AsOf: testToday})
	if err != nil {
		t.Fatal(err)
	}
	l := data.LocaleFor(c.Locale)
	collected, _ := reports.Collected(ctx, s.DB(), data.NewDate(2025, 6, 1), testToday)
	for _, want := range []string{
		"Total por cobrar", l.Money(data.M(rep.TotalAR, c.Currency)),
		"DSO", l.Fixed(*rep.DSO, 1),
		"Mejor DSO posible", l.Fixed(*rep.BPDSO, 1),
		l.Fixed(*rep.ADD, 1) + " días de morosidad (ADD)", l.Percent(int64(math.Round(*rep.CEI * 100))),
		"Clientes morosos gestionados", l.Percent(int64(math.Round(*rep.PctClientsManaged * 100))),
		"Cobrado este mes", l.Money(data.M(collected, c.Currency)),
		"Antigüedad de saldos", "Avisos", "Cobros previstos",
	} {
		if !shows(u.win, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if collected == 0 || rep.TotalAR == 0 {
		t.Fatalf("demo company has nothing to show: collected %d, receivable %d", collected, rep.TotalAR)
	}
	// The top overdue client is the one the aging says owes most overdue.
	a, _ := reports.AgingAt(ctx, s.DB(), reports.AgingOptions{AsOf: testToday, Bounds: c.AgingBuckets})
	var top reports.ClientAging
	var most int64
	for _, ca := range a.Clients {
		if over := ca.Total - ca.Buckets[0].Amount; over > most {
			top, most = ca, over
		}
	}
	cl, _ := s.Client(ctx, top.ClientID)
	if !showsLink(u.win, cl.Name) {
		t.Errorf("clients owing most overdue does not list %s", cl.Name)
	}
}

func showsLink(w fyne.Window, text string) bool {
	for _, o := range objects(w.Canvas().Content()) {
		if h, ok := o.(*widget.Hyperlink); ok && h.Text == text {
			return true
		}
	}
	return false
}

// agingChart is the dashboard's aging chart.
func agingChart(t *testing.T, u *ui) *chart {
	t.Helper()
	c, ok := u.dash.aging.Objects[0].(*chart)
	if !ok {
		t.Fatalf("aging shows %T", u.dash.aging.Objects[0])
	}
	return c
}

func TestTappingAgingBarListsItsInvoices(t *testing.T) {
	u, s := dashboardOf(t, "en")
	c := agingChart(t, u)
	bar := slices.Index(c.labels, "31-60")
	if bar < 0 {
		t.Fatalf("no 31-60 bar among %q", c.labels)
	}
	left, top, width, height := c.plot(c.Size())
	step := width / float32(len(c.labels))
	c.Tapped(&fyne.PointEvent{Position: fyne.NewPos(left+step*(float32(bar)+0.5), top+height/2)})

	// Every open invoice 31 to 60 days past due today, straight from the store.
	rows, err := s.ListInvoices(context.Background(), data.InvoiceQuery{Filter: data.FilterOpen})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, r := range rows {
		parts, _ := s.Schedule(context.Background(), r.ID)
		if len(parts) > 0 { // due in instalments: each open part in its own bucket
			for k, open := range data.OpenParts(parts, r.Amount.Amount-r.Balance) {
				if d := testToday.DaysSince(parts[k].Due); open > 0 && d >= 31 && d <= 60 {
					want[fmt.Sprintf("%s %d/%d", r.Number, k+1, len(parts))] = open
				}
			}
			continue
		}
		if d := testToday.DaysSince(r.DueDate); d >= 31 && d <= 60 {
			want[r.Number] = r.Balance
		}
	}
	if len(want) == 0 {
		t.Fatal("the demo has no invoice 31-60 days overdue")
	}
	v := u.dash.bucket
	if v == nil {
		t.Fatal("tapping the bar listed nothing")
	}
	got := map[string]int64{}
	for i := 0; i < v.pager.len(); i++ {
		it, _ := v.pager.row(i)
		got[v.cols[0].text(it)] = it.Balance
		if d := testToday.DaysSince(it.Due); d < 31 || d > 60 {
			t.Errorf("%s is %d days overdue", v.cols[0].text(it), d)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the 31-60 bar lists %d invoices, the store has %d", len(got), len(want))
	}
	for n, b := range want {
		if got[n] != b {
			t.Errorf("invoice %s: listed balance %d, store %d", n, got[n], b)
		}
	}
	title := overlayTexts(overlay(t, u))
	if !slices.Contains(title, "31-60 days overdue on 06/30/2025") && !slices.Contains(title, "31-60 days overdue on 30/06/2025") {
		t.Errorf("drill-down title missing among %q", title)
	}
}

func TestAsOfDateRecomputesDashboard(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	c, _ := s.Company(ctx)
	day := data.NewDate(2025, 3, 31)
	u.dash.date.SetText(u.loc.Date(day))
	rep, _ := reports.Compute(ctx, s.DB(), c, reports.ReportOptions{AsOf: day})
	if !shows(u.win, u.money(rep.TotalAR)) {
		t.Errorf("after choosing %s the dashboard does not show its receivable %s", day, u.money(rep.TotalAR))
	}
}

func openClient(t *testing.T, u *ui, s *sqlite.Store, code string) data.Client {
	t.Helper()
	c, err := s.ClientByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	u.showClient(c.ID)
	if u.viewing != c.ID {
		t.Fatalf("client %s not shown", code)
	}
	return c
}

func TestAddingPromiseAppearsInClientHistory(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	c := openClient(t, u, s, rows[0].Code)
	before, _ := s.Promises(ctx, c.ID)

	test.Tap(buttonNamed(t, u.win, "Add promise…"))
	form := overlay(t, u)
	es := entries(form)
	if len(es) < 2 {
		t.Fatalf("promise form has %d entries", len(es))
	}
	es[0].SetText(u.loc.Number(data.M(123450, u.company.Currency))) // amount
	es[1].SetText(u.loc.Date(data.NewDate(2025, 7, 15)))            // promised for
	tapIn(t, form, "Save")

	after, _ := s.Promises(ctx, c.ID)
	if len(after) != len(before)+1 {
		t.Fatalf("promises: %d before, %d after", len(before), len(after))
	}
	tab := "Promises (" + itoa(len(after)) + ")"
	if u.clientTabs == nil || !slices.ContainsFunc(u.clientTabs.Items, func(it *container.TabItem) bool { return it.Text == tab }) {
		t.Fatalf("no tab %q after adding", tab)
	}
	u.clientTabs.SelectIndex(slices.IndexFunc(u.clientTabs.Items, func(it *container.TabItem) bool { return it.Text == tab }))
	want := u.loc.Money(data.M(123450, u.company.Currency)) + " by " + u.loc.Date(data.NewDate(2025, 7, 15)) + "  ·  open"
	if !shows(u.win, want) {
		t.Errorf("the promises tab does not show %q: %q", want, texts(u.win))
	}
}

func TestSwitchingLanguageChangesLabels(t *testing.T) {
	u, _ := dashboardOf(t, "en")
	u.goTo(screenSettings)
	if u.settings == nil {
		t.Fatal("no settings screen")
	}
	for _, want := range []string{"Dashboard", "Clients", "Worklist", "Settings", "Language"} {
		if !shows(u.win, want) {
			t.Errorf("English screen lacks %q", want)
		}
	}
	u.settings.language.SetSelectedIndex(2) // Español
	if lang != "es" {
		t.Fatalf("language is %q", lang)
	}
	for _, want := range []string{"Panel", "Clientes", "Tareas de cobro", "Ajustes", "Idioma", "Tema"} {
		if !shows(u.win, want) {
			t.Errorf("Spanish screen lacks %q", want)
		}
	}
	if shows(u.win, "Dashboard") || shows(u.win, "Settings") {
		t.Error("English labels remain after switching")
	}
	if u.current != screenSettings {
		t.Errorf("switching language moved to screen %d", u.current)
	}
	if got := u.app.Preferences().String(prefLanguage); got != "es" {
		t.Errorf("language preference = %q", got)
	}
	u.settings.language.SetSelectedIndex(1)
	if !shows(u.win, "Dashboard") {
		t.Error("switching back to English did not relabel")
	}
}

func TestWorklistLogsOutcome(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	u.goTo(screenWorklist)
	today, err := chase.Load(ctx, s, u.company, testToday)
	if err != nil || len(today.Tasks) == 0 {
		t.Fatalf("worklist: %v, %d tasks", err, len(today.Tasks))
	}
	first := today.Tasks[0]
	cl := today.Clients[first.ClientID]
	if !showsLink(u.win, "1. "+cl.Name) {
		t.Fatalf("the worklist does not start with %s", cl.Name)
	}
	if !shows(u.win, chase.ActionLabels[first.Action]) {
		t.Errorf("no action %q", chase.ActionLabels[first.Action])
	}
	before, _ := s.Contacts(ctx, cl.ID)
	var logBtn *widget.Button
	for _, o := range objects(u.win.Canvas().Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Log outcome…" {
			logBtn = b
			break
		}
	}
	if logBtn == nil {
		t.Fatal("no Log outcome button")
	}
	test.Tap(logBtn)
	form := overlay(t, u)
	entries(form)[len(entries(form))-1].SetText("Spoke to accounts; paying Friday.")
	tapIn(t, form, "Save")
	after, _ := s.Contacts(ctx, cl.ID)
	if len(after) != len(before)+1 {
		t.Fatalf("contacts: %d before, %d after", len(before), len(after))
	}
	if logBtn.Text != "Logged" {
		t.Errorf("button says %q after logging", logBtn.Text)
	}
	found := false
	for _, e := range after {
		found = found || e.Note == "Spoke to accounts; paying Friday."
	}
	if !found {
		t.Error("the note was not saved")
	}
}

func TestRecordPaymentAppliesOldestFirst(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	var c data.ClientRow
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	for _, r := range rows {
		if r.OpenInvoices >= 2 {
			c = r
			break
		}
	}
	if c.ID == 0 {
		t.Fatal("no client with two open invoices")
	}
	open, _ := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: c.ID, Filter: data.FilterOpen, Sort: data.SortInvoiceDue})
	u.paymentDialog(c.ID, nil)
	form := overlay(t, u)
	pay := open[0].Balance + 100 // all of the oldest, 1.00 of the next
	entries(form)[1].SetText(u.loc.Number(data.M(pay, u.company.Currency)))
	if len(u.paying) != len(open) {
		t.Fatalf("%d invoices offered, %d open", len(u.paying), len(open))
	}
	for i, want := range []int64{open[0].Balance, 100} {
		if got, _ := u.parseMoney(u.paying[i].amount.Text); got != want {
			t.Errorf("invoice %s gets %d, want %d", open[i].Number, got, want)
		}
	}
	tapIn(t, form, "Save")
	a, _ := s.Invoice(ctx, open[0].ID)
	st, _ := s.InvoiceState(ctx, a.ID, testToday)
	if st.Balance.Amount != 0 {
		t.Errorf("oldest invoice balance %d after paying it", st.Balance.Amount)
	}
	st2, _ := s.InvoiceState(ctx, open[1].ID, testToday)
	if st2.Balance.Amount != open[1].Balance-100 {
		t.Errorf("next invoice balance %d, want %d", st2.Balance.Amount, open[1].Balance-100)
	}
}

func TestSettingsSaveBucketsAndRejectBadOnes(t *testing.T) {
	u, s := dashboardOf(t, "en")
	u.goTo(screenSettings)
	u.settings.buckets.SetText("60, 30")
	u.settings.save()
	if c, _ := s.Company(context.Background()); !slices.Equal(c.AgingBuckets, []int{30, 60, 90}) {
		t.Fatalf("bad buckets were saved: %v", c.AgingBuckets)
	}
	u.settings.buckets.SetText("15, 45")
	u.settings.scroll.ScrollToOffset(fyne.NewPos(0, 200)) // saving keeps the page where it was
	u.settings.save()
	if c, _ := s.Company(context.Background()); !slices.Equal(c.AgingBuckets, []int{15, 45}) {
		t.Fatalf("buckets = %v", c.AgingBuckets)
	}
	if y := u.settings.scroll.Offset.Y; y != 200 {
		t.Errorf("after saving, the settings are scrolled to %.0f, not 200", y)
	}
	u.goTo(screenDashboard)
	if got := agingChart(t, u).labels; !slices.Equal(got, []string{"Current", "1-15", "16-45", "46+"}) {
		t.Errorf("aging bars after saving: %q", got)
	}
}

func TestClientFiltersAndSavedFilters(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	u.goTo(screenClients)
	sc := newClientsScreen(u)
	seg := sc.segment.Options[1]
	sc.segment.SetSelected(seg)
	want, _ := s.CountClients(ctx, data.ClientQuery{Segment: seg})
	if sc.list.pager.len() != want || want == 0 {
		t.Fatalf("segment %q: %d rows, store %d", seg, sc.list.pager.len(), want)
	}
	sc.storeFilter(sc.filter("mine"))
	sc.clearFilters()
	if all, _ := s.CountClients(ctx, data.ClientQuery{}); sc.list.pager.len() != all {
		t.Fatalf("cleared: %d rows of %d", sc.list.pager.len(), all)
	}
	again := newClientsScreen(u) // saved filters outlive the screen
	again.saved.SetSelected("mine")
	if again.segment.Selected != seg || again.list.pager.len() != want {
		t.Errorf("saved filter gave segment %q and %d rows", again.segment.Selected, again.list.pager.len())
	}
	// The behaviour class filter lists exactly the clients of that class.
	bs, _ := reports.Behaviours(ctx, s.DB(), testToday, 0)
	n := 0
	for _, b := range bs {
		if b.Class == reports.ClassLate {
			n++
		}
	}
	again.clearFilters()
	again.class.SetSelectedIndex(slices.Index(reports.Classes, reports.ClassLate) + 1)
	if again.list.pager.len() != n || n == 0 {
		t.Errorf("class late: %d rows, %d late clients", again.list.pager.len(), n)
	}
}

func TestEditClientWarnsButSaves(t *testing.T) {
	u, s := dashboardOf(t, "en")
	rows, _ := s.ListClients(context.Background(), data.ClientQuery{Limit: 1})
	c := openClient(t, u, s, rows[0].Code)
	test.Tap(buttonNamed(t, u.win, "Edit client…"))
	form := overlay(t, u)
	var emails *widget.Entry
	for _, e := range entries(form) {
		if e.MultiLine && strings.Contains(e.Text, "@") {
			emails = e
		}
	}
	if emails == nil {
		t.Fatal("no emails entry")
	}
	emails.SetText("pagos@example.com\nnot-an-address")
	found := false
	for _, o := range objects(form) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				found = found || strings.Contains(it.HintText, "not-an-address is not valid")
			}
		}
	}
	if !found {
		t.Error("no warning for the invalid address")
	}
	tapIn(t, form, "Save")
	got, _ := s.Client(context.Background(), c.ID)
	if !slices.Equal(got.Emails, []string{"pagos@example.com", "not-an-address"}) {
		t.Errorf("emails saved: %q", got.Emails)
	}
	if !shows(u.win, "The email address not-an-address is not valid.") {
		t.Error("the client card does not warn about the saved address")
	}
}

func TestContactLinks(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	var c data.ClientRow
	for _, r := range rows {
		if len(r.Phones) > 0 && len(r.Emails) > 0 && r.Language == "es" {
			c = r
			break
		}
	}
	if c.ID == 0 {
		t.Fatal("no Spanish-speaking client with phone and email")
	}
	openClient(t, u, s, c.Code)
	test.Tap(buttonNamed(t, u.win, "WhatsApp"))
	if !strings.HasPrefix(u.lastURL, "https://wa.me/"+strings.TrimPrefix(dialable(c.Phones[0]), "+")+"?text=Hola%2C") {
		t.Errorf("WhatsApp link %q", u.lastURL)
	}
	test.Tap(buttonNamed(t, u.win, "Call"))
	if u.lastURL != "tel:"+dialable(c.Phones[0]) {
		t.Errorf("call link %q", u.lastURL)
	}
	test.Tap(buttonNamed(t, u.win, "Email"))
	if !strings.HasPrefix(u.lastURL, "mailto:"+c.Emails[0]+"?subject=Su%20cuenta%20con%20") {
		t.Errorf("email link %q", u.lastURL)
	}
}

func TestPaymentsOnAccountAndApply(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	u.goTo(screenPayments)
	all, _ := s.CountPayments(ctx, data.PaymentQuery{})
	if !shows(u.win, itoa(all)+" payments") {
		t.Fatalf("no count of %d payments", all)
	}
	// A payment held on account, for a client with open invoices.
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	c := rows[0]
	open, _ := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: c.ID, Filter: data.FilterOpen, Sort: data.SortInvoiceDue})
	var p data.Payment
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		p = data.Payment{ClientID: c.ID, Date: testToday, Amount: data.M(open[0].Balance, u.company.Currency), Reference: "ON-ACCOUNT"}
		return tx.RecordPayment(&p)
	})
	if err != nil {
		t.Fatal(err)
	}
	sc := newPaymentsScreen(u)
	sc.filter.SetSelectedIndex(1) // with money on account
	want, _ := s.CountPayments(ctx, data.PaymentQuery{Filter: data.PaymentsUnapplied})
	if sc.list.pager.len() != want || want == 0 || want == all+1 {
		t.Fatalf("on account: %d rows, store %d of %d", sc.list.pager.len(), want, all+1)
	}
	sc.search.SetText("ON-ACCOUNT")
	if sc.list.pager.len() != 1 {
		t.Fatalf("search by reference: %d rows", sc.list.pager.len())
	}
	row, _ := sc.list.pager.row(0)
	u.applyDialog(row, sc.list.pager.reset)
	if got, _ := u.parseMoney(u.paying[0].amount.Text); got != open[0].Balance {
		t.Fatalf("oldest invoice offered %d, balance %d", got, open[0].Balance)
	}
	tapIn(t, overlay(t, u), "Apply")
	st, _ := s.InvoiceState(ctx, open[0].ID, testToday)
	if st.Balance.Amount != 0 {
		t.Errorf("invoice %s still owes %d after applying", open[0].Number, st.Balance.Amount)
	}
	if sc.list.pager.len() != 0 {
		t.Errorf("the applied payment is still listed as on account")
	}
}

func TestMarkPromiseKept(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	c := openClient(t, u, s, rows[0].Code)
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.AddPromise(&data.Promise{ClientID: c.ID, Made: testToday, PromisedDate: testToday, Amount: data.M(5000, u.company.Currency)})
	})
	if err != nil {
		t.Fatal(err)
	}
	u.clientTab = 4 // promises
	u.showClient(c.ID)
	test.Tap(buttonNamed(t, u.win, "Kept"))
	ps, _ := s.Promises(ctx, c.ID)
	var st data.PromiseStatus
	for _, p := range ps {
		if p.Amount.Amount == 5000 && p.PromisedDate == testToday {
			st = p.Status
		}
	}
	if st != data.PromiseKept {
		t.Errorf("promise status %q after Kept", st)
	}
}

func TestShortcutsSwitchScreensAndFind(t *testing.T) {
	u, _ := dashboardOf(t, "en")
	c := u.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })
	for _, tc := range []struct {
		key    fyne.KeyName
		screen int
	}{{fyne.Key2, screenClients}, {fyne.Key3, screenInvoices}, {fyne.Key4, screenPayments}, {fyne.Key5, screenBank}, {fyne.Key6, screenWorklist}, {fyne.Key7, screenOutbox}, {fyne.Key8, screenSettings}, {fyne.Key1, screenDashboard}} {
		c.TypedShortcut(shortcut(tc.key, false))
		if u.current != tc.screen {
			t.Errorf("Ctrl+%s shows screen %d, want %d", tc.key, u.current, tc.screen)
		}
	}
	c.TypedShortcut(shortcut(fyne.Key2, false))
	c.TypedShortcut(shortcut(fyne.KeyF, false))
	if u.win.Canvas().Focused() != u.screens[screenClients].search {
		t.Error("Ctrl+F does not focus the clients search")
	}
	c.TypedShortcut(shortcut(fyne.KeyN, false))
	if !slices.Contains(overlayTexts(overlay(t, u)), "New invoice") {
		t.Errorf("Ctrl+N shows %q", overlayTexts(overlay(t, u)))
	}
	if got := u.app.Preferences().Int(prefScreen); got != screenClients {
		t.Errorf("remembered screen %d", got)
	}
}

func TestAlertsNotifyOncePerDay(t *testing.T) {
	u := newTestUI(t, "en")
	s := demoStore(t)
	as, err := chase.Alerts(context.Background(), s, testToday)
	if err != nil {
		t.Fatal(err)
	}
	var serious []chase.Alert
	for _, a := range as {
		if a.Kind != chase.AlertPromiseToday {
			serious = append(serious, a)
		}
	}
	if len(serious) < 2 {
		t.Fatalf("the demo has %d alerts", len(serious))
	}
	l := data.LocaleFor("es-ES")
	want := fyne.NewNotification("Cartera — Suministros Olivar S.L.",
		serious[0].Text("en", l, "EUR")+" And "+itoa(len(serious)-1)+" more alerts.")
	test.AssertNotificationSent(t, want, func() { u.setStore(s) })
	test.AssertNotificationSent(t, nil, func() { u.dash.load() }) // not twice a day
}

func TestNewInvoiceDueDateFollowsTerms(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	c := rows[0]
	terms := c.PaymentTermsDays
	if terms == 0 {
		terms = u.company.PaymentTermsDays
	}
	u.invoiceDialog(data.Invoice{}, nil)
	form := overlay(t, u)
	es := entries(form) // code, number, issued, due, amount, product, reference, notes
	es[0].SetText(c.Code)
	es[1].SetText("F-TEST-1")
	es[2].SetText(u.loc.Date(data.NewDate(2025, 6, 10)))
	if want := u.loc.Date(data.NewDate(2025, 6, 10).AddDays(terms)); es[3].Text != want {
		t.Errorf("due %q, want %q (%d days of terms)", es[3].Text, want, terms)
	}
	es[4].SetText(u.loc.Number(data.M(250000, u.company.Currency)))
	tapIn(t, form, "Save")
	inv, err := s.InvoiceByNumber(ctx, "F-TEST-1")
	if err != nil {
		t.Fatal(err)
	}
	if inv.ClientID != c.ID || inv.Amount.Amount != 250000 || inv.IssueDate != data.NewDate(2025, 6, 10) {
		t.Errorf("saved %+v", inv)
	}
	// A bad amount keeps the dialog open with a sentence and saves nothing.
	u.invoiceDialog(data.Invoice{ClientID: c.ID}, nil)
	form = overlay(t, u)
	es = entries(form)
	es[0].SetText("F-TEST-2")
	es[3].SetText("twelve")
	tapIn(t, form, "Save")
	if _, err := s.InvoiceByNumber(ctx, "F-TEST-2"); err == nil {
		t.Error("an invoice with a bad amount was saved")
	}
	if !slices.ContainsFunc(overlayTexts(overlay(t, u)), func(s string) bool { return strings.Contains(s, `"twelve" is not an amount`) }) {
		t.Errorf("no error shown: %q", overlayTexts(overlay(t, u)))
	}
}

func TestOpenAndResolveDispute(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	c := openClient(t, u, s, rows[0].Code)
	before, _ := s.Disputes(ctx, c.ID, 0)
	test.Tap(buttonNamed(t, u.win, "Open dispute…"))
	form := overlay(t, u)
	entries(form)[0].SetText("Goods arrived damaged.")
	tapIn(t, form, "Open dispute")
	after, _ := s.Disputes(ctx, c.ID, 0)
	if len(after) != len(before)+1 {
		t.Fatalf("disputes %d → %d", len(before), len(after))
	}
	u.clientTab = 5
	u.showClient(c.ID)
	var resolve *widget.Button
	for _, o := range objects(u.win.Canvas().Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Resolve…" {
			resolve = b
		}
	}
	if resolve == nil {
		t.Fatal("no Resolve button")
	}
	test.Tap(resolve)
	form = overlay(t, u)
	es := entries(form)
	es[len(es)-1].SetText("Credit note agreed.")
	tapIn(t, form, "Resolve")
	open := 0
	now, _ := s.Disputes(ctx, c.ID, 0)
	for _, x := range now {
		if x.Open() {
			open++
		}
	}
	wasOpen := 0
	for _, x := range after {
		if x.Open() {
			wasOpen++
		}
	}
	if open != wasOpen-1 {
		t.Errorf("open disputes %d → %d", wasOpen, open)
	}
}

func TestDashboardFollowsChanges(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	collected := func() int64 {
		n, _ := reports.Collected(ctx, s.DB(), data.NewDate(2025, 6, 1), testToday)
		return n
	}
	before := collected()
	if !shows(u.win, u.money(before)) {
		t.Fatalf("dashboard does not show collected %s", u.money(before))
	}
	u.goTo(screenPayments)
	rows, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	u.paymentDialog(rows[0].ID, nil)
	form := overlay(t, u)
	entries(form)[1].SetText(u.loc.Number(data.M(12345, u.company.Currency)))
	tapIn(t, form, "Save")
	if collected() != before+12345 {
		t.Fatalf("collected %d → %d", before, collected())
	}
	u.goTo(screenDashboard)
	if !shows(u.win, u.money(before+12345)) {
		t.Errorf("after a payment the dashboard still shows %s, not %s", u.money(before), u.money(before+12345))
	}
}

func TestWorklistSharesTheDashboardsOutlook(t *testing.T) {
	u, _ := dashboardOf(t, "en")
	calls := 0
	_, err := u.outlooks.get(context.Background(), testToday, func(context.Context) (reports.Outlook, error) {
		calls++
		return reports.Outlook{}, nil
	})
	if err != nil || calls != 0 {
		t.Errorf("the dashboard's outlook was computed again (%d calls, %v)", calls, err)
	}
	u.goTo(screenSettings) // shows no analytics: nothing recomputes them at once
	u.changed()
	u.outlooks.get(context.Background(), testToday, func(context.Context) (reports.Outlook, error) {
		calls++
		return reports.Outlook{}, nil
	})
	if calls != 1 {
		t.Errorf("a change did not drop the outlook (%d calls)", calls)
	}
}

func TestLogPromisedOutcomeRecordsThePromise(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday, Limit: 1})
	c := rows[0].Client
	contacts, _ := s.Contacts(ctx, c.ID)
	promises, _ := s.Promises(ctx, c.ID)
	u.logContactDialog(c, data.ChannelCall, nil)
	form := overlay(t, u)
	var outcome *widget.Select
	for _, o := range objects(form) {
		if sel, ok := o.(*widget.Select); ok && slices.Contains(sel.Options, outcomeText(data.OutcomePromised)) {
			outcome = sel
		}
	}
	outcome.SetSelected(outcomeText(data.OutcomePromised))
	es := entries(form) // amount, date, note
	if len(es) != 3 {
		t.Fatalf("%d entries once the promise shows", len(es))
	}
	if want := u.loc.Number(data.M(rows[0].Overdue, u.company.Currency)); es[0].Text != want { // as Add promise does
		t.Errorf("the amount promised starts at %q, not the overdue %q", es[0].Text, want)
	}
	es[0].SetText(u.loc.Number(data.M(50000, u.company.Currency)))
	es[1].SetText(u.loc.Date(data.NewDate(2025, 7, 4)))
	es[2].SetText("Will pay on Friday.")
	tapIn(t, form, "Save")
	c2, _ := s.Contacts(ctx, c.ID)
	p2, _ := s.Promises(ctx, c.ID)
	if len(c2) != len(contacts)+1 || len(p2) != len(promises)+1 {
		t.Fatalf("contacts %d → %d, promises %d → %d", len(contacts), len(c2), len(promises), len(p2))
	}
	found := false
	for _, p := range p2 {
		found = found || (p.Amount.Amount == 50000 && p.PromisedDate == data.NewDate(2025, 7, 4) && p.Status == data.PromiseOpen)
	}
	if !found {
		t.Error("the promise was not recorded with its amount and day")
	}
}

func TestWorklistOneClickOutcome(t *testing.T) {
	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	u.goTo(screenWorklist)
	var btn *widget.Button
	for _, o := range objects(u.win.Canvas().Content()) {
		if b, ok := o.(*widget.Button); ok && (b.Text == "No answer" || b.Text == "Sent") {
			btn = b
			break
		}
	}
	if btn == nil {
		t.Fatal("no one-click outcome on the worklist")
	}
	want := map[string]string{"No answer": data.OutcomeNoAnswer, "Sent": data.OutcomeSent}[btn.Text]
	first := u.work.today.Tasks[0].ClientID
	before, _ := s.Contacts(ctx, first)
	test.Tap(btn)
	after, _ := s.Contacts(ctx, first)
	if len(after) != len(before)+1 || after[0].Outcome != want {
		t.Fatalf("contacts %d → %d; newest %+v", len(before), len(after), after[0])
	}
	if !u.work.done[first] {
		t.Error("the client is not marked as done")
	}
}

func TestStatementLetterAndExports(t *testing.T) {
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	u, s := dashboardOf(t, "es")
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday})
	c := openClient(t, u, s, rows[0].Code)
	test.Tap(buttonNamed(t, u.win, "Extracto"))
	if !strings.HasSuffix(u.lastDoc, ".pdf") || !strings.Contains(u.lastDoc, c.Code) {
		t.Fatalf("statement written to %q", u.lastDoc)
	}
	text := pdfText(t, u.lastDoc)
	for _, want := range []string{c.Name, "Extracto de cuenta", u.money(rows[0].Balance)} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement lacks %q", want)
		}
	}
	u.letter(c, 3)
	if text := pdfText(t, u.lastDoc); !strings.Contains(text, "Último aviso") || !strings.Contains(text, u.money(rows[0].Overdue)) {
		t.Errorf("the final notice lacks its title or the overdue total:\n%s", text)
	}
	xlsx := filepath.Join(t.TempDir(), "inv.xlsx")
	u.saveExport("invoices", false, testToday, xlsx)
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetRows(f.GetSheetName(0))
	if n, _ := s.CountInvoices(ctx, data.InvoiceQuery{}); len(got) != n+1 || got[0][0] != "Número" {
		t.Errorf("invoices export: %d rows for %d invoices; header %q", len(got), n, got[0])
	}
}

func TestBatchStatementsIntoAFolder(t *testing.T) {
	u, s := dashboardOf(t, "en")
	dir := filepath.Join(t.TempDir(), "out")
	u.runStatements(dir, "", false)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	rows, _ := s.ListClients(context.Background(), data.ClientQuery{})
	owing := 0
	for _, r := range rows {
		if r.Balance > 0 {
			owing++
		}
	}
	if len(files) != owing || u.statementsDone != owing || owing == 0 {
		t.Errorf("%d files, %d reported, %d clients owe something", len(files), u.statementsDone, owing)
	}
	combined := filepath.Join(t.TempDir(), "all.pdf")
	u.runStatements("", combined, true)
	text := pdfText(t, combined) // each in its client's language
	if n := strings.Count(text, "Total due") + strings.Count(text, "Total a pagar"); n != owing {
		t.Errorf("the combined PDF has %d statements, want %d", n, owing)
	}
}

// pdfText is a PDF file's text (pdftotext, from poppler-utils, which make
// deps installs: the test fails without it).
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v (make deps installs poppler-utils)", path, err)
	}
	return string(out)
}

func TestWelcomeStartFromASpreadsheet(t *testing.T) {
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	u := newTestUI(t, "en")
	u.showWelcome()
	test.Tap(buttonNamed(t, u.win, "Start from a spreadsheet…"))
	if !u.importAfterCreate {
		t.Fatal("the import is not waiting for the new company")
	}
	dir := t.TempDir()
	u.saveNewCompany(data.Company{Name: "Nueva S.L.", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30}, dir)
	if u.store == nil || u.importAfterCreate {
		t.Fatalf("company %v, import still pending %v", u.store, u.importAfterCreate)
	}
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("the import did not start after creating the company")
	}
}

func TestDailyBackupAndRestoreFromTheMenu(t *testing.T) {
	u, s := dashboardOf(t, "en")
	dir, _ := backup.Dir(s.Path())
	list, _ := backup.List(dir)
	if len(list) != 1 || list[0].Reason != backup.Daily {
		t.Fatalf("backups after opening: %+v", list)
	}
	ctx := context.Background()
	n, _ := s.CountInvoices(ctx, data.InvoiceQuery{})
	rows, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.CreateInvoice(&data.Invoice{Number: "AFTER-BACKUP", ClientID: rows[0].ID, IssueDate: testToday, DueDate: testToday.AddDays(30), Amount: data.M(100, "EUR")})
	})
	if err != nil {
		t.Fatal(err)
	}
	u.restoreDialog()
	tapIn(t, overlay(t, u), "Restore")
	if u.store == nil {
		t.Fatal("the company did not reopen after restoring")
	}
	if m, _ := u.store.CountInvoices(ctx, data.InvoiceQuery{}); m != n {
		t.Errorf("%d invoices after restoring, %d in the backup", m, n)
	}
	list, _ = backup.List(dir)
	if len(list) != 2 || list[0].Reason != backup.BeforeRestore {
		t.Errorf("the replaced file was not kept: %+v", list)
	}
}
