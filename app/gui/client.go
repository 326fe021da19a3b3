package gui

import (
	"context"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/app/plans"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// clientDetail is everything about one client: contact data, position,
// invoices, payments, contact log, promises and disputes.
type clientDetail struct {
	row       data.ClientRow
	payments  []data.Payment
	credits   []data.CreditNote
	contacts  []data.ContactEntry
	promises  []data.Promise
	disputes  []data.Dispute
	numbers   map[int64]string // invoice ID → number, for payments and disputes
	invoices  []data.InvoiceRow
	behaviour reports.Behaviour
	paid      []reports.PaidInvoice // fully paid invoices, oldest first
	plans     []plans.Standing      // payment plans, newest first
	refunds   []data.Refund         // refunds and reversals, newest first
	onAccount int64                 // money on account today
	audit     []data.AuditEntry     // changes by hand, newest first
}

// net is what the client owes once its money on account is set against
// its open invoices.
func (d clientDetail) net() int64 { return d.row.Balance - d.onAccount }

func (u *ui) loadClient(ctx context.Context, id int64) (clientDetail, error) {
	var d clientDetail
	rows, err := u.store.ListClients(ctx, data.ClientQuery{ID: id, AsOf: data.Today(u.clock)})
	if err != nil {
		return d, err
	}
	if len(rows) == 0 {
		return d, data.Errorf(data.ENOTFOUND, "That client does not exist.")
	}
	d.row = rows[0]
	if d.payments, err = u.store.Payments(ctx, id); err != nil {
		return d, err
	}
	if d.credits, err = u.store.CreditNotes(ctx, id); err != nil {
		return d, err
	}
	if d.refunds, err = u.store.Refunds(ctx, id); err != nil {
		return d, err
	}
	if d.onAccount, err = u.store.OnAccount(ctx, id, data.MaxDate); err != nil {
		return d, err
	}
	if d.audit, err = u.store.Audit(ctx, id); err != nil {
		return d, err
	}
	if d.contacts, err = u.store.Contacts(ctx, id); err != nil {
		return d, err
	}
	if d.promises, err = u.store.Promises(ctx, id); err != nil {
		return d, err
	}
	if d.disputes, err = u.store.Disputes(ctx, id, 0); err != nil {
		return d, err
	}
	invs, err := u.store.ListInvoices(ctx, data.InvoiceQuery{ClientID: id})
	if err != nil {
		return d, err
	}
	d.invoices = invs
	d.numbers = map[int64]string{}
	for _, inv := range invs {
		d.numbers[inv.ID] = inv.Number
	}
	today := data.Today(u.clock)
	bs, err := reports.Behaviours(ctx, u.store.DB(), today, id)
	if err != nil {
		return d, err
	}
	if len(bs) > 0 {
		d.behaviour = bs[0]
	}
	if d.paid, err = reports.PaidHistory(ctx, u.store.DB(), today, id); err != nil {
		return d, err
	}
	sort.Slice(d.paid, func(i, j int) bool { return d.paid[i].Issue.Before(d.paid[j].Issue) })
	d.plans, err = plans.Refresh(ctx, u.store, today, id)
	return d, err
}

// showClient loads a client off the UI goroutine and shows its detail.
func (u *ui) showClient(id int64) {
	u.async(func() {
		d, err := u.loadClient(context.Background(), id)
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.viewing = id
			u.setContent(u.clientView(d))
		})
	})
}

func (u *ui) money(n int64) string { return u.loc.Money(data.M(n, u.company.Currency)) }

