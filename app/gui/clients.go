package gui

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/data"
	"cartera/reports"
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

	segment, country, industry, class *widget.Select
	minBalance                        *entry
	saved                             *widget.Select
	classIDs                          map[reports.Class][]int64 // clients by behaviour class, once computed
}

// clientFilter is a saved set of filters of the clients list.
type clientFilter struct {
	Name       string `json:"name"`
	Search     string `json:"search,omitempty"`
	Segment    string `json:"segment,omitempty"`
	Country    string `json:"country,omitempty"`
	Industry   string `json:"industry,omitempty"`
	Class      string `json:"class,omitempty"`
	Overdue    bool   `json:"overdue,omitempty"`
	MinBalance string `json:"min_balance,omitempty"`
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
	s.list, s.count = newPagedList(u, cols, string(data.SortClientName), false, i18n.N("%s client"), i18n.N("%s clients"),
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
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(tr("Statement"), func() { u.statement(r.Client, data.Date{}) }),
			fyne.NewMenuItem(tr("Statement with this year's activity"), func() {
				today := data.Today(u.clock)
				u.statement(r.Client, data.NewDate(today.Year(), 1, 1))
			}),
			fyne.NewMenuItem(tr("Reminder letter…"), func() { u.letterDialog(r.Client) }),
		}
	}

	s.search = u.searchEntry(tr("Search by code, name, tax ID, city or email"), &s.timer, s.list.restart)
	s.overdue = widget.NewCheck(tr("Overdue only"), func(bool) { s.list.restart() })
	s.segment = s.valueSelect("segment", tr("Segment"))
	s.country = s.valueSelect("country", tr("Country"))
	s.industry = s.valueSelect("industry", tr("Industry"))
	classes := []string{tr("Behaviour")}
	for _, c := range reports.Classes {
		classes = append(classes, className(c))
	}
	s.class = widget.NewSelect(classes, nil)
	s.class.SetSelectedIndex(0)
	s.class.OnChanged = func(string) { s.classChanged() }
	s.minBalance = u.moneyEntry(0)
	s.minBalance.SetPlaceHolder(tr("Min. balance"))
	s.minBalance.OnChanged = func(string) { debounce(&s.timer, u.debounce, s.list.restart) }
	s.saved = widget.NewSelect(nil, func(string) { s.applySaved() })
	s.saved.PlaceHolder = tr("Saved filters")
	s.loadSaved()
	s.list.pager.reset()
	return s
}

// valueSelect offers the values a client column holds, "any" first.
func (s *clientsScreen) valueSelect(column, anyText string) *widget.Select {
	opts := []string{anyText}
	if vs, err := s.u.store.ClientValues(context.Background(), column); err == nil {
		opts = append(opts, vs...)
	}
	sel := widget.NewSelect(opts, nil)
	sel.SetSelectedIndex(0)
	sel.OnChanged = func(string) { s.list.restart() }
	return sel
}

// chosen is a select's value, "" for the "any" entry.
func chosen(sel *widget.Select) string {
	if sel.SelectedIndex() <= 0 {
		return ""
	}
	return sel.Selected
}

func (s *clientsScreen) query() data.ClientQuery {
	q := data.ClientQuery{Search: s.search.Text, OverdueOnly: s.overdue.Checked, Sort: data.ClientSort(s.list.sort),
		Desc: s.list.desc, AsOf: data.Today(s.u.clock),
		Segment: chosen(s.segment), Country: chosen(s.country), Industry: chosen(s.industry)}
	if n, err := s.u.parseMoney(s.minBalance.Text); err == nil && strings.TrimSpace(s.minBalance.Text) != "" {
		q.MinBalance = n
	}
	if i := s.class.SelectedIndex(); i > 0 && s.classIDs != nil {
		q.IDs = s.classIDs[reports.Classes[i-1]]
		if q.IDs == nil {
			q.IDs = []int64{}
		}
	}
	return q
}

// classChanged filters by behaviour class, computing every client's class
// first (once) off the UI goroutine.
func (s *clientsScreen) classChanged() {
	if s.class.SelectedIndex() <= 0 || s.classIDs != nil {
		s.list.restart()
		return
	}
	u := s.u
	s.count.SetText(tr("Computing…"))
	u.async(func() {
		bs, err := reports.Behaviours(context.Background(), u.store.DB(), data.Today(u.clock), 0)
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			s.classIDs = map[reports.Class][]int64{}
			for _, b := range bs {
				s.classIDs[b.Class] = append(s.classIDs[b.Class], b.ClientID)
			}
			s.list.restart()
		})
	})
}

