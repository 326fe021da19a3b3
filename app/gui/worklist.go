package gui

import (
	"cartera/app/i18n"
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cartera/app/chase"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// maxTasks is how many worklist entries the screen shows at once.
const maxTasks = 60

// worklistScreen is today's prioritized list of who to chase and how, with
// one click to act and one to log what happened.
type worklistScreen struct {
	u     *ui
	body  *fyne.Container
	today chase.Today
	done  map[int64]bool // clients whose outcome was logged this session
}

func newWorklistScreen(u *ui) *worklistScreen {
	s := &worklistScreen{u: u, body: container.NewStack(), done: map[int64]bool{}}
	u.work = s
	s.load()
	return s
}

func (s *worklistScreen) content() fyne.CanvasObject {
	refresh := widget.NewButtonWithIcon(tr("Refresh"), theme.ViewRefreshIcon(), s.load)
	title := heading(tr("Who to chase today"), tr("Ranked by overdue amount, risk and age; broken promises and promises due today first."))
	return container.NewBorder(container.NewPadded(container.NewBorder(nil, nil, nil, container.NewVBox(refresh), title)), nil, nil, nil, s.body)
}

func (s *worklistScreen) load() {
	u := s.u
	set(s.body, busy(tr("Working out today's list…")))
	day := data.Today(u.clock)
	u.async(func() {
		ctx := context.Background()
		o, err := u.outlook(ctx, day)
		var t chase.Today
		if err == nil {
			t, err = chase.FromOutlook(ctx, u.store, o)
		}
		fyne.Do(func() {
			if err != nil {
				set(s.body, errorText(err))
				return
			}
			s.today = t
			s.show()
		})
	})
}

func (s *worklistScreen) show() {
	if len(s.today.Tasks) == 0 {
		set(s.body, container.NewPadded(quiet(tr("Nothing to chase: no client owes anything overdue."))))
		return
	}
	box := container.NewVBox()
	for i, t := range s.today.Tasks {
		if i == maxTasks {
			box.Add(quiet(trf("and %d more clients with smaller or newer debts", len(s.today.Tasks)-i)))
			break
		}
		box.Add(s.row(i, t))
	}
	set(s.body, container.NewVScroll(box))
}

// row is one client of the worklist: who, what to do, why, and the buttons.
func (s *worklistScreen) row(i int, t reports.Task) fyne.CanvasObject {
	u := s.u
	c := s.today.Clients[t.ClientID]
	name := link(trf("%d. %s", i+1, c.Name), func() { u.showClient(c.ID) })
	name.TextStyle.Bold = true
	action := widget.NewLabelWithStyle(tr(chase.ActionLabels[t.Action]), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	action.Importance = widget.HighImportance
	figures := widget.NewLabel(strings.Join([]string{u.money(t.Overdue) + " " + tr("overdue"),
		trf(i18n.Plural(t.OldestOverdue, "%d day overdue", "%d days overdue"), t.OldestOverdue), trf("risk %d", t.Risk)}, "  ·  "))
	lines := container.NewVBox(container.NewHBox(name, action), figures)
	shown := t // the over-limit reason is said below, with its figures
	shown.Reasons = slices.DeleteFunc(slices.Clone(t.Reasons), func(r string) bool { return r == reports.ReasonOverLimit })
	if rs := chase.Reasons(lang, s.today.Outlook, shown); len(rs) > 0 {
		r := widget.NewLabel(strings.Join(rs, " "))
		r.Wrapping = fyne.TextWrapWord
		lines.Add(r)
	}
	if t.OverLimit {
		w := widget.NewLabel("⚠ " + trf("Owes %s with open orders, over its credit limit of %s.", u.money(t.Exposure), u.money(t.Limit)))
		w.Importance = widget.DangerImportance
		lines.Add(w)
	}
	if t.Action == reports.ActionCall || t.Action == reports.ActionCheckPromise {
		sl := c.Language
		if sl == "" {
			sl = lang
		}
		script := widget.NewLabel("« " + chase.CallScript(sl, u.company.Name, t, u.loc, u.company.Currency) + " »")
		script.Wrapping = fyne.TextWrapWord
		script.TextStyle.Italic = true
		lines.Add(script)
	}
	var buttons []*widget.Button // the log first: what does not fit goes under More
	var plan *widget.Button
	if t.Action == reports.ActionOfferPlan {
		plan = widget.NewButtonWithIcon(tr("Payment plan…"), theme.ContentPasteIcon(), func() { u.planDialog(c, s.load) })
		plan.Importance = widget.HighImportance
	}
	ch := channelFor(t.Action, c)
	logBtn := widget.NewButtonWithIcon(tr("Log outcome…"), theme.DocumentCreateIcon(), nil)
	logBtn.Importance = widget.HighImportance
	var quick []*widget.Button
	logged := func() {
		s.done[c.ID] = true
		logBtn.SetText(tr("Logged"))
		logBtn.SetIcon(theme.ConfirmIcon())
		logBtn.Importance = widget.SuccessImportance
		logBtn.Refresh()
		for _, b := range quick {
			b.Disable()
		}
	}
	logBtn.OnTapped = func() { u.logContactDialog(c, ch, logged) }
	// One click for the outcomes that need no more words.
	for _, o := range []string{data.OutcomeNoAnswer, data.OutcomeLeftMessage, data.OutcomeSent} {
		o := o
		if (o == data.OutcomeSent) != (ch == data.ChannelEmail || ch == data.ChannelLetter || ch == data.ChannelWhatsApp) {
			continue // "sent" for messages; no answer and left a message for calls
		}
		quick = append(quick, widget.NewButton(capitalize(outcomeText(o)), func() {
			err := u.store.Update(context.Background(), func(tx *sqlite.Tx) error {
				return tx.AddContact(&data.ContactEntry{ClientID: c.ID, At: u.clock.Now(), Channel: ch, Direction: data.Outbound, Outcome: o})
			})
			if err != nil {
				u.showError(err)
				return
			}
			u.outlooks.forget() // the contact log changed; the worklist stays as it is until refreshed
			logged()
		}))
	}
	if s.done[c.ID] {
		logged()
	}
	buttons = append([]*widget.Button{logBtn}, quick...)
	if plan != nil {
		buttons = append(buttons, plan)
	}
	buttons = append(buttons, u.contactButtons(c, t.Overdue)...)
	return widget.NewCard("", "", container.NewVBox(lines, newButtonBar(buttons...)))
}

// channelFor is the channel the action uses, to preselect in the log.
func channelFor(a reports.Action, c data.Client) data.Channel {
	switch a {
	case reports.ActionCall, reports.ActionCheckPromise, reports.ActionOfferPlan:
		return data.ChannelCall
	case reports.ActionWhatsApp:
		return data.ChannelWhatsApp
	case reports.ActionFinalNotice:
		return data.ChannelLetter
	case reports.ActionReminder, reports.ActionStatement:
		return data.ChannelEmail
	}
	return c.PreferredChannel
}
