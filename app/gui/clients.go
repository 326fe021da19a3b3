package gui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/data"
)

// clientsScreen is the searchable, sortable list of clients with their
// balances; tapping a client opens its detail.
type clientsScreen struct {
	u       *ui
	search  *widget.Entry
	overdue *widget.Check
	count   *widget.Label
	list    *listView[data.ClientRow]
	timer   *time.Timer
}

func newClientsScreen(u *ui) *clientsScreen {
	s := &clientsScreen{u: u}
	money := func(n int64) string { return u.loc.Money(data.M(n, u.company.Currency)) }
	cols := []column[data.ClientRow]{
		{title: i18n.N("Code"), width: 110, sort: string(data.SortClientCode), text: func(r data.ClientRow) string { return r.Code }},
		{title: i18n.N("Name"), width: 200, sort: string(data.SortClientName), text: func(r data.ClientRow) string { return r.Name }},
		{title: i18n.N("City"), width: 120, text: func(r data.ClientRow) string { return r.City }},
		{title: i18n.N("Country"), width: 80, sort: string(data.SortClientCountry), text: func(r data.ClientRow) string { return r.Country }},
		{title: i18n.N("Segment"), width: 100, text: func(r data.ClientRow) string { return r.Segment }},
		{title: i18n.N("Balance"), width: 120, trailing: true, sort: string(data.SortClientBalance), text: func(r data.ClientRow) string { return money(r.Balance) }},
		{title: i18n.N("Overdue"), width: 120, trailing: true, sort: string(data.SortClientOverdue), text: func(r data.ClientRow) string { return money(r.Overdue) }},
		{title: i18n.N("Open invoices"), width: 140, trailing: true, text: func(r data.ClientRow) string { return u.loc.Int(int64(r.OpenInvoices)) }},
	}
	s.list, s.count = newPagedList(u, cols, string(data.SortClientName), false, i18n.N("%s clients"),
		func(ctx context.Context) (int, error) { return u.store.CountClients(ctx, s.query()) },
		func(ctx context.Context, offset, limit int) ([]data.ClientRow, error) {
			q := s.query()
			q.Offset, q.Limit = offset, limit
			return u.store.ListClients(ctx, q)
		})
	s.list.onTap = func(r data.ClientRow) { u.showClient(r.ID) }
	s.list.menu = func(r data.ClientRow) []*fyne.MenuItem {
		return []*fyne.MenuItem{
			fyne.NewMenuItem(tr("Open"), func() { u.showClient(r.ID) }),
			fyne.NewMenuItem(tr("Edit…"), func() { u.editClientDialog(r.Client, s.list.pager.reset) }),
			fyne.NewMenuItem(tr("Log contact…"), func() { u.logContactDialog(r.Client, r.PreferredChannel, nil) }),
			fyne.NewMenuItem(tr("Add promise…"), func() { u.promiseDialog(r.Client, r.Overdue, nil) }),
			fyne.NewMenuItem(tr("Record payment…"), func() { u.paymentDialog(r.ID, s.list.pager.reset) }),
		}
	}

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(tr("Search by code, name, tax ID, city or email"))
	s.search.OnChanged = func(string) { s.changed() }
	s.overdue = widget.NewCheck(tr("Overdue only"), func(bool) { s.list.restart() })
	s.list.pager.reset()
	return s
}

func (s *clientsScreen) query() data.ClientQuery {
	return data.ClientQuery{Search: s.search.Text, OverdueOnly: s.overdue.Checked, Sort: data.ClientSort(s.list.sort),
		Desc: s.list.desc, AsOf: data.Today(s.u.clock)}
}

// changed searches again once typing pauses.
func (s *clientsScreen) changed() {
	debounce(&s.timer, s.u.debounce, s.list.restart)
}

// debounce runs fn on the UI goroutine after d without another call; at once when d is 0.
func debounce(t **time.Timer, d time.Duration, fn func()) {
	if d == 0 {
		fn()
		return
	}
	if *t != nil {
		(*t).Stop()
	}
	*t = time.AfterFunc(d, func() { fyne.Do(fn) })
}

func (s *clientsScreen) content() fyne.CanvasObject {
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.overdue, s.count, s.u.importButton()), s.search)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, s.list.table)
}