// filter is the list's current filters under a name.
func (s *clientsScreen) filter(name string) clientFilter {
	f := clientFilter{Name: name, Search: s.search.Text, Segment: chosen(s.segment), Country: chosen(s.country),
		Industry: chosen(s.industry), Overdue: s.overdue.Checked, MinBalance: strings.TrimSpace(s.minBalance.Text)}
	if i := s.class.SelectedIndex(); i > 0 {
		f.Class = string(reports.Classes[i-1])
	}
	return f
}

func (s *clientsScreen) prefKey() string { return prefFilters + s.u.store.Path() }

// savedFilters are the filters saved for this company file on this computer.
func (s *clientsScreen) savedFilters() []clientFilter {
	var fs []clientFilter
	_ = json.Unmarshal([]byte(s.u.app.Preferences().String(s.prefKey())), &fs)
	return fs
}

func (s *clientsScreen) loadSaved() {
	var names []string
	for _, f := range s.savedFilters() {
		names = append(names, f.Name)
	}
	s.saved.SetOptions(names)
	if len(names) == 0 {
		s.saved.Disable()
	} else {
		s.saved.Enable()
	}
}

// saveFilter asks for a name and keeps the current filters under it,
// replacing a filter of the same name.
func (s *clientsScreen) saveFilter() {
	name := newEntry()
	name.SetPlaceHolder(tr("Large overdue accounts in Spain…"))
	items := []*widget.FormItem{widget.NewFormItem(tr("Name"), name)}
	d := dialog.NewForm(tr("Save these filters"), tr("Save"), tr("Cancel"), items, func(ok bool) {
		if ok && strings.TrimSpace(name.Text) != "" {
			s.storeFilter(s.filter(strings.TrimSpace(name.Text)))
		}
	}, s.u.win)
	submitOnEnter(items, d.Submit)
	s.u.showDialog(d, name)
}

func (s *clientsScreen) storeFilter(f clientFilter) {
	fs := []clientFilter{f}
	for _, x := range s.savedFilters() {
		if x.Name != f.Name {
			fs = append(fs, x)
		}
	}
	b, _ := json.Marshal(fs)
	s.u.app.Preferences().SetString(s.prefKey(), string(b))
	s.loadSaved()
}

// applySaved sets the filters of the saved filter chosen.
func (s *clientsScreen) applySaved() {
	for _, f := range s.savedFilters() {
		if f.Name != s.saved.Selected {
			continue
		}
		pick := func(sel *widget.Select, v string) {
			sel.SetSelectedIndex(0)
			if i := indexOf(sel.Options, v); v != "" && i > 0 {
				sel.SetSelectedIndex(i)
			}
		}
		pick(s.segment, f.Segment)
		pick(s.country, f.Country)
		pick(s.industry, f.Industry)
		s.class.SetSelectedIndex(0)
		if i := indexOf(reports.Classes, reports.Class(f.Class)); i >= 0 {
			s.class.SetSelectedIndex(i + 1)
		}
		s.search.SetText(f.Search)
		s.overdue.SetChecked(f.Overdue)
		s.minBalance.SetText(f.MinBalance)
		s.list.restart()
	}
}

// clearFilters shows every client again.
func (s *clientsScreen) clearFilters() {
	for _, sel := range []*widget.Select{s.segment, s.country, s.industry, s.class} {
		sel.SetSelectedIndex(0)
	}
	s.search.SetText("")
	s.overdue.SetChecked(false)
	s.minBalance.SetText("")
	s.saved.ClearSelected()
	s.list.restart()
}

// searchEntry is a list's search box: the list searches again once typing pauses.
func (u *ui) searchEntry(placeholder string, t **time.Timer, search func()) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.OnChanged = func(string) { debounce(t, u.debounce, search) }
	return e
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
	u := s.u
	statements := widget.NewButtonWithIcon(tr("Statements…"), theme.DocumentIcon(), u.statementsDialog)
	export := u.exportButton(
		fyne.NewMenuItem(tr("Clients with their behaviour (.xlsx)"), func() { u.exportTo("clients", false, data.Today(u.clock)) }),
		fyne.NewMenuItem(tr("Aging by client (.xlsx)"), func() { u.exportTo("aging", false, data.Today(u.clock)) }),
		fyne.NewMenuItem(tr("Aging report (.pdf)"), func() { u.exportTo("aging", true, data.Today(u.clock)) }))
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.overdue, s.count, statements, export, u.importButton()), s.search)
	save := widget.NewButtonWithIcon(tr("Save filters…"), theme.DocumentSaveIcon(), s.saveFilter)
	clear := widget.NewButtonWithIcon(tr("Clear"), theme.ContentClearIcon(), s.clearFilters)
	filters := container.NewBorder(nil, nil, nil, container.NewHBox(save, clear),
		container.New(equalRow{minWidth: 90}, s.segment, s.class, s.country, s.industry, s.minBalance, s.saved))
	return container.NewBorder(container.NewPadded(container.NewVBox(top, filters)), nil, nil, nil, s.list.table)
}
