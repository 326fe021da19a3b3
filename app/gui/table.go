package gui

import (
	"cartera/app/i18n"
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// column describes one column of a list view.
type column[T any] struct {
	title    string // English; translated when shown
	width    float32
	trailing bool   // right-aligned, for amounts
	sort     string // the sort key handed to onSort; "" = not sortable
	text     func(T) string
}

// listView is a virtualised, sortable table over a pager.
type listView[T any] struct {
	cols   []column[T]
	pager  *pager[T]
	table  *widget.Table
	sort   string
	desc   bool
	onSort func() // the sort changed: reload
	onTap  func(T)
	menu   func(T) []*fyne.MenuItem // right-click actions on a row, if any
}

// cell is a table cell that knows its row, for taps and right-click menus.
// (Fyne hands a tap to the topmost object that takes any kind of tap, so a
// cell that takes right-clicks must take left-clicks too.)
type cell struct {
	widget.Label
	row    int
	onTap  func(row int)
	onMenu func(row int, at fyne.Position)
}

func (c *cell) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap(c.row)
	}
}

func newCell() *cell {
	c := &cell{}
	c.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func (c *cell) TappedSecondary(e *fyne.PointEvent) {
	if c.onMenu != nil {
		c.onMenu(c.row, e.AbsolutePosition)
	}
}

func newListView[T any](cols []column[T], p *pager[T], sort string, desc bool) *listView[T] {
	v := &listView[T]{cols: cols, pager: p, sort: sort, desc: desc}
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return p.len(), len(cols) },
		func() fyne.CanvasObject {
			c := newCell()
			c.onMenu = v.showMenu
			c.onTap = func(row int) { v.table.OnSelected(widget.TableCellID{Row: row}) }
			return c
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*cell)
			l.row = id.Row
			row, ok := p.row(id.Row)
			c := cols[id.Col]
			if c.trailing {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
			if !ok {
				l.SetText("…")
				return
			}
			l.SetText(c.text(row))
		})
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Col < 0 {
			return
		}
		c := cols[id.Col]
		b.SetText(tr(c.title))
		b.SetIcon(nil)
		if c.trailing {
			b.Alignment = widget.ButtonAlignTrailing
		}
		if c.sort != "" && c.sort == v.sort {
			if v.desc {
				b.SetIcon(theme.MenuDropDownIcon())
			} else {
				b.SetIcon(theme.MenuDropUpIcon())
			}
		}
		b.OnTapped = func() { v.sortBy(c.sort) }
	}
	for i, c := range cols {
		v.table.SetColumnWidth(i, c.width)
	}
	v.table.OnSelected = func(id widget.TableCellID) {
		v.table.UnselectAll()
		if row, ok := p.row(id.Row); ok && v.onTap != nil {
			v.onTap(row)
		}
	}
	p.refresh = v.table.Refresh
	return v
}

// showMenu opens the row's right-click menu at a point of the window.
func (v *listView[T]) showMenu(i int, at fyne.Position) {
	row, ok := v.pager.row(i)
	if !ok || v.menu == nil {
		return
	}
	items := v.menu(row)
	if len(items) == 0 {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(v.table)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, at)
}

// sortBy orders by a column; tapping the same column again flips the order.
func (v *listView[T]) sortBy(key string) {
	if key == "" {
		return
	}
	if key == v.sort {
		v.desc = !v.desc
	} else {
		v.sort, v.desc = key, false
	}
	v.table.ScrollToTop()
	if v.onSort != nil {
		v.onSort()
	}
}

// newPagedList makes a list view fed by a paged store query and a label
// that counts its rows with countOne/countOther ("%s client", "%s clients").
func newPagedList[T any](u *ui, cols []column[T], sort string, desc bool, countOne, countOther string,
	count func(context.Context) (int, error), load func(ctx context.Context, offset, limit int) ([]T, error)) (*listView[T], *widget.Label) {
	p := newPager[T](100, u.async)
	v := newListView(cols, p, sort, desc)
	label := widget.NewLabel("")
	p.count, p.load, p.onError = count, load, u.showError
	p.loaded = func() { n := p.len(); label.SetText(trf(i18n.Plural(n, countOne, countOther), u.loc.Int(int64(n)))) }
	v.onSort = p.reset
	return v, label
}

// restart scrolls to the top and queries again: the filter changed.
func (v *listView[T]) restart() {
	v.table.ScrollToTop()
	v.pager.reset()
}

// newStaticList is a list view over rows already in memory.
func newStaticList[T any](cols []column[T], rows []T) *listView[T] {
	p := newPager[T](len(rows)+1, func(f func()) { f() })
	p.count = func(context.Context) (int, error) { return len(rows), nil }
	p.load = func(_ context.Context, offset, limit int) ([]T, error) {
		return rows[offset:min(offset+limit, len(rows))], nil
	}
	p.onError = func(error) {}
	v := newListView(cols, p, "", false)
	p.reset()
	return v
}
