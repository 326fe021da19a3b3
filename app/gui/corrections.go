package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"cartera/app/ledger"
	"cartera/data"
)

// reasonEntry is the required "why" of a correction.
func reasonEntry() *entry {
	e := newMultiLineEntry()
	e.SetMinRowsVisible(2)
	e.Wrapping = fyne.TextWrapWord
	e.SetPlaceHolder(tr("Why: it goes to the audit log"))
	return e
}

func quietNote(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// voidDialog voids an invoice entered by mistake, with its reason.
func (u *ui) voidDialog(inv data.Invoice, onSaved func()) {
	reason := reasonEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Invoice"), widget.NewLabel(fmt.Sprintf("%s  ·  %s  ·  %s", inv.Number, u.loc.Date(inv.IssueDate), u.loc.Money(inv.Amount)))),
		widget.NewFormItem(tr("Reason"), reason),
		widget.NewFormItem("", quietNote(tr("The invoice stays in the list, marked void, and leaves every figure. Payments and credit notes applied to it go back on account, to be applied elsewhere or refunded."))),
	}
	u.confirmForm(trf("Void invoice %s", inv.Number), tr("Void invoice"), items, func(ctx context.Context) error {
		_, err := ledger.VoidInvoice(ctx, u.store, inv.Number, reason.Text, data.Today(u.clock), u.user)
		return err
	}, onSaved)
	u.win.Canvas().Focus(reason)
}

// reverseDialog reverses a payment (or a credit note, when number is set)
// recorded by mistake, with its reason.
func (u *ui) reverseDialog(what, ref, number string, onSaved func()) {
	reason := reasonEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Entry"), widget.NewLabel(what)),
		widget.NewFormItem(tr("Reason"), reason),
		widget.NewFormItem("", quietNote(tr("The invoices it paid are open again; it stays in the list, marked reversed, and every figure is as if it had never been recorded."))),
	}
	title, act := tr("Reverse a payment"), func(ctx context.Context) error {
		_, err := ledger.ReversePayment(ctx, u.store, ref, reason.Text, data.Today(u.clock), u.user)
		return err
	}
	if number != "" {
		title, act = tr("Reverse a credit note"), func(ctx context.Context) error {
			return ledger.ReverseCreditNote(ctx, u.store, number, reason.Text, data.Today(u.clock), u.user)
		}
	}
	u.confirmForm(title, tr("Reverse"), items, act, onSaved)
	u.win.Canvas().Focus(reason)
}

// refundDialog pays money on account back to a client.
func (u *ui) refundDialog(c data.Client, held int64, onSaved func()) {
	date := u.newDateField(data.Today(u.clock), nil)
	amount := u.moneyEntry(held)
	method := u.methodEntry("")
	reference := newEntry()
	notes := newEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(tr("Client"), widget.NewLabel(c.Name)),
		widget.NewFormItem(tr("On account"), widget.NewLabel(u.money(held))),
		widget.NewFormItem(tr("Date"), date),
		formItem(tr("Amount"), amount, trf("In %s.", u.company.Currency)),
		widget.NewFormItem(tr("Method"), method), widget.NewFormItem(tr("Reference"), reference), widget.NewFormItem(tr("Notes"), notes),
	}
	u.confirmForm(trf("Refund to %s", c.Name), tr("Refund"), items, func(ctx context.Context) error {
		day, err := date.DateOr("Choose the day of the refund.")
		if err != nil {
			return err
		}
		n, err := u.parseMoney(amount.Text)
		if err != nil {
			return data.Errorf(data.EINVALID, "The amount is not valid.")
		}
		_, err = ledger.Refund(ctx, u.store, ledger.RefundEntry{Client: c.Code, Date: day, Amount: data.M(n, u.company.Currency),
			Reference: strings.TrimSpace(reference.Text), Method: data.MethodCode(method.Text), Notes: notes.Text}, u.user)
		return err
	}, onSaved)
}

// auditList is a client's audit log, newest first: who changed what, when
// and why.
func (u *ui) auditList(d clientDetail) fyne.CanvasObject {
	return textList(len(d.audit), func(i int) (string, string) {
		e := d.audit[i]
		at := e.At.Local()
		main := fmt.Sprintf("%s %s  ·  %s  ·  %s  ·  %s", u.loc.Date(data.DateOf(at)), at.Format("15:04"), e.User,
			ledger.ActionName(lang, e.Action), e.Subject)
		var more []string
		if c := ledger.Change(e); c != "" {
			more = append(more, c)
		}
		if e.Reason != "" {
			more = append(more, trf("Reason: %s", e.Reason))
		}
		return main, strings.Join(more, "  ·  ")
	})
}
