package gui

import (
	"context"
	"fmt"
	"image/color"
	"log"
	"math"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/chase"
	"cartera/app/i18n"
	"cartera/data"
	"cartera/reports"
)

// dashboard shows the receivable at a glance as of a day: KPI tiles, the
// aging (tap a bar for its invoices), the DSO and ADD trend, the clients
// owing most, today's alerts and the cash expected in the next weeks. Each
// part is computed off the UI goroutine and drawn as soon as it is ready.
type dashboard struct {
	u    *ui
	asOf data.Date
	gen  int // bumped on every reload; late results of older loads are dropped

	date                                *dateField
	hint                                *fyne.Container // offers the ledger's last day when today shows nothing
	tiles                               *fyne.Container
	aging, trend, top, alerts, forecast *fyne.Container

	cancel  context.CancelFunc          // stops the load under way
	dsoNote *widget.Label               // below the DSO: its change on last month
	report  reports.Report              // the last one shown, for the aging drill-down
	bucket  *listView[reports.OpenItem] // the last drill-down shown
}

func newDashboard(u *ui) *dashboard {
	d := &dashboard{u: u, asOf: data.Today(u.clock)}
	u.dash = d
	d.date = u.newDateField(d.asOf, func(day data.Date) {
		if day != d.asOf {
			d.asOf = day
			d.load()
		}
	})
	d.tiles, d.hint = container.NewStack(), container.NewStack()
	d.aging, d.trend = container.NewStack(), container.NewStack()
	d.top, d.alerts, d.forecast = container.NewStack(), container.NewStack(), container.NewStack()
	d.load()
	return d
}

func (d *dashboard) content() fyne.CanvasObject {
	today := widget.NewButtonWithIcon(tr("Today"), theme.HistoryIcon(), func() { d.date.SetText(d.u.loc.Date(data.Today(d.u.clock))) })
	refresh := widget.NewButtonWithIcon(tr("Refresh"), theme.ViewRefreshIcon(), d.load)
	asOf := container.NewHBox(widget.NewLabel(tr("As of")), container.NewGridWrap(fyne.NewSize(170, d.date.MinSize().Height), d.date), today, refresh)
	u := d.u
	export := u.exportButton(
		fyne.NewMenuItem(tr("KPI report (.xlsx)"), func() { u.exportTo("report", false, d.asOf) }),
		fyne.NewMenuItem(tr("Aging by client (.xlsx)"), func() { u.exportTo("aging", false, d.asOf) }),
		fyne.NewMenuItem(tr("Aging report (.pdf)"), func() { u.exportTo("aging", true, d.asOf) }))
	top := container.NewBorder(nil, nil, nil, container.NewHBox(export, u.importButton()), asOf)
	charts := container.NewGridWithColumns(2,
		card(tr("Aging"), tr("Open balance by days overdue; tap a bar for its invoices"), d.aging),
		card(tr("DSO and days delinquent"), tr("Last 24 months, in days"), d.trend))
	lower := container.NewGridWithColumns(3,
		card(tr("Clients owing most overdue"), "", d.top),
		card(tr("Alerts"), "", d.alerts),
		card(tr("Expected collections"), tr("Next 12 weeks, by expected payment date"), d.forecast))
	// The charts share what height the window has beyond the figures: a
	// tall window draws them taller instead of leaving the bottom empty.
	body := container.NewBorder(container.NewVBox(d.hint, d.tiles, container.NewGridWrap(fyne.NewSize(0, 0))), nil, nil, nil,
		container.New(fillRows{}, charts, lower))
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(body)))
}

// offerLastDay says, when the ledger ends long before today (a historical
// ledger, all of it paid), that today's figures are empty for that reason,
// and offers them as of its last day. It reads the report the tiles were
// drawn from: only a today with nothing open asks for the last day.
func (d *dashboard) offerLastDay(r reports.Report) {
	u, gen := d.u, d.gen
	today := data.Today(u.clock)
	if r.AsOf != today || r.OpenInvoices != 0 || r.UnappliedCredit != 0 {
		return
	}
	u.async(func() {
		last, err := u.store.LastActivity(context.Background())
		if err != nil || last.IsZero() || today.DaysSince(last) < 90 {
			return
		}
		fyne.Do(func() {
			if gen != d.gen {
				return
			}
			show := widget.NewButtonWithIcon(trf("Show %s", u.loc.Date(last)), theme.HistoryIcon(), func() { d.date.SetText(u.loc.Date(last)) })
			show.Importance = widget.HighImportance
			msg := widget.NewLabel(trf("Nothing is open today: this ledger ends on %s, and everything in it was settled by now. Its figures make sense as of its last day.", u.loc.Date(last)))
			msg.Wrapping = fyne.TextWrapWord
			set(d.hint, widget.NewCard("", "", container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), show, msg)))
		})
	})
}

