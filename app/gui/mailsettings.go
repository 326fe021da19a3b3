package gui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/app/remind"
	"cartera/data"
	"cartera/data/sqlite"
)

// mailSettings is the Email reminders part of Settings: the SMTP account
// (the password goes to the OS keyring), the daily schedule and the levels.
type mailSettings struct {
	u                                      *ui
	host, port, user, password, from, time *entry
	grace, notice                          *entry
	security                               *widget.Select
	auto, thanks, private                  *widget.Check
}

func (u *ui) newMailSettings() *mailSettings {
	ctx := context.Background()
	get := func(k string) string { v, _ := remind.Get(ctx, u.store, k); return v }
	m := &mailSettings{u: u}
	m.host, m.port, m.user, m.from = entryWith(get("smtp.host")), entryWith(get("smtp.port")), entryWith(get("smtp.user")), entryWith(get("smtp.from"))
	m.time, m.grace = entryWith(get("reminders.time")), entryWith(get(remind.KeyGraceDays))
	m.notice = entryWith(get(remind.KeyPlanNotice))
	m.password = newPasswordEntry()
	m.showPasswordSource()
	m.security = widget.NewSelect([]string{"starttls", "tls", "none"}, nil)
	m.security.SetSelected(get("smtp.security"))
	m.auto = widget.NewCheck(tr("Send them automatically every day while Cartera is open"), nil)
	m.auto.SetChecked(get("reminders.auto") == "on")
	m.thanks = widget.NewCheck(tr("Thank clients who pay in full after a reminder"), nil)
	m.thanks.SetChecked(get("reminders.thank_you") == "on")
	m.private = widget.NewCheck(tr("Documents and exports readable only by me"), nil)
	m.private.SetChecked(get(remind.KeyPrivateDocs) != "off")
	return m
}

// save writes every field, stopping at the first that is wrong.
func (m *mailSettings) save() error {
	ctx := context.Background()
	onOff := func(c *widget.Check) string {
		if c.Checked {
			return "on"
		}
		return "off"
	}
	auto := onOff(m.auto)
	for _, kv := range [][2]string{{"smtp.host", m.host.Text}, {"smtp.port", m.port.Text}, {"smtp.security", m.security.Selected},
		{"smtp.user", m.user.Text}, {"smtp.from", m.from.Text}, {"reminders.time", m.time.Text}, {"reminders.auto", auto},
		{remind.KeyGraceDays, m.grace.Text}, {remind.KeyPlanNotice, m.notice.Text}, {"reminders.thank_you", onOff(m.thanks)},
		{remind.KeyPrivateDocs, onOff(m.private)}} {
		if err := remind.Set(ctx, m.u.store, kv[0], kv[1]); err != nil {
			return err
		}
	}
	if p := m.password.Text; p != "" {
		err := remind.Set(ctx, m.u.store, "smtp.password", p)
		if data.ErrorCode(err) == remind.ErrNoKeyring {
			m.noKeyring(err, p)
			return errAsked
		}
		if err != nil {
			return err
		}
		m.password.SetText("")
		m.showPasswordSource()
	}
	m.u.startSchedule()
	return nil
}

// errAsked is save's answer when it asked the user how to keep the
// password: the rest is saved, and the dialog asking says what follows.
var errAsked = errors.New("asked how to keep the password")

// showPasswordSource says in the empty password field where the password
// in use comes from, and never claims a keyring that holds nothing.
func (m *mailSettings) showPasswordSource() {
	switch remind.PasswordSource(context.Background(), m.u.store) {
	case remind.PasswordFromKeyring:
		m.password.SetPlaceHolder(tr("stored in the system keyring"))
	case remind.PasswordFromSession:
		m.password.SetPlaceHolder(tr("kept until Cartera closes"))
	case remind.PasswordFromEnv:
		m.password.SetPlaceHolder(tr("given by CARTERA_SMTP_PASSWORD"))
	default:
		m.password.SetPlaceHolder("")
	}
}

// noKeyring says the computer cannot keep the password and offers what
// works: using it until Cartera closes (the environment variable is named
// in the sentence, for automatic sending across restarts).
func (m *mailSettings) noKeyring(err error, p string) {
	u := m.u
	u.ask(tr("Mail password"), i18n.Error(lang, err)+"\n\n"+tr("Cartera can use the password until you close it, without writing it anywhere."),
		tr("Use it until Cartera closes"), func() {
			remind.KeepForSession(context.Background(), u.store, p)
			m.password.SetText("")
			m.showPasswordSource()
			u.startSchedule()
		})
}

