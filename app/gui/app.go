// Package gui is Cartera's desktop interface, the only package besides main
// that imports Fyne. Screens only show what the store and reports compute.
package gui

import (
	"bytes"
	"cartera/app/ledger"
	"context"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynelang "fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/chase"
	"cartera/app/i18n"
	"cartera/app/paths"
	"cartera/app/remind"
	"cartera/assets"
	"cartera/data"
	"cartera/data/sqlite"
)

// AppID is the Fyne application ID, as in FyneApp.toml.
const AppID = "app.cartera.desktop"

// Preference keys.
const (
	prefLast      = "lastFile"
	prefRecent    = "recentFiles"
	prefLanguage  = "language"
	prefImportDir = "importFolder" // where the last imported spreadsheet was
	prefNotified  = "notified:"    // + company file: the day alerts were last notified
	prefTheme     = "theme"        // "", "light" or "dark"
	prefFilters   = "filters:"     // + company file: saved filters of the clients list, JSON
	prefScreen    = "screen"       // the navigation entry last shown
	prefBankDir   = "bankDir"      // the folder bank statements were last imported from
	prefWidth     = "windowWidth"
	prefHeight    = "windowHeight"
	maxRecent     = 8
)

// launched is when the process started, for the start-up times logged.
var launched = time.Now()

// lang is the interface language, "en" or "es"; set once at start.
var lang = "en"

func tr(key string) string               { return i18n.T(lang, key) }
func trf(key string, args ...any) string { return i18n.T(lang, key, args...) }

// Options say how the app starts.
type Options struct {
	DB      string
	Demo    bool
	Lang    string
	Version string
	Clock   data.Clock
	// Tour, when set, photographs every screen and the main dialogs into
	// that folder and quits (make screenshots); TourImport is a spreadsheet
	// for the import wizard's picture.
	Tour, TourImport string
}

// ui is the running application: one window on one company file.
type ui struct {
	app      fyne.App
	win      fyne.Window
	clock    data.Clock
	version  string
	user     string        // who the audit log names: the operating system's user
	async    func(func())  // runs slow work off the UI goroutine; synchronous in tests
	debounce time.Duration // wait after typing before searching

	store   *sqlite.Store
	company data.Company
	loc     data.Locale

	body           *fyne.Container // below the header: welcome, or navigation and screen
	screens        []*screen
	nav            *widget.List
	content        *fyne.Container
	current        int
	dash           *dashboard      // the dashboard, once shown
	work           *worklistScreen // the worklist, once shown
	lastURL        string          // the last link handed to the system, for tests
	lastDoc        string          // the last document written and opened, for tests
	statementsDone int             // statements written by the last batch

	clientTab  int // the tab last chosen in a client's detail
	clientTabs *container.AppTabs
	paying     []allocation                 // the invoices of the open payment dialog
	picker     *clientPicker                // the client picker shown last, for tests
	escapes    map[fyne.CanvasObject]func() // what Esc does, by overlay: cancel a dialog, or its work
	settings   *settingsScreen
	levelsBox  *fyne.Container // the reminder levels in Settings, once shown
	outbox     *outboxScreen
	bank       *bankScreen
	schedule   *remind.Schedule // the daily reminders, when automatic
	viewing    int64            // the client whose detail is shown; 0 on a screen

	timeStartup       bool // log how long the first dashboard took (the real app, not tests)
	importAfterCreate bool // the welcome screen's "start from a spreadsheet": import once created

	outlooks    outlooks // the slow analytics, shared by the dashboard and the worklist
	dataVersion int      // bumped by every change to the company's data
}

// screen is one entry of the navigation, built on first use per company.
type screen struct {
	title   string
	icon    fyne.Resource
	make    func() fyne.CanvasObject
	view    fyne.CanvasObject
	search  *widget.Entry // its search box, for Ctrl+F; nil when it has none
	reload  func()        // shows the data again after a change; nil when it shows none
	version int           // the data version it shows
}