// card is a titled panel with a quieter subtitle.
func card(title, subtitle string, content fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewCard("", "", container.NewBorder(heading(title, subtitle), nil, nil, nil, content))
}

func heading(title, subtitle string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if subtitle == "" {
		return t
	}
	s := widget.NewLabel(subtitle)
	s.Importance = widget.LowImportance
	s.Wrapping = fyne.TextWrapWord // whole in a narrow window, in Spanish too
	return container.NewVBox(t, s)
}

// busy is what a part shows while it is being computed.
func busy(text string) fyne.CanvasObject {
	bar := widget.NewProgressBarInfinite()
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	l.Alignment = fyne.TextAlignCenter
	return container.NewCenter(container.NewVBox(l, container.NewGridWrap(fyne.NewSize(200, bar.MinSize().Height), bar)))
}

func set(c *fyne.Container, o fyne.CanvasObject) {
	c.Objects = []fyne.CanvasObject{o}
	c.Refresh()
}

// part is one part of the dashboard: compute runs in the background, show
// draws its result unless a newer load started meanwhile.
func part[T any](d *dashboard, what string, into *fyne.Container, compute func(context.Context) (T, error), show func(T) fyne.CanvasObject) func(context.Context) {
	gen := d.gen
	set(into, busy(tr("Computing…")))
	return func(ctx context.Context) {
		v, err := compute(ctx)
		fyne.Do(func() {
			if gen != d.gen {
				return
			}
			if err != nil {
				set(into, errorText(err))
				return
			}
			set(into, show(v))
			d.drawn(what)
		})
	}
}