func (u *ui) clientView(d clientDetail) fyne.CanvasObject {
	c := d.row.Client
	back := widget.NewButtonWithIcon(tr(u.screens[u.current].title), theme.NavigateBackIcon(), u.back)
	back.Importance = widget.LowImportance
	name := widget.NewLabelWithStyle(c.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel(strings.Join(nonEmpty(c.Code, c.TaxID, c.Industry, c.Segment), " · "))
	sub.Importance = widget.LowImportance
	sub.Truncation = fyne.TextTruncateEllipsis
	reach := container.NewHBox()
	for _, b := range u.contactButtons(c, d.row.Overdue) {
		reach.Add(b)
	}
	// One line: back, the name and what identifies it, the ways to reach
	// it; in a narrow window the name and then the rest are cut short.
	head := container.NewBorder(nil, nil, back, reach, container.New(nameRow{}, name, sub))

	overdue := widget.NewLabelWithStyle(u.money(d.row.Overdue), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if d.row.Overdue > 0 {
		overdue.Importance = widget.DangerImportance
	}
	limit := tr("None")
	if c.CreditLimit > 0 {
		limit = u.money(c.CreditLimit)
	}
	balance := container.NewVBox(widget.NewLabelWithStyle(u.money(d.net()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if d.onAccount > 0 { // what it owes is net of the money it holds on account
		balance.Add(quietNote(trf("%s owed, %s on account", u.money(d.row.Balance), u.money(d.onAccount))))
	}
	tiles := container.NewGridWithColumns(4,
		tile(tr("Balance"), balance),
		tile(tr("Overdue"), overdue),
		tile(tr("Open invoices"), widget.NewLabelWithStyle(u.loc.Int(int64(d.row.OpenInvoices)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		tile(tr("Credit limit"), widget.NewLabelWithStyle(limit, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
	)

	reload := func() { u.showClient(c.ID) }
	tabs := container.NewAppTabs(
		container.NewTabItem(tr("Invoices"), newInvoicesScreen(u, c.ID).content()),
		container.NewTabItem(tr("Payment history"), u.paymentHistory(d)),
		container.NewTabItem(trf("Payments (%d)", len(d.payments)+len(d.credits)+len(d.refunds)), u.paymentsList(d, reload)),
		container.NewTabItem(trf("Contact log (%d)", len(d.contacts)), u.contactsList(d)),
		container.NewTabItem(trf("Promises (%d)", len(d.promises)), u.promisesList(d, reload)),
		container.NewTabItem(trf("Disputes (%d)", len(d.disputes)), u.disputesList(d, reload)),
		container.NewTabItem(trf("Payment plans (%d)", len(d.plans)), u.plansList(c, d, reload)),
		container.NewTabItem(trf("Changes (%d)", len(d.audit)), u.auditList(d)),
	)
	tabs.SelectIndex(min(u.clientTab, len(tabs.Items)-1))
	tabs.OnSelected = func(*container.TabItem) { u.clientTab = tabs.SelectedIndex() }
	u.clientTabs = tabs

	edit := widget.NewButtonWithIcon(tr("Edit client…"), theme.DocumentCreateIcon(), func() { u.editClientDialog(c, reload) })
	logBtn := widget.NewButtonWithIcon(tr("Log contact…"), theme.ContentAddIcon(), func() { u.logContactDialog(c, c.PreferredChannel, reload) })
	promise := widget.NewButtonWithIcon(tr("Add promise…"), theme.ContentAddIcon(), func() { u.promiseDialog(c, d.row.Overdue, reload) })
	dispute := widget.NewButtonWithIcon(tr("Open dispute…"), theme.WarningIcon(), func() { u.disputeDialog(c, d.invoices, 0, reload) })
	pay := widget.NewButtonWithIcon(tr("Record payment…"), theme.ContentAddIcon(), func() { u.paymentDialog(c.ID, reload) })
	newInv := widget.NewButtonWithIcon(tr("New invoice…"), theme.DocumentIcon(), func() { u.invoiceDialog(data.Invoice{ClientID: c.ID}, reload) })
	pause := widget.NewButtonWithIcon(tr("Pause reminders…"), theme.MediaPauseIcon(), func() { u.pauseDialog(c, reload) })
	plan := widget.NewButtonWithIcon(tr("Payment plan…"), theme.ContentPasteIcon(), func() { u.planDialog(c, reload) })
	if d.row.Overdue == 0 {
		plan.Disable()
	}
	statement := widget.NewButtonWithIcon(tr("Statement"), theme.DocumentIcon(), func() { u.statement(c, data.Date{}) })
	letter := widget.NewButtonWithIcon(tr("Letter…"), theme.DocumentPrintIcon(), func() { u.letterDialog(c) })
	if d.row.Overdue == 0 {
		letter.Disable()
	}
	// The most used first; what does not fit the window goes under More.
	buttons := []*widget.Button{logBtn, promise, pay, plan, statement, newInv, dispute, letter, pause}
	if d.onAccount > 0 {
		buttons = append(buttons, widget.NewButtonWithIcon(tr("Refund…"), theme.MailReplyIcon(), func() { u.refundDialog(c, d.onAccount, reload) }))
	}
	actions := newButtonBar(append(buttons, edit)...)
	side := container.NewVScroll(container.NewVBox(u.behaviourCard(d), widget.NewSeparator(), u.creditCard(d), widget.NewSeparator(), u.contactCard(c)))
	split := newColumns(0.27, side, tabs)
	top := container.NewVBox(head, tiles)
	if net := d.net(); c.OverLimit(net) {
		text := trf("Over the credit limit: it owes %s and has %s in open orders, against a limit of %s. Hold new orders until it pays.",
			u.money(net), u.money(c.OpenOrders), u.money(c.CreditLimit))
		if c.OpenOrders == 0 {
			text = trf("Over the credit limit: it owes %s, against a limit of %s. Hold new orders until it pays.", u.money(net), u.money(c.CreditLimit))
		}
		warn := widget.NewLabelWithStyle("⚠ "+text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		warn.Importance = widget.DangerImportance
		warn.Wrapping = fyne.TextWrapWord
		top.Add(warn)
	}
	top.Add(actions)
	return container.NewBorder(top, nil, nil, nil, split)
}

// oldestOverdue is the client's open invoice longest past due.
func (u *ui) oldestOverdue(d clientDetail) (data.InvoiceRow, bool) {
	today := data.Today(u.clock)
	var oldest data.InvoiceRow
	for _, inv := range d.invoices {
		if inv.Balance > 0 && inv.Voided.IsZero() && inv.DueDate.Before(today) && (oldest.ID == 0 || inv.DueDate.Before(oldest.DueDate)) {
			oldest = inv
		}
	}
	return oldest, oldest.ID != 0
}

// behaviourCard is how the client pays: its class, risk and the reasons.
func (u *ui) behaviourCard(d clientDetail) fyne.CanvasObject {
	b := d.behaviour
	box := container.NewVBox(widget.NewLabelWithStyle(tr("Payment behaviour"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if b.Class == "" {
		return container.NewVBox(box, quiet(tr("No invoices yet.")))
	}
	class := widget.NewLabelWithStyle(className(b.Class), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	risk := widget.NewLabel(trf("Risk %d of 100", b.Risk))
	switch {
	case b.Risk >= 60:
		risk.Importance = widget.DangerImportance
	case b.Risk >= 30:
		risk.Importance = widget.WarningImportance
	default:
		risk.Importance = widget.SuccessImportance
	}
	box.Add(class)
	box.Add(risk)
	if b.Paid > 0 {
		box.Add(quiet(trf("Pays in %s days on average, %s days late; %d of %d invoices paid.",
			u.loc.Fixed(b.AvgDaysToPay, 0), u.loc.Fixed(b.AvgDaysLate, 0), b.Paid, b.Invoices)))
	}
	for _, r := range b.Reasons {
		l := widget.NewLabel("• " + tr(r))
		if args := b.ReasonArgs(r); len(args) > 0 {
			l.SetText("• " + trf(r, args...))
		}
		if inv, ok := u.oldestOverdue(d); r == reports.ReasonOldDebt && ok && inv.Disputed { // chased once the dispute is settled
			l.SetText("• " + trf("Its oldest overdue invoice, %s, is %d days past due and disputed.", inv.Number, data.Today(u.clock).DaysSince(inv.DueDate)))
		}
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	return box
}

// paymentHistory charts the days each paid invoice took against its terms.
func (u *ui) paymentHistory(d clientDetail) fyne.CanvasObject {
	ps := d.paid
	if len(ps) > 36 {
		ps = ps[len(ps)-36:]
	}
	if len(ps) == 0 {
		return container.NewPadded(quiet(tr("No invoice of this client has been paid in full yet.")))
	}
	labels := make([]string, len(ps))
	took, terms := make([]float64, len(ps)), make([]float64, len(ps))
	for i, p := range ps {
		labels[i] = u.loc.Date(p.Issue)
		took[i], terms[i] = float64(p.DaysToPay()), float64(p.Due.DaysSince(p.Issue))
	}
	c := newChart(labels, func(v float64) string { return u.loc.Fixed(v, 0) },
		series{name: tr("Days to pay"), kind: kindBars, values: took, color: primaryColor,
			each: func(i int) color.Color {
				if took[i] > terms[i] {
					return dangerColor()
				}
				return primaryColor()
			}},
		series{name: tr("Terms"), kind: kindLines, values: terms, color: accentColor})
	note := quiet(trf(i18n.Plural(len(ps), "The last invoice paid in full (%d); a red bar was paid after its due date.", "The last %d invoices paid in full, by issue date; red bars were paid after their due date."), len(ps)))
	return container.NewBorder(note, nil, nil, nil, c)
}

func tile(title string, value fyne.CanvasObject) fyne.CanvasObject {
	t := widget.NewLabel(title) // the caption in the text's colour: a quieter one fades on the tile
	t.SizeName = theme.SizeNameCaptionText
	t.Truncation = fyne.TextTruncateEllipsis
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	// A card's look with less of its padding: the figures leave the tabs room.
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(0, 0, pad(), pad()), container.NewVBox(t, value)))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// contactCard shows the client's contact data, flagging what is invalid.
func (u *ui) contactCard(c data.Client) fyne.CanvasObject {
	box := container.NewVBox()
	add := func(label, value string) {
		if value == "" {
			return
		}
		l := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		v := widget.NewLabel(value)
		v.Wrapping = fyne.TextWrapWord
		box.Add(l)
		box.Add(v)
	}
	if holds, err := u.store.ReminderHolds(context.Background()); err == nil {
		h := holds[c.ID]
		var warns []string
		if h.EmailRefused != "" {
			warns = append(warns, trf("The mail server refused %s: check the address.", h.EmailRefused))
		}
		if !h.PausedUntil.IsZero() && !data.Today(u.clock).After(h.PausedUntil) {
			warns = append(warns, trf("Reminders paused until %s.", u.loc.Date(h.PausedUntil)))
		}
		for _, w := range warns {
			l := widget.NewLabel(w)
			l.Importance = widget.WarningImportance
			l.Wrapping = fyne.TextWrapWord
			box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l))
		}
	}
	for _, w := range c.ContactWarnings() {
		l := widget.NewLabel(i18n.Error(lang, w))
		l.Importance = widget.WarningImportance
		l.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l))
	}
	add(tr("Email"), strings.Join(c.Emails, "\n"))
	add(tr("Phone"), strings.Join(c.Phones, "\n"))
	add(tr("Address"), strings.Join(nonEmpty(c.Address, c.City, c.Country), ", "))
	add(tr("Preferred channel"), channelText(c.PreferredChannel))
	add(tr("Language"), map[string]string{"es": tr("Spanish"), "en": tr("English")}[c.Language])
	terms := c.PaymentTermsDays
	if terms == 0 {
		terms = u.company.PaymentTermsDays
	}
	add(tr("Payment terms"), trf(i18n.Plural(terms, "%d day", "%d days"), terms))
	add(tr("Client since"), u.loc.Date(c.Created))
	add(tr("Notes"), c.Notes)
	if c.OptOut {
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, widget.NewLabel(tr("No automatic reminders"))))
	}
	return box
}

func channelText(ch data.Channel) string {
	return map[data.Channel]string{
		data.ChannelEmail: tr("Email"), data.ChannelCall: tr("Phone call"), data.ChannelWhatsApp: "WhatsApp",
		data.ChannelLetter: tr("Letter"), data.ChannelVisit: tr("Visit"),
	}[ch]
}

func outcomeText(o string) string {
	if t, ok := map[string]string{
		data.OutcomeSent: tr("sent"), data.OutcomeReached: tr("reached"), data.OutcomeNoAnswer: tr("no answer"),
		data.OutcomeLeftMessage: tr("left a message"), data.OutcomePromised: tr("promised to pay"), data.OutcomeRefused: tr("refused"),
		data.OutcomeDisputed: tr("disputed"), data.OutcomeBounced: tr("bounced"),
	}[o]; ok {
		return t
	}
	return o
}

// textList shows n lines of two texts: a main one and a quieter detail.
func textList(n int, line func(i int) (string, string)) fyne.CanvasObject {
	if n == 0 {
		l := widget.NewLabel(tr("Nothing yet."))
		l.Importance = widget.LowImportance
		return container.NewPadded(l)
	}
	return newTextList(n, fyne.TextStyle{}, line)
}

// newTextList is a list of n rows of two lines, the main one in style.
func newTextList(n int, style fyne.TextStyle, line func(i int) (string, string)) *widget.List {
	return widget.NewList(func() int { return n },
		func() fyne.CanvasObject {
			main := widget.NewLabelWithStyle("", fyne.TextAlignLeading, style)
			main.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewLabel("")
			detail.Importance = widget.LowImportance
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(main, detail)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			a, b := line(i)
			box.Objects[0].(*widget.Label).SetText(a)
			box.Objects[1].(*widget.Label).SetText(b)
		})
}

func (u *ui) invoiceNumbers(d clientDetail, as []data.Allocation) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, fmt.Sprintf("%s (%s)", d.numbers[a.InvoiceID], u.money(a.Amount)))
	}
	return strings.Join(parts, ", ")
}

// paymentsList shows payments, credit notes, refunds and reversals, newest
// first; a payment or credit note that stands can be reversed.
func (u *ui) paymentsList(d clientDetail, reload func()) fyne.CanvasObject {
	type row struct {
		date       data.Date
		main, more string
		buttons    []fyne.CanvasObject
	}
	reversed := func(day data.Date) string { return trf("reversed on %s", u.loc.Date(day)) }
	var es []row
	for _, p := range d.payments {
		main := trf("%s  ·  Payment of %s", u.loc.Date(p.Date), u.loc.Money(p.Amount))
		if p.Method != "" {
			main += "  ·  " + methodWord(p.Method)
		}
		if p.Reference != "" {
			main += "  ·  " + p.Reference
		}
		more := trf("Applied to %s", u.invoiceNumbers(d, p.Allocations))
		if len(p.Allocations) == 0 {
			more = tr("Not applied to any invoice")
		}
		var buttons []fyne.CanvasObject
		if !p.Reversed.IsZero() {
			more = reversed(p.Reversed)
		} else {
			if left := p.Unallocated(); left.Amount > 0 {
				more += "  ·  " + trf("%s on account", u.loc.Money(left))
			}
			ref := fmt.Sprintf("#%d", p.ID)
			what := strings.TrimSpace(main)
			buttons = append(buttons, widget.NewButton(tr("Reverse…"), func() { u.reverseDialog(what, ref, "", reload) }))
		}
		es = append(es, row{p.Date, main, more, buttons})
	}
	for _, n := range d.credits {
		main := trf("%s  ·  Credit note %s of %s", u.loc.Date(n.Date), n.Number, u.loc.Money(n.Amount))
		more := strings.Join(nonEmpty(n.Reason, trf("Applied to %s", u.invoiceNumbers(d, n.Allocations))), "  ·  ")
		var buttons []fyne.CanvasObject
		if !n.Reversed.IsZero() {
			more = reversed(n.Reversed)
		} else {
			number, note := n.Number, n
			if left := n.Unallocated().Amount; left > 0 {
				more += "  ·  " + trf("%s on account", u.money(left))
				buttons = append(buttons, widget.NewButton(tr("Apply…"), func() { u.applyCreditDialog(note, reload) }))
			}
			buttons = append(buttons, widget.NewButton(tr("Reverse…"), func() { u.reverseDialog(main, "", number, reload) }))
		}
		es = append(es, row{n.Date, main, more, buttons})
	}
	for _, f := range d.refunds {
		main := trf("%s  ·  Refund of %s", u.loc.Date(f.Date), u.loc.Money(f.Amount))
		if f.Kind == data.RefundReversal {
			main = trf("%s  ·  Reversal of %s (%s)", u.loc.Date(f.Date), u.loc.Money(f.Amount), f.Reference)
		}
		es = append(es, row{f.Date, main, strings.Join(nonEmpty(methodWord(f.Method), f.Reference, f.Notes), "  ·  "), nil})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].date.After(es[j].date) })
	return entryRows(len(es), func(i int) (string, string, []fyne.CanvasObject) { return es[i].main, es[i].more, es[i].buttons })
}

func (u *ui) contactsList(d clientDetail) fyne.CanvasObject {
	return textList(len(d.contacts), func(i int) (string, string) {
		e := d.contacts[i]
		dir := tr("to the client")
		if e.Direction == data.Inbound {
			dir = tr("from the client")
		}
		at := e.At.Local()
		main := fmt.Sprintf("%s %s  ·  %s %s  ·  %s", u.loc.Date(data.DateOf(at)), at.Format("15:04"), channelText(e.Channel), dir, outcomeText(e.Outcome))
		return main, strings.Join(nonEmpty(d.numbers[e.InvoiceID], e.Note), "  ·  ")
	})
}

// entryRows lists entries of a detail tab as a main line, a quieter line
// and, for some, buttons on the right; newest first as given.
func entryRows(n int, row func(i int) (main, detail string, buttons []fyne.CanvasObject)) fyne.CanvasObject {
	if n == 0 {
		return textList(0, nil)
	}
	box := container.NewVBox()
	for i := 0; i < n; i++ {
		main, detail, buttons := row(i)
		d := widget.NewLabel(detail)
		d.Importance = widget.LowImportance
		d.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), container.NewVBox(widget.NewLabel(main), d)))
	}
	return container.NewVScroll(box)
}

// promisesList shows promises to pay; open ones can be marked kept or broken.
func (u *ui) promisesList(d clientDetail, reload func()) fyne.CanvasObject {
	return entryRows(len(d.promises), func(i int) (string, string, []fyne.CanvasObject) {
		p := d.promises[i]
		status := map[data.PromiseStatus]string{data.PromiseOpen: tr("open"), data.PromiseKept: tr("kept"), data.PromiseBroken: tr("broken")}[p.Status]
		var buttons []fyne.CanvasObject
		if p.Status == data.PromiseOpen {
			mark := func(st data.PromiseStatus) func() {
				return func() {
					if err := u.store.Update(context.Background(), func(tx *sqlite.Tx) error { return tx.SetPromiseStatus(p.ID, st) }); err != nil {
						u.showError(err)
						return
					}
					u.changed()
					reload()
				}
			}
			buttons = []fyne.CanvasObject{widget.NewButton(tr("Kept"), mark(data.PromiseKept)), widget.NewButton(tr("Broken"), mark(data.PromiseBroken))}
		}
		return trf("%s by %s  ·  %s", u.loc.Money(p.Amount), u.loc.Date(p.PromisedDate), status),
			strings.Join(nonEmpty(trf("Promised on %s", u.loc.Date(p.Made)), d.numbers[p.InvoiceID], p.Note), "  ·  "), buttons
	})
}

func (u *ui) disputesList(d clientDetail, reload func()) fyne.CanvasObject {
	return entryRows(len(d.disputes), func(i int) (string, string, []fyne.CanvasObject) {
		x := d.disputes[i]
		state := tr("open")
		if !x.Open() {
			state = trf("resolved on %s", u.loc.Date(x.Resolved))
		}
		var buttons []fyne.CanvasObject
		if x.Open() {
			buttons = append(buttons, widget.NewButton(tr("Resolve…"), func() { u.resolveDialog(x, d.numbers[x.InvoiceID], reload) }))
		}
		return fmt.Sprintf("%s  ·  %s  ·  %s", d.numbers[x.InvoiceID], u.loc.Date(x.Opened), state),
			strings.Join(nonEmpty(x.Reason, x.Resolution), "  ·  "), buttons
	})
}

// classNames are the behaviour classes as the screens name them.
var classNames = map[reports.Class]string{
	reports.ClassEarly: i18n.N("Pays early"), reports.ClassOnTime: i18n.N("Pays on time"),
	reports.ClassInconsistent: i18n.N("Pays irregularly"), reports.ClassLate: i18n.N("Pays late"),
	reports.ClassNew: i18n.N("New: little history"),
}

func className(c reports.Class) string { return tr(classNames[c]) }

// pauseDialog pauses a client's reminders until a day (empty: resume).
func (u *ui) pauseDialog(c data.Client, onSaved func()) {
	until := u.newDateField(data.Date{}, nil)
	if holds, err := u.store.ReminderHolds(context.Background()); err == nil && !holds[c.ID].PausedUntil.IsZero() {
		until.SetText(u.loc.Date(holds[c.ID].PausedUntil))
	}
	items := []*widget.FormItem{formItem(tr("No reminders until"), until, tr("Empty to resume them."))}
	u.formDialog(trf("Pause reminders to %s", c.Name), tr("Save"), items, func(tx *sqlite.Tx) error {
		var day data.Date
		if strings.TrimSpace(until.Text) != "" {
			d, err := until.DateOr("Choose the day reminders start again.")
			if err != nil {
				return err
			}
			day = d
		}
		return tx.PauseReminders(c.ID, day)
	}, onSaved)
}
