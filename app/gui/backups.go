package gui

import (
	"context"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cartera/app/backup"
	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
)

// afterOpen checks the company file (quick_check) and takes the day's
// backup, off the UI goroutine; a damaged file offers its latest backup.
func (u *ui) afterOpen(s *sqlite.Store) {
	path := s.Path()
	u.async(func() {
		ctx := context.Background()
		if err := sqlite.Check(ctx, path); err != nil {
			log.Printf("check of %s failed: %v", path, err)
			fyne.Do(func() { u.offerRestore(path, err) })
			return
		}
		if u.timeStartup {
			time.Sleep(20 * time.Second) // after the dashboard's figures: a copy of a big file takes seconds
		}
		if took, err := backup.TakeDaily(ctx, s, u.clock.Now()); err != nil {
			log.Printf("daily backup of %s: %v", path, err)
		} else if took {
			log.Printf("daily backup of %s taken", path)
		}
	})
}

// offerRestore says a file is damaged and offers its latest backup.
func (u *ui) offerRestore(path string, cause error) {
	dir, _ := backup.Dir(path)
	list, _ := backup.List(dir)
	for _, b := range list {
		if b.Reason != backup.BeforeRestore && sqlite.Check(context.Background(), b.Path) == nil {
			b := b
			dialog.ShowConfirm(tr("The company file is damaged"), trf("%s Restore the backup of %s?", i18n.Error(lang, cause), b.Time.Format("02/01/2006 15:04")),
				func(ok bool) {
					if ok {
						u.restore(path, b.Path)
					}
				}, u.win)
			return
		}
	}
	u.showError(cause)
}

// restoreDialog lists the open company's backups and restores the one chosen.
func (u *ui) restoreDialog() {
	if u.store == nil {
		return
	}
	path := u.store.Path()
	dir, err := backup.Dir(path)
	if err != nil {
		u.showError(err)
		return
	}
	list, err := backup.List(dir)
	if err != nil || len(list) == 0 {
		dialog.ShowInformation(tr("Restore from backup"), tr("There are no backups of this company yet."), u.win)
		return
	}
	reasons := map[string]string{backup.Daily: tr("daily"), backup.BeforeImport: tr("before an import"), backup.BeforeRestore: tr("before a restore"), backup.Manual: tr("by hand")}
	var labels []string
	for _, b := range list {
		labels = append(labels, u.loc.Date(data.DateOf(b.Time))+" "+b.Time.Format("15:04")+" · "+reasons[b.Reason])
	}
	pick := widget.NewSelect(labels, nil)
	pick.SetSelectedIndex(0)
	note := widget.NewLabel(tr("The company file is replaced by the backup; a copy of it as it is now is kept among the backups."))
	note.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem(tr("Backup"), pick), widget.NewFormItem("", note)}
	d := dialog.NewForm(tr("Restore from backup"), tr("Restore"), tr("Cancel"), items, func(ok bool) {
		if ok && pick.SelectedIndex() >= 0 {
			u.restore(path, list[pick.SelectedIndex()].Path)
		}
	}, u.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	u.showDialog(d, nil)
}

// restore closes the company, puts the backup in its place and opens it.
func (u *ui) restore(path, from string) {
	u.closeStore()
	u.async(func() {
		kept, err := backup.Restore(context.Background(), path, from, u.clock.Now())
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				u.showWelcome()
				return
			}
			log.Printf("restored %s from %s (replaced file kept as %s)", path, from, kept)
			u.openFile(path)
		})
	})
}

// undoImportDialog undoes the last import, when nothing changed since.
func (u *ui) undoImportDialog() {
	if u.store == nil {
		return
	}
	rec, err := backup.LastImport(context.Background(), u.store)
	if err != nil {
		u.showError(err)
		return
	}
	path := u.store.Path()
	dialog.ShowConfirm(tr("Undo last import"), trf("Undo the import of %s (%d added, %d updated)? The company goes back to how it was before it.",
		rec.File, rec.Added, rec.Updated), func(ok bool) {
		if !ok {
			return
		}
		u.closeStore()
		u.async(func() {
			err := backup.UndoImport(context.Background(), path, rec, u.clock.Now())
			fyne.Do(func() {
				if err != nil {
					u.showError(err)
				}
				log.Printf("undid the import of %s into %s: %v", rec.File, path, err)
				u.openFile(path)
			})
		})
	}, u.win)
}
