package gui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/data"
)

// paymentsScreen lists the payments received, newest first, with search,
// a filter (on account, typed, imported) and a date range.
type paymentsScreen struct {
	u        *ui
	search   *widget.Entry
	filter   *widget.Select
	from, to *dateField
	count    *widget.Label
	list     *listView[data.PaymentRow]
	timer    *time.Timer
}

var paymentFilters = []struct {
	f     data.PaymentFilter
	label string
}{
	{data.PaymentsAll, i18n.N("All payments")}, {data.PaymentsUnapplied, i18n.N("With money on account")},
	{data.PaymentsEntered, i18n.N("Typed in Cartera")}, {data.PaymentsImported, i18n.N("Imported")},
	{data.PaymentsFromBank, i18n.N("From the bank")},
}

func newPaymentsScreen(u *ui) *paymentsScreen {
	s := &paymentsScreen{u: u}
	cols := []column[data.PaymentRow]{
		{title: i18n.N("Date"), width: 105, text: func(r data.PaymentRow) string { return u.loc.Date(r.Date) }},
		{title: i18n.N("Client"), width: 250, text: func(r data.PaymentRow) string { return r.ClientName }},
		{title: i18n.N("Amount"), width: 120, trailing: true, text: func(r data.PaymentRow) string { return u.loc.Money(r.Amount) }},
		{title: i18n.N("On account"), width: 120, trailing: true, text: func(r data.PaymentRow) string {
			return u.loc.Money(data.M(r.Amount.Amount-r.Applied, r.Amount.Currency))
		}},
		{title: i18n.N("Method"), width: 120, text: func(r data.PaymentRow) string { return methodWord(r.Method) }},
		{title: i18n.N("Reference"), width: 160, text: func(r data.PaymentRow) string { return r.Reference }},
		{title: i18n.N("Source"), width: 100, text: func(r data.PaymentRow) string {
			if r.Source == data.Imported {
				return tr("Imported")
			}
			return tr("Typed")
		}},
	}
	s.list, s.count = newPagedList(u, cols, "", true, i18n.N("%s payment"), i18n.N("%s payments"),
		func(ctx context.Context) (int, error) { return u.store.CountPayments(ctx, s.query()) },
		func(ctx context.Context, offset, limit int) ([]data.PaymentRow, error) {
			q := s.query()
			q.Offset, q.Limit = offset, limit
			return u.store.ListPayments(ctx, q)
		})
	s.list.onTap = func(r data.PaymentRow) { u.showClient(r.ClientID) }
	s.list.menu = func(r data.PaymentRow) []*fyne.MenuItem {
		items := []*fyne.MenuItem{fyne.NewMenuItem(tr("Open client"), func() { u.showClient(r.ClientID) })}
		if !r.Reversed.IsZero() {
			return items
		}
		if r.Applied < r.Amount.Amount {
			items = append(items, fyne.NewMenuItem(tr("Apply to invoices…"), func() { u.applyDialog(r, s.list.pager.reset) }))
		}
		what := trf("%s  ·  Payment of %s", u.loc.Date(r.Date), u.loc.Money(r.Amount)) + "  ·  " + r.ClientName
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(tr("Reverse…"), func() {
			u.reverseDialog(what, fmt.Sprintf("#%d", r.ID), "", s.list.pager.reset)
		}))
		return items
	}
	s.search = u.searchEntry(tr("Search by client, reference or method"), &s.timer, s.list.restart)
	var labels []string
	for _, f := range paymentFilters {
		labels = append(labels, tr(f.label))
	}
	s.filter = widget.NewSelect(labels, nil)
	s.filter.SetSelectedIndex(0)
	s.filter.OnChanged = func(string) { s.list.restart() }
	s.from = u.newDateField(data.Date{}, func(data.Date) { s.list.restart() })
	s.to = u.newDateField(data.Date{}, func(data.Date) { s.list.restart() })
	s.from.SetPlaceHolder(tr("From"))
	s.to.SetPlaceHolder(tr("To"))
	s.list.pager.reset()
	return s
}

func (s *paymentsScreen) query() data.PaymentQuery {
	q := data.PaymentQuery{Search: s.search.Text, Filter: paymentFilters[max(0, s.filter.SelectedIndex())].f}
	if d, err := s.from.Date(); err == nil {
		q.From = d
	}
	if d, err := s.to.Date(); err == nil {
		q.To = d
	}
	return q
}

func (s *paymentsScreen) content() fyne.CanvasObject {
	pay := widget.NewButtonWithIcon(tr("Record payment…"), theme.ContentAddIcon(), func() { s.u.paymentDialog(0, s.list.pager.reset) })
	export := s.u.exportButton(fyne.NewMenuItem(tr("Payments (.xlsx)"), func() { s.u.exportTo("payments", false, data.Today(s.u.clock)) }))
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.count, pay, export), s.search)
	filters := container.New(equalRow{minWidth: 120}, s.filter, s.from, s.to)
	return container.NewBorder(container.NewPadded(container.NewVBox(top, filters)), nil, nil, nil, s.list.table)
}
