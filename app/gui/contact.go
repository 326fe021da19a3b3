package gui

import (
	"context"
	"net/url"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
)

// formDialog shows a form; Save runs save and, when it fails, says why and
// keeps the dialog open with what was typed. onSaved runs after a save.
func (u *ui) formDialog(title, confirm string, items []*widget.FormItem, save func(*sqlite.Tx) error, onSaved func()) (*dialog.ConfirmDialog, *widget.Form) {
	return u.confirmForm(title, confirm, items, func(ctx context.Context) error { return u.store.Update(ctx, save) }, onSaved)
}

// confirmForm shows a form in a dialog and runs act when confirmed; a
// refusal shows why and keeps the dialog with what was typed. Long forms
// scroll inside a dialog that fits the window.
func (u *ui) confirmForm(title, confirm string, items []*widget.FormItem, act func(context.Context) error, onSaved func()) (*dialog.ConfirmDialog, *widget.Form) {
	form := widget.NewForm(items...)
	var content fyne.CanvasObject = form
	if avail := u.win.Canvas().Size().Height - 160; form.MinSize().Height > avail {
		scroll := container.NewVScroll(form)
		scroll.SetMinSize(fyne.NewSize(max(480, form.MinSize().Width), max(avail, 200)))
		content = scroll
	}
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(title, confirm, tr("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		if err := form.Validate(); err != nil { // a field's own sentence, already translated
			u.showDialog(d, nil)
			u.errorDialog(err.Error())
			return
		}
		if err := act(context.Background()); err != nil {
			u.showDialog(d, nil)
			u.showError(err)
			return
		}
		u.changed()
		if onSaved != nil {
			onSaved()
		}
	}, u.win)
	submitOnEnter(items, d.Confirm)
	d.Resize(fyne.NewSize(max(520, content.MinSize().Width+40), d.MinSize().Height))
	u.showDialog(d, firstField(items))
	return d, form
}

var (
	channelOrder = data.Channels
	outcomeOrder = []string{data.OutcomeReached, data.OutcomePromised, data.OutcomeNoAnswer, data.OutcomeLeftMessage,
		data.OutcomeSent, data.OutcomeRefused, data.OutcomeDisputed, data.OutcomeBounced}
)

func channelLabels() []string {
	out := make([]string, len(channelOrder))
	for i, c := range channelOrder {
		out[i] = channelText(c)
	}
	return out
}

// logContactDialog records a call, email, WhatsApp, letter or visit with
// its outcome; "promised to pay" also records the promise.
func (u *ui) logContactDialog(c data.Client, ch data.Channel, onSaved func()) {
	today := data.Today(u.clock)
	channel := widget.NewSelect(channelLabels(), nil)
	channel.SetSelectedIndex(max(0, indexOf(channelOrder, ch)))
	direction := widget.NewRadioGroup([]string{tr("to the client"), tr("from the client")}, nil)
	direction.Horizontal = true
	direction.SetSelected(tr("to the client"))
	outcomes := make([]string, len(outcomeOrder))
	for i, o := range outcomeOrder {
		outcomes[i] = outcomeText(o)
	}
	var overdue int64 // a promise is most often for what is overdue, as in Add promise
	if rows, err := u.store.ListClients(context.Background(), data.ClientQuery{ID: c.ID, AsOf: today}); err == nil && len(rows) == 1 {
		overdue = rows[0].Overdue
	}
	amount := u.moneyEntry(overdue)
	promised := u.newDateField(today.AddDays(7), nil)
	promiseBox := widget.NewForm(widget.NewFormItem(tr("Amount promised"), amount), widget.NewFormItem(tr("Promised for"), promised))
	promiseBox.Hide()
	var dlg *dialog.ConfirmDialog
	outcome := widget.NewSelect(outcomes, func(s string) {
		promiseBox.Hidden = s != outcomeText(data.OutcomePromised)
		promiseBox.Refresh()
		if dlg != nil {
			dlg.Resize(fyne.NewSize(dlg.MinSize().Width+40, dlg.MinSize().Height))
		}
	})
	outcome.SetSelectedIndex(0)
	note := newMultiLineEntry()
	note.SetPlaceHolder(tr("What was said, who you spoke to…"))
	note.SetMinRowsVisible(3)
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Client"), widget.NewLabel(c.Name)),
		widget.NewFormItem(tr("Channel"), channel),
		widget.NewFormItem(tr("Direction"), direction),
		widget.NewFormItem(tr("Outcome"), container.NewVBox(outcome, promiseBox)), // the promise shows when promised
		widget.NewFormItem(tr("Note"), note),
	}
	dlg, _ = u.formDialog(tr("Log a contact"), tr("Save"), items, func(tx *sqlite.Tx) error {
		e := data.ContactEntry{ClientID: c.ID, At: u.clock.Now(), Channel: channelOrder[max(0, channel.SelectedIndex())],
			Direction: data.Outbound, Outcome: outcomeOrder[max(0, outcome.SelectedIndex())], Note: strings.TrimSpace(note.Text)}
		if direction.Selected == tr("from the client") {
			e.Direction = data.Inbound
		}
		if err := tx.AddContact(&e); err != nil {
			return err
		}
		if e.Outcome != data.OutcomePromised {
			return nil
		}
		p, err := u.promiseFrom(c, amount, promised, e.Note)
		if err != nil {
			return err
		}
		return tx.AddPromise(&p)
	}, onSaved)
}

