package gui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/reconcile"
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
			return container.NewBorder(nil, nil, nil, container.NewCenter(btn), container.NewVBox(top, match, why))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := s.queue[i]
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container).Objects
			btn := row.Objects[1].(*fyne.Container).Objects[0].(*widget.Button)
			c := it.Credit
			texts[0].(*widget.Label).SetText(strings.Join(nonEmpty(u.loc.Date(c.Date), u.money(c.Amount.Amount), c.Name, c.Reference), "  ·  "))
			match, why := texts[1].(*widget.Label), texts[2].(*widget.Label)
			if it.Proposal == nil {
				match.SetText(tr("No match: it stays here until you record it as a payment yourself."))
				match.Importance = widget.LowImportance
				why.SetText(trf("From %s", c.File))
				btn.Hide()
				return
			}
			p := it.Proposal
			match.SetText(fmt.Sprintf("→ %s · %s · %s", it.ClientName, strings.Join(it.Invoices, ", "), trf("%s confidence", tr(string(p.Confidence)))))
			match.Importance = confidenceImportance(p.Confidence)
			match.Refresh()
			why.SetText(tr(p.Reason))
			btn.Show()
			btn.OnTapped = func() { s.confirm(it) }
		})
	return list
}

func (s *bankScreen) confirmedList() fyne.CanvasObject {
	u := s.u
	if len(s.confirmed) == 0 {
		return quiet(tr("No bank credit has been confirmed as a payment yet."))
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
			row.Objects[0].(*widget.Label).SetText(strings.Join(nonEmpty(u.loc.Date(c.Date), u.money(c.Amount.Amount), c.Name, c.Reference), "  ·  "))
			row.Objects[1].(*widget.Button).OnTapped = func() { s.undo(c) }
		})
	return list
}

// confirm records one credit as the payment its proposal describes.
func (s *bankScreen) confirm(it reconcile.Item) {
	if err := reconcile.Confirm(context.Background(), s.u.store, it, tr("Transfer")); err != nil {
		s.u.showError(err)
		return
	}
	s.u.changed()
	s.load()
}

// undo puts a confirmed credit back in the queue, removing its payment.
func (s *bankScreen) undo(c sqlite.BankCredit) {
	if err := reconcile.Undo(context.Background(), s.u.store, c.ID); err != nil {
		s.u.showError(err)
		return
	}
	s.u.changed()
	s.load()
}

// confirmHigh confirms every high-confidence proposal with a progress bar.
func (s *bankScreen) confirmHigh() {
	u := s.u
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	d := dialog.NewCustomWithoutButtons(tr("Confirming payments…"), container.NewVBox(bar, widget.NewButton(tr("Cancel"), cancel)), u.win)
	d.Resize(fyne.NewSize(420, 120))
	d.Show()
	items := s.queue
	u.async(func() {
		n, err := reconcile.ConfirmHigh(ctx, u.store, items, tr("Transfer"), func(done, total int) {
			fyne.Do(func() { bar.SetValue(float64(done) / float64(total)) })
		})
		fyne.Do(func() {
			d.Hide()
			cancel()
			u.changed()
			if err != nil && ctx.Err() == nil {
				u.showError(err)
			} else {
				dialog.ShowInformation(tr("Bank reconciliation"), trf("%d credits confirmed as payments.", n), u.win)
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
			s.askBank(path)
		default:
			s.importFile(path, "")
		}
	})
}

// askBank asks which bank a CSV or spreadsheet statement is from, so its
// columns are remembered for the next one.
func (s *bankScreen) askBank(path string) {
	name := widget.NewEntry()
	name.SetPlaceHolder(tr("e.g. Santander business account"))
	items := []*widget.FormItem{widget.NewFormItem(tr("Bank"), name)}
	items[0].HintText = tr("Its columns are remembered under this name; leave it empty to decide from the file.")
	dialog.ShowForm(tr("Import statement"), tr("Import"), tr("Cancel"), items, func(ok bool) {
		if ok {
			s.importFile(path, strings.TrimSpace(name.Text))
		}
	}, s.u.win)
}

// importFile reads a statement and queues its new credits.
func (s *bankScreen) importFile(path, bankName string) {
	u := s.u
	set(s.body, busy(trf("Reading %s…", filepath.Base(path))))
	u.async(func() {
		res, err := reconcile.Import(context.Background(), u.store, path, importers.StatementOptions{Bank: bankName}, false)
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
			} else {
				msg := trf("%d credits in %s: %d new, %d already read.", res.Credits, res.File, res.Added, res.Credits-res.Added)
				if res.Bank != "" {
					msg += "\n" + trf("Its columns are saved as the mapping of bank %s.", res.Bank)
				}
				dialog.ShowInformation(tr("Import statement"), msg, u.win)
			}
			s.load()
		})
	})
}