// test sends a test email to the sender address.
func (m *mailSettings) test() {
	u := m.u
	if err := m.save(); err != nil {
		if err != errAsked {
			u.showError(err)
		}
		return
	}
	u.async(func() {
		ctx := context.Background()
		cfg, err := remind.LoadConfig(ctx, u.store)
		pass := ""
		if err == nil && cfg.User != "" {
			pass, err = remind.Password(ctx, u.store)
		}
		if err == nil {
			err = remind.TestEmail(ctx, remind.NewSMTP(cfg, pass), cfg, u.company.Name, cfg.From)
		}
		fyne.Do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			dialog.ShowInformation(tr("Test email"), trf("A test email went to %s.", cfg.From), u.win)
		})
	})
}

func (m *mailSettings) content() fyne.CanvasObject {
	form := widget.NewForm(
		formItem(tr("Mail server"), m.host, tr("For example smtp.gmail.com or smtp.office365.com.")),
		widget.NewFormItem(tr("Port"), m.port),
		formItem(tr("Security"), m.security, tr("starttls on port 587, tls on port 465.")),
		widget.NewFormItem(tr("User"), m.user),
		formItem(tr("Password"), m.password, tr("Kept in the system keyring when the computer has one; never in the company file.")),
		formItem(tr("Sender address"), m.from, tr("Replies and read receipts come back here.")),
		formItem(tr("Send at"), m.time, tr("HH:MM, every day.")),
		widget.NewFormItem("", m.auto),
		widget.NewFormItem("", m.thanks),
		formItem(tr("Days of grace after a promise"), m.grace, ""),
		formItem(tr("Payment plan reminders"), m.notice, tr("Days before each instalment's date.")),
		formItem("", m.private, tr("Statements, letters and exports hold clients' financial data; off: the folder's usual permissions.")),
	)
	save := widget.NewButton(tr("Save email settings"), func() {
		if err := m.save(); err != nil {
			if err != errAsked {
				m.u.showError(err)
			}
			return
		}
		dialog.ShowInformation(tr("Settings"), tr("The email settings were saved."), m.u.win)
	})
	save.Importance = widget.HighImportance
	return container.NewVBox(form, container.NewHBox(save, widget.NewButton(tr("Send test email"), m.test)), m.u.levelsList())
}

// levelsList shows the reminder levels, each editable; it is filled
// again in place after a change, so the settings keep their scroll.
func (u *ui) levelsList() fyne.CanvasObject {
	u.levelsBox = container.NewVBox()
	u.showLevels()
	return u.levelsBox
}

func (u *ui) showLevels() {
	if u.levelsBox == nil {
		return
	}
	box := u.levelsBox
	box.Objects = []fyne.CanvasObject{widget.NewLabelWithStyle(tr("Reminder levels"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	defer box.Refresh()
	levels, err := remind.EnsureLevels(context.Background(), u.store)
	if err != nil {
		box.Add(errorText(err))
		return
	}
	for _, l := range levels {
		l := l
		subject, _ := l.Text(lang)
		what := []string{levelName(l), channelText(l.Channel)}
		if l.Attach != "" {
			what = append(what, tr(remind.AttachNames[l.Attach]))
		}
		label := widget.NewLabel(strings.Join(what, " · ") + "  —  " + subject)
		label.Truncation = fyne.TextTruncateEllipsis
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { u.removeLevel(l) })
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewButton(tr("Edit…"), func() { u.levelDialog(l) }), remove), label))
	}
	box.Add(container.NewHBox(widget.NewButtonWithIcon(tr("Add a level…"), theme.ContentAddIcon(), u.addLevelDialog)))
}

// addLevelDialog adds a reminder level some days from the due date,
// worded like the nearest existing default, to be edited after.
func (u *ui) addLevelDialog() {
	offset := intEntry(30, tr("Days from the due date"))
	channel, channels := u.channelSelect(data.ChannelEmail)
	var added data.ReminderLevel
	items := []*widget.FormItem{
		formItem(tr("Days from the due date"), offset, tr("Negative: before it, a friendly heads-up.")),
		widget.NewFormItem(tr("Channel"), channel),
	}
	u.confirmForm(tr("Add a reminder level"), tr("Add"), items, func(ctx context.Context) error {
		var err error
		added, err = remind.AddLevel(ctx, u.store, atoi(offset.Text), channels[max(0, channel.SelectedIndex())], u.user)
		return err
	}, func() {
		u.showLevels()
		u.levelDialog(added) // its texts come from the nearest default: review them
	})
}