func indexOf[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// promiseFrom reads a promise to pay from its fields.
func (u *ui) promiseFrom(c data.Client, amount *entry, day *dateField, note string) (data.Promise, error) {
	n, err := u.parseMoney(amount.Text)
	if err != nil {
		return data.Promise{}, data.Errorf(data.EINVALID, "The amount promised is not valid.")
	}
	d, err := day.DateOr("Choose the day the payment was promised for.")
	if err != nil {
		return data.Promise{}, err
	}
	return data.Promise{ClientID: c.ID, Made: data.Today(u.clock), PromisedDate: d, Amount: data.M(n, u.company.Currency), Note: note}, nil
}

// promiseDialog records a promise to pay.
func (u *ui) promiseDialog(c data.Client, suggested int64, onSaved func()) {
	amount := u.moneyEntry(suggested)
	day := u.newDateField(data.Today(u.clock).AddDays(7), nil)
	note := newEntry()
	note.SetPlaceHolder(tr("Who promised, how they will pay…"))
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Client"), widget.NewLabel(c.Name)),
		widget.NewFormItem(tr("Amount promised"), amount),
		widget.NewFormItem(tr("Promised for"), day),
		widget.NewFormItem(tr("Note"), note),
	}
	u.formDialog(tr("Add a promise to pay"), tr("Save"), items, func(tx *sqlite.Tx) error {
		p, err := u.promiseFrom(c, amount, day, strings.TrimSpace(note.Text))
		if err != nil {
			return err
		}
		if err := tx.AddPromise(&p); err != nil {
			return err
		}
		return tx.AddContact(&data.ContactEntry{ClientID: c.ID, At: u.clock.Now(), Channel: data.ChannelCall, Direction: data.Inbound,
			Outcome: data.OutcomePromised, Note: trf("Promised %s for %s.", u.loc.Money(p.Amount), u.loc.Date(p.PromisedDate))})
	}, onSaved)
}

// disputeDialog opens a dispute on one of the client's open invoices.
func (u *ui) disputeDialog(c data.Client, invoices []data.InvoiceRow, preselect int64, onSaved func()) {
	var labels []string
	var ids []int64
	for _, inv := range invoices {
		if inv.Balance > 0 && !inv.Disputed {
			labels = append(labels, trf("%s · %s due %s", inv.Number, u.loc.Money(data.M(inv.Balance, inv.Amount.Currency)), u.loc.Date(inv.DueDate)))
			ids = append(ids, inv.ID)
		}
	}
	if len(ids) == 0 {
		dialog.ShowInformation(tr("Open a dispute"), tr("This client has no open invoice without a dispute."), u.win)
		return
	}
	pick := widget.NewSelect(labels, nil)
	pick.SetSelectedIndex(max(0, indexOf(ids, preselect)))
	reason := newMultiLineEntry()
	reason.SetPlaceHolder(tr("What the client disagrees with"))
	reason.SetMinRowsVisible(3)
	items := []*widget.FormItem{widget.NewFormItem(tr("Invoice"), pick), widget.NewFormItem(tr("Reason"), reason)}
	u.formDialog(tr("Open a dispute"), tr("Open dispute"), items, func(tx *sqlite.Tx) error {
		return tx.OpenDispute(&data.Dispute{InvoiceID: ids[max(0, pick.SelectedIndex())], Opened: data.Today(u.clock), Reason: strings.TrimSpace(reason.Text)})
	}, onSaved)
}