// Run opens the main window and blocks until it is closed.
func Run(opts Options) error {
	startLog()
	log.Printf("Cartera %s starting", opts.Version)
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(newThemeVariant(a.Preferences().String(prefTheme)))
	lang = opts.Lang
	if lang == "" {
		lang = a.Preferences().String(prefLanguage)
	}
	if lang == "" {
		lang = i18n.SystemLang(os.Getenv)
	}
	lang = assets.NormLang(lang)
	localizeFyne(lang)
	if opts.Clock == nil {
		opts.Clock = data.SystemClock{}
	}
	u := newUI(a, opts.Clock, func(f func()) { go f() })
	u.version = opts.Version
	u.timeStartup = true
	u.debounce = 250 * time.Millisecond
	u.win.SetMaster()
	if w, h := a.Preferences().Float(prefWidth), a.Preferences().Float(prefHeight); w >= 640 && h >= 480 {
		u.win.Resize(fyne.NewSize(float32(w), float32(h)))
	}
	u.win.SetOnClosed(func() { u.saveSize(); u.closeStore() })
	a.Lifecycle().SetOnStopped(u.saveSize) // quitting from the menu
	switch {
	case opts.Demo:
		u.openDemo()
	case opts.DB != "":
		u.openNow(opts.DB)
	default:
		if last := a.Preferences().String(prefLast); last != "" && fileExists(last) {
			u.openNow(last)
		} else {
			u.showWelcome()
		}
	}
	go fyne.Do(func() { // queued: runs once the window is up
		log.Printf("window shown %v after launch", time.Since(launched).Round(time.Millisecond))
	})
	if opts.Tour != "" {
		go u.tour(opts.Tour, opts.TourImport)
	}
	u.win.ShowAndRun()
	return nil
}

func newUI(a fyne.App, clock data.Clock, async func(func())) *ui {
	u := &ui{app: a, clock: clock, async: async, user: ledger.User()}
	u.win = a.NewWindow("Cartera")
	u.win.Resize(fyne.NewSize(1200, 760))
	u.body = container.NewStack()
	u.win.SetContent(u.body)
	u.buildMenu()
	u.bindEscape()
	// Ctrl+Q quits, on the welcome screen too (Fyne has Cmd+Q on macOS only).
	u.win.Canvas().AddShortcut(shortcut(fyne.KeyQ, false), func(fyne.Shortcut) { u.app.Quit() })
	return u
}

// saveSize remembers the window's size for the next start.
func (u *ui) saveSize() {
	if size := u.win.Canvas().Size(); size.Width >= 640 && size.Height >= 480 {
		u.app.Preferences().SetFloat(prefWidth, float64(size.Width))
		u.app.Preferences().SetFloat(prefHeight, float64(size.Height))
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// showError tells the user what went wrong, in their language. Cancelling
// shows nothing; unexpected errors are logged in full.
func (u *ui) showError(err error) {
	msg := i18n.Error(lang, err)
	if msg == "" {
		return
	}
	if data.ErrorCode(err) == data.EINTERNAL {
		log.Printf("error: %v", err)
	}
	u.errorDialog(msg)
}

// errorDialog shows a sentence that went wrong as it is written: Fyne's
// own error dialog capitalises it, which turns "garbage.xlsx is not…"
// into "Garbage.xlsx is not…".
func (u *ui) errorDialog(msg string) {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ErrorIcon())), nil, text)
	d := dialog.NewCustom(fynelang.L("Error"), fynelang.L("OK"), content, u.win)
	w := min(float32(560), max(360, fyne.MeasureText(msg, theme.TextSize(), fyne.TextStyle{}).Width+120))
	d.Resize(fyne.NewSize(w, d.MinSize().Height))
	u.showDialog(d, nil)
}

// quitItem quits with Ctrl+Q (Cmd+Q on macOS) from anywhere: a shortcut of
// the main menu runs even while a field has the keyboard, where a shortcut
// of the window would go to the field and be lost.
func (u *ui) quitItem() *fyne.MenuItem {
	q := fyne.NewMenuItem(fynelang.L("Quit"), func() { u.app.Quit() })
	q.IsQuit = true
	q.Shortcut = shortcut(fyne.KeyQ, false)
	return q
}

