package gui

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/docs"
	"cartera/app/i18n"
	"cartera/app/plans"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// intervalLabels name the plan intervals in the order of data.Intervals.
func intervalLabels() []string {
	return []string{tr("Every week"), tr("Every two weeks"), tr("Every month")}
}

// planDialog agrees a payment plan with a client: which overdue invoices
// (disputed ones marked, and left out unless ticked), how many instalments,
// from when and how often, with the instalments previewed as they are
// typed, in a list of their own under a total that stays in sight. The
// agreement PDF opens once it is saved. It gives the instalments field
// (nil when there is nothing to plan), for the screenshot tour.
func (u *ui) planDialog(c data.Client, onSaved func()) *entry {
	ctx := context.Background()
	today := data.Today(u.clock)
	cands, err := plans.Candidates(ctx, u.store, c.ID, today)
	if err != nil {
		u.showError(err)
		return nil
	}
	if len(cands) == 0 {
		u.showDialog(dialog.NewInformation(tr("Payment plan"), trf("%s has no overdue invoices to put on a payment plan.", c.Name), u.win), nil)
		return nil
	}
	promises, err := u.store.Promises(ctx, c.ID)
	if err != nil {
		u.showError(err)
		return nil
	}
	onPlan, _ := u.store.PlanPromises(ctx)
	var replaced []string
	for _, p := range promises {
		if p.Status == data.PromiseOpen && !onPlan[p.ID] {
			replaced = append(replaced, trf("%s by %s", u.loc.Money(p.Amount), u.loc.Date(p.PromisedDate)))
		}
	}
	chosen := map[int64]bool{}
	checks := container.NewVBox()
	preview := widget.NewLabel("")
	summary := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	summary.Wrapping = fyne.TextWrapWord
	count := intEntry(3, tr("Instalments"))
	every := widget.NewSelect(intervalLabels(), nil)
	every.SetSelectedIndex(2)
	note := newEntry()
	note.SetPlaceHolder(tr("Anything agreed besides the dates: interest waived, goods on hold…"))
	var draft data.PaymentPlan
	var first *dateField
	update := func() {
		var rows []data.InvoiceRow
		for _, r := range cands {
			if chosen[r.ID] {
				rows = append(rows, r)
			}
		}
		draft = data.PaymentPlan{}
		preview.SetText("")
		start, derr := first.Date()
		if derr != nil {
			summary.SetText("⚠ " + i18n.Error(lang, derr))
			return
		}
		var err error
		draft, err = plans.Draft(rows, plans.Terms{ClientID: c.ID, Instalments: atoi(count.Text), First: start,
			Every: data.Intervals[max(0, every.SelectedIndex())], Agreed: today, Note: strings.TrimSpace(note.Text)})
		if err != nil {
			summary.SetText("⚠ " + i18n.Error(lang, err))
			return
		}
		preview.SetText(strings.TrimSuffix(u.instalmentLines(draft), "\n"+trf("Total %s", u.loc.Money(draft.Total))))
		n := len(draft.Instalments)
		summary.SetText(trf(i18n.Plural(n, "Total %s in %d instalment, the last on %s.", "Total %s in %d instalments, the last on %s."),
			u.loc.Money(draft.Total), n, u.loc.Date(draft.Instalments[n-1].Due)))
	}
	first = u.newDateField(today.AddDays(7), func(data.Date) { update() })
	for _, r := range cands {
		r := r
		label := fmt.Sprintf("%s · %s · %s", r.Number, trf("due %s", u.loc.Date(r.DueDate)), u.money(r.Balance))
		if r.Disputed { // settled by the dispute, not by a plan, unless ticked
			label += " · ⚠ " + tr("disputed")
		}
		ch := widget.NewCheck(label, func(on bool) {
			chosen[r.ID] = on
			update()
		})
		chosen[r.ID] = !r.Disputed
		ch.SetChecked(!r.Disputed)
		checks.Add(ch)
	}
	count.OnChanged = func(string) { update() }
	every.OnChanged = func(string) { update() }
	note.OnChanged = func(string) { update() }
	update()
	var invoices fyne.CanvasObject = checks
	if len(cands) > 4 { // a long list scrolls, so the schedule stays in sight
		scroll := container.NewVScroll(checks)
		scroll.SetMinSize(fyne.NewSize(checks.MinSize().Width, 4*checks.Objects[0].MinSize().Height))
		invoices = scroll
	}
	// The instalments scroll in a box of their own, as tall as the window
	// allows, under the total; the buttons stay below, never over them.
	lines := container.NewVScroll(preview)
	rowH := fyne.MeasureText("1", theme.TextSize(), fyne.TextStyle{}).Height
	rows := min(12, max(3, (u.win.Canvas().Size().Height-560)/rowH))
	lines.SetMinSize(fyne.NewSize(360, rows*rowH+2*theme.Padding()))
	items := []*widget.FormItem{
		formItem(tr("Invoices"), invoices, tr("The overdue invoices the plan settles.")),
		formItem(tr("Instalments"), count, trf("From 1 to %d.", data.MaxInstalments)),
		widget.NewFormItem(tr("First instalment"), first),
		widget.NewFormItem(tr("How often"), every),
		widget.NewFormItem(tr("Note"), note),
		widget.NewFormItem(tr("Schedule"), container.NewBorder(summary, nil, nil, nil, lines)),
	}
	if len(replaced) > 0 {
		items = append(items, widget.NewFormItem("", quietNote(trf(i18n.Plural(len(replaced), "The plan replaces the open promise to pay (%s).",
			"The plan replaces the open promises to pay (%s)."), strings.Join(replaced, "; ")))))
	}
	d, _ := u.formDialog(trf("Payment plan for %s", c.Name), tr("Agree"), items, func(tx *sqlite.Tx) error {
		update()
		if len(draft.Instalments) == 0 {
			return data.Errorf(data.EINVALID, "Choose the invoices the payment plan covers.")
		}
		return tx.CreatePlan(&draft)
	}, func() {
		u.agreement(c, draft)
		if onSaved != nil {
			onSaved()
		}
	})
	d.Resize(fyne.NewSize(max(620, d.MinSize().Width), d.MinSize().Height))
	u.win.Canvas().Focus(count)
	return count
}

