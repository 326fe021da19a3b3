package gui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cartera/app/remind"
	"cartera/data"
)

// TestScreensFitTheSmallestWindow: every screen, and a client's detail,
// fits a 1024×640 window, so switching screens never makes the window grow
// (the desktop driver enlarges a window to its content's minimum size).
func TestScreensFitTheSmallestWindow(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		u, s := dashboardOf(t, lang)
		small := fyne.NewSize(1024, 640-32) // less the menu bar the desktop draws inside the window
		u.win.Resize(small)
		check := func(what string) {
			t.Helper()
			if min := u.win.Content().MinSize(); min.Width > small.Width || min.Height > small.Height {
				t.Errorf("%s %s needs %.0f×%.0f, more than %.0f×%.0f", lang, what, min.Width, min.Height, small.Width, small.Height)
			}
		}
		for i, sc := range u.screens {
			u.goTo(i)
			check(sc.title)
		}
		u.openImport(filepath.Join("..", "..", "importers", "testdata", "spanish.xlsx"))
		check("import wizard")
		u.showWelcome()
		check("welcome")
		u.showMain()
		rows, _ := s.ListClients(context.Background(), data.ClientQuery{OverdueOnly: true, AsOf: testToday, Sort: data.SortClientOverdue, Desc: true}) // the fullest view: over its limit
		u.showClient(rows[0].ID)
		for i := range u.clientTabs.Items {
			u.clientTabs.SelectIndex(i)
			check("client " + u.clientTabs.Items[i].Text)
		}
	}
}

// TestButtonBarOverflows: buttons that do not fit go under More, in order;
// the bar never asks for more than its first button and More.
func TestButtonBarOverflows(t *testing.T) {
	test.NewTempApp(t)
	var bs []*widget.Button
	for _, s := range []string{"Log contact…", "Add promise…", "Record payment…", "Payment plan…", "Statement"} {
		bs = append(bs, widget.NewButton(s, nil))
	}
	bar := newButtonBar(bs...)
	b := bar.Layout.(*buttonBar)
	var all float32
	for _, x := range bs {
		all += x.MinSize().Width + pad()
	}
	if min := bar.MinSize().Width; min > bs[0].MinSize().Width+pad()+b.more.MinSize().Width+1 {
		t.Errorf("the bar asks for %.0f px", min)
	}
	for _, c := range []struct {
		width  float32
		hidden int
	}{{all + 10, 0}, {all - 20, 2}, {bs[0].MinSize().Width + b.more.MinSize().Width + 10, 4}} {
		bar.Resize(fyne.NewSize(c.width, 40))
		if len(b.extra) < c.hidden-1 || len(b.extra) > c.hidden || b.more.Visible() != (len(b.extra) > 0) {
			t.Errorf("at %.0f px %d buttons under More (want about %d), More shown %v", c.width, len(b.extra), c.hidden, b.more.Visible())
		}
		for i, x := range b.extra {
			if x != bs[len(bs)-len(b.extra)+i] {
				t.Errorf("at %.0f px %q went under More before the buttons after it", c.width, x.Text)
			}
		}
	}
}

// TestFillRows: rows keep their minimum in a short space and share what a
// tall one has over it.
func TestFillRows(t *testing.T) {
	a, b := canvas.NewRectangle(nil), canvas.NewRectangle(nil)
	a.SetMinSize(fyne.NewSize(10, 100))
	b.SetMinSize(fyne.NewSize(10, 50))
	c := container.New(fillRows{}, a, b)
	if h := c.MinSize().Height; h != 150+pad() {
		t.Fatalf("min height %.0f", h)
	}
	c.Resize(fyne.NewSize(300, 150+pad()))
	if a.Size().Height != 100 || b.Size().Height != 50 {
		t.Errorf("at the minimum: %.0f and %.0f", a.Size().Height, b.Size().Height)
	}
	c.Resize(fyne.NewSize(300, 350+pad()))
	if a.Size().Height != 200 || b.Size().Height != 150 || b.Position().Y != 200+pad() {
		t.Errorf("with 200 px more: %.0f at 0 and %.0f at %.0f", a.Size().Height, b.Size().Height, b.Position().Y)
	}
}

// TestDialogsFitTheSmallestWindow: the dialogs met most often fit a
// 1024×640 window in Spanish (the longer words), long forms scrolling.
func TestDialogsFitTheSmallestWindow(t *testing.T) {
	u, s := dashboardOf(t, "es")
	u.win.Resize(fyne.NewSize(1024, 640))
	ctx := context.Background()
	rows, _ := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: testToday, Sort: data.SortClientOverdue, Desc: true})
	c := rows[0].Client
	levels, _ := remind.EnsureLevels(ctx, s)
	for name, open := range map[string]func(){
		"new invoice":    func() { u.invoiceDialog(data.Invoice{}, nil) },
		"record payment": func() { u.paymentDialog(c.ID, nil) },
		"log contact":    func() { u.logContactDialog(c, data.ChannelCall, nil) },
		"edit client":    func() { u.editClientDialog(c, nil) },
		"reminder level": func() { u.levelDialog(levels[len(levels)-1]) },
		"payment plan":   func() { u.planDialog(c, nil) },
	} {
		open()
		if m := overlay(t, u).MinSize(); m.Width > 1024 || m.Height > 640 {
			t.Errorf("%s needs %.0f×%.0f", name, m.Width, m.Height)
		}
		for u.win.Canvas().Overlays().Top() != nil {
			u.escape()
		}
	}
}
