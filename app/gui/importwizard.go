package gui

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/backup"
	"cartera/app/i18n"
	"cartera/data"
	"cartera/importers"
)

// The import wizard: pick a file → pick the sheet and check the columns →
// see what a dry run would do → import with a progress bar → result. It
// takes the place of the current screen; Cancel or Done goes back to it.

// importDialog asks for a spreadsheet and starts the wizard on it.
func (u *ui) importDialog() {
	if u.store == nil {
		return
	}
	u.pickFile([]string{".xlsx", ".xlsm", ".csv", ".txt", ".tsv", ".xls", ".ods"},
		u.app.Preferences().String(prefImportDir), u.startImport)
}

// importWizard is one import in progress.
type importWizard struct {
	u      *ui
	book   *importers.Book
	opts   importers.Options
	layout importers.Layout
	result importers.Result
	body   *fyne.Container
}

// startImport opens path and shows its preview, asking first when the
// same file was imported before.
func (u *ui) startImport(path string) {
	if hash, err := backup.Hash(path); err == nil {
		if prev, seen, _ := backup.ImportedBefore(context.Background(), u.store, hash); seen {
			dialog.ShowConfirm(tr("Import again?"), trf("This file was already imported on %s (%s). Import it again?",
				u.loc.Date(data.DateOf(prev.At)), prev.File), func(ok bool) {
				if ok {
					u.openImport(path)
				}
			}, u.win)
			return
		}
	}
	u.openImport(path)
}

func (u *ui) openImport(path string) {
	u.async(func() {
		book, err := importers.Open(path)
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.app.Preferences().SetString(prefImportDir, filepath.Dir(path))
			w := &importWizard{u: u, book: book, body: container.NewStack()}
			u.setContent(w.body)
			w.inspect()
		})
	})
}

// close ends the wizard and goes back to the screen it replaced.
func (w *importWizard) close() {
	w.book.Close()
	w.u.back()
}

func (w *importWizard) show(o fyne.CanvasObject) {
	w.body.Objects = []fyne.CanvasObject{o}
	w.body.Refresh()
}

// inspect reads the start of the sheet with the current options and shows
// the preview.
func (w *importWizard) inspect() {
	w.u.async(func() {
		l, err := importers.Inspect(context.Background(), w.u.store, w.book, w.opts)
		fyne.Do(func() {
			w.layout = l
			w.show(w.preview(err))
		})
	})
}

func title(s string) *canvas.Text {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.TextSize() * 1.3
	t.TextStyle.Bold = true
	return t
}

var dateOrders = []struct {
	order importers.DateOrder
	label string
}{{"", i18n.N("Dates: automatic")}, {importers.DMY, "DD/MM/YYYY"}, {importers.MDY, "MM/DD/YYYY"}, {importers.YMD, "YYYY-MM-DD"}}

var kinds = []importers.Kind{importers.KindInvoices, importers.KindPayments, importers.KindClients}

// preview shows the sheet, kind and date order choices, each column with
// its field in a dropdown over the first rows, and what Cartera noticed.
func (w *importWizard) preview(inspectErr error) fyne.CanvasObject {
	l := w.layout
	var controls []fyne.CanvasObject
	if len(w.book.Sheets) > 1 {
		sheet := widget.NewSelect(w.book.Sheets, nil)
		sheet.SetSelected(l.Sheet)
		sheet.OnChanged = func(s string) {
			w.opts.Sheet, w.opts.Mapping = s, nil
			w.inspect()
		}
		controls = append(controls, widget.NewLabel(tr("Sheet")), sheet)
	}
	var kindLabels []string
	for _, k := range kinds {
		kindLabels = append(kindLabels, trf("File of %s", tr(string(k))))
	}
	kind := widget.NewSelect(kindLabels, nil)
	for i, k := range kinds {
		if k == l.Kind {
			kind.SetSelectedIndex(i)
		}
	}
	kind.OnChanged = func(string) {
		w.opts.Kind = kinds[kind.SelectedIndex()]
		w.inspect()
	}
	var orderLabels []string
	for _, o := range dateOrders {
		orderLabels = append(orderLabels, tr(o.label))
	}
	order := widget.NewSelect(orderLabels, nil)
	for i, o := range dateOrders {
		if o.order == w.opts.DateOrder {
			order.SetSelectedIndex(i)
		}
	}
	order.OnChanged = func(string) {
		w.opts.DateOrder = dateOrders[order.SelectedIndex()].order
		w.inspect()
	}
	wide := func(o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(230, o.MinSize().Height), o)
	}
	controls = append(controls, wide(kind), wide(order))

	info := widget.NewLabel("")
	switch {
	case inspectErr != nil:
		info.SetText(i18n.Error(lang, inspectErr))
		info.Importance = widget.DangerImportance
	case l.MappingName != "":
		info.SetText(trf("Header on row %d. Columns mapped with the saved mapping %q; change any that are wrong.", l.HeaderRow, l.MappingName))
	default:
		info.SetText(trf("Header on row %d. Cartera mapped the columns from their names; change any that are wrong.", l.HeaderRow))
	}
	info.Wrapping = fyne.TextWrapWord
	notes := container.NewVBox(info)
	for _, n := range l.Notes {
		lb := widget.NewLabel(i18n.Error(lang, n))
		lb.Wrapping, lb.Importance = fyne.TextWrapWord, widget.WarningImportance
		notes.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, lb))
	}

	check := widget.NewButtonWithIcon(tr("Check the file"), theme.ConfirmIcon(), w.dryRun)
	check.Importance = widget.HighImportance
	if inspectErr != nil && len(l.Columns) == 0 {
		check.Disable()
	}
	buttons := container.NewHBox(widget.NewButton(tr("Cancel"), w.close), check)
	top := container.NewVBox(title(trf("Import %s", filepath.Base(w.book.Path))),
		container.NewHBox(controls...), notes)
	return container.NewBorder(container.NewPadded(top), container.NewPadded(container.NewBorder(nil, nil, nil, buttons)),
		nil, nil, container.NewScroll(w.columns()))
}

