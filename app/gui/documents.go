package gui

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/docs"
	"cartera/app/i18n"
	"cartera/app/paths"
	"cartera/app/remind"
	"cartera/data"
	"cartera/reports"
)

// docsDir is where single statements and letters are written: a
// Documents folder beside the company files.
func (u *ui) docsDir() (string, error) {
	dir, err := paths.DataDir()
	if err != nil {
		return "", err
	}
	dir = filepath.Join(dir, "Documents")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", data.Errorf(data.EINVALID, "Could not create the folder %s.", dir)
	}
	return dir, nil
}

// openFile shows a written document with the system's viewer.
func (u *ui) openDocument(path string) {
	u.lastDoc = path
	link, err := url.Parse(storage.NewFileURI(path).String())
	if err == nil {
		err = u.app.OpenURL(link)
	}
	if err != nil {
		dialog.ShowInformation(tr("Written"), trf("The document is in %s.", path), u.win)
	}
}

// writeDocument makes a document off the UI goroutine, writes it to path
// and opens it.
func (u *ui) writeDocument(path string, make func(ctx context.Context, buf *bytes.Buffer) error) {
	u.async(func() {
		var buf bytes.Buffer
		err := make(context.Background(), &buf)
		if err == nil {
			// Cartera's own documents folder: today's document replaces today's.
			err = paths.WriteFile(path, buf.Bytes(), u.docsOutput(true))
		}
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.openDocument(path)
		})
	})
}

// statement writes a client's statement of account as of today (with the
// activity since from, when set) and opens it.
func (u *ui) statement(c data.Client, from data.Date) {
	dir, err := u.docsDir()
	if err != nil {
		u.showError(err)
		return
	}
	path := filepath.Join(dir, docs.FileName(tr("Statement"), c))
	today := data.Today(u.clock)
	u.writeDocument(path, func(ctx context.Context, buf *bytes.Buffer) error {
		sts, err := docs.Statements(ctx, u.store, u.company, today, from, c.Code)
		if err != nil {
			return err
		}
		return reports.StatementPDF(buf, u.clock.Now(), sts...)
	})
}

// letterDialog asks which reminder letter to write to a client.
func (u *ui) letterDialog(c data.Client) {
	levels := []string{tr("Payment reminder"), tr("Second notice"), tr("Final notice")}
	pick := widget.NewRadioGroup(levels, nil)
	pick.SetSelected(levels[0])
	dialog.ShowCustomConfirm(tr("Reminder letter"), tr("Write"), tr("Cancel"), pick, func(ok bool) {
		if !ok {
			return
		}
		u.letter(c, max(1, indexOf(levels, pick.Selected)+1))
	}, u.win)
}

func (u *ui) letter(c data.Client, level int) {
	dir, err := u.docsDir()
	if err != nil {
		u.showError(err)
		return
	}
	path := filepath.Join(dir, docs.FileName(trf("Letter %d", level), c))
	today := data.Today(u.clock)
	u.writeDocument(path, func(ctx context.Context, buf *bytes.Buffer) error {
		return docs.Letter(ctx, buf, u.store, u.company, c.Code, level, today, u.clock.Now())
	})
}

// exportTo asks where to save an export (an .xlsx, or the aging report as
// a .pdf) and writes it.
func (u *ui) exportTo(what string, pdf bool, day data.Date) {
	name := docs.ExportName(what, day)
	if pdf {
		name = name[:len(name)-len(".xlsx")] + ".pdf"
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		u.saveExport(what, pdf, day, path)
	}, u.win)
	d.SetFileName(name)
	if dir, err := u.docsDir(); err == nil {
		startIn(d, dir)
	}
	u.showDialog(d, nil)
}

// saveExport writes an export to path and opens it.
func (u *ui) saveExport(what string, pdf bool, day data.Date, path string) {
	u.writeDocument(path, func(ctx context.Context, buf *bytes.Buffer) error {
		if pdf {
			return docs.AgingPDF(ctx, buf, u.store, u.company, lang, day, u.clock.Now())
		}
		return docs.Export(ctx, buf, u.store, u.company, what, lang, day)
	})
}