func (u *ui) buildMenu() {
	recent := fyne.NewMenuItem(tr("Open recent"), nil)
	recent.ChildMenu = fyne.NewMenu("")
	for _, p := range u.app.Preferences().StringList(prefRecent) {
		p := p
		recent.ChildMenu.Items = append(recent.ChildMenu.Items, fyne.NewMenuItem(p, func() { u.openFile(p) }))
	}
	if len(recent.ChildMenu.Items) == 0 {
		recent.Disabled = true
	}
	closeItem := fyne.NewMenuItem(tr("Close company"), func() { u.closeStore(); u.showWelcome() })
	closeItem.Disabled = u.store == nil
	importItem := fyne.NewMenuItem(tr("Import spreadsheet…"), u.importDialog)
	importItem.Disabled = u.store == nil
	restoreItem := fyne.NewMenuItem(tr("Restore from backup…"), u.restoreDialog)
	restoreItem.Disabled = u.store == nil
	undoItem := fyne.NewMenuItem(tr("Undo last import…"), u.undoImportDialog)
	undoItem.Disabled = u.store == nil
	file := fyne.NewMenu(tr("File"),
		fyne.NewMenuItem(tr("New company…"), u.newCompany),
		fyne.NewMenuItem(tr("Open…"), u.openDialog),
		recent,
		fyne.NewMenuItem(tr("Open the demo company"), u.openDemo),
		fyne.NewMenuItemSeparator(),
		importItem,
		undoItem,
		restoreItem,
		fyne.NewMenuItemSeparator(),
		closeItem,
		fyne.NewMenuItemSeparator(),
		u.quitItem(),
	)
	help := fyne.NewMenu(tr("Help"), fyne.NewMenuItem(tr("Open logs folder"), u.openLogs), fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("About Cartera"), u.about))
	u.win.SetMainMenu(fyne.NewMainMenu(file, u.goMenu(), help))
}

func (u *ui) about() {
	v := u.version
	if v == "" {
		v = "dev"
	}
	dialog.ShowInformation(tr("About Cartera"), trf("Cartera %s\nKeeps track of who owes you, and helps you get paid.", v), u.win)
}

// openNow opens the company file the app starts on before the window
// appears (opening reads a header and the schema version: milliseconds), so
// the dashboard's figures are being computed while the window is created.
func (u *ui) openNow(path string) {
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Clock: u.clock, Exclusive: true})
	if err != nil {
		u.forgetRecent(path)
		u.showError(err)
		u.showWelcome()
		return
	}
	u.setStore(s)
}

// openFile opens a company file off the UI goroutine and shows it.
func (u *ui) openFile(path string) {
	u.importAfterCreate = false
	u.async(func() {
		s, err := sqlite.Open(context.Background(), path, sqlite.Options{Clock: u.clock, Exclusive: true})
		fyne.Do(func() {
			if err != nil {
				u.forgetRecent(path)
				u.showError(err)
				if u.store == nil {
					u.showWelcome()
				}
				return
			}
			u.setStore(s)
		})
	})
}

// setStore makes s the open company and shows its clients.
func (u *ui) setStore(s *sqlite.Store) {
	c, err := s.Company(context.Background())
	if err != nil {
		s.Close()
		u.showError(err)
		return
	}
	u.closeStore()
	u.outlooks.forget()
	u.store, u.company, u.loc = s, c, data.LocaleFor(c.Locale)
	u.rememberRecent(s.Path())
	log.Printf("opened %s", s.Path())
	u.win.SetTitle("Cartera — " + c.Name)
	u.startSchedule()
	u.afterOpen(s)
	u.showMain()
	u.buildMenu()
	u.bindEscape()
}

func (u *ui) closeStore() {
	u.schedule.Stop()
	u.schedule = nil
	if u.store != nil {
		u.store.Close()
		u.store = nil
		u.win.SetTitle("Cartera")
	}
}

