package gui

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/data"
)

// dateField is an entry for a date in the company's format (or ISO), with
// a calendar behind its button.
type dateField struct {
	widget.Entry
	u        *ui
	onChange func(data.Date)
}

func (u *ui) newDateField(d data.Date, onChange func(data.Date)) *dateField {
	f := &dateField{u: u}
	// The calendar button first: an entry drawn before it has one would
	// be drawn without it.
	btn := widget.NewButtonWithIcon("", theme.CalendarIcon(), f.showCalendar)
	btn.Importance = widget.LowImportance
	f.ActionItem = btn
	f.ExtendBaseWidget(f) // one widget: the entry's own refreshes redraw the field
	f.SetPlaceHolder(strings.NewReplacer("02", tr("dd"), "01", tr("mm"), "2006", tr("yyyy")).Replace(u.loc.DateLayout))
	if !d.IsZero() {
		f.SetText(u.loc.Date(d))
	}
	// No Validator: Fyne would draw its status icon over the calendar
	// button; a date that cannot be read is refused with a sentence on save.
	f.OnChanged = func(s string) {
		if d, err := f.parse(s); err == nil && f.onChange != nil {
			f.onChange(d)
		}
	}
	f.onChange = onChange
	return f
}

// showCalendar opens a month under the field, on the date typed (marked)
// or today; a day chosen is written into the field.
func (f *dateField) showCalendar() {
	u := f.u
	chosen, _ := f.Date() // the zero day when none is typed: the calendar opens on today
	var pop *widget.PopUp
	cal := u.newCalendar(chosen, func(d data.Date) {
		pop.Hide()
		f.SetText(u.loc.Date(d))
		u.win.Canvas().Focus(f)
	})
	pop = widget.NewPopUp(cal, u.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f)
	pop.ShowAtPosition(pos.Add(fyne.NewPos(0, f.Size().Height)))
}

// newCalendar is a month of day buttons, Monday first, with the chosen
// day marked (and today in bold), and arrows to the months around it.
func (u *ui) newCalendar(chosen data.Date, pick func(data.Date)) fyne.CanvasObject {
	today := data.Today(u.clock)
	month := chosen
	if month.IsZero() {
		month = today
	}
	first := time.Date(month.Time().Year(), month.Time().Month(), 1, 0, 0, 0, 0, time.UTC)
	title := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	grid := container.NewGridWithColumns(7)
	var show func()
	show = func() {
		title.SetText(capitalize(monthName(first.Month())) + " " + strconv.Itoa(first.Year()))
		grid.Objects = nil
		for _, d := range weekdayInitials() {
			grid.Add(widget.NewLabelWithStyle(d, fyne.TextAlignCenter, fyne.TextStyle{}))
		}
		for i := 0; i < (int(first.Weekday())+6)%7; i++ { // Monday first
			grid.Add(layout.NewSpacer())
		}
		for t := first; t.Month() == first.Month(); t = t.AddDate(0, 0, 1) {
			day := data.DateOf(t)
			b := widget.NewButton(strconv.Itoa(t.Day()), func() { pick(day) })
			switch {
			case day == chosen:
				b.Importance = widget.HighImportance
			case day == today:
				b.Importance = widget.MediumImportance
			default:
				b.Importance = widget.LowImportance
			}
			grid.Add(b)
		}
		grid.Refresh()
	}
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { first = first.AddDate(0, -1, 0); show() })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { first = first.AddDate(0, 1, 0); show() })
	show()
	return container.NewBorder(container.NewBorder(nil, nil, prev, next, title), nil, nil, nil, grid)
}

// monthName and weekdayInitials are the calendar's words in the language.
func monthName(m time.Month) string {
	return []string{tr("January"), tr("February"), tr("March"), tr("April"), tr("May (month)"), tr("June"), tr("July"), tr("August"),
		tr("September"), tr("October"), tr("November"), tr("December")}[m-1]
}

func weekdayInitials() []string {
	return []string{tr("Mo"), tr("Tu"), tr("We"), tr("Th"), tr("Fr"), tr("Sa"), tr("Su")}
}

// parse reads a date written the company's way, or as 2025-06-30. A date
// written right that does not exist (31/02/2027) says so.
func (f *dateField) parse(s string) (data.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := data.ParseDate(s); err == nil {
		return d, nil
	}
	t, err := time.Parse(f.u.loc.DateLayout, s)
	if err == nil {
		return data.DateOf(t), nil
	}
	if strings.Contains(err.Error(), "out of range") {
		return data.Date{}, data.Errorf(data.EINVALID, "%s is not a valid date.", s)
	}
	return data.Date{}, data.Errorf(data.EINVALID, "Write the date as %s.", f.PlaceHolder)
}

// Date is the date typed; an error sentence when it is missing or unreadable.
func (f *dateField) Date() (data.Date, error) {
	return f.DateOr("Choose a date.")
}

// DateOr is the date typed; when none is, the sentence missing (a catalog
// key), and when it is wrong, why.
func (f *dateField) DateOr(missing string) (data.Date, error) {
	if strings.TrimSpace(f.Text) == "" {
		return data.Date{}, data.Errorf(data.EINVALID, missing)
	}
	return f.parse(f.Text)
}

// moneyEntry is an entry for an amount in the company currency, read the
// company's way ("1.234,56" in Spain).
func (u *ui) moneyEntry(minor int64) *entry {
	e := newEntry()
	if minor != 0 {
		e.SetText(u.loc.Number(data.M(minor, u.company.Currency)))
	}
	e.SetPlaceHolder(u.loc.Number(data.M(0, u.company.Currency)))
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := u.parseMoney(s)
		return err
	}
	return e
}

func (u *ui) parseMoney(s string) (int64, error) {
	m, err := u.loc.ParseMoney(strings.TrimSpace(s), u.company.Currency)
	if err != nil {
		return 0, errors.New(i18n.Error(lang, err))
	}
	return m.Amount, nil
}

// intEntry is an entry for a whole number such as days; what cannot be
// read as one is refused with a sentence naming field, never taken as 0.
func intEntry(n int, field string) *entry {
	e := newEntry()
	e.SetText(strconv.Itoa(n))
	e.Validator = func(s string) error {
		if _, err := strconv.Atoi(strings.TrimSpace(s)); err != nil {
			return errors.New(trf("%s: write a whole number.", field))
		}
		return nil
	}
	return e
}

func atoi(s string) int { n, _ := strconv.Atoi(strings.TrimSpace(s)); return n }

// formItem is a labelled row of a form, with a hint below when given. A
// long hint wraps (Fyne's own hint line does not, and would widen the form
// past a small window).
func formItem(label string, w fyne.CanvasObject, hint string) *widget.FormItem {
	if utf8.RuneCountInString(hint) <= 48 {
		it := widget.NewFormItem(label, w)
		it.HintText = hint
		return it
	}
	l := widget.NewLabel(hint)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	l.SizeName = theme.SizeNameCaptionText
	return widget.NewFormItem(label, container.NewVBox(w, l))
}

// section is a bold heading above content.
func section(title string, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, content)
}

// capitalize upper-cases the first letter: "no answer" → "No answer".
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// methodEntry is a payment method: one of the usual ones, in the user's
// language, or any other typed (such as "Bizum").
func (u *ui) methodEntry(code string) *selectEntry {
	var words []string
	for _, m := range data.PaymentMethods {
		words = append(words, methodWord(m))
	}
	e := newSelectEntry(words)
	e.SetText(methodWord(code))
	return e
}

// methodWord is a stored payment method as the user reads it.
func methodWord(code string) string { return tr(data.MethodLabel(code)) }