// exportMenu is a button offering the exports of a screen.
func (u *ui) exportButton(items ...*fyne.MenuItem) *widget.Button {
	var b *widget.Button
	b = widget.NewButtonWithIcon(tr("Export…"), theme.DownloadIcon(), func() {
		c := fyne.CurrentApp().Driver().CanvasForObject(b)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height))
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
	})
	return b
}

// statementsDialog writes the statements of every client owing something,
// into a folder or one combined PDF, with a progress bar and Cancel.
func (u *ui) statementsDialog() {
	folder, combined := tr("One PDF per client, in a folder"), tr("All in one PDF")
	how := widget.NewRadioGroup([]string{folder, combined}, nil)
	how.SetSelected(folder)
	dialog.ShowCustomConfirm(tr("Statements of account"), tr("Choose where…"), tr("Cancel"),
		container.NewVBox(widget.NewLabel(tr("Statements as of today for every client who owes something.")), how), func(ok bool) {
			if !ok {
				return
			}
			if how.Selected == combined {
				d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
					if err != nil || w == nil {
						return
					}
					path := w.URI().Path()
					w.Close()
					u.runStatements("", path, true)
				}, u.win)
				d.SetFileName(docs.FileName(tr("Statements"), data.Client{Code: data.Today(u.clock).String()}))
				u.showDialog(d, nil)
				return
			}
			d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
				if err != nil || dir == nil {
					return
				}
				u.runStatements(dir.Path(), "", false)
			}, u.win)
			u.showDialog(d, nil)
		}, u.win)
}

// runStatements writes the batch into dir (or the combined file) with a
// progress bar and Cancel, then says what it wrote and opens it.
func (u *ui) runStatements(dir, combined string, replace bool) {
	status := widget.NewLabel(tr("Working out who owes what…"))
	p := u.startProgress(tr("Writing statements…"), status)
	ctx := p.ctx
	today := data.Today(u.clock)
	u.async(func() {
		progress := func(done, total int) {
			p.report(done, total)
			fyne.Do(func() { status.SetText(trf("%d of %d statements", done, total)) })
		}
		sts, err := docs.Statements(ctx, u.store, u.company, today, data.Date{})
		n, target := 0, combined
		if err == nil && combined != "" {
			// the save dialog asked before replacing a file
			err = docs.WriteCombined(ctx, combined, u.docsOutput(true), u.clock.Now(), sts, progress)
			n = len(sts)
		} else if err == nil {
			var files []string
			files, err = docs.WriteFolder(ctx, dir, tr("Statement"), u.docsOutput(replace), u.clock.Now(), sts, progress)
			n, target = len(files), dir
		}
		fyne.Do(func() {
			cancelled := ctx.Err() != nil
			p.end()
			switch {
			case cancelled && err != nil:
				dialog.ShowInformation(tr("Statements of account"), trf(i18n.Plural(n, "Cancelled: %d statement was written to %s.", "Cancelled: %d statements were written to %s."), n, target), u.win)
			case err != nil && data.ErrorCode(err) == data.ECONFLICT && combined == "":
				// statements of an earlier batch are in the folder: replace them only if asked
				dialog.ShowConfirm(tr("Statements of account"), i18n.Error(lang, err)+"\n\n"+tr("Replace them?"), func(ok bool) {
					if ok {
						u.runStatements(dir, "", true)
					}
				}, u.win)
			case err != nil:
				u.showError(err)
			default:
				u.statementsDone = n
				dialog.ShowConfirm(tr("Statements of account"), trf(i18n.Plural(n, "Wrote %d statement to %s. Open it?", "Wrote %d statements to %s. Open it?"), n, target), func(ok bool) {
					if ok {
						u.openDocument(target)
					}
				}, u.win)
			}
		})
	})
}

// docsOutput is how the app writes documents: never over the company file,
// readable by the owner only unless the company chose otherwise.
func (u *ui) docsOutput(force bool) paths.Output {
	return paths.Output{Force: force, Protect: []string{u.store.Path()}, Shared: remind.SharedDocs(context.Background(), u.store)}
}
