package gui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cartera/data"
	"cartera/data/sqlite"
)

// invoiceDialog adds an invoice (inv.ID 0) or edits one. The due date
// follows the issue date and the client's terms until it is typed.
func (u *ui) invoiceDialog(inv data.Invoice, onSaved func()) {
	ctx := context.Background()
	today := data.Today(u.clock)
	isNew := inv.ID == 0
	if isNew {
		inv.IssueDate = today
		inv.Amount.Currency = u.company.Currency
	}
	var client data.Client
	if inv.ClientID != 0 {
		var err error
		if client, err = u.store.Client(ctx, inv.ClientID); err != nil {
			u.showError(err)
			return
		}
	}
	terms := func() int {
		if client.PaymentTermsDays > 0 {
			return client.PaymentTermsDays
		}
		return u.company.PaymentTermsDays
	}
	if isNew {
		inv.DueDate = inv.IssueDate.AddDays(terms())
	}
	code := entryWith(client.Code)
	code.SetPlaceHolder(tr("Client code"))
	number := entryWith(inv.Number)
	due := u.newDateField(inv.DueDate, nil)
	dueTyped := !isNew
	due.OnChanged = func(string) { dueTyped = true }
	issue := u.newDateField(inv.IssueDate, func(d data.Date) {
		if !dueTyped {
			due.SetText(u.loc.Date(d.AddDays(terms())))
			dueTyped = false
		}
	})
	amount := u.moneyEntry(inv.Amount.Amount)
	product, reference, notes := entryWith(inv.Product), entryWith(inv.Reference), entryWith(inv.Notes)
	disputed := widget.NewCheck(tr("Disputed by the client"), nil)
	disputed.SetChecked(inv.Disputed)
	if inv.Disputed {
		disputed.Disable() // resolved from the client's disputes
	}
	var clientItem *widget.FormItem
	if inv.ClientID != 0 {
		clientItem = widget.NewFormItem(tr("Client"), widget.NewLabel(client.Name))
	} else {
		clientItem = formItem(tr("Client"), code, tr("The client's code, as in the clients list."))
	}
	items := []*widget.FormItem{clientItem,
		widget.NewFormItem(tr("Number"), number),
		widget.NewFormItem(tr("Issued"), issue), widget.NewFormItem(tr("Due"), due),
		formItem(tr("Amount"), amount, trf("In %s.", u.company.Currency)),
		widget.NewFormItem(tr("Product"), product), widget.NewFormItem(tr("Reference"), reference),
		widget.NewFormItem(tr("Notes"), notes), widget.NewFormItem("", disputed)}
	title := tr("New invoice")
	if !isNew {
		title = trf("Invoice %s", inv.Number)
	}
	u.formDialog(title, tr("Save"), items, func(tx *sqlite.Tx) error {
		n := inv
		if n.ClientID == 0 {
			c, err := u.store.ClientByCode(tx.Context(), strings.TrimSpace(code.Text))
			if err != nil {
				return data.Errorf(data.EINVALID, "There is no client with the code %q.", strings.TrimSpace(code.Text))
			}
			n.ClientID = c.ID
		}
		var err error
		n.Number = number.Text
		if n.IssueDate, err = issue.Date(); err != nil {
			return data.Errorf(data.EINVALID, "Choose the day the invoice was issued.")
		}
		if n.DueDate, err = due.Date(); err != nil {
			return data.Errorf(data.EINVALID, "Choose the day the invoice is due.")
		}
		if n.Amount.Amount, err = u.parseMoney(amount.Text); err != nil {
			return data.Errorf(data.EINVALID, "The amount is not valid.")
		}
		n.Product, n.Reference, n.Notes = strings.TrimSpace(product.Text), strings.TrimSpace(reference.Text), strings.TrimSpace(notes.Text)
		if isNew {
			err = tx.CreateInvoice(&n)
		} else {
			err = tx.UpdateInvoice(&n)
		}
		if err != nil || !disputed.Checked || inv.Disputed {
			return err
		}
		return tx.OpenDispute(&data.Dispute{InvoiceID: n.ID, Opened: data.Today(u.clock), Reason: n.Notes})
	}, onSaved)
}

// pickClient asks which client, by code or name, then calls next.
func (u *ui) pickClient(title string, next func(id int64)) {
	e := widget.NewEntry()
	e.SetPlaceHolder(tr("Code or name"))
	dialog.ShowForm(title, tr("Next"), tr("Cancel"), []*widget.FormItem{widget.NewFormItem(tr("Client"), e)}, func(ok bool) {
		if !ok {
			return
		}
		rows, err := u.store.ListClients(context.Background(), data.ClientQuery{Search: strings.TrimSpace(e.Text), Limit: 2})
		if err == nil && len(rows) == 2 {
			if c, err2 := u.store.ClientByCode(context.Background(), strings.TrimSpace(e.Text)); err2 == nil {
				rows = []data.ClientRow{{Client: c}}
			}
		}
		switch {
		case err != nil:
			u.showError(err)
		case len(rows) != 1:
			u.showError(data.Errorf(data.EINVALID, "No single client matches %q; type its code.", e.Text))
		default:
			next(rows[0].ID)
		}
	}, u.win)
}

// allocation is one open invoice of a payment dialog and what it gets.
type allocation struct {
	inv    data.InvoiceRow
	amount *widget.Entry
}