// resolveDialog closes a dispute with how it was settled.
func (u *ui) resolveDialog(x data.Dispute, number string, onSaved func()) {
	day := u.newDateField(data.Today(u.clock), nil)
	how := newMultiLineEntry()
	how.SetPlaceHolder(tr("How it was settled: credit note, explanation accepted…"))
	how.SetMinRowsVisible(3)
	items := []*widget.FormItem{widget.NewFormItem(tr("Invoice"), widget.NewLabel(number)),
		widget.NewFormItem(tr("Resolved on"), day), widget.NewFormItem(tr("Resolution"), how)}
	u.formDialog(tr("Resolve the dispute"), tr("Resolve"), items, func(tx *sqlite.Tx) error {
		d, err := day.DateOr("Choose the day the dispute was resolved.")
		if err != nil {
			return err
		}
		return tx.ResolveDispute(x.ID, d, strings.TrimSpace(how.Text))
	}, onSaved)
}

// editClientDialog edits a client's contact and terms, warning about
// addresses and numbers that look wrong without refusing them.
func (u *ui) editClientDialog(c data.Client, onSaved func()) {
	code, name, tax := entryWith(c.Code), entryWith(c.Name), entryWith(c.TaxID)
	emails, phones := multiEntry(c.Emails), multiEntry(c.Phones)
	address, city, country := entryWith(c.Address), entryWith(c.City), entryWith(c.Country)
	industry, segment := entryWith(c.Industry), entryWith(c.Segment)
	channel := widget.NewSelect(channelLabels(), nil)
	channel.SetSelectedIndex(max(0, indexOf(channelOrder, c.PreferredChannel)))
	language := widget.NewSelect([]string{tr("Spanish"), tr("English")}, nil)
	language.SetSelectedIndex(map[string]int{"es": 0, "en": 1}[c.Language])
	limit := u.moneyEntry(c.CreditLimit)
	orders := u.moneyEntry(c.OpenOrders)
	capacity := widget.NewSelect(capacityLabels(), nil)
	capacity.SetSelectedIndex(c.CapacityScore)
	capacityNote := entryWith(c.CapacityNote)
	capacityNote.SetPlaceHolder(tr("Why: cash-flow trouble until March, new investor…"))
	terms := intEntry(c.PaymentTermsDays, tr("Payment terms"))
	instalments := entryWith(c.Terms)
	instalments.SetPlaceHolder("30/60/90")
	notes := newMultiLineEntry()
	notes.SetText(c.Notes)
	optOut := widget.NewCheck(tr("Never send automatic reminders"), nil)
	optOut.SetChecked(c.OptOut)

	emailItem, phoneItem := widget.NewFormItem(tr("Emails"), emails), widget.NewFormItem(tr("Phones"), phones) // hints set by warn
	var form *widget.Form                                                                                      // set once the dialog is made
	warn := func() {
		emailItem.HintText, phoneItem.HintText = tr("One per line."), tr("One per line, with the country code: +34 600 000 000.")
		for _, e := range lines(emails.Text) {
			if !data.ValidEmail(e) {
				emailItem.HintText = "⚠ " + trf("The email address %s is not valid.", e)
			}
		}
		for _, p := range lines(phones.Text) {
			if !data.ValidPhone(p) {
				phoneItem.HintText = "⚠ " + trf("The phone number %s is not valid.", p)
			}
		}
		if form != nil {
			form.Refresh()
		}
	}
	emails.OnChanged = func(string) { warn() }
	phones.OnChanged = func(string) { warn() }
	warn()
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Code"), code), widget.NewFormItem(tr("Name"), name), widget.NewFormItem(tr("Tax ID"), tax),
		emailItem, phoneItem,
		widget.NewFormItem(tr("Address"), address), widget.NewFormItem(tr("City"), city),
		formItem(tr("Country"), country, tr("Two letters: ES, MX, US…")),
		widget.NewFormItem(tr("Industry"), industry), widget.NewFormItem(tr("Segment"), segment),
		widget.NewFormItem(tr("Preferred channel"), channel), formItem(tr("Language"), language, tr("Of emails and statements.")),
		formItem(tr("Credit limit"), limit, tr("Empty for none.")),
		formItem(tr("Open orders"), orders, tr("Orders taken but not invoiced yet: they count against the limit.")),
		formItem(tr("Capacity to pay"), capacity, tr("Your view; the worklist offers a plan to clients who can pay little.")),
		widget.NewFormItem(tr("About the capacity"), capacityNote),
		formItem(tr("Payment terms"), terms, tr("Days; 0 for the company's default.")),
		formItem(tr("Instalment terms"), instalments, tr("Such as 30/60/90: new invoices fall due in equal parts that many days after they are issued. Empty: at once.")),
		widget.NewFormItem(tr("Notes"), notes), widget.NewFormItem("", optOut),
	}
	d, f := u.formDialog(trf("Edit %s", c.Name), tr("Save"), items, func(tx *sqlite.Tx) error {
		n := c
		n.Code, n.Name, n.TaxID = code.Text, name.Text, strings.TrimSpace(tax.Text)
		n.Emails, n.Phones = lines(emails.Text), lines(phones.Text)
		n.Address, n.City, n.Country = strings.TrimSpace(address.Text), strings.TrimSpace(city.Text), strings.ToUpper(strings.TrimSpace(country.Text))
		n.Industry, n.Segment = strings.TrimSpace(industry.Text), strings.TrimSpace(segment.Text)
		n.PreferredChannel = channelOrder[max(0, channel.SelectedIndex())]
		n.Language = []string{"es", "en"}[max(0, language.SelectedIndex())]
		n.CreditLimit = 0
		if strings.TrimSpace(limit.Text) != "" {
			v, err := u.parseMoney(limit.Text)
			if err != nil {
				return data.Errorf(data.EINVALID, "The credit limit is not a valid amount.")
			}
			n.CreditLimit = v
		}
		n.OpenOrders = 0
		if strings.TrimSpace(orders.Text) != "" {
			v, err := u.parseMoney(orders.Text)
			if err != nil || v < 0 {
				return data.Errorf(data.EINVALID, "The open orders are not a valid amount.")
			}
			n.OpenOrders = v
		}
		n.CapacityScore, n.CapacityNote = max(0, capacity.SelectedIndex()), strings.TrimSpace(capacityNote.Text)
		n.PaymentTermsDays, n.Notes, n.OptOut = atoi(terms.Text), strings.TrimSpace(notes.Text), optOut.Checked
		n.Terms = instalments.Text
		return tx.UpdateClient(&n)
	}, onSaved)
	d.Resize(fyne.NewSize(640, d.MinSize().Height))
	form = f
}

