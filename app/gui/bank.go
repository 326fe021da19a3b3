package gui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/app/reconcile"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
	"cartera/importers/bank"
)

// bankScreen reconciles bank statements: it imports them, lists the
// credits waiting with what each probably pays, confirms them as payments
// (one by one or every high-confidence one at once) and undoes
// confirmations.
type bankScreen struct {
	u          *ui
	body       *fyne.Container
	queue      []reconcile.Item
	confirmed  []sqlite.BankCredit
	confirmAll *widget.Button
	tab        int // the tab shown, kept across reloads
}

func newBankScreen(u *ui) *bankScreen {
	s := &bankScreen{u: u, body: container.NewStack()}
	u.bank = s
	s.load()
	return s
}

func (s *bankScreen) content() fyne.CanvasObject {
	imp := widget.NewButtonWithIcon(tr("Import statement…"), theme.FolderOpenIcon(), s.chooseFile)
	s.confirmAll = widget.NewButtonWithIcon("", theme.ConfirmIcon(), s.confirmHigh)
	s.confirmAll.Importance = widget.HighImportance
	s.updateConfirmAll()
	title := heading(tr("Bank reconciliation"), tr("Credits from your bank statements, and the invoices they probably pay."))
	return container.NewBorder(container.NewPadded(container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(imp, s.confirmAll)), title)),
		nil, nil, nil, s.body)
}

// load reads the queue with its proposals, and the confirmed credits.
func (s *bankScreen) load() {
	u := s.u
	set(s.body, busy(tr("Matching the credits to open invoices…")))
	u.async(func() {
		ctx := context.Background()
		q, err := reconcile.Queue(ctx, u.store)
		var done []sqlite.BankCredit
		if err == nil {
			done, err = reconcile.Confirmed(ctx, u.store)
		}
		fyne.Do(func() {
			if err != nil {
				set(s.body, errorText(err))
				return
			}
			s.queue, s.confirmed = q, done
			s.show()
		})
	})
}

func (s *bankScreen) high() int {
	n := 0
	for _, it := range s.queue {
		if it.Proposal != nil && it.Proposal.Confidence == bank.High {
			n++
		}
	}
	return n
}

func (s *bankScreen) updateConfirmAll() {
	if s.confirmAll == nil {
		return
	}
	n := s.high()
	s.confirmAll.SetText(trf("Confirm all high (%d)", n))
	if n == 0 {
		s.confirmAll.Disable()
	} else {
		s.confirmAll.Enable()
	}
}

func (s *bankScreen) show() {
	s.updateConfirmAll()
	tabs := container.NewAppTabs(
		container.NewTabItem(trf("To match (%d)", len(s.queue)), s.queueList()),
		container.NewTabItem(trf("Confirmed (%d)", len(s.confirmed)), s.confirmedList()),
	)
	tabs.SelectIndex(s.tab)
	tabs.OnSelected = func(*container.TabItem) { s.tab = tabs.SelectedIndex() }
	set(s.body, tabs)
}