func errorText(err error) fyne.CanvasObject {
	l := widget.NewLabel(i18n.Error(lang, err))
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// kpis is the report of the day and what was collected this month.
type kpis struct {
	rep       reports.Report
	collected int64
}

// drawn logs how long after launch a part of the first dashboard appeared.
func (d *dashboard) drawn(what string) {
	if d.gen == 1 && d.u.timeStartup {
		log.Printf("dashboard: %s drawn %v after launch", what, time.Since(launched).Round(time.Millisecond))
	}
}

// load computes every part again for the chosen day, one after the other
// in the background, the KPIs first: on two cores, parts computed side by
// side would all arrive late. A newer load cancels the older one.
func (d *dashboard) load() {
	d.gen++
	if d.cancel != nil {
		d.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	u, day := d.u, d.asOf
	db := u.store.DB()
	first := month(day)
	steps := []func(context.Context){
		part(d, "KPIs", d.tiles, func(ctx context.Context) (kpis, error) {
			var k kpis
			var err error
			if k.rep, err = reports.Compute(ctx, db, u.company, reports.ReportOptions{AsOf: day}); err == nil {
				k.collected, err = reports.Collected(ctx, db, first, day)
			}

			return k, err
		}, d.showTiles),
		part(d, "top clients", d.top, func(ctx context.Context) ([]topClient, error) { return d.topClients(ctx, day) }, d.topList),
		part(d, "trend", d.trend, func(ctx context.Context) ([]reports.TrendPoint, error) {
			return reports.Trend(ctx, db, u.company, day, 24, 90)
		}, d.trendChart),
		part(d, "alerts", d.alerts, func(ctx context.Context) ([]chase.Alert, error) { return chase.Alerts(ctx, u.store, day) }, d.alertList),
		part(d, "forecast", d.forecast, func(ctx context.Context) ([]reports.Week, error) {
			o, err := u.outlook(ctx, day)
			if err != nil {
				return nil, err
			}
			weeks, _ := o.Forecast(12)
			return weeks, nil
		}, d.forecastChart),
	}
	set(d.aging, busy(tr("Computing…")))
	d.hint.Objects = nil
	d.hint.Refresh()
	u.async(func() {
		for _, step := range steps {
			if ctx.Err() != nil {
				return
			}
			step(ctx)
		}
	})
}

// month is the first day of d's month.
func month(d data.Date) data.Date { return data.NewDate(d.Year(), d.Month(), 1) }

// kpiTile is a figure with its name above and a note below.
func kpiTile(title, value, note string, noteImp widget.Importance) (fyne.CanvasObject, *widget.Label) {
	t := widget.NewLabel(title)
	t.Importance = widget.LowImportance
	t.Truncation = fyne.TextTruncateEllipsis
	v := canvas.NewText(value, theme.Color(theme.ColorNameForeground))
	v.TextSize = theme.TextSize() * 1.6
	v.TextStyle.Bold = true
	// The figure starts where the labels' text does (they pad it inside).
	inset := theme.InnerPadding()
	figure := container.New(layout.NewCustomPaddedLayout(0, 0, inset, 0), v)
	n := widget.NewLabel(note)
	n.Importance = noteImp
	n.Wrapping = fyne.TextWrapWord // read whole, not cut short, in a narrow window
	return widget.NewCard("", "", container.NewVBox(t, figure, n)), n
}

// showTiles draws the KPI tiles and the aging chart from the report; the
// DSO's change on last month comes with the trend.
func (d *dashboard) showTiles(k kpis) fyne.CanvasObject {
	u, r := d.u, k.rep
	l := u.loc
	d.report = r
	d.offerLastDay(r)
	set(d.aging, d.agingChart(r))
	days := func(f *float64) string {
		if f == nil {
			return "—"
		}
		return l.Fixed(*f, 1)
	}
	pct := func(f *float64) string {
		if f == nil {
			return "—"
		}
		return l.Percent(int64(math.Round(*f * 100)))
	}
	var overdue *float64
	if r.TotalAR > 0 {
		overdue = new(float64)
		*overdue = float64(r.TotalAR-r.CurrentAR) * 100 / float64(r.TotalAR)
	}
	var dso fyne.CanvasObject
	dso, d.dsoNote = kpiTile(tr("DSO"), days(r.DSO), "…", widget.LowImportance)
	tile := func(title, value, note string) fyne.CanvasObject {
		t, _ := kpiTile(title, value, note, widget.LowImportance)
		return t
	}
	arNote := trf("%s open invoices", l.Int(int64(r.OpenInvoices)))
	if r.UnappliedCredit != 0 { // what clients owe on balance, once money on account is set against it
		arNote = trf("net %s", u.money(r.NetAR)) // less what clients hold on account
	}
	return container.NewGridWithColumns(4,
		tile(tr("Total receivable"), u.money(r.TotalAR), arNote),
		tile(tr("Overdue"), pct(overdue), u.money(r.TotalAR-r.CurrentAR)),
		dso,
		tile(tr("Best possible DSO"), days(r.BPDSO), trf("%s days delinquent (ADD)", days(r.ADD))),
		tile(tr("Collection effectiveness"), pct(r.CEI), trf("last %d days", r.PeriodDays)),
		tile(tr("Collected this month"), u.money(k.collected), trf("from %s", l.Date(month(r.AsOf)))),
		tile(tr("Invoices paid"), l.Int(int64(r.PaidInvoices)), trf("average %s days to pay", days(r.AvgDaysToPay))),
		tile(tr("Overdue clients managed"), pct(r.PctClientsManaged), trf("%d of %d: contacted, promised or on a plan", r.ManagedClients, r.OverdueClients)),
	)
}

// showDSOChange notes the DSO's change since the end of last month.
func (d *dashboard) showDSOChange(now, prev *float64) {
	if d.dsoNote == nil {
		return
	}
	l := d.u.loc
	note, imp := tr("no DSO last month"), widget.LowImportance
	if now != nil && prev != nil {
		switch change := *now - *prev; {
		case change > 0.05:
			note, imp = trf("▲ %s days on last month", l.Fixed(change, 1)), widget.DangerImportance
		case change < -0.05:
			note, imp = trf("▼ %s days on last month", l.Fixed(-change, 1)), widget.SuccessImportance
		default:
			note = tr("as last month")
		}
	}
	d.dsoNote.Importance = imp
	d.dsoNote.SetText(note)
}

// bucketLabel is an aging bucket's name as the user reads it.
func bucketLabel(b reports.Bucket) string {
	if b.From == 0 {
		return tr("Current")
	}
	return b.Label
}

// compact writes a large amount short for an axis: 1,2 M, 350 k.
func (u *ui) compact(v float64) string {
	short := func(x float64, unit string) string {
		digits := 1
		if x == math.Trunc(x) || math.Abs(x) >= 100 {
			digits = 0
		}
		return u.loc.Fixed(x, digits) + unit
	}
	switch a := math.Abs(v); {
	case a >= 1e6:
		return short(v/1e6, " M")
	case a >= 1e3:
		return short(v/1e3, " k")
	}
	return u.loc.Fixed(v, 0)
}

// major turns minor units into the currency's major units for a chart.
func (u *ui) major(n int64) float64 {
	return float64(n) / math.Pow10(data.CurrencyDigits(u.company.Currency))
}

func (d *dashboard) agingChart(r reports.Report) fyne.CanvasObject {
	labels := make([]string, len(r.Aging))
	values := make([]float64, len(r.Aging))
	for i, b := range r.Aging {
		labels[i], values[i] = bucketLabel(b), d.u.major(b.Amount)
	}
	n := len(r.Aging)
	c := newChart(labels, d.u.compact, series{name: d.u.company.Currency, kind: kindBars, values: values, color: primaryColor,
		each: func(i int) color.Color { return agingColor(i, n) }})
	c.onTap = func(i int) { d.showBucket(i) }
	return c
}

// agingColor goes from the theme's primary (current) to red (oldest).
func agingColor(i, n int) color.Color {
	if i == 0 {
		return primaryColor()
	}
	steps := []color.NRGBA{{0xf2, 0xc1, 0x4e, 0xff}, {0xf0, 0x96, 0x3c, 0xff}, {0xe3, 0x62, 0x3b, 0xff}, {0xc6, 0x28, 0x28, 0xff}}
	k := (i - 1) * (len(steps) - 1) / max(n-2, 1)
	return steps[min(k, len(steps)-1)]
}

// showBucket lists the open invoices of aging bucket i at the day shown.
func (d *dashboard) showBucket(i int) {
	u, r := d.u, d.report
	b := r.Aging[i]
	u.async(func() {
		ctx := context.Background()
		opts := reports.AgingOptions{AsOf: r.AsOf, Bounds: u.company.AgingBuckets}
		a := reports.Aging{AsOf: r.AsOf, Buckets: r.Aging}
		items, err := a.InBucket(ctx, u.store.DB(), opts, i, 0)
		var rows map[int64]data.InvoiceRow
		if err == nil {
			ids := make([]int64, len(items))
			for k, it := range items {
				ids[k] = it.InvoiceID
			}
			rows, err = u.store.InvoiceRows(ctx, ids)
		}
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			d.bucketDialog(b, r.AsOf, items, rows)
		})
	})
}