// capacityLabels name the capacity-to-pay scores, 0 (not assessed) to 5.
func capacityLabels() []string {
	return []string{tr("Not assessed"), tr("1 — cannot pay now"), tr("2 — can pay little"), tr("3 — can pay with time"),
		tr("4 — can pay"), tr("5 — pays easily")}
}

func entryWith(s string) *entry {
	e := newEntry()
	e.SetText(s)
	return e
}

func multiEntry(ss []string) *entry {
	e := newMultiLineEntry()
	e.SetText(strings.Join(ss, "\n"))
	e.SetMinRowsVisible(2)
	return e
}

// lines are the non-empty trimmed lines of s.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// contactButtons are Email, Call and WhatsApp for a client: they open the
// mail program, the phone app and WhatsApp with a message ready to send.
func (u *ui) contactButtons(c data.Client, overdue int64) []*widget.Button {
	cl := c.Language
	if cl == "" {
		cl = lang
	}
	msg := i18n.T(cl, "Hello, this is %s. Our records show %s overdue on your account. Could you tell us when we can expect the payment? Thank you.",
		u.company.Name, u.loc.Money(data.M(overdue, u.company.Currency)))
	email := widget.NewButtonWithIcon(tr("Email"), theme.MailComposeIcon(), func() {
		subject := i18n.T(cl, "Your account with %s", u.company.Name)
		u.openURL("mailto:" + firstValid(c.Emails, data.ValidEmail) + "?subject=" + escape(subject) + "&body=" + escape(msg))
	})
	phone := firstValid(c.Phones, data.ValidPhone)
	call := widget.NewButtonWithIcon(tr("Call"), theme.MediaPlayIcon(), func() { u.openURL("tel:" + dialable(phone)) })
	wa := widget.NewButtonWithIcon("WhatsApp", theme.MailSendIcon(), func() {
		u.openURL("https://wa.me/" + strings.TrimPrefix(dialable(phone), "+") + "?text=" + escape(msg))
	})
	if firstValid(c.Emails, data.ValidEmail) == "" {
		email.Disable()
	}
	if phone == "" {
		call.Disable()
		wa.Disable()
	}
	return []*widget.Button{email, call, wa}
}

func firstValid(ss []string, ok func(string) bool) string {
	for _, s := range ss {
		if ok(s) {
			return s
		}
	}
	return ""
}

// dialable keeps a leading + and the digits: "+34 600-12 34" → "+346001234".
func dialable(p string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(p) {
		if unicode.IsDigit(r) || (i == 0 && r == '+') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escape encodes text for a mailto or wa.me link (spaces as %20).
func escape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// openURL opens a link with the system's handler.
func (u *ui) openURL(link string) {
	p, err := url.Parse(link)
	if err == nil {
		u.lastURL = link
		err = u.app.OpenURL(p)
	}
	if err != nil {
		u.showError(data.Errorf(data.EINTERNAL, "Could not open %s.", link))
	}
}
