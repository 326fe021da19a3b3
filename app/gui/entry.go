package gui

import (
	"cartera/app/ledger"
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
	var picker *clientPicker
	if inv.ClientID != 0 {
		clientItem = widget.NewFormItem(tr("Client"), widget.NewLabel(client.Name))
	} else {
		picker = u.newClientPicker(func(c data.Client) {
			client = c // its terms set the due date, until one is typed
			if !dueTyped {
				if d, err := issue.Date(); err == nil {
					due.SetText(u.loc.Date(d.AddDays(terms())))
					dueTyped = false
				}
			}
		})
		clientItem = widget.NewFormItem(tr("Client"), picker.view())
	}
	items := []*widget.FormItem{clientItem,
		widget.NewFormItem(tr("Number"), number),
		widget.NewFormItem(tr("Issued"), issue), widget.NewFormItem(tr("Due"), due),
		formItem(tr("Amount"), amount, trf("In %s.", u.company.Currency)),
		widget.NewFormItem(tr("Product"), product), widget.NewFormItem(tr("Reference"), reference),
		widget.NewFormItem(tr("Notes"), notes), widget.NewFormItem("", disputed)}
	title := tr("New invoice")
	reason := newEntry()
	if !isNew {
		title = trf("Invoice %s", inv.Number)
		items = append(items, formItem(tr("Reason for the change"), reason, tr("Needed to change the number, dates or amount: it goes to the audit log.")))
	}
	u.formDialog(title, tr("Save"), items, func(tx *sqlite.Tx) error {
		n := inv
		owner := client
		if n.ClientID == 0 {
			c, err := picker.Client()
			if err != nil {
				return err
			}
			n.ClientID, owner = c.ID, c
		}
		var err error
		n.Number = number.Text
		if n.IssueDate, err = issue.DateOr("Choose the day the invoice was issued."); err != nil {
			return err
		}
		if n.DueDate, err = due.DateOr("Choose the day the invoice is due."); err != nil {
			return err
		}
		if n.Amount.Amount, err = u.parseMoney(amount.Text); err != nil {
			return data.Errorf(data.EINVALID, "The amount is not valid.")
		}
		n.Product, n.Reference, n.Notes = strings.TrimSpace(product.Text), strings.TrimSpace(reference.Text), strings.TrimSpace(notes.Text)
		if days, _ := data.ParseTerms(owner.Terms); isNew && !dueTyped && len(days) > 1 {
			n.Schedule = data.ScheduleFor(n.Amount.Amount, n.IssueDate, days) // the client's instalment terms
		}
		if isNew {
			err = tx.CreateInvoice(&n)
		} else {
			err = ledger.EditInvoice(tx, inv, &n, reason.Text, u.user)
		}
		if err != nil || !disputed.Checked || inv.Disputed {
			return err
		}
		return tx.OpenDispute(&data.Dispute{InvoiceID: n.ID, Opened: data.Today(u.clock), Reason: n.Notes})
	}, onSaved)
}

// allocation is one open invoice of a payment dialog and what it gets.
type allocation struct {
	inv    data.InvoiceRow
	amount *entry
}

// allocator spreads an amount over a client's open invoices, oldest due
// first, until the user types amounts; it says what is left on account.
type allocator struct {
	u      *ui
	total  func() int64
	allocs []allocation
	left   *widget.Label
	typed  bool
}

func (u *ui) newAllocator(open []data.InvoiceRow, total func() int64) *allocator {
	a := &allocator{u: u, total: total, allocs: make([]allocation, len(open)), left: widget.NewLabel("")}
	for i, inv := range open {
		a.allocs[i] = allocation{inv: inv, amount: u.moneyEntry(0)}
		a.allocs[i].amount.OnChanged = func(string) { a.typed = true; a.update() }
	}
	u.paying = a.allocs
	return a
}

// update says whether the amounts add up.
func (a *allocator) update() {
	u, total := a.u, a.total()
	var used int64
	for _, x := range a.allocs {
		n, _ := u.parseMoney(x.amount.Text)
		used += n
	}
	switch {
	case total == 0 && used == 0:
		a.left.SetText("")
	case used > total:
		a.left.SetText(trf("The invoices get %s more than the payment.", u.money(used-total)))
		a.left.Importance = widget.DangerImportance
	case total > used:
		a.left.SetText(trf("%s stays on account.", u.money(total-used)))
		a.left.Importance = widget.WarningImportance
	default:
		a.left.SetText(tr("All of it is applied to invoices."))
		a.left.Importance = widget.SuccessImportance
	}
	a.left.Refresh()
}