// removeLevel removes a level after asking; one reminders went out at is
// refused with a sentence.
func (u *ui) removeLevel(l data.ReminderLevel) {
	u.ask(tr("Remove the reminder level?"), trf("%s will no longer be sent. The reminders already sent stay in each client's history.", levelName(l)),
		tr("Remove"), func() {
			if err := remind.RemoveLevel(context.Background(), u.store, l.ID, u.user); err != nil {
				u.showError(err)
				return
			}
			u.changed()
			u.showLevels()
		})
}

// channelSelect chooses how a level reaches the client.
func (u *ui) channelSelect(ch data.Channel) (*widget.Select, []data.Channel) {
	channels := []data.Channel{data.ChannelEmail, data.ChannelCall, data.ChannelWhatsApp, data.ChannelLetter}
	var labels []string
	for _, c := range channels {
		labels = append(labels, channelText(c))
	}
	sel := widget.NewSelect(labels, nil)
	sel.SetSelectedIndex(max(0, indexOf(channels, ch)))
	return sel, channels
}

// levelDialog edits a reminder level: when, how, what it says and attaches.
// It gives the dialog and its days field (for the screenshot tour).
func (u *ui) levelDialog(l data.ReminderLevel) (*dialog.ConfirmDialog, *entry) {
	offset := intEntry(l.OffsetDays, tr("Days from the due date"))
	channel, channels := u.channelSelect(l.Channel)
	attachKeys := []string{data.AttachNone, data.AttachStatement, data.AttachLetter}
	var attLabels []string
	for _, a := range attachKeys {
		attLabels = append(attLabels, tr(remind.AttachNames[a]))
	}
	attach := widget.NewSelect(attLabels, nil)
	attach.SetSelectedIndex(max(0, indexOf(attachKeys, l.Attach)))
	letter := intEntry(max(1, l.LetterLevel), tr("Letter level"))
	receipt := widget.NewCheck(tr("Ask for a read receipt"), nil)
	receipt.SetChecked(l.ReadReceipt)
	text := func(s string) *entry {
		e := newMultiLineEntry()
		e.SetText(s)
		e.SetMinRowsVisible(5)
		e.Wrapping = fyne.TextWrapWord
		return e
	}
	subES, bodyES, subEN, bodyEN := entryWith(l.SubjectES), text(l.BodyES), entryWith(l.SubjectEN), text(l.BodyEN)
	items := []*widget.FormItem{
		formItem(tr("Days from the due date"), offset, tr("Negative: before it, a friendly heads-up.")),
		widget.NewFormItem(tr("Channel"), channel),
		widget.NewFormItem(tr("Attach"), attach),
		formItem(tr("Letter level"), letter, tr("1 reminder, 2 second notice, 3 final notice.")),
		widget.NewFormItem("", receipt),
		widget.NewFormItem(tr("Subject (Spanish)"), subES), widget.NewFormItem(tr("Text (Spanish)"), bodyES),
		widget.NewFormItem(tr("Subject (English)"), subEN),
		formItem(tr("Text (English)"), bodyEN, tr("Placeholders: {client} {invoices} {total} {oldest_due} {days_overdue} {instructions} {company}")),
	}
	d, _ := u.formDialog(tr("Reminder level"), tr("Save"), items, func(tx *sqlite.Tx) error {
		n := l
		n.OffsetDays = atoi(offset.Text)
		n.Channel = channels[max(0, channel.SelectedIndex())]
		n.Attach = attachKeys[max(0, attach.SelectedIndex())]
		n.LetterLevel = 0
		if n.Attach == data.AttachLetter {
			n.LetterLevel = atoi(letter.Text)
		}
		n.ReadReceipt = receipt.Checked
		n.SubjectES, n.BodyES, n.SubjectEN, n.BodyEN = subES.Text, bodyES.Text, subEN.Text, bodyEN.Text
		return tx.SaveLevel(&n)
	}, u.showLevels)
	d.Resize(fyne.NewSize(760, d.MinSize().Height))
	return d, offset
}