// confidenceImportance colours a proposal by how sure it is.
func confidenceImportance(c bank.Confidence) widget.Importance {
	switch c {
	case bank.High:
		return widget.SuccessImportance
	case bank.Medium:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

func (s *bankScreen) queueList() fyne.CanvasObject {
	u := s.u
	if len(s.queue) == 0 {
		return quiet(tr("No credits are waiting. Import a bank statement (camt.053, OFX or CSV) to match its credits to open invoices."))
	}
	list := widget.NewList(func() int { return len(s.queue) },
		func() fyne.CanvasObject {
			top := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			top.Truncation = fyne.TextTruncateEllipsis
			match := widget.NewLabel("")
			match.Truncation = fyne.TextTruncateEllipsis
			why := widget.NewLabel("")
			why.Truncation = fyne.TextTruncateEllipsis
			why.Importance = widget.LowImportance
			btn := widget.NewButtonWithIcon(tr("Confirm"), theme.ConfirmIcon(), nil)
			more := widget.NewButtonWithIcon("", theme.MoreVerticalIcon(), nil)
			return container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(btn, more)), container.NewVBox(top, match, why))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := s.queue[i]
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container).Objects
			buttons := row.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects
			btn, more := buttons[0].(*widget.Button), buttons[1].(*widget.Button)
			more.OnTapped = func() { s.moreMenu(it, more) }
			c := it.Credit
			texts[0].(*widget.Label).SetText(u.creditLine(c))
			match, why := texts[1].(*widget.Label), texts[2].(*widget.Label)
			if it.Proposal == nil {
				match.Importance = widget.LowImportance // before the text, which redraws it
				match.SetText(tr("No match: use the button on the right to assign it to a client or set it aside."))
				why.SetText(trf("From %s", c.File))
				btn.Hide()
				return
			}
			p := it.Proposal
			match.Importance = confidenceImportance(p.Confidence)
			match.SetText(fmt.Sprintf("→ %s · %s · %s", it.ClientName, strings.Join(it.Invoices, ", "), trf("%s confidence", tr(string(p.Confidence)))))
			why.SetText(tr(p.Reason))
			btn.Show()
			btn.OnTapped = func() { s.confirm(it) }
		})
	return list
}

func (s *bankScreen) confirmedList() fyne.CanvasObject {
	u := s.u
	if len(s.confirmed) == 0 {
		return quiet(tr("No bank credit has been confirmed as a payment or set aside yet."))
	}
	list := widget.NewList(func() int { return len(s.confirmed) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon(tr("Undo"), theme.ContentUndoIcon(), nil), l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := s.confirmed[i]
			row := o.(*fyne.Container)
			line := u.creditLine(c)
			switch {
			case !c.Dismissed.IsZero():
				line += "  ·  " + tr("not a client payment")
			case len(c.Invoices) > 0:
				line += "  ·  " + trf("%s paid %s", c.ClientName, strings.Join(c.Invoices, ", "))
			case c.ClientName != "":
				line += "  ·  " + trf("on the account of %s", c.ClientName)
			}
			row.Objects[0].(*widget.Label).SetText(line)
			row.Objects[1].(*widget.Button).OnTapped = func() { s.undo(c) }
		})
	return list
}

// moreMenu offers what else can be done with a queued credit: say which
// client paid it, or set it aside as not a client's payment.
func (s *bankScreen) moreMenu(it reconcile.Item, from fyne.CanvasObject) {
	u := s.u
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(tr("Assign to a client…"), func() { s.assignDialog(it) }),
		fyne.NewMenuItem(tr("Not a client payment"), func() { s.apply(reconcile.Dismiss(context.Background(), u.store, it.Credit.ID)) }))
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(from)
	widget.ShowPopUpMenuAtPosition(menu, u.win.Canvas(), pos.Add(fyne.NewPos(0, from.Size().Height)))
}

// assignDialog asks which client a credit came from, shows what it would
// pay, and records it.
func (s *bankScreen) assignDialog(it reconcile.Item) {
	u := s.u
	ctx := context.Background()
	outcome := widget.NewLabel("")
	outcome.Wrapping = fyne.TextWrapWord
	var chosen reconcile.Item
	var d *dialog.ConfirmDialog
	pick := u.newClientPicker(func(c data.Client) {
		var err error
		if chosen, err = reconcile.Assign(ctx, u.store, it, c.ID); err != nil {
			outcome.SetText(i18n.Error(lang, err))
			return
		}
		if len(chosen.Invoices) == 0 {
			outcome.SetText(trf("%s stays on the account of %s.", u.money(it.Credit.Amount.Amount), chosen.ClientName))
		} else {
			outcome.SetText(trf("Pays %s.", strings.Join(chosen.Invoices, ", ")))
		}
	})
	pick.OnChanged = func(text string) { chosen = reconcile.Item{}; outcome.SetText(""); pick.typed(text) }
	content := container.NewVBox(widget.NewLabel(u.creditLine(it.Credit)), pick.view(), outcome)
	d = dialog.NewCustomConfirm(tr("Assign to a client"), tr("Confirm"), tr("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		if chosen.Proposal == nil {
			_, err := pick.Client() // a name typed that matches one client is enough
			if err == nil && chosen.Proposal == nil {
				err = data.Errorf(data.EINVALID, "Choose the client from the list.")
			}
			if err != nil {
				u.showDialog(d, pick.selectEntry)
				u.showError(err)
				return
			}
		}
		s.confirm(chosen)
	}, u.win)
	pick.selectEntry.OnSubmitted = func(string) { d.Confirm() }
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	u.showDialog(d, pick.selectEntry)
}

