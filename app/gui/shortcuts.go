package gui

import (
	"cartera/app/i18n"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"cartera/data"
)

// shortcut is Ctrl (Cmd on macOS) with key, plus Shift when shift is set.
func shortcut(key fyne.KeyName, shift bool) *desktop.CustomShortcut {
	m := fyne.KeyModifierShortcutDefault
	if shift {
		m |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: key, Modifier: m}
}

// command is something the keyboard and the menus both reach.
type command struct {
	label string // English; translated when shown
	key   *desktop.CustomShortcut
	run   func()
}

// commands are the app's keyboard shortcuts: switch screens, search, new
// invoice, record payment, import.
func (u *ui) commands() []command {
	cmds := []command{
		{i18n.N("Find"), shortcut(fyne.KeyF, false), u.focusSearch},
		{i18n.N("New invoice…"), shortcut(fyne.KeyN, false), func() { u.invoiceDialog(data.Invoice{ClientID: u.viewing}, u.refreshView) }},
		{i18n.N("Record payment…"), shortcut(fyne.KeyP, true), func() { u.paymentDialog(u.viewing, u.refreshView) }},
		{i18n.N("Import spreadsheet…"), shortcut(fyne.KeyI, false), u.importDialog},
	}
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8}
	for i, sc := range u.screens {
		i := i
		cmds = append(cmds, command{sc.title, shortcut(keys[i], false), func() { u.goTo(i) }})
	}
	return cmds
}

// bindShortcuts registers the commands on the window while a company is open.
func (u *ui) bindShortcuts() {
	c := u.win.Canvas()
	for _, cmd := range u.commands() {
		run := cmd.run
		c.AddShortcut(cmd.key, func(fyne.Shortcut) {
			if u.store != nil {
				run()
			}
		})
	}
}

// focusSearch puts the cursor in the current list's search box.
func (u *ui) focusSearch() {
	if u.current >= len(u.screens) || u.viewing != 0 {
		return
	}
	if e := u.screens[u.current].search; e != nil {
		u.win.Canvas().Focus(e)
	}
}

// refreshView shows the current client again after a change; screens are
// refreshed by changed.
func (u *ui) refreshView() {
	if u.viewing != 0 {
		u.showClient(u.viewing)
	}
}

// goMenu lists the screens and actions with their shortcuts.
func (u *ui) goMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for k, cmd := range u.commands() {
		if k == 4 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		it := fyne.NewMenuItem(tr(cmd.label), cmd.run)
		it.Shortcut = cmd.key
		it.Disabled = u.store == nil
		items = append(items, it)
	}
	return fyne.NewMenu(tr("Go"), items...)
}