func (d *dashboard) bucketDialog(b reports.Bucket, asOf data.Date, items []reports.OpenItem, rows map[int64]data.InvoiceRow) {
	u := d.u
	title := trf("%s days overdue on %s", b.Label, u.loc.Date(asOf))
	if b.From == 0 {
		title = trf("Not yet due on %s", u.loc.Date(asOf))
	}
	cols := []column[reports.OpenItem]{
		{title: i18n.N("Number"), width: 120, text: func(it reports.OpenItem) string {
			if it.Instalment > 0 { // one instalment of an invoice due in parts
				return fmt.Sprintf("%s %d/%d", rows[it.InvoiceID].Number, it.Instalment, it.Parts)
			}
			return rows[it.InvoiceID].Number
		}},
		{title: i18n.N("Client"), width: 240, text: func(it reports.OpenItem) string { return rows[it.InvoiceID].ClientName }},
		{title: i18n.N("Due"), width: 100, text: func(it reports.OpenItem) string { return u.loc.Date(it.Due) }},
		{title: i18n.N("Days overdue"), width: 110, trailing: true, text: func(it reports.OpenItem) string { return u.loc.Int(int64(max(0, asOf.DaysSince(it.Due)))) }},
		{title: i18n.N("Balance"), width: 130, trailing: true, text: func(it reports.OpenItem) string { return u.money(it.Balance) }},
	}
	v := newStaticList(cols, items)
	var dlg dialog.Dialog
	v.onTap = func(it reports.OpenItem) { dlg.Hide(); u.showClient(it.ClientID) }
	summary := widget.NewLabel(trf("%s invoices, %s", u.loc.Int(int64(len(items))), u.money(b.Amount)))
	dlg = dialog.NewCustom(title, tr("Close"), container.NewBorder(summary, nil, nil, nil, v.table), u.win)
	dlg.Resize(fyne.NewSize(780, 520))
	d.u.showDialog(dlg, nil)
	d.bucket = v
}