// paymentDialog records a payment (or a credit note) from a client and
// applies it across the client's open invoices, oldest due first unless
// the amounts are typed; what is left stays on account.
func (u *ui) paymentDialog(clientID int64, onSaved func()) {
	if clientID == 0 {
		u.pickClient(tr("Record a payment"), func(id int64) { u.paymentDialog(id, onSaved) })
		return
	}
	ctx := context.Background()
	c, err := u.store.Client(ctx, clientID)
	if err != nil {
		u.showError(err)
		return
	}
	open, err := u.store.ListInvoices(ctx, data.InvoiceQuery{ClientID: clientID, Filter: data.FilterOpen, Sort: data.SortInvoiceDue})
	if err != nil {
		u.showError(err)
		return
	}
	date := u.newDateField(data.Today(u.clock), nil)
	amount := u.moneyEntry(0)
	method := widget.NewSelectEntry([]string{tr("Transfer"), tr("Card"), tr("Cash"), tr("Cheque"), tr("Direct debit")})
	reference := widget.NewEntry()
	credit := widget.NewCheck(tr("It is a credit note, not a payment"), nil)
	creditNo := widget.NewEntry()
	creditNo.SetPlaceHolder(tr("Credit note number"))
	creditNo.Disable()
	credit.OnChanged = func(on bool) {
		if on {
			creditNo.Enable()
		} else {
			creditNo.Disable()
		}
	}
	left := widget.NewLabel("")
	allocs := make([]allocation, len(open))
	typed := false
	update := func() {
		total, _ := u.parseMoney(amount.Text)
		var used int64
		for _, a := range allocs {
			n, _ := u.parseMoney(a.amount.Text)
			used += n
		}
		switch {
		case used > total:
			left.SetText(trf("The invoices get %s more than the payment.", u.money(used-total)))
			left.Importance = widget.DangerImportance
		case total > used:
			left.SetText(trf("%s stays on account.", u.money(total-used)))
			left.Importance = widget.WarningImportance
		default:
			left.SetText(tr("All of it is applied to invoices."))
			left.Importance = widget.SuccessImportance
		}
		left.Refresh()
	}
	fill := func() { // oldest due first
		rest, _ := u.parseMoney(amount.Text)
		for _, a := range allocs {
			n := min(rest, a.inv.Balance)
			rest -= n
			a.amount.OnChanged = nil
			a.amount.SetText("")
			if n > 0 {
				a.amount.SetText(u.loc.Number(data.M(n, u.company.Currency)))
			}
			a.amount.OnChanged = func(string) { typed = true; update() }
		}
		update()
	}
	rows := container.NewVBox()
	for i, inv := range open {
		allocs[i] = allocation{inv: inv, amount: u.moneyEntry(0)}
		allocs[i].amount.OnChanged = func(string) { typed = true; update() }
		label := widget.NewLabel(trf("%s · due %s · %s left", inv.Number, u.loc.Date(inv.DueDate), u.money(inv.Balance)))
		rows.Add(container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(140, amount.MinSize().Height), allocs[i].amount), label))
	}
	amount.OnChanged = func(string) {
		if !typed {
			fill()
		}
		update()
	}
	oldest := widget.NewButton(tr("Apply oldest first"), func() { typed = false; fill() })
	var invoicesBox fyne.CanvasObject = quiet(tr("This client has no open invoices: the payment stays on account."))
	if len(open) > 0 {
		scroll := container.NewVScroll(rows)
		scroll.SetMinSize(fyne.NewSize(480, min(float32(len(open)), 5)*amount.MinSize().Height*1.25))
		invoicesBox = container.NewBorder(nil, container.NewBorder(nil, nil, nil, oldest, left), nil, nil, scroll)
	}
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Client"), widget.NewLabel(c.Name)),
		widget.NewFormItem(tr("Date"), date),
		formItem(tr("Amount"), amount, trf("In %s.", u.company.Currency)),
		widget.NewFormItem(tr("Method"), method), widget.NewFormItem(tr("Reference"), reference),
		widget.NewFormItem("", credit), widget.NewFormItem("", creditNo),
		widget.NewFormItem(tr("Applied to"), invoicesBox),
	}
	u.paying = allocs
	d, _ := u.formDialog(tr("Record a payment"), tr("Save"), items, func(tx *sqlite.Tx) error {
		day, err := date.Date()
		if err != nil {
			return data.Errorf(data.EINVALID, "Choose the day of the payment.")
		}
		total, err := u.parseMoney(amount.Text)
		if err != nil {
			return data.Errorf(data.EINVALID, "The amount is not valid.")
		}
		var as []data.Allocation
		for _, a := range allocs {
			if strings.TrimSpace(a.amount.Text) == "" {
				continue
			}
			n, err := u.parseMoney(a.amount.Text)
			if err != nil {
				return data.Errorf(data.EINVALID, "The amount for invoice %s is not valid.", a.inv.Number)
			}
			if n > 0 {
				as = append(as, data.Allocation{InvoiceID: a.inv.ID, Amount: n})
			}
		}
		m := data.M(total, u.company.Currency)
		if credit.Checked {
			return tx.CreateCreditNote(&data.CreditNote{Number: creditNo.Text, ClientID: c.ID, Date: day, Amount: m, Reason: reference.Text, Allocations: as})
		}
		return tx.RecordPayment(&data.Payment{ClientID: c.ID, Date: day, Amount: m, Method: strings.TrimSpace(method.Text),
			Reference: strings.TrimSpace(reference.Text), Allocations: as})
	}, onSaved)
	d.Resize(fyne.NewSize(680, 640))
	update()
}
