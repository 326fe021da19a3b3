package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// equalRow lays its objects side by side in equal widths, as a grid would,
// but asks only minWidth of each: filters in a row then shrink with the
// window (their texts truncate) instead of widening it.
type equalRow struct{ minWidth float32 }

func (r equalRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(r.minWidth*float32(len(objs))+pad()*float32(max(len(objs)-1, 0)), h)
}

func (r equalRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	w := (size.Width - pad()*float32(len(objs)-1)) / float32(len(objs))
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i)*(w+pad()), 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func pad() float32 { return theme.Padding() }

// buttonBar is a row of buttons that never widens the window: the buttons
// that do not fit go, in order, into a "More" menu at the end of the row,
// as a desktop toolbar's overflow does. Put the most used first.
type buttonBar struct {
	items []*widget.Button
	more  *widget.Button
	extra []*widget.Button // the items in the menu at the last layout
}

func newButtonBar(items ...*widget.Button) *fyne.Container {
	b := &buttonBar{items: items}
	b.more = widget.NewButtonWithIcon(tr("More"), theme.MoreHorizontalIcon(), b.showMore)
	objs := make([]fyne.CanvasObject, 0, len(items)+1)
	for _, it := range items {
		objs = append(objs, it)
	}
	return container.New(b, append(objs, b.more)...)
}

// MinSize is the first button and "More": everything else can overflow.
func (b *buttonBar) MinSize([]fyne.CanvasObject) fyne.Size {
	s := b.more.MinSize()
	if len(b.items) > 0 {
		first := b.items[0].MinSize()
		s = fyne.NewSize(first.Width+pad()+s.Width, max(s.Height, first.Height))
	}
	return s
}

func (b *buttonBar) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	var all float32
	for _, it := range b.items {
		all += it.MinSize().Width + pad()
	}
	room := size.Width
	if all-pad() > size.Width { // some overflow: keep room for More
		room -= b.more.MinSize().Width + pad()
	}
	b.extra = b.extra[:0]
	x := float32(0)
	for _, it := range b.items {
		w := it.MinSize().Width
		if len(b.extra) > 0 || x+w > room {
			b.extra = append(b.extra, it)
			it.Hide()
			continue
		}
		it.Show()
		it.Move(fyne.NewPos(x, 0))
		it.Resize(fyne.NewSize(w, size.Height))
		x += w + pad()
	}
	if len(b.extra) == 0 {
		b.more.Hide()
		return
	}
	b.more.Show()
	b.more.Move(fyne.NewPos(x, 0))
	b.more.Resize(fyne.NewSize(b.more.MinSize().Width, size.Height))
}

// showMore opens the menu of the buttons that did not fit.
func (b *buttonBar) showMore() {
	var items []*fyne.MenuItem
	for _, it := range b.extra {
		mi := fyne.NewMenuItem(it.Text, it.OnTapped)
		mi.Icon, mi.Disabled = it.Icon, it.Disabled()
		items = append(items, mi)
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(b.more)
	if c == nil || len(items) == 0 {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b.more)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos.Add(fyne.NewPos(0, b.more.Size().Height)))
}

// nameRow lays a name and what follows it on one line: the name gets the
// width its text needs (as much as there is), the rest what is left; both
// are labels that cut their text short, so the row asks for no width.
type nameRow struct{}

func (nameRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(0, h)
}

func (nameRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := size.Width - x
		if l, ok := o.(*widget.Label); ok && i < len(objs)-1 {
			th, text := l.Theme(), l.SizeName
			if text == "" {
				text = theme.SizeNameText
			}
			// As wide as its text and the label's inner padding, and a hair
			// more, or rounding cuts the last letter.
			need := fyne.MeasureText(l.Text, th.Size(text), l.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding) + theme.Padding()
			w = min(w, need)
		}
		o.Move(fyne.NewPos(x, (size.Height-o.MinSize().Height)/2))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		x += w
	}
}

// twoColumns lays a side column and the main one with a rule between: the
// side gets frac of the width, never less than it needs nor so much that
// the main one gets less than it needs. Fyne's Split does the same but
// draws a grip, a bright mark in the dark theme, and lets the side be
// dragged to nothing; Cartera's columns need neither.
type twoColumns struct{ frac float32 }

func newColumns(frac float32, side, main fyne.CanvasObject) *fyne.Container {
	return container.New(twoColumns{frac}, side, widget.NewSeparator(), main)
}

func (c twoColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	side, rule, main := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(side.Width+rule.Width+main.Width, max(side.Height, main.Height))
}

func (c twoColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	side, rule, main := objs[0], objs[1], objs[2]
	w := min(size.Width*c.frac, size.Width-rule.MinSize().Width-main.MinSize().Width)
	w = max(w, side.MinSize().Width)
	side.Move(fyne.NewPos(0, 0))
	side.Resize(fyne.NewSize(w, size.Height))
	rw := rule.MinSize().Width
	rule.Move(fyne.NewPos(w, 0))
	rule.Resize(fyne.NewSize(rw, size.Height))
	main.Move(fyne.NewPos(w+rw, 0))
	main.Resize(fyne.NewSize(size.Width-w-rw, size.Height))
}

// fillRows stacks its objects as a VBox does, each at least its minimum
// height, and shares the height left over among them equally: a small
// window scrolls through them, a tall one draws them taller.
type fillRows struct{}

func (fillRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height += pad()
		}
	}
	return s
}

func (r fillRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	extra := max(0, size.Height-r.MinSize(objs).Height) / float32(len(objs))
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height + extra
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad()
	}
}