// creditLine is a bank credit in one line: day, amount, payer, reference.
func (u *ui) creditLine(c sqlite.BankCredit) string {
	return strings.Join(nonEmpty(u.loc.Date(c.Date), u.money(c.Amount.Amount), c.Name, c.Reference), "  ·  ")
}

// confirm records one credit as the payment its proposal describes.
func (s *bankScreen) confirm(it reconcile.Item) {
	s.apply(reconcile.Confirm(context.Background(), s.u.store, it, data.MethodTransfer))
}

// undo puts a confirmed credit back in the queue, removing its payment.
func (s *bankScreen) undo(c sqlite.BankCredit) {
	_, err := reconcile.Undo(context.Background(), s.u.store, c.ID)
	s.apply(err)
}

// apply shows what a change to the queue did: its error, or the data again.
func (s *bankScreen) apply(err error) {
	if err != nil {
		s.u.showError(err)
		return
	}
	s.u.changed()
	s.load()
}

// confirmHigh confirms every high-confidence proposal with a progress bar.
func (s *bankScreen) confirmHigh() {
	u := s.u
	p := u.startProgress(tr("Confirming payments…"))
	items := s.queue
	u.async(func() {
		n, err := reconcile.ConfirmHigh(p.ctx, u.store, items, data.MethodTransfer, p.report)
		fyne.Do(func() {
			cancelled := p.ctx.Err() != nil
			p.end()
			u.changed()
			if err != nil && !cancelled {
				u.showError(err)
			} else {
				dialog.ShowInformation(tr("Bank reconciliation"), trf(i18n.Plural(n, "%d credit confirmed as a payment.", "%d credits confirmed as payments."), n), u.win)
			}
			s.load()
		})
	})
}

// chooseFile asks for a statement file, then reads it: a CSV or
// spreadsheet after asking which bank it is from.
func (s *bankScreen) chooseFile() {
	u := s.u
	u.pickFile([]string{".xml", ".ofx", ".qfx", ".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}, u.app.Preferences().String(prefBankDir), func(path string) {
		u.app.Preferences().SetString(prefBankDir, filepath.Dir(path))
		switch strings.ToLower(filepath.Ext(path)) {
		case ".csv", ".txt", ".tsv", ".xlsx", ".xlsm":
			s.chooseColumns(path)
		default:
			s.importFile(path, "", nil)
		}
	})
}

// chooseColumns shows how a CSV or spreadsheet statement's columns are
// read — the bank's saved mapping, or the automatic one — with its first
// rows, and lets each column be changed and the bank named before
// importing. A file Cartera cannot read by itself opens here too.
func (s *bankScreen) chooseColumns(path string) {
	u := s.u
	set(s.body, busy(trf("Reading %s…", filepath.Base(path))))
	u.async(func() {
		st, credits, err := reconcile.Preview(context.Background(), u.store, path, importers.StatementOptions{})
		fyne.Do(func() {
			s.show()
			if st == nil || len(st.Columns) == 0 {
				if err == nil {
					err = data.Errorf(data.EINVALID, "%s has no rows.", filepath.Base(path))
				}
				u.showError(err)
				return
			}
			s.columnsDialog(path, st, len(credits), err)
		})
	})
}

