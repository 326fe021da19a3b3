package gui

import (
	"context"
	"fmt"
	"slices"
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

// outboxScreen shows today's reminders before they go: each email as the
// client will read it, the tasks for people, and the messages that need
// the user (left sending by a crash, failed).
type outboxScreen struct {
	u       *ui
	body    *fyne.Container
	plan    remind.Plan
	preview *fyne.Container
	held    []data.Client // held back today from this screen, to put back
}

func newOutboxScreen(u *ui) *outboxScreen {
	s := &outboxScreen{u: u, body: container.NewStack(), preview: container.NewStack()}
	u.outbox = s
	s.load()
	return s
}

func (s *outboxScreen) content() fyne.CanvasObject {
	refresh := widget.NewButtonWithIcon(tr("Refresh"), theme.ViewRefreshIcon(), s.load)
	sendAll := widget.NewButtonWithIcon(tr("Send all"), theme.MailSendIcon(), s.confirmSendAll)
	sendAll.Importance = widget.HighImportance
	title := heading(tr("Reminders for today"), s.u.autoText())
	return container.NewBorder(container.NewPadded(container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(refresh, sendAll)), title)), nil, nil, nil, s.body)
}

// autoText says whether and when reminders go out by themselves.
func (u *ui) autoText() string {
	cfg, err := remind.LoadConfig(context.Background(), u.store)
	if err != nil || !cfg.Auto {
		return tr("Automatic sending is off (Settings › Email reminders).")
	}
	return trf("Sent automatically every day at %s while Cartera is open.", cfg.Time)
}

func (s *outboxScreen) load() {
	u := s.u
	set(s.body, busy(tr("Working out today's reminders…")))
	day := data.Today(u.clock)
	u.async(func() {
		p, err := remind.MakePlan(context.Background(), u.store, u.company, day)
		fyne.Do(func() {
			if err != nil {
				set(s.body, errorText(err))
				return
			}
			s.plan = p
			s.show()
		})
	})
}

