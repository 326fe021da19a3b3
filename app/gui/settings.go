package gui

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"
	"os"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/assets"
	"cartera/data"
	"cartera/data/sqlite"
)

// maxLogo is the largest logo file accepted.
const maxLogo = 2 << 20

// settingsScreen edits the company (name, logo, currency, locale, terms,
// aging buckets, payment instructions) and the app's language and theme.
type settingsScreen struct {
	u                                          *ui
	name, tax, country, email, phone, currency *entry
	address, instructions                      *entry
	terms, buckets                             *entry
	locale, language, themeSel                 *widget.Select
	logo                                       []byte
	logoView                                   *fyne.Container
	mail                                       *mailSettings
	scroll                                     *container.Scroll
}

// language and theme choices, in the order of their selects.
var (
	languageChoices = []string{"", "en", "es"}
	themeChoices    = []string{"", "light", "dark"}
)

func newSettingsScreen(u *ui) *settingsScreen {
	c := u.company
	s := &settingsScreen{u: u, logo: c.Logo}
	s.name, s.tax, s.country = entryWith(c.Name), entryWith(c.TaxID), entryWith(c.Country)
	s.email, s.phone, s.currency = entryWith(c.Email), entryWith(c.Phone), entryWith(c.Currency)
	s.address = pageEntry()
	s.address.SetText(c.Address)
	s.address.SetMinRowsVisible(2)
	s.instructions = pageEntry()
	s.instructions.SetText(c.PaymentInstructions)
	s.instructions.SetMinRowsVisible(2)
	s.instructions.SetPlaceHolder(tr("Bank account (IBAN), reference to quote…"))
	s.terms = intEntry(c.PaymentTermsDays, tr("Payment terms"))
	s.buckets = entryWith(joinBounds(c.AgingBuckets))
	var locales []string
	sel := 0
	for i, l := range data.Locales() {
		locales = append(locales, localeName(l))
		if l.Tag == data.LocaleFor(c.Locale).Tag {
			sel = i
		}
	}
	s.locale = widget.NewSelect(locales, nil)
	s.locale.SetSelectedIndex(sel)

	s.language = widget.NewSelect([]string{tr("As the system"), "English", "Español"}, nil)
	s.language.SetSelectedIndex(max(0, indexOf(languageChoices, u.app.Preferences().String(prefLanguage))))
	s.language.OnChanged = func(string) { u.setLanguage(languageChoices[s.language.SelectedIndex()]) }
	s.themeSel = widget.NewSelect([]string{tr("As the system"), tr("Light"), tr("Dark")}, nil)
	s.themeSel.SetSelectedIndex(max(0, indexOf(themeChoices, u.app.Preferences().String(prefTheme))))
	s.themeSel.OnChanged = func(string) {
		v := themeChoices[s.themeSel.SelectedIndex()]
		u.app.Preferences().SetString(prefTheme, v)
		u.app.Settings().SetTheme(newThemeVariant(v))
		u.rebuild() // texts drawn with the old variant's colours
	}
	s.logoView = container.NewStack()
	s.showLogo()
	u.settings = s
	return s
}

// localeName is a locale as a user picks it: "Español (España) — 1.234,56 € · 31/12/2025".
func localeName(l data.Locale) string {
	names := map[string]string{"en-US": i18n.N("English (United States)"), "en-GB": i18n.N("English (United Kingdom)"),
		"es-ES": i18n.N("Spanish (Spain)"), "es-MX": i18n.N("Spanish (Mexico)"), "es-AR": i18n.N("Spanish (Argentina)"),
		"es-CO": i18n.N("Spanish (Colombia)"), "es-CL": i18n.N("Spanish (Chile)")}
	sample := l.Money(data.M(123456, "EUR")) + " · " + l.Date(data.NewDate(2025, 12, 31))
	return tr(names[l.Tag]) + " — " + sample
}

func joinBounds(bs []int) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = strconv.Itoa(b)
	}
	return strings.Join(parts, ", ")
}

// parseBounds reads "30, 60, 90".
func parseBounds(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, data.Errorf(data.EINVALID, "Aging buckets are days separated by commas, such as 30, 60, 90.")
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, data.Errorf(data.EINVALID, "Aging buckets are days separated by commas, such as 30, 60, 90.")
	}
	return out, data.ValidateBuckets(out)
}

func (s *settingsScreen) showLogo() {
	if len(s.logo) == 0 {
		set(s.logoView, quiet(tr("No logo yet.")))
		return
	}
	img := canvas.NewImageFromReader(bytes.NewReader(s.logo), "logo")
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(160, 64))
	set(s.logoView, img)
}

// pickLogo reads a PNG or JPEG file as the company's logo.
func (s *settingsScreen) pickLogo() {
	s.u.pickFile([]string{".png", ".jpg", ".jpeg"}, "", func(path string) {
		if err := s.setLogoFile(path); err != nil {
			s.u.showError(err)
		}
	})
}

func (s *settingsScreen) setLogoFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return data.Errorf(data.ENOTFOUND, "Could not read %s.", path)
	}
	if st.Size() > maxLogo {
		return data.Errorf(data.EINVALID, "The logo %s is larger than 2 MB; use a smaller image.", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return data.Errorf(data.ENOTFOUND, "Could not read %s.", path)
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(b)); err != nil {
		return data.Errorf(data.EINVALID, "%s is not a PNG or JPEG image.", path)
	}
	s.logo = b
	s.showLogo()
	return nil
}