func (u *ui) rememberRecent(path string) {
	abs, err := filepath.Abs(path)
	if err == nil {
		path = abs
	}
	p := u.app.Preferences()
	list := []string{path}
	for _, r := range p.StringList(prefRecent) {
		if r != path && len(list) < maxRecent {
			list = append(list, r)
		}
	}
	p.SetStringList(prefRecent, list)
	p.SetString(prefLast, path)
}

func (u *ui) forgetRecent(path string) {
	p := u.app.Preferences()
	var list []string
	for _, r := range p.StringList(prefRecent) {
		if r != path {
			list = append(list, r)
		}
	}
	p.SetStringList(prefRecent, list)
	if p.String(prefLast) == path {
		p.SetString(prefLast, "")
	}
	u.buildMenu()
	u.bindEscape()
}

// The navigation entries, in order.
const (
	screenDashboard = iota
	screenClients
	screenInvoices
	screenPayments
	screenBank
	screenWorklist
	screenOutbox
	screenSettings
)

// showMain lays out the header, the navigation and the screen last shown.
func (u *ui) showMain() {
	u.dash, u.work, u.settings, u.outbox, u.bank = nil, nil, nil, nil, nil
	u.screens = []*screen{
		{title: i18n.N("Dashboard"), icon: theme.HomeIcon(), make: func() fyne.CanvasObject {
			d := newDashboard(u)
			u.screens[screenDashboard].reload = d.load
			return d.content()
		}},
		{title: i18n.N("Clients"), icon: theme.AccountIcon(), make: func() fyne.CanvasObject {
			s := newClientsScreen(u)
			u.screens[screenClients].search, u.screens[screenClients].reload = s.search, s.list.pager.reset
			return s.content()
		}},
		{title: i18n.N("Invoices"), icon: theme.DocumentIcon(), make: func() fyne.CanvasObject {
			s := newInvoicesScreen(u, 0)
			u.screens[screenInvoices].search, u.screens[screenInvoices].reload = s.search, s.list.pager.reset
			return s.content()
		}},
		{title: i18n.N("Payments"), icon: theme.NewThemedResource(fyne.NewStaticResource("payments.svg", assets.PaymentsIcon)), make: func() fyne.CanvasObject {
			s := newPaymentsScreen(u)
			u.screens[screenPayments].search, u.screens[screenPayments].reload = s.search, s.list.pager.reset
			return s.content()
		}},
		{title: i18n.N("Bank"), icon: theme.StorageIcon(), make: func() fyne.CanvasObject {
			b := newBankScreen(u)
			u.screens[screenBank].reload = b.load
			return b.content()
		}},
		{title: i18n.N("Worklist"), icon: theme.ListIcon(), make: func() fyne.CanvasObject {
			w := newWorklistScreen(u)
			u.screens[screenWorklist].reload = w.load
			return w.content()
		}},
		{title: i18n.N("Outbox"), icon: theme.MailSendIcon(), make: func() fyne.CanvasObject {
			o := newOutboxScreen(u)
			u.screens[screenOutbox].reload = o.load
			return o.content()
		}},
		{title: i18n.N("Settings"), icon: theme.SettingsIcon(), make: func() fyne.CanvasObject { return newSettingsScreen(u).content() }},
	}
	u.content = container.NewStack()
	u.nav = widget.NewList(
		func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Invoices template"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(u.screens[i].icon)
			box.Objects[1].(*widget.Label).SetText(tr(u.screens[i].title))
		})
	u.nav.OnSelected = func(i widget.ListItemID) { u.show(i) }

	name := canvas.NewText(u.company.Name, theme.Color(theme.ColorNameForeground))
	name.TextSize = theme.TextSize() * 1.4
	name.TextStyle.Bold = true
	file := widget.NewLabel(u.store.Path())
	file.Importance = widget.LowImportance
	file.Truncation = fyne.TextTruncateEllipsis
	today := widget.NewLabel(trf("Today: %s", u.loc.Date(data.Today(u.clock))))
	var logo fyne.CanvasObject = widget.NewIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	if len(u.company.Logo) > 0 {
		img := canvas.NewImageFromReader(bytes.NewReader(u.company.Logo), "logo")
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(72, 32))
		logo = img
	}
	header := container.NewBorder(nil, nil, container.NewHBox(logo, name), today, file)

	split := newColumns(0.14, u.nav, u.content)
	u.body.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()), nil, nil, nil, split)}
	u.body.Refresh()
	u.bindShortcuts()
	u.goTo(u.app.Preferences().IntWithFallback(prefScreen, screenDashboard))
}