// columns draws each column: its field dropdown, its header and sample values.
func (w *importWizard) columns() fyne.CanvasObject {
	l := w.layout
	labels := []string{tr(importers.Ignore.Label())}
	for _, f := range importers.Fields {
		labels = append(labels, tr(f.Label()))
	}
	row := container.NewHBox()
	for i, c := range l.Columns {
		i := i
		pick := widget.NewSelect(labels, nil)
		pick.SetSelectedIndex(fieldIndex(c.Field))
		pick.OnChanged = func(string) {
			fields := l.Fields()
			if k := pick.SelectedIndex(); k > 0 {
				fields[i] = importers.Fields[k-1]
			} else {
				fields[i] = importers.Ignore
			}
			w.opts.Mapping = fields
			w.inspect()
		}
		head := widget.NewLabelWithStyle(c.Header, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Truncation = fyne.TextTruncateEllipsis
		how := widget.NewLabel(" ") // a date column's order; "?" when the locale chose it
		how.Importance = widget.LowImportance
		if c.DateOrder != "" {
			how.SetText(dateOrderLabel(c.DateOrder))
			if c.Guessed {
				how.SetText(how.Text + " ?")
				how.Importance = widget.WarningImportance
			}
		}
		col := container.NewVBox(pick, head, how, widget.NewSeparator())
		for r, cells := range l.Sample {
			if r >= 12 {
				break
			}
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			lb := widget.NewLabel(v)
			lb.Truncation = fyne.TextTruncateEllipsis
			if c.Field == importers.Ignore {
				lb.Importance = widget.LowImportance
			}
			col.Add(lb)
		}
		row.Add(container.NewGridWrap(fyne.NewSize(175, col.MinSize().Height), col))
	}
	return row
}

func dateOrderLabel(o importers.DateOrder) string {
	for _, d := range dateOrders {
		if d.order == o {
			return d.label
		}
	}
	return string(o)
}

func fieldIndex(f importers.Field) int {
	for i, g := range importers.Fields {
		if g == f {
			return i + 1
		}
	}
	return 0
}

// run imports (or dry-runs) the file off the UI goroutine behind a progress
// bar with Cancel, then calls done on the UI goroutine.
func (w *importWizard) run(dry bool, done func(importers.Result, error)) {
	rows := widget.NewLabel("")
	heading := tr("Checking the file…")
	if !dry {
		heading = tr("Importing…")
	}
	p := w.u.startProgress(heading, rows)
	bar := p.bar
	opts := w.opts
	opts.Mapping = w.layout.Fields()
	opts.Kind = w.layout.Kind
	opts.Sheet = w.layout.Sheet
	opts.DryRun = dry
	total := w.result.Rows
	opts.Progress = func(p importers.Progress) {
		fyne.Do(func() {
			switch {
			case total > 0:
				bar.SetValue(float64(p.Rows) / float64(total))
			case p.Fraction >= 0:
				bar.SetValue(p.Fraction)
			}
			rows.SetText(trf("%s rows", w.u.loc.Int(int64(p.Rows))))
		})
	}
	w.u.async(func() {
		// A real import takes a backup first and goes in the import history.
		res, err := backup.Import(p.ctx, w.u.store, w.book.Path, w.book, opts, w.u.clock.Now())
		fyne.Do(func() {
			p.end()
			done(res, err)
		})
	})
}

func (w *importWizard) dryRun() {
	w.run(true, func(res importers.Result, err error) {
		if err != nil {
			w.u.showError(err)
			return
		}
		w.result = res
		w.show(w.summary())
	})
}

// countTile is a big number under its caption.
func countTile(n int, caption string, danger bool) fyne.CanvasObject {
	num := canvas.NewText(fmt.Sprint(n), theme.Color(theme.ColorNameForeground))
	if danger && n > 0 {
		num.Color = theme.Color(theme.ColorNameError)
	}
	num.TextSize = theme.TextSize() * 2
	num.TextStyle.Bold = true
	return tile(caption, num)
}

// summary shows what the dry run found: counts, rejected rows with their
// reasons, and the choice to skip them.
func (w *importWizard) summary() fyne.CanvasObject {
	r := w.result
	tiles := container.NewGridWithColumns(4,
		countTile(r.Added, tr("to add"), false),
		countTile(r.Updated, tr("to update"), false),
		countTile(r.Unchanged, tr("unchanged"), false),
		countTile(r.Rejected, tr("with errors"), true))
	facts := container.NewVBox(widget.NewLabel(trf("%s rows read. New clients: %d. Payments to record: %d.",
		w.u.loc.Int(int64(r.Rows)), r.ClientsAdded, r.PaymentsAdded)))
	if r.CreditNotesAdded > 0 || r.RefundsAdded > 0 {
		facts.Add(widget.NewLabel(trf("Credit notes to record: %d. Refunds to record: %d.", r.CreditNotesAdded, r.RefundsAdded)))
	}
	if r.UndatedPayments > 0 {
		facts.Add(warning(trf(i18n.Plural(r.UndatedPayments, "%d payment has no date in the file; it will be dated today.", "%d payments have no date in the file; they will be dated today."), r.UndatedPayments)))
	}
	for _, n := range r.Notes {
		facts.Add(warning(i18n.Error(lang, n)))
	}
	var lines []string
	for _, e := range r.Errors {
		lines = append(lines, i18n.RowError(lang, e.Row, e.Column, e.Err))
	}
	if r.Rejected > len(r.Errors) {
		lines = append(lines, trf("… and %d more.", r.Rejected-len(r.Errors)))
	}
	for _, e := range r.Warnings {
		lines = append(lines, "⚠ "+i18n.RowError(lang, e.Row, e.Column, e.Err))
	}
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i]) })

	importBtn := widget.NewButtonWithIcon(tr("Import"), theme.DownloadIcon(), w.commit)
	importBtn.Importance = widget.HighImportance
	skip := widget.NewCheck(tr("Leave out the rows with errors and import the rest"), func(on bool) {
		w.opts.SkipBadRows = on
		if on || r.Rejected == 0 {
			importBtn.Enable()
		} else {
			importBtn.Disable()
		}
	})
	skip.SetChecked(w.opts.SkipBadRows)
	status := widget.NewLabel("")
	switch {
	case r.Rejected > 0 && !w.opts.SkipBadRows:
		importBtn.Disable()
		status.SetText(tr("Rows with errors stop the import: correct them in the file, or leave them out."))
	case r.Added+r.Updated == 0:
		importBtn.Disable()
		status.SetText(tr("Nothing new: everything in this file is already in Cartera."))
	}
	status.Wrapping = fyne.TextWrapWord
	if r.Rejected == 0 {
		skip.Hide()
	}
	back := widget.NewButton(tr("Back"), func() { w.show(w.preview(nil)) })
	buttons := container.NewHBox(widget.NewButton(tr("Cancel"), w.close), back, importBtn)
	top := container.NewVBox(title(trf("Import %s", filepath.Base(w.book.Path))), tiles, facts)
	bottom := container.NewVBox(skip, container.NewBorder(nil, nil, nil, buttons, status))
	return container.NewBorder(container.NewPadded(top), container.NewPadded(bottom), nil, nil, list)
}