// changed follows a new total: spread again unless amounts were typed.
func (a *allocator) changed() {
	if !a.typed {
		a.fill()
	}
	a.update()
}

// fill applies the total to the oldest due invoices first.
func (a *allocator) fill() {
	u := a.u
	rest := a.total()
	for _, x := range a.allocs {
		n := min(rest, x.inv.Balance)
		rest -= n
		onChanged := x.amount.OnChanged
		x.amount.OnChanged = nil
		x.amount.SetText("")
		if n > 0 {
			x.amount.SetText(u.loc.Number(data.M(n, u.company.Currency)))
		}
		x.amount.OnChanged = onChanged
	}
	a.update()
}

// view lists the invoices with their amounts, or says there are none.
func (a *allocator) view() fyne.CanvasObject {
	u := a.u
	if len(a.allocs) == 0 {
		return quiet(tr("This client has no open invoices: the payment stays on account."))
	}
	rows := container.NewVBox()
	h := newEntry().MinSize().Height
	for _, x := range a.allocs {
		label := widget.NewLabel(trf("%s · due %s · %s left", x.inv.Number, u.loc.Date(x.inv.DueDate), u.money(x.inv.Balance)))
		rows.Add(container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(140, h), x.amount), label))
	}
	oldest := widget.NewButton(tr("Apply oldest first"), func() { a.typed = false; a.fill() })
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(480, min(float32(len(a.allocs)), 5)*h*1.25))
	return container.NewBorder(nil, container.NewBorder(nil, nil, nil, oldest, a.left), nil, nil, scroll)
}

// allocations are the amounts typed, checked.
func (a *allocator) allocations() ([]data.Allocation, error) {
	var as []data.Allocation
	for _, x := range a.allocs {
		if strings.TrimSpace(x.amount.Text) == "" {
			continue
		}
		n, err := a.u.parseMoney(x.amount.Text)
		if err != nil {
			return nil, data.Errorf(data.EINVALID, "The amount for invoice %s is not valid.", x.inv.Number)
		}
		if n > 0 {
			as = append(as, data.Allocation{InvoiceID: x.inv.ID, Amount: n})
		}
	}
	return as, nil
}

// openInvoices are a client's open invoices, oldest due first.
func (u *ui) openInvoices(clientID int64) ([]data.InvoiceRow, error) {
	return u.store.ListInvoices(context.Background(), data.InvoiceQuery{ClientID: clientID, Filter: data.FilterOpen, Sort: data.SortInvoiceDue})
}