func (s *outboxScreen) show() {
	u, p := s.u, s.plan
	msgs := newTextList(len(p.Messages), fyne.TextStyle{Bold: true}, func(i int) (string, string) {
		m := p.Messages[i]
		return m.Client.Name, strings.Join([]string{m.What(lang), u.money(m.Total()), strings.Join(m.To, ", ")}, "  ·  ")
	})
	msgs.OnSelected = func(i widget.ListItemID) { s.showPreview(p.Messages[i]) }
	left := container.NewBorder(widget.NewLabelWithStyle(trf(i18n.Plural(len(p.Messages), "%d email", "%d emails"), len(p.Messages)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.extras(), nil, nil, msgs)
	if len(p.Messages) == 0 {
		left = container.NewBorder(quiet(tr("No reminder is due today.")), s.extras(), nil, nil)
		set(s.preview, quiet(""))
	} else {
		msgs.Select(0)
	}
	split := newColumns(0.4, left, s.preview)
	set(s.body, split)
}

// extras lists the tasks for people and what needs the user.
func (s *outboxScreen) extras() fyne.CanvasObject {
	u, p := s.u, s.plan
	box := container.NewVBox()
	for _, c := range s.held {
		c := c
		box.Add(container.NewBorder(nil, nil, nil, widget.NewButton(tr("Put back"), func() { s.putBack(c) }),
			quiet(trf("%s is held back today.", c.Name))))
	}
	if len(p.Unconfirmed) > 0 {
		box.Add(widget.NewLabelWithStyle(tr("Interrupted while sending: did these go out?"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, m := range p.Unconfirmed {
			m := m
			name := u.clientName(m.ClientID)
			confirm := func(sent bool) func() {
				return func() {
					if err := u.store.Update(context.Background(), func(tx *sqlite.Tx) error { return tx.ConfirmSend(m.ID, sent) }); err != nil {
						u.showError(err)
						return
					}
					s.load()
				}
			}
			box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewButton(tr("It was sent"), confirm(true)),
				widget.NewButton(tr("It was not sent"), confirm(false))), widget.NewLabel(trf("#%d %s", m.ID, name))))
		}
	}
	for _, m := range p.Failed {
		l := widget.NewLabel(trf("#%d %s failed: %s", m.ID, u.clientName(m.ClientID), m.Error))
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if len(p.Tasks) > 0 {
		box.Add(widget.NewLabelWithStyle(tr("For you to do"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, t := range p.Tasks[:min(len(p.Tasks), 8)] {
			t := t
			l := link(fmt.Sprintf("%s · %s · %s", t.Client.Name, t.What(lang), tr(t.Reason)), func() { u.showClient(t.Client.ID) })
			l.Truncation = fyne.TextTruncateEllipsis
			box.Add(l)
		}
		if len(p.Tasks) > 8 {
			box.Add(quiet(trf("and %d more", len(p.Tasks)-8)))
		}
	}
	if len(p.Thanks) > 0 {
		box.Add(quiet(trf("And %d thank-you emails to clients who paid in full.", len(p.Thanks))))
	}
	var skipped []string
	for reason, n := range p.Skipped {
		skipped = append(skipped, fmt.Sprintf("%s: %d", tr(reason), n))
	}
	if len(skipped) > 0 {
		box.Add(quiet(tr("Not reminded today") + " — " + strings.Join(skipped, " · ")))
	}
	return box
}

func (u *ui) clientName(id int64) string {
	if c, err := u.store.Client(context.Background(), id); err == nil {
		return c.Name
	}
	return ""
}

// levelName is "3 days before the due date", "15 days after the due date".
func levelName(l data.ReminderLevel) string { return remind.LevelName(lang, l) }

// showPreview shows a message as the client will read it.
func (s *outboxScreen) showPreview(m remind.Message) {
	r := remind.Render(m)
	head := widget.NewForm(
		widget.NewFormItem(tr("To (recipient)"), widget.NewLabel(strings.Join(m.To, ", "))),
		widget.NewFormItem(tr("Subject"), widget.NewLabelWithStyle(r.Subject, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		widget.NewFormItem(tr("Attached"), widget.NewLabel(tr(m.Attached()))),
	)
	body := widget.NewLabel(r.Text)
	body.Wrapping = fyne.TextWrapWord
	body.TextStyle.Monospace = true
	send := widget.NewButtonWithIcon(tr("Send now"), theme.MailSendIcon(), func() { s.send(map[int64]bool{m.Client.ID: true}) })
	send.Importance = widget.HighImportance
	hold := widget.NewButtonWithIcon(tr("Hold back today"), theme.MediaPauseIcon(), func() { s.holdBack(m.Client) })
	set(s.preview, container.NewBorder(head, container.NewHBox(send, hold), nil, nil, container.NewVScroll(body)))
}

// confirmSendAll asks before sending every email of the day at once.
func (s *outboxScreen) confirmSendAll() {
	u, n := s.u, len(s.plan.Messages)
	if n == 0 {
		u.showDialog(dialog.NewInformation(tr("Reminders"), tr("No reminder is due today."), u.win), nil)
		return
	}
	var total int64
	for _, m := range s.plan.Messages {
		total += m.Total()
	}
	msg := trf(i18n.Plural(n, "Send %d reminder email now, asking for %s?", "Send %d reminder emails now, asking for %s in all?"), n, u.money(total)) +
		"\n\n" + tr("Once sent they cannot be called back. To leave a client out today, choose it and Hold back today.")
	u.ask(tr("Send all"), msg, trf(i18n.Plural(n, "Send %d email", "Send %d emails"), n), func() { s.send(nil) })
}

// holdBack leaves a client out of today's reminders: its reminders pause
// until the end of today (with a line in the audit log), and come back
// tomorrow as they were. Undo puts it back at once.
func (s *outboxScreen) holdBack(c data.Client) {
	u := s.u
	today := data.Today(u.clock)
	if _, err := remind.Pause(context.Background(), u.store, c.Code, today, u.user); err != nil {
		u.showError(err)
		return
	}
	s.held = append(s.held, c)
	u.changed() // shows the outbox again, without it
}

// putBack undoes holdBack.
func (s *outboxScreen) putBack(c data.Client) {
	u := s.u
	if _, err := remind.Pause(context.Background(), u.store, c.Code, data.Date{}, u.user); err != nil {
		u.showError(err)
		return
	}
	s.held = slices.DeleteFunc(s.held, func(x data.Client) bool { return x.ID == c.ID })
	u.changed()
}

// send sends today's messages (of only, when set) with a progress bar.
func (s *outboxScreen) send(only map[int64]bool) {
	u := s.u
	pr := u.startProgress(tr("Sending reminders…"))
	p := s.plan
	u.async(func() {
		res, err := u.sendReminders(pr.ctx, p, only, pr.report)
		fyne.Do(func() {
			pr.end()
			u.changed()
			if err != nil {
				u.showError(err)
			} else {
				msg := trf("Sent %d, refused %d, failed %d.", res.Sent, res.Refused, res.Failed)
				if res.Unknown > 0 {
					msg += " " + trf(i18n.Plural(res.Unknown, "%d message may have arrived or not: confirm it in the outbox.",
						"%d messages may have arrived or not: confirm them in the outbox."), res.Unknown)
				}
				if res.Thanked > 0 {
					msg += " " + trf("Thank-you emails: %d.", res.Thanked)
				}
				dialog.ShowInformation(tr("Reminders"), msg, u.win)
			}
			s.load()
		})
	})
}

// sendReminders sends a plan through the configured server.
func (u *ui) sendReminders(ctx context.Context, p remind.Plan, only map[int64]bool, progress func(int, int)) (remind.Result, error) {
	cfg, err := remind.LoadConfig(ctx, u.store)
	if err != nil {
		return remind.Result{}, err
	}
	if cfg.Host == "" {
		return remind.Result{}, data.Errorf(data.EINVALID, "Set the mail server in Settings › Email reminders first.")
	}
	pass := ""
	if cfg.User != "" {
		if pass, err = remind.Password(ctx, u.store); err != nil {
			return remind.Result{}, err
		}
	}
	return remind.Run(ctx, u.store, u.company, remind.NewSMTP(cfg, pass), p, remind.Options{Only: only, Now: u.clock.Now, Progress: progress})
}

// startSchedule sends the day's reminders at the set time while the app
// runs, when automatic sending is on; a desktop notification says how it went.
func (u *ui) startSchedule() {
	u.schedule.Stop()
	u.schedule = nil
	cfg, err := remind.LoadConfig(context.Background(), u.store)
	if err != nil || !cfg.Auto || cfg.Host == "" {
		return
	}
	store := u.store
	u.schedule, err = remind.Daily(cfg.Time, func() {
		ctx := context.Background()
		p, err := remind.MakePlan(ctx, store, u.company, data.Today(u.clock))
		if err == nil && len(p.Messages) > 0 {
			var res remind.Result
			res, err = u.sendReminders(ctx, p, nil, nil)
			if err == nil {
				u.app.SendNotification(fyne.NewNotification(tr("Reminders"), trf("Sent %d, refused %d, failed %d.", res.Sent, res.Refused, res.Failed)))
			}
		}
		if err != nil {
			u.app.SendNotification(fyne.NewNotification(tr("Reminders"), i18n.Error(lang, err)))
		}
		fyne.Do(u.changed)
	})
	if err != nil {
		u.showError(err)
	}
}
