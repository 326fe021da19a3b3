package gui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Keyboard in dialogs, as every desktop app has it: Esc closes the dialog
// on top (or the pop-up, such as a calendar), Enter in a one-line field
// submits the form, and a dialog opens with its first field focused.
//
// Fyne hands a key to the focused widget and only to it, and its entries
// ignore Esc; so the entries of Cartera's forms are these thin types, which
// pass Esc to the window. With nothing focused, the canvas gets the key.

// escapers maps a window's canvas to what Esc does in it.
var escapers sync.Map // fyne.Canvas → func() bool

// escapeFrom closes whatever is on top of the window o is in; false when
// nothing was open.
func escapeFrom(o fyne.CanvasObject) bool {
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	c := app.Driver().CanvasForObject(o)
	if c == nil {
		return false
	}
	if f, ok := escapers.Load(c); ok {
		return f.(func() bool)()
	}
	return false
}

// bindEscape makes Esc close the top dialog or pop-up of the window.
func (u *ui) bindEscape() {
	c := u.win.Canvas()
	escapers.Store(c, u.escape)
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			u.escape()
		}
	})
}

// escape closes the top overlay: a dialog through its Cancel (so what
// waits for its answer hears "no"), a progress by cancelling its work,
// anything else by hiding it.
func (u *ui) escape() bool {
	over := u.win.Canvas().Overlays()
	top := over.Top()
	if top == nil {
		return false
	}
	if run, ok := u.escapes[top]; ok {
		run()
		return true
	}
	top.Hide() // a pop-up hides itself from the overlays; anything else is taken off
	over.Remove(top)
	return true
}

// onEscape says what Esc does while the overlay shown last is on top.
func (u *ui) onEscape(run func()) {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return
	}
	if u.escapes == nil {
		u.escapes = map[fyne.CanvasObject]func(){}
	}
	if len(u.escapes) > 64 { // forget the overlays closed long ago
		open := map[fyne.CanvasObject]bool{}
		for _, o := range u.win.Canvas().Overlays().List() {
			open[o] = true
		}
		for o := range u.escapes {
			if !open[o] {
				delete(u.escapes, o)
			}
		}
	}
	u.escapes[top] = run
}

// showDialog shows d, lets Esc cancel it, and focuses first (when not
// nil), so the user can type at once.
func (u *ui) showDialog(d dialog.Dialog, first fyne.Focusable) {
	d.Show()
	u.onEscape(d.Hide)
	if first != nil {
		u.win.Canvas().Focus(first)
	}
}

// ask asks a yes-or-no question whose yes is named by its button (Send
// 66 emails, Remove…) and whose no is Cancel, as Esc is; yes runs on yes.
func (u *ui) ask(title, message, yesText string, yes func()) {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			yes()
		}
	}, u.win)
	d.SetConfirmText(yesText)
	d.SetDismissText(tr("Cancel"))
	u.showDialog(d, nil)
}

// firstField is the first enabled field of a form, to focus when it opens.
func firstField(items []*widget.FormItem) fyne.Focusable {
	for _, it := range items {
		var found fyne.Focusable
		walkObjects(it.Widget, func(o fyne.CanvasObject) bool {
			if found != nil || !o.Visible() { // nor what is hidden, such as a promise's fields
				return false
			}
			if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
				return true
			}
			if fieldEntry(o) != nil {
				found = o.(fyne.Focusable)
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// submitOnEnter makes Enter in every one-line field of the items run
// submit, unless the field already does something with it.
func submitOnEnter(items []*widget.FormItem, submit func()) {
	for _, it := range items {
		walkObjects(it.Widget, func(o fyne.CanvasObject) bool {
			if e := fieldEntry(o); e != nil && !e.MultiLine && e.OnSubmitted == nil {
				e.OnSubmitted = func(string) { submit() }
			}
			return true
		})
	}
}

// fieldEntry is the text entry of one of Cartera's form fields, nil for
// anything else.
func fieldEntry(o fyne.CanvasObject) *widget.Entry {
	switch x := o.(type) {
	case *entry:
		return &x.Entry
	case *dateField:
		return &x.Entry
	case *selectEntry:
		return &x.Entry
	}
	return nil
}

// walkObjects visits o and the objects of the containers it holds (not
// the insides of widgets), while fn says to go on.
func walkObjects(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) {
	if o == nil || !fn(o) {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkObjects(c, fn)
		}
	case *container.Scroll:
		walkObjects(x.Content, fn)
	}
}

// entry is widget.Entry that passes Esc to the window.
type entry struct{ widget.Entry }

func newEntry() *entry {
	e := &entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

func newMultiLineEntry() *entry {
	e := newEntry()
	e.MultiLine = true
	return e
}

func newPasswordEntry() *entry {
	e := newEntry()
	e.Password = true // the entry adds its reveal button when drawn
	return e
}

func (e *entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && escapeFrom(e) {
		return
	}
	e.Entry.TypedKey(k)
}

// selectEntry is widget.SelectEntry that passes Esc to the window.
type selectEntry struct{ widget.SelectEntry }

func newSelectEntry(options []string) *selectEntry {
	e := &selectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	return e
}

func (e *selectEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && escapeFrom(e) {
		return
	}
	e.SelectEntry.TypedKey(k)
}

func (f *dateField) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && escapeFrom(f) {
		return
	}
	f.Entry.TypedKey(k)
}