// instalmentLines lists a plan's instalments, one per line.
func (u *ui) instalmentLines(p data.PaymentPlan) string {
	var b strings.Builder
	for _, in := range p.Instalments {
		fmt.Fprintf(&b, "%d.  %s  %s\n", in.N, u.loc.Date(in.Due), u.loc.Money(data.M(in.Amount, p.Total.Currency)))
	}
	b.WriteString(trf("Total %s", u.loc.Money(p.Total)))
	return b.String()
}

// agreement writes the plan's agreement PDF and opens it.
func (u *ui) agreement(c data.Client, p data.PaymentPlan) {
	dir, err := u.docsDir()
	if err != nil {
		u.showError(err)
		return
	}
	path := filepath.Join(dir, docs.FileName(tr("Payment plan")+fmt.Sprintf(" %d", p.ID), c))
	u.writeDocument(path, func(ctx context.Context, buf *bytes.Buffer) error {
		return docs.Agreement(ctx, buf, u.store, u.company, p, u.clock.Now())
	})
}

// plansList shows the client's payment plans: where each stands, its
// instalments, the agreement and, while active, cancelling it.
func (u *ui) plansList(c data.Client, d clientDetail, reload func()) fyne.CanvasObject {
	if len(d.plans) == 0 {
		return quiet(tr("No payment plans. When the client cannot pay in full, agree instalments with Payment plan…"))
	}
	box := container.NewVBox()
	for _, st := range d.plans {
		st := st
		p := st.Plan
		status := widget.NewLabelWithStyle(tr(reports.PlanStatusName(p.Status)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		switch p.Status {
		case data.PlanActive:
			status.Importance = widget.HighImportance
		case data.PlanCompleted:
			status.Importance = widget.SuccessImportance
		case data.PlanBroken:
			status.Importance = widget.DangerImportance
		}
		head := widget.NewLabel(trf(i18n.Plural(len(p.Instalments), "Plan #%d, agreed on %s: %s in %d instalment, %s.", "Plan #%d, agreed on %s: %s in %d instalments, %s."), p.ID, u.loc.Date(p.Agreed),
			u.loc.Money(p.Total), len(p.Instalments), tr(reports.IntervalName(p.Every))))
		paid := quiet(trf("Paid %s of %s.", u.loc.Money(data.M(st.Check.Paid, p.Total.Currency)), u.loc.Money(p.Total)))
		lines := container.NewVBox()
		for i, in := range p.Instalments {
			state, imp := tr("to pay"), widget.MediumImportance
			switch {
			case i < st.Check.Met:
				state, imp = tr("paid"), widget.SuccessImportance
			case i == st.Check.Missed || (p.Status == data.PlanBroken && i == st.Check.Next):
				state, imp = tr("missed"), widget.DangerImportance
			case p.Status != data.PlanActive:
				state, imp = tr("withdrawn"), widget.LowImportance
			}
			l := widget.NewLabel(fmt.Sprintf("%d.  %s  %s  —  %s", in.N, u.loc.Date(in.Due), u.loc.Money(data.M(in.Amount, p.Total.Currency)), state))
			l.Importance = imp
			lines.Add(l)
		}
		buttons := container.NewHBox(widget.NewButtonWithIcon(tr("Agreement"), theme.DocumentIcon(), func() { u.agreement(c, p) }))
		if p.Status == data.PlanActive {
			buttons.Add(widget.NewButtonWithIcon(tr("Cancel plan…"), theme.CancelIcon(), func() {
				dialog.ShowConfirm(tr("Cancel the payment plan?"), tr("Its invoices will be chased as usual again."), func(ok bool) {
					if !ok {
						return
					}
					if err := plans.Cancel(context.Background(), u.store, p.ID, data.Today(u.clock)); err != nil {
						u.showError(err)
						return
					}
					u.changed()
					reload()
				}, u.win)
			}))
		}
		box.Add(widget.NewCard("", "", container.NewVBox(container.NewBorder(nil, nil, status, nil, head), paid, lines, buttons)))
	}
	return container.NewVScroll(box)
}

// creditCard shows the client's credit exposure and capacity to pay.
func (u *ui) creditCard(d clientDetail) fyne.CanvasObject {
	c := d.row.Client
	box := container.NewVBox(widget.NewLabelWithStyle(tr("Credit"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	exposure := c.Exposure(d.net())
	if c.CreditLimit > 0 {
		l := widget.NewLabel(trf("Uses %s of its %s limit (balance %s + open orders %s).", u.money(exposure), u.money(c.CreditLimit),
			u.money(d.net()), u.money(c.OpenOrders)))
		l.Wrapping = fyne.TextWrapWord
		if c.OverLimit(d.net()) {
			l.Importance = widget.DangerImportance
		}
		box.Add(l)
	} else if c.OpenOrders > 0 {
		box.Add(quiet(trf("Open orders: %s.", u.money(c.OpenOrders))))
	}
	for _, st := range d.plans {
		if p := st.Plan; p.Status == data.PlanActive && st.Check.Next >= 0 {
			in := p.Instalments[st.Check.Next]
			l := link(trf("On payment plan #%d: next %s on %s.", p.ID, u.loc.Money(data.M(in.Amount, p.Total.Currency)), u.loc.Date(in.Due)), func() {
				if u.clientTabs != nil {
					u.clientTabs.SelectIndex(len(u.clientTabs.Items) - 1)
				}
			})
			l.Wrapping = fyne.TextWrapWord
			box.Add(l)
		}
	}
	capacity := capacityLabels()[min(max(c.CapacityScore, 0), data.MaxCapacityScore)]
	l := widget.NewLabel(trf("Capacity to pay: %s", capacity))
	if c.CapacityScore > 0 && c.CapacityScore <= 2 {
		l.Importance = widget.WarningImportance
	}
	box.Add(l)
	if c.CapacityNote != "" {
		n := widget.NewLabel(c.CapacityNote)
		n.Wrapping = fyne.TextWrapWord
		n.TextStyle.Italic = true
		box.Add(n)
	}
	return box
}