func (s *bankScreen) columnsDialog(path string, st *importers.Statement, credits int, readErr error) {
	u := s.u
	labels := []string{tr(importers.Ignore.Label())}
	for _, f := range importers.StatementFields {
		labels = append(labels, tr(f.Label()))
	}
	fieldOf := func(i int) importers.Field {
		if i <= 0 {
			return importers.Ignore
		}
		return importers.StatementFields[i-1]
	}
	grid := container.New(layout.NewFormLayout())
	selects := make([]*widget.Select, len(st.Columns))
	for i, c := range st.Columns {
		sel := widget.NewSelect(labels, nil)
		sel.SetSelectedIndex(max(0, slices.Index(importers.StatementFields, c.Field)+1))
		selects[i] = sel
		var samples []string
		for _, r := range st.Sample {
			if i < len(r) && strings.TrimSpace(r[i]) != "" && len(samples) < 3 {
				samples = append(samples, strings.TrimSpace(r[i]))
			}
		}
		example := widget.NewLabel(strings.Join(samples, "  ·  "))
		example.Importance = widget.LowImportance
		example.Truncation = fyne.TextTruncateEllipsis
		header := widget.NewLabelWithStyle(c.Header, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		grid.Add(header)
		grid.Add(container.NewBorder(nil, nil, sel, nil, example))
	}
	name := newEntry()
	name.SetText(st.Bank)
	name.SetPlaceHolder(tr("e.g. Santander business account"))
	state := widget.NewLabel(trf(i18n.Plural(credits, "%d credit found with these columns.", "%d credits found with these columns."), credits))
	if readErr != nil {
		state.SetText("⚠ " + i18n.Error(lang, readErr) + " " + tr("Choose what each column holds."))
		state.Importance = widget.WarningImportance
	}
	state.Wrapping = fyne.TextWrapWord
	bankRow := container.NewBorder(nil, nil, widget.NewLabelWithStyle(tr("Bank"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, name)
	hint := widget.NewLabel(tr("Its columns are remembered under this name; leave it empty to decide from the file."))
	hint.Importance = widget.LowImportance
	hint.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(grid)
	scroll.SetMinSize(fyne.NewSize(640, min(grid.MinSize().Height, 320)))
	content := container.NewBorder(container.NewVBox(state, bankRow, hint, widget.NewSeparator()), nil, nil, nil, scroll)
	dialog.ShowCustomConfirm(trf("Columns of %s", filepath.Base(path)), tr("Import"), tr("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		mapping := make([]importers.Field, len(selects))
		for i, sel := range selects {
			mapping[i] = fieldOf(sel.SelectedIndex())
		}
		s.importFile(path, strings.TrimSpace(name.Text), mapping)
	}, u.win)
}

// importFile reads a statement and queues its new credits; mapping, when
// set, says what each column of a CSV or spreadsheet holds.
func (s *bankScreen) importFile(path, bankName string, mapping []importers.Field) {
	u := s.u
	set(s.body, busy(trf("Reading %s…", filepath.Base(path))))
	u.async(func() {
		res, err := reconcile.Import(context.Background(), u.store, path, importers.StatementOptions{Bank: bankName, Mapping: mapping}, false)
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
			} else {
				msg := trf(i18n.Plural(res.Credits, "%d credit in %s: %d new, %d already read.", "%d credits in %s: %d new, %d already read."), res.Credits, res.File, res.Added, res.Credits-res.Added)
				if res.Bank != "" {
					msg += "\n" + trf("Its columns are saved as the mapping of bank %s.", res.Bank)
				}
				dialog.ShowInformation(tr("Import statement"), msg, u.win)
			}
			s.load()
		})
	})
}
