package gui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/data"
)

// invoicesScreen lists invoices, of every client or of one, with search,
// a state filter and sorting.
type invoicesScreen struct {
	u        *ui
	clientID int64
	search   *widget.Entry
	filter   *widget.Select
	count    *widget.Label
	list     *listView[data.InvoiceRow]
	timer    *time.Timer
}

var invoiceFilters = []struct {
	f     data.InvoiceFilter
	label string
}{
	{data.FilterAll, i18n.N("All invoices")}, {data.FilterOpen, i18n.N("Open invoices")}, {data.FilterOverdue, i18n.N("Overdue invoices")},
	{data.FilterPaid, i18n.N("Paid invoices")}, {data.FilterDisputed, i18n.N("Disputed invoices")},
}

func newInvoicesScreen(u *ui, clientID int64) *invoicesScreen {
	s := &invoicesScreen{u: u, clientID: clientID}
	today := data.Today(u.clock)
	cols := []column[data.InvoiceRow]{
		{title: i18n.N("Number"), width: 130, sort: string(data.SortInvoiceNumber), text: func(r data.InvoiceRow) string { return r.Number }},
		{title: i18n.N("Client"), width: 260, sort: string(data.SortInvoiceClient), text: func(r data.InvoiceRow) string { return r.ClientName }},
		{title: i18n.N("Issued"), width: 105, sort: string(data.SortInvoiceIssue), text: func(r data.InvoiceRow) string { return u.loc.Date(r.IssueDate) }},
		{title: i18n.N("Due"), width: 105, sort: string(data.SortInvoiceDue), text: func(r data.InvoiceRow) string { return u.loc.Date(r.DueDate) }},
		{title: i18n.N("Amount"), width: 120, trailing: true, sort: string(data.SortInvoiceAmount), text: func(r data.InvoiceRow) string { return u.loc.Money(r.Amount) }},
		{title: i18n.N("Balance"), width: 120, trailing: true, sort: string(data.SortInvoiceBalance), text: func(r data.InvoiceRow) string {
			return u.loc.Money(data.M(r.Balance, r.Amount.Currency))
		}},
		{title: i18n.N("Status"), width: 190, text: func(r data.InvoiceRow) string { return statusText(r, today) }},
	}
	if clientID != 0 {
		cols = append(cols[:1], cols[2:]...) // the client is known
	}
	s.list, s.count = newPagedList(u, cols, string(data.SortInvoiceIssue), true, i18n.N("%s invoice"), i18n.N("%s invoices"),
		func(ctx context.Context) (int, error) { return u.store.CountInvoices(ctx, s.query()) },
		func(ctx context.Context, offset, limit int) ([]data.InvoiceRow, error) {
			q := s.query()
			q.Offset, q.Limit = offset, limit
			return u.store.ListInvoices(ctx, q)
		})
	if clientID == 0 {
		s.list.onTap = func(r data.InvoiceRow) { u.showClient(r.ClientID) }
	} else {
		s.list.onTap = func(r data.InvoiceRow) { u.invoiceDialog(r.Invoice, s.list.restart) }
	}
	s.list.menu = s.menu

	s.search = u.searchEntry(tr("Search by number, reference or client"), &s.timer, s.list.restart)
	var labels []string
	for _, f := range invoiceFilters {
		labels = append(labels, tr(f.label))
	}
	s.filter = widget.NewSelect(labels, func(string) { s.list.restart() })
	s.filter.SetSelectedIndex(0)
	return s
}

func (s *invoicesScreen) query() data.InvoiceQuery {
	f := data.FilterAll
	if i := s.filter.SelectedIndex(); i >= 0 {
		f = invoiceFilters[i].f
	}
	return data.InvoiceQuery{Search: s.search.Text, ClientID: s.clientID, Filter: f, Sort: data.InvoiceSort(s.list.sort),
		Desc: s.list.desc, AsOf: data.Today(s.u.clock)}
}

// statusText is an invoice's state today in words: "Overdue (12 days)", "Paid".
func statusText(r data.InvoiceRow, today data.Date) string {
	var s string
	switch r.Status(today) {
	case data.StatusPaid:
		s = tr("Paid")
	case data.StatusOverdue:
		n := today.DaysSince(r.DueDate)
		s = trf(i18n.Plural(n, "Overdue (%d day)", "Overdue (%d days)"), n)
	case data.StatusPartiallyPaid:
		s = tr("Partially paid")
	case data.StatusNotIssued:
		s = tr("Not yet issued")
	case data.StatusVoid:
		s = tr("Void")
	default:
		s = tr("Open")
	}
	if r.Disputed {
		s += " · " + tr("disputed")
	}
	return s
}

// menu is what a right-click on an invoice offers.
func (s *invoicesScreen) menu(r data.InvoiceRow) []*fyne.MenuItem {
	u, reload := s.u, s.reload
	if !r.Voided.IsZero() {
		return []*fyne.MenuItem{fyne.NewMenuItem(tr("Open client"), func() { u.showClient(r.ClientID) })}
	}
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(tr("Edit invoice…"), func() { u.invoiceDialog(r.Invoice, reload) }),
		fyne.NewMenuItem(tr("Record payment…"), func() { u.paymentDialog(r.ClientID, reload) }),
	}
	if !r.Disputed && r.Balance > 0 {
		items = append(items, fyne.NewMenuItem(tr("Mark disputed…"), func() {
			c, err := u.store.Client(context.Background(), r.ClientID)
			if err != nil {
				u.showError(err)
				return
			}
			u.disputeDialog(c, []data.InvoiceRow{r}, r.ID, reload)
		}))
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(tr("Void invoice…"), func() { u.voidDialog(r.Invoice, reload) }))
	if s.clientID == 0 {
		items = append(items, fyne.NewMenuItem(tr("Open client"), func() { u.showClient(r.ClientID) }))
	}
	return items
}

// reload shows the list again after a change; in a client's detail the
// whole detail, since its figures changed too.
func (s *invoicesScreen) reload() {
	if s.clientID != 0 {
		s.u.showClient(s.clientID)
		return
	}
	s.list.pager.reset()
}

func (s *invoicesScreen) content() fyne.CanvasObject {
	filter := container.NewGridWrap(fyne.NewSize(220, s.filter.MinSize().Height), s.filter)
	// The search takes what the filter and count leave; the actions have a
	// row of their own, so neither squeezes the other in a small window.
	var top fyne.CanvasObject = container.NewBorder(nil, nil, nil, container.NewHBox(filter, s.count), s.search)
	if s.clientID == 0 {
		newInv := widget.NewButtonWithIcon(tr("New invoice…"), theme.ContentAddIcon(), func() { s.u.invoiceDialog(data.Invoice{}, s.reload) })
		newInv.Importance = widget.HighImportance
		pay := widget.NewButtonWithIcon(tr("Record payment…"), theme.ContentAddIcon(), func() { s.u.paymentDialog(0, s.reload) })
		actions := container.NewHBox(newInv, pay, s.u.exportButton(fyne.NewMenuItem(tr("Invoices (.xlsx)"), func() { s.u.exportTo("invoices", false, data.Today(s.u.clock)) })),
			s.u.importButton())
		top = container.NewVBox(actions, top)
	}
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, s.list.table)
}