func warning(s string) fyne.CanvasObject {
	lb := widget.NewLabel(s)
	lb.Wrapping, lb.Importance = fyne.TextWrapWord, widget.WarningImportance
	return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, lb)
}

// commit imports for real, then shows the result and refreshes the lists.
func (w *importWizard) commit() {
	w.run(false, func(res importers.Result, err error) {
		if err != nil {
			w.u.showError(err)
			return
		}
		w.result = res
		w.u.changed() // the lists and analytics show the new rows when next shown
		w.show(w.done())
	})
}

// done tells what was imported and offers the next steps.
func (w *importWizard) done() fyne.CanvasObject {
	r := w.result
	msg := trf("Imported: %d added, %d updated, %d unchanged. New clients: %d. Payments recorded: %d.",
		r.Added, r.Updated, r.Unchanged, r.ClientsAdded, r.PaymentsAdded)
	if r.CreditNotesAdded > 0 || r.RefundsAdded > 0 {
		msg += " " + trf("Credit notes recorded: %d. Refunds recorded: %d.", r.CreditNotesAdded, r.RefundsAdded)
	}
	if r.Rejected > 0 {
		msg += " " + trf(i18n.Plural(r.Rejected, "%d row with errors was left out.", "%d rows with errors were left out."), r.Rejected)
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	saved := widget.NewLabel(trf("The column mapping was saved as %q and will be used for files with the same columns.", r.SavedMapping))
	saved.Wrapping = fyne.TextWrapWord
	showInvoices := widget.NewButtonWithIcon(tr("Show the invoices"), theme.DocumentIcon(), func() {
		w.book.Close()
		w.u.goTo(screenInvoices)
	})
	showInvoices.Importance = widget.HighImportance
	another := widget.NewButton(tr("Import another file"), func() {
		w.book.Close()
		w.u.importDialog()
	})
	return container.NewPadded(container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ConfirmIcon()), title(trf("%s imported", filepath.Base(w.book.Path)))),
		text, saved, container.NewHBox(showInvoices, another, widget.NewButton(tr("Done"), w.close))))
}