// paymentDialog records a payment (or a credit note) from a client and
// applies it across the client's open invoices, oldest due first unless
// the amounts are typed; what is left stays on account.
func (u *ui) paymentDialog(clientID int64, onSaved func()) {
	var c data.Client
	var open []data.InvoiceRow
	if clientID != 0 {
		var err error
		if c, err = u.store.Client(context.Background(), clientID); err == nil {
			open, err = u.openInvoices(clientID)
		}
		if err != nil {
			u.showError(err)
			return
		}
	}
	date := u.newDateField(data.Today(u.clock), nil)
	amount := u.moneyEntry(0)
	method := u.methodEntry("")
	reference := newEntry()
	credit := widget.NewCheck(tr("It is a credit note, not a payment"), nil)
	creditNo := newEntry()
	creditNo.SetPlaceHolder(tr("Credit note number"))
	creditNo.Disable()
	credit.OnChanged = func(on bool) {
		if on {
			creditNo.Enable()
		} else {
			creditNo.Disable()
		}
	}
	total := func() int64 { n, _ := u.parseMoney(amount.Text); return n }
	alloc := u.newAllocator(open, total)
	amount.OnChanged = func(string) { alloc.changed() }
	applied := container.NewStack(alloc.view())
	var d *dialog.ConfirmDialog
	clientItem := widget.NewFormItem(tr("Client"), widget.NewLabel(c.Name))
	if clientID == 0 {
		applied.Objects = []fyne.CanvasObject{quiet(tr("Choose the client to see its open invoices."))}
		picker := u.newClientPicker(func(picked data.Client) {
			rows, err := u.openInvoices(picked.ID)
			if err != nil {
				u.showError(err)
				return
			}
			c, alloc = picked, u.newAllocator(rows, total)
			alloc.fill()
			applied.Objects = []fyne.CanvasObject{alloc.view()}
			applied.Refresh()
			if d != nil {
				d.Resize(fyne.NewSize(680, d.MinSize().Height))
			}
		})
		clientItem = widget.NewFormItem(tr("Client"), picker.view()) // the first field: focused on opening
	}
	items := []*widget.FormItem{
		clientItem,
		widget.NewFormItem(tr("Date"), date),
		formItem(tr("Amount"), amount, trf("In %s.", u.company.Currency)),
		widget.NewFormItem(tr("Method"), method), widget.NewFormItem(tr("Reference"), reference),
		widget.NewFormItem("", credit), widget.NewFormItem("", creditNo),
		widget.NewFormItem(tr("Applied to"), applied),
	}
	d, _ = u.formDialog(tr("Record a payment"), tr("Save"), items, func(tx *sqlite.Tx) error {
		if c.ID == 0 {
			return data.Errorf(data.EINVALID, "Choose the client: type part of its name, code or tax ID.")
		}
		day, err := date.DateOr("Choose the day of the payment.")
		if err != nil {
			return err
		}
		total, err := u.parseMoney(amount.Text)
		if err != nil {
			return data.Errorf(data.EINVALID, "The amount is not valid.")
		}
		as, err := alloc.allocations()
		if err != nil {
			return err
		}
		m := data.M(total, u.company.Currency)
		if credit.Checked {
			return ledger.AddCreditNote(tx, &data.CreditNote{Number: creditNo.Text, ClientID: c.ID, Date: day, Amount: m, Reason: reference.Text, Allocations: as}, u.user)
		}
		return ledger.AddPayment(tx, &data.Payment{ClientID: c.ID, Date: day, Amount: m, Method: data.MethodCode(method.Text),
			Reference: strings.TrimSpace(reference.Text), Allocations: as}, u.user)
	}, onSaved)
	d.Resize(fyne.NewSize(680, d.MinSize().Height))
	alloc.update()
	if clientID != 0 {
		u.win.Canvas().Focus(amount) // the day is today's, most often right
	}
}

// applyDialog applies what is left of a payment held on account to the
// client's open invoices.
func (u *ui) applyDialog(p data.PaymentRow, onSaved func()) {
	open, err := u.openInvoices(p.ClientID)
	if err != nil {
		u.showError(err)
		return
	}
	rest := p.Amount.Amount - p.Applied
	alloc := u.newAllocator(open, func() int64 { return rest })
	alloc.fill()
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Client"), widget.NewLabel(p.ClientName)),
		widget.NewFormItem(tr("Payment"), widget.NewLabel(trf("%s of %s; %s on account", u.loc.Date(p.Date), u.loc.Money(p.Amount), u.money(rest)))),
		widget.NewFormItem(tr("Applied to"), alloc.view()),
	}
	d, _ := u.formDialog(tr("Apply a payment on account"), tr("Apply"), items, func(tx *sqlite.Tx) error {
		as, err := alloc.allocations()
		if err != nil {
			return err
		}
		return ledger.ApplyLater(tx, p.Payment, as, u.user)
	}, onSaved)
	d.Resize(fyne.NewSize(680, d.MinSize().Height))
}

// applyCreditDialog applies what is left of a credit note held on account
// to the client's open invoices.
func (u *ui) applyCreditDialog(n data.CreditNote, onSaved func()) {
	open, err := u.openInvoices(n.ClientID)
	if err != nil {
		u.showError(err)
		return
	}
	rest := n.Unallocated().Amount
	alloc := u.newAllocator(open, func() int64 { return rest })
	alloc.fill()
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Credit note"), widget.NewLabel(trf("%s of %s; %s on account", n.Number, u.loc.Money(n.Amount), u.money(rest)))),
		widget.NewFormItem(tr("Applied to"), alloc.view()),
	}
	d, _ := u.formDialog(tr("Apply a credit note on account"), tr("Apply"), items, func(tx *sqlite.Tx) error {
		as, err := alloc.allocations()
		if err != nil {
			return err
		}
		return ledger.ApplyCreditLater(tx, n, as, u.user)
	}, onSaved)
	d.Resize(fyne.NewSize(680, d.MinSize().Height))
}
