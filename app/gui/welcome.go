package gui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/demo"
	"cartera/app/paths"
	"cartera/assets"
	"cartera/data"
	"cartera/data/sqlite"
)

func demoGenerate(ctx context.Context, path string, today data.Date, progress func(done, total int)) (demo.Summary, error) {
	return demo.Generate(ctx, path, demo.Options{Today: today, Seed: 1, Progress: progress})
}

// showWelcome is the first-run screen: open the demo, create a company, or
// open a file, with the recent files below.
func (u *ui) showWelcome() {
	icon := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	icon.SetMinSize(fyne.NewSize(96, 96))
	icon.FillMode = canvas.ImageFillContain
	title := canvas.NewText(tr("Welcome to Cartera"), theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextSize() * 2
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter
	sub := widget.NewLabel(tr("Keep track of who owes you, and get paid sooner."))
	sub.Alignment = fyne.TextAlignCenter
	demoBtn := widget.NewButtonWithIcon(tr("Open the demo company"), theme.MediaPlayIcon(), u.openDemo)
	demoBtn.Importance = widget.HighImportance
	items := []fyne.CanvasObject{container.NewCenter(icon), title, sub, widget.NewSeparator(),
		demoBtn,
		widget.NewButtonWithIcon(tr("New company…"), theme.ContentAddIcon(), u.newCompany),
		widget.NewButtonWithIcon(tr("Open a company file…"), theme.FolderOpenIcon(), u.openDialog),
		widget.NewButtonWithIcon(tr("Start from a spreadsheet…"), theme.UploadIcon(), func() {
			u.importAfterCreate = true // the import wizard opens once the company exists
			u.newCompany()
		}),
	}
	if recent := u.app.Preferences().StringList(prefRecent); len(recent) > 0 {
		items = append(items, widget.NewSeparator(), widget.NewLabelWithStyle(tr("Recent files"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, p := range recent {
			p := p
			b := widget.NewButton(baseName(p)+"  —  "+filepath.Dir(p), func() { u.openFile(p) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			items = append(items, b)
		}
	}
	box := container.NewVBox(items...)
	u.body.Objects = []fyne.CanvasObject{container.NewCenter(container.NewGridWrap(fyne.NewSize(460, box.MinSize().Height), box))}
	u.body.Refresh()
}

// openDialog lets the user pick a company file.
func (u *ui) openDialog() {
	dir, _ := paths.DataDir()
	u.pickFile([]string{".cartera", ".db", ".sqlite"}, dir, u.openFile)
}

// pickFile shows the open-file dialog for files with the given extensions,
// starting in dir when it exists, and hands the chosen path to open.
func (u *ui) pickFile(exts []string, dir string, open func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		open(r.URI().Path())
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	startIn(d, dir)
	d.Resize(fyne.NewSize(800, 560))
	u.showDialog(d, nil)
}

type locatable interface{ SetLocation(fyne.ListableURI) }

// startIn opens a file or folder dialog in dir, if there is one.
func startIn(d locatable, dir string) {
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
}

// newCompany asks for the company's settings, then where to save its file.
func (u *ui) newCompany() {
	name := newEntry()
	name.SetPlaceHolder(tr("Company name"))
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return data.Errorf(data.EINVALID, "The company needs a name.")
		}
		return nil
	}
	var tags []string
	for _, l := range data.Locales() {
		tags = append(tags, l.Tag)
	}
	locale := widget.NewSelect(tags, nil)
	locale.SetSelected(data.LocaleFor(lang).Tag)
	currency := newSelectEntry([]string{"EUR", "USD", "GBP", "MXN", "COP", "ARS", "CLP", "PEN"})
	currency.SetText("EUR")
	if lang == "en" {
		currency.SetText("USD")
	}
	terms := newEntry()
	terms.SetText("30")
	folder, _ := paths.DataDir()
	folderLabel := widget.NewLabel(folder)
	folderLabel.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButton(tr("Choose…"), func() {
		fd := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
			if err == nil && l != nil {
				folder = l.Path()
				folderLabel.SetText(folder)
			}
		}, u.win)
		startIn(fd, folder)
		fd.Resize(fyne.NewSize(800, 560))
		u.showDialog(fd, nil)
	})
	form := []*widget.FormItem{
		widget.NewFormItem(tr("Name"), name),
		widget.NewFormItem(tr("Currency"), currency),
		widget.NewFormItem(tr("Number and date format"), locale),
		widget.NewFormItem(tr("Payment terms (days)"), terms),
		widget.NewFormItem(tr("Folder"), container.NewBorder(nil, nil, nil, choose, folderLabel)),
	}
	var d *dialog.FormDialog
	d = dialog.NewForm(tr("New company"), tr("Create"), tr("Cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		days, err := strconv.Atoi(strings.TrimSpace(terms.Text))
		if err != nil {
			days = -1
		}
		c := data.Company{Name: name.Text, Currency: currency.Text, Locale: locale.Selected, PaymentTermsDays: days}
		if err := c.Validate(); err != nil {
			u.showDialog(d, nil) // again, with what was typed
			u.showError(err)
			return
		}
		u.saveNewCompany(c, folder)
	}, u.win)
	submitOnEnter(form, d.Submit)
	d.Resize(fyne.NewSize(560, 340))
	u.showDialog(d, name)
}

// saveNewCompany creates the company file in folder. A folder picker rather
// than a save dialog, because a save dialog truncates the file it is given:
// picking an existing company by mistake would wipe it.
func (u *ui) saveNewCompany(c data.Company, folder string) {
	path := filepath.Join(folder, fileName(c.Name)+".cartera")
	u.async(func() {
		s, err := sqlite.Create(context.Background(), path, c, sqlite.Options{Clock: u.clock, Exclusive: true})
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.setStore(s)
			if u.importAfterCreate {
				u.importAfterCreate = false
				u.importDialog()
			}
		})
	})
}

// fileName makes a safe file name from a company name, keeping accents.
func fileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	name = strings.Trim(name, ". ")
	if name == "" {
		return "company"
	}
	return name
}