func (d *dashboard) trendChart(ps []reports.TrendPoint) fyne.CanvasObject {
	if n := len(ps); n >= 2 {
		d.showDSOChange(ps[n-1].DSO, ps[n-2].DSO)
	}
	labels := make([]string, len(ps))
	dso, add := make([]float64, len(ps)), make([]float64, len(ps))
	for i, p := range ps {
		labels[i] = monthLabel(p.Day)
		dso[i], add[i] = orNaN(p.DSO), orNaN(p.ADD)
	}
	days := func(v float64) string { return d.u.loc.Fixed(v, 0) }
	c := newChart(labels, days,
		series{name: tr("DSO"), kind: kindLines, values: dso, color: primaryColor},
		series{name: tr("Average days delinquent"), kind: kindLines, values: add, color: accentColor})
	c.every = 3
	return c
}

func orNaN(f *float64) float64 {
	if f == nil {
		return math.NaN()
	}
	return *f
}

// monthLabel is "jun 25" / "Jun 25".
func monthLabel(d data.Date) string {
	return fmt.Sprintf("%s %02d", tr(monthNames[d.Month()-1]), d.Year()%100)
}

var monthNames = [12]string{i18n.N("Jan"), i18n.N("Feb"), i18n.N("Mar"), i18n.N("Apr"), i18n.N("May"), i18n.N("Jun"),
	i18n.N("Jul"), i18n.N("Aug"), i18n.N("Sep"), i18n.N("Oct"), i18n.N("Nov"), i18n.N("Dec")}

// topClient is one line of the clients owing most overdue.
type topClient struct {
	id      int64
	name    string
	overdue int64
	oldest  int
}

func (d *dashboard) topClients(ctx context.Context, day data.Date) ([]topClient, error) {
	a, err := reports.AgingAt(ctx, d.u.store.DB(), reports.AgingOptions{AsOf: day, Bounds: d.u.company.AgingBuckets})
	if err != nil {
		return nil, err
	}
	var out []topClient
	for _, c := range a.Clients {
		if over := c.Total - c.Buckets[0].Amount; over > 0 {
			out = append(out, topClient{id: c.ClientID, overdue: over})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].overdue > out[j].overdue })
	out = out[:min(len(out), 6)]
	for i := range out {
		c, err := d.u.store.Client(ctx, out[i].id)
		if err != nil {
			return nil, err
		}
		out[i].name = c.Name
	}
	return out, nil
}

func (d *dashboard) topList(ts []topClient) fyne.CanvasObject {
	if len(ts) == 0 {
		return quiet(tr("Nobody owes anything overdue."))
	}
	box := container.NewVBox()
	for _, t := range ts {
		t := t
		name := link(t.name, func() { d.u.showClient(t.id) })
		name.Truncation = fyne.TextTruncateEllipsis
		amount := widget.NewLabelWithStyle(d.u.money(t.overdue), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		box.Add(container.NewBorder(nil, nil, nil, amount, name))
	}
	return box
}

func quiet(s string) fyne.CanvasObject {
	l := widget.NewLabel(s)
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (d *dashboard) alertList(as []chase.Alert) fyne.CanvasObject {
	if d.asOf == data.Today(d.u.clock) {
		d.u.notifyAlerts(as)
	}
	if len(as) == 0 {
		return quiet(tr("No alerts today."))
	}
	box := container.NewVBox()
	for k, a := range as {
		if k == 6 {
			box.Add(quiet(trf("and %d more", len(as)-k)))
			break
		}
		a := a
		icon := theme.WarningIcon()
		if a.Kind == chase.AlertPromiseToday {
			icon = theme.InfoIcon()
		}
		l := link(a.Text(lang, d.u.loc, d.u.company.Currency), func() { d.u.showClient(a.ClientID) })
		l.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, l))
	}
	return box
}

func (d *dashboard) forecastChart(ws []reports.Week) fyne.CanvasObject {
	labels := make([]string, len(ws))
	values := make([]float64, len(ws))
	for i, w := range ws {
		labels[i] = fmt.Sprintf("%02d/%02d", w.Start.Day(), int(w.Start.Month()))
		if d.u.loc.MonthFirst {
			labels[i] = fmt.Sprintf("%02d/%02d", int(w.Start.Month()), w.Start.Day())
		}
		values[i] = d.u.major(w.Amount)
	}
	c := newChart(labels, d.u.compact, series{name: d.u.company.Currency, kind: kindBars, values: values, color: primaryColor})
	c.every = 2
	return c
}

// link is a tappable text that opens something in the app.
func link(text string, tapped func()) *widget.Hyperlink {
	h := widget.NewHyperlink(text, nil)
	h.OnTapped = tapped
	return h
}