// goTo selects navigation entry i and shows it.
func (u *ui) goTo(i int) {
	if i < 0 || i >= len(u.screens) {
		i = screenDashboard
	}
	u.nav.Select(i)
	u.show(i)
}

// show switches to navigation entry i.
func (u *ui) show(i int) {
	sc := u.screens[i]
	if sc.view == nil {
		sc.view, sc.version = sc.make(), u.dataVersion
	}
	u.current, u.viewing = i, 0
	u.freshen(sc)
	u.app.Preferences().SetInt(prefScreen, i)
	u.setContent(sc.view)
}

func (u *ui) setContent(o fyne.CanvasObject) {
	u.content.Objects = []fyne.CanvasObject{o}
	u.content.Refresh()
}

// back returns from a detail view to the current navigation screen.
func (u *ui) back() { u.show(u.current) }

// openDemo opens the demo company in the data folder, creating it first if
// it is missing, with a progress bar.
func (u *ui) openDemo() {
	path, err := paths.DemoFile()
	if err != nil {
		u.showError(err)
		return
	}
	if fileExists(path) {
		u.openFile(path)
		return
	}
	p := u.startProgress(tr("Creating the demo company…"))
	u.async(func() {
		_, err := demoGenerate(p.ctx, path, data.Today(u.clock), p.report)
		fyne.Do(func() {
			p.end()
			if err != nil {
				u.showError(err)
				if u.store == nil {
					u.showWelcome()
				}
				return
			}
			u.openFile(path)
		})
	})
}

// importButton starts the import wizard; lists show it beside their search.
func (u *ui) importButton() *widget.Button {
	return widget.NewButtonWithIcon(tr("Import…"), theme.UploadIcon(), u.importDialog)
}

func baseName(p string) string {
	return strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
}

// notifyAlerts sends a desktop notification for today's broken promises
// and rising delays, once a day per company file.
func (u *ui) notifyAlerts(as []chase.Alert) {
	var serious []chase.Alert
	for _, a := range as {
		if a.Kind != chase.AlertPromiseToday {
			serious = append(serious, a)
		}
	}
	key := prefNotified + u.store.Path()
	today := data.Today(u.clock).String()
	if len(serious) == 0 || u.app.Preferences().String(key) == today {
		return
	}
	u.app.Preferences().SetString(key, today)
	text := serious[0].Text(lang, u.loc, u.company.Currency)
	if len(serious) > 1 {
		text = trf("%s And %d more alerts.", text, len(serious)-1)
	}
	u.app.SendNotification(fyne.NewNotification(trf("Cartera — %s", u.company.Name), text))
}

// localizeFyne makes Fyne's own texts (dialog buttons, file dialogs)
// speak l: its localizer reads the LANGUAGE variable again whenever a
// translation is added.
func localizeFyne(l string) {
	os.Setenv("LANGUAGE", l)
	_ = fynelang.AddTranslationsForLocale(fyneFixes[l], fyne.Locale(l))
}

// fyneFixes mend Fyne's own Spanish: "Sí" takes its accent, and so do
// the short day names of the calendar.
var fyneFixes = map[string][]byte{
	"en": []byte("{}"),
	"es": []byte(`{"Yes": "Sí", "wednesday.short": "Mié", "saturday.short": "Sáb", "file.parent": {"other": "Carpeta superior"}}`),
}