// company is the company as the form says, checked.
func (s *settingsScreen) company() (data.Company, error) {
	c := s.u.company
	c.Name, c.TaxID, c.Country = s.name.Text, strings.TrimSpace(s.tax.Text), strings.ToUpper(strings.TrimSpace(s.country.Text))
	c.Email, c.Phone, c.Currency = strings.TrimSpace(s.email.Text), strings.TrimSpace(s.phone.Text), strings.ToUpper(strings.TrimSpace(s.currency.Text))
	c.Address, c.PaymentInstructions = strings.TrimSpace(s.address.Text), strings.TrimSpace(s.instructions.Text)
	c.Locale = data.Locales()[max(0, s.locale.SelectedIndex())].Tag
	terms, err := strconv.Atoi(strings.TrimSpace(s.terms.Text))
	if err != nil {
		return c, data.Errorf(data.EINVALID, "Payment terms must be between 0 and 365 days.")
	}
	c.PaymentTermsDays = terms
	if c.AgingBuckets, err = parseBounds(s.buckets.Text); err != nil {
		return c, err
	}
	c.Logo = s.logo
	return c, c.Validate()
}

// save writes the company settings and shows everything with them.
func (s *settingsScreen) save() {
	u := s.u
	c, err := s.company()
	if err != nil {
		u.showError(err)
		return
	}
	if c.Currency != u.company.Currency {
		n, _ := u.store.CountInvoices(context.Background(), data.InvoiceQuery{})
		if n > 0 {
			u.showError(data.Errorf(data.EINVALID, "The base currency cannot change once the company has invoices."))
			return
		}
	}
	if err := u.store.Update(context.Background(), func(tx *sqlite.Tx) error { return tx.SetCompany(c) }); err != nil {
		u.showError(err)
		return
	}
	u.company, u.loc = c, data.LocaleFor(c.Locale)
	u.outlooks.forget() // the buckets may have changed
	at := s.scroll.Offset
	u.rebuild()                                        // names, formats and the header change everywhere
	if u.settings != nil && u.settings.scroll != nil { // back where the user was, not at the top
		u.settings.scroll.ScrollToOffset(at)
	}
	dialog.ShowInformation(tr("Settings"), tr("The company settings were saved."), u.win)
}

func (s *settingsScreen) content() fyne.CanvasObject {
	logoBtn := widget.NewButton(tr("Choose logo…"), s.pickLogo)
	clearLogo := widget.NewButton(tr("Remove"), func() { s.logo = nil; s.showLogo() })
	companyForm := widget.NewForm(
		widget.NewFormItem(tr("Name"), s.name), widget.NewFormItem(tr("Tax ID"), s.tax),
		widget.NewFormItem(tr("Address"), s.address), formItem(tr("Country"), s.country, tr("Two letters: ES, MX, US…")),
		widget.NewFormItem(tr("Email"), s.email), widget.NewFormItem(tr("Phone"), s.phone),
		widget.NewFormItem(tr("Logo"), container.NewBorder(nil, nil, nil, container.NewHBox(logoBtn, clearLogo), s.logoView)),
		formItem(tr("Base currency"), s.currency, tr("ISO code: EUR, USD, MXN…; fixed once there are invoices.")),
		formItem(tr("Number and date format"), s.locale, ""),
		formItem(tr("Payment terms"), s.terms, tr("Days, for new clients and invoices.")),
		formItem(tr("Aging buckets"), s.buckets, tr("Upper bounds in days overdue: 30, 60, 90 makes 1-30, 31-60, 61-90 and 91+.")),
		formItem(tr("Payment instructions"), s.instructions, tr("Shown on statements and reminders.")),
	)
	save := widget.NewButton(tr("Save company settings"), s.save)
	save.Importance = widget.HighImportance
	appForm := widget.NewForm(
		formItem(tr("Language"), s.language, tr("Of the screens; each client has its own for emails and statements.")),
		widget.NewFormItem(tr("Theme"), s.themeSel),
	)
	s.mail = s.u.newMailSettings()
	body := container.NewVBox(
		section(tr("Company"), container.NewVBox(companyForm, container.NewHBox(save))),
		widget.NewSeparator(),
		section(tr("Email reminders"), s.mail.content()),
		widget.NewSeparator(),
		section(tr("This computer"), appForm),
	)
	s.scroll = container.NewVScroll(container.NewPadded(body))
	return s.scroll
}

// pageEntry is a multi-line entry that grows with its lines instead of
// scrolling inside the page's own scroll, which would catch the wheel.
func pageEntry() *entry {
	e := newMultiLineEntry()
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = fyne.ScrollNone
	e.OnChanged = func(string) { e.SetMinRowsVisible(max(2, strings.Count(e.Text, "\n")+1)) }
	return e
}

// setLanguage switches the interface language ("" follows the system) and
// redraws every screen in it.
func (u *ui) setLanguage(l string) {
	u.app.Preferences().SetString(prefLanguage, l)
	if l == "" {
		l = i18n.SystemLang(os.Getenv)
	}
	l = assets.NormLang(l)
	if l == lang {
		return
	}
	lang = l
	localizeFyne(l)
	u.rebuild()
}

// rebuild draws the menus and screens again (language or settings changed),
// staying on the current screen.
func (u *ui) rebuild() {
	u.buildMenu()
	if u.store != nil {
		cur := u.current
		u.showMain()
		u.goTo(cur)
	} else {
		u.showWelcome()
	}
}
