// Package remind sends the reminder emails of the dunning policy: who gets
// which level today, what the message says, the outbox, and the send log
// that keeps an invoice from receiving the same level twice. It imports no
// GUI; the desktop app and `cartera remind` both drive it.
package remind

import (
	"context"
	"sort"
	"strings"

	"cartera/app/chase"
	"cartera/app/i18n"
	"cartera/app/plans"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// Message is one reminder a client is due today: the level, the invoices
// that reached a new level, and where it goes.
type Message struct {
	Client    data.Client
	Level     data.ReminderLevel
	Items     []reports.StatementItem // the invoices the message is about
	Levels    []int64                 // each item's level
	Statement reports.Statement       // the client's whole position, for totals and attachments
	To        []string
	Broken    bool // a promise to pay was broken: chasing resumes a level up
	Thanks    bool // a thank-you for invoices paid in full after a reminder

	// A payment plan's instalment falls due: the message reminds of it
	// (Items are the plan's invoices) instead of a dunning level.
	Plan       *data.PaymentPlan
	Instalment *data.Instalment
	PlanPaid   int64 // paid towards the plan so far
}

// Attached names what goes attached to the message (a catalog key).
func (m Message) Attached() string {
	if m.Plan != nil {
		return AttachAgreement
	}
	return AttachNames[m.Level.Attach]
}

// AttachAgreement names the payment plan agreement attached to instalment reminders.
var AttachAgreement = i18n.N("the payment plan agreement")

// Lang is the message's language: the client's, else the company's.
func (m Message) Lang() string { return m.Statement.Lang() }

// Total is what the message asks for: its invoices' balances less the
// money the client holds on account (Held), or what was paid for a
// thank-you.
func (m Message) Total() int64 {
	return m.Gross() - m.Held()
}

// Gross is what the message's invoices add up to: their balances, or what
// was paid for a thank-you.
func (m Message) Gross() int64 {
	var n int64
	for _, it := range m.Items {
		if m.Thanks {
			n += it.Amount
		} else {
			n += it.Balance
		}
	}
	return n
}

// Held is the money on account deducted from the message's invoices: what
// the client holds, up to what they add up to.
func (m Message) Held() int64 {
	if m.Thanks || m.Statement.OnAccount <= 0 {
		return 0
	}
	return min(m.Statement.OnAccount, m.Gross())
}

// Task is a reminder that needs a person: a call, a WhatsApp, a letter, or
// an email the client cannot receive.
type Task struct {
	Client     data.Client
	Level      data.ReminderLevel
	Reason     string // a catalog key: why it is a task
	Total      int64
	Plan       *data.PaymentPlan // set when the task is a plan instalment's reminder
	Instalment *data.Instalment
}

// What says what a message is about, in lang: its level ("7 days after
// the due date"), or the plan instalment it reminds of.
func (m Message) What(lang string) string { return what(lang, m.Level, m.Plan, m.Instalment) }

// What says what a task is about, in lang, like Message.What.
func (t Task) What(lang string) string { return what(lang, t.Level, t.Plan, t.Instalment) }

func what(lang string, l data.ReminderLevel, p *data.PaymentPlan, in *data.Instalment) string {
	if in != nil && p != nil {
		return i18n.T(lang, "Instalment %d of %d of a payment plan", in.N, len(p.Instalments))
	}
	return LevelName(lang, l)
}

// LevelName is a level as people say it: "3 days before the due date".
func LevelName(lang string, l data.ReminderLevel) string {
	if l.OffsetDays < 0 {
		return i18n.T(lang, i18n.Plural(-l.OffsetDays, "%d day before the due date", "%d days before the due date"), -l.OffsetDays)
	}
	return i18n.T(lang, i18n.Plural(l.OffsetDays, "%d day after the due date", "%d days after the due date"), l.OffsetDays)
}

// AttachNames name the attachments (catalog keys).
var AttachNames = map[string]string{data.AttachNone: i18n.N("nothing"), data.AttachStatement: i18n.N("the statement of account"),
	data.AttachLetter: i18n.N("the reminder letter")}

// Task reasons (catalog keys).
var (
	ReasonChannel = i18n.N("The level asks for a call, a WhatsApp or a letter.")
	ReasonNoEmail = i18n.N("The client has no valid email address.")
)

// Plan is today's outbox: messages to send, tasks for people, and the
// messages of earlier runs that need the user (left sending by a crash, or
// failed).
type Plan struct {
	Day         data.Date
	Messages    []Message
	Thanks      []Message // thank-yous for invoices paid in full after a reminder, when on
	Tasks       []Task
	Unconfirmed []data.Send
	Failed      []data.Send
	Skipped     map[string]int // reason key → clients skipped for it
}

// Reasons a client gets nothing today (catalog keys).
var (
	SkipOptOut   = i18n.N("opted out of reminders")
	SkipPaused   = i18n.N("reminders paused")
	SkipToday    = i18n.N("already reminded today")
	SkipPromise  = i18n.N("under a promise to pay")
	SkipDisputed = i18n.N("disputed")
	SkipPlan     = i18n.N("on a payment plan")
	SkipCovered  = i18n.N("covered by money on account")
)

// Settings keys and their defaults.
const (
	KeyGraceDays  = plans.KeyGraceDays           // days after a promised date before chasing resumes
	KeyPlanNotice = "reminders.plan_notice_days" // days before a plan instalment that its reminder goes
)

// MakePlan works out today's reminders.
func MakePlan(ctx context.Context, s *sqlite.Store, c data.Company, day data.Date) (Plan, error) {
	p := Plan{Day: day, Skipped: map[string]int{}}
	levels, err := EnsureLevels(ctx, s)
	if err != nil || len(levels) == 0 {
		return p, err
	}
	cfg, err := LoadConfig(ctx, s)
	if err != nil {
		return p, err
	}
	clients, err := chase.Clients(ctx, s)
	if err != nil {
		return p, err
	}
	holds, err := s.ReminderHolds(ctx)
	if err != nil {
		return p, err
	}
	sent, err := s.SentLevels(ctx)
	if err != nil {
		return p, err
	}
	pp, err := loadPlans(ctx, s, day, cfg.PlanNotice) // first: it ends plans, which settles their promises
	if err != nil {
		return p, err
	}
	promises, err := s.OpenPromises(ctx)
	if err != nil {
		return p, err
	}
	for id, list := range promises { // instalments are followed through their plan
		kept := list[:0:0]
		for _, pr := range list {
			if !pp.promises[pr.ID] {
				kept = append(kept, pr)
			}
		}
		promises[id] = kept
	}
	disputed, err := s.OpenDisputes(ctx)
	if err != nil {
		return p, err
	}
	// Today's log, and messages any crash left sending: the plan never needs
	// the older history, which grows with every run.
	todays, err := s.Sends(ctx, day)
	if err != nil {
		return p, err
	}
	if p.Unconfirmed, err = s.Sends(ctx, data.Date{}, data.SendSending); err != nil {
		return p, err
	}
	remindedToday := map[int64]bool{}
	for _, m := range todays {
		switch m.Status {
		case data.SendFailed:
			p.Failed = append(p.Failed, m)
		case data.SendSending, data.SendSent, data.SendRefused:
			remindedToday[m.ClientID] = true
		}
	}
	var owing []data.Client
	for _, cl := range clients {
		owing = append(owing, cl)
	}
	sort.Slice(owing, func(i, j int) bool { return owing[i].Code < owing[j].Code })
	sts, err := reports.Statements(ctx, s.DB(), c, owing, reports.StatementOptions{AsOf: day})
	if err != nil {
		return p, err
	}
	for _, st := range sts {
		if st.Total <= 0 {
			continue
		}
		if st.Due() <= 0 { // what it holds on account pays everything it owes
			p.Skipped[SkipCovered]++
			continue
		}
		cl := st.Client
		m, skip := plan(st, levels, sent, promises[cl.ID], disputed, day, cfg.GraceDays, pp)
		if in := pp.due[cl.ID]; in != nil { // the plan's date comes first today
			m = instalmentMessage(st, levels, pp.plans[cl.ID], in)
		}
		if len(m.Items) == 0 {
			if skip != "" {
				p.Skipped[skip]++
			}
			continue
		}
		if m.Total() <= 0 {
			p.Skipped[SkipCovered]++
			continue
		}
		hold := holds[cl.ID]
		switch {
		case cl.OptOut:
			p.Skipped[SkipOptOut]++
		case !hold.PausedUntil.IsZero() && !day.After(hold.PausedUntil):
			p.Skipped[SkipPaused]++
		case remindedToday[cl.ID]:
			p.Skipped[SkipToday]++
		case m.Level.Channel != data.ChannelEmail:
			p.Tasks = append(p.Tasks, Task{Client: cl, Level: m.Level, Reason: ReasonChannel, Total: m.Total(), Plan: m.Plan, Instalment: m.Instalment})
		default:
			m.To = addresses(cl, hold)
			if len(m.To) == 0 {
				p.Tasks = append(p.Tasks, Task{Client: cl, Level: m.Level, Reason: ReasonNoEmail, Total: m.Total(), Plan: m.Plan, Instalment: m.Instalment})
				continue
			}
			p.Messages = append(p.Messages, m)
		}
	}
	if cfg.ThankYou {
		if err := thanks(ctx, s, &p, sts, holds); err != nil {
			return p, err
		}
	}
	return p, nil
}

// thanks plans a thank-you to each client that paid in full invoices it
// was reminded of.
func thanks(ctx context.Context, s *sqlite.Store, p *Plan, sts []reports.Statement, holds map[int64]data.ReminderHold) error {
	due, err := s.ToThank(ctx)
	if err != nil || len(due) == 0 {
		return err
	}
	var ids []int64
	for _, invs := range due {
		ids = append(ids, invs...)
	}
	rows, err := s.InvoiceRows(ctx, ids)
	if err != nil {
		return err
	}
	for _, st := range sts {
		invs := due[st.Client.ID]
		if len(invs) == 0 || st.Client.OptOut {
			continue
		}
		m := Message{Client: st.Client, Statement: st, Thanks: true}
		for _, id := range invs {
			r := rows[id]
			m.Items = append(m.Items, reports.StatementItem{InvoiceID: id, Number: r.Number, Issue: r.IssueDate, Due: r.DueDate,
				Amount: r.Amount.Amount, Paid: r.Amount.Amount})
		}
		if m.To = addresses(st.Client, holds[st.Client.ID]); len(m.To) > 0 {
			p.Thanks = append(p.Thanks, m)
		}
	}
	return nil
}

// plan picks, for one client, the invoices that reached a level they have
// not had, each at the highest such level; the message goes at the highest
// of them. A broken promise moves its invoices one level past the last
// they had.
func plan(st reports.Statement, levels []data.ReminderLevel, sent map[data.SentKey]map[int64]bool, promises []data.Promise,
	disputed map[int64]bool, day data.Date, grace int, pp planFacts) (Message, string) {
	m := Message{Client: st.Client, Statement: st}
	skip := ""
	index := map[int64]int{}
	for i, l := range levels {
		index[l.ID] = i
	}
	best := -1
	for _, it := range st.Items {
		if disputed[it.InvoiceID] {
			skip = SkipDisputed
			continue
		}
		held, broken := false, false
		for _, pr := range promises {
			if pr.InvoiceID != 0 && pr.InvoiceID != it.InvoiceID {
				continue
			}
			if !day.After(pr.PromisedDate.AddDays(grace)) {
				held = true
			} else {
				broken = true
			}
		}
		if held {
			skip = SkipPromise
			continue
		}
		if pp.active[it.InvoiceID] {
			skip = SkipPlan
			continue
		}
		if ended, ok := pp.broken[it.InvoiceID]; ok && pp.lastSent[it.InvoiceID].Before(ended) {
			broken = true // chasing resumes a level up, once, after the plan broke
		}
		days := day.DaysSince(it.Due)
		reached := -1
		for i, l := range levels {
			if l.OffsetDays <= days {
				reached = i
			}
		}
		last := -1
		for id := range sent[data.SentKey{Invoice: it.InvoiceID, Instalment: it.Instalment}] {
			last = max(last, index[id])
		}
		if broken && last+1 < len(levels) {
			reached = max(reached, last+1)
			m.Broken = true
		}
		if reached < 0 || reached <= last {
			continue
		}
		m.Items = append(m.Items, it)
		m.Levels = append(m.Levels, levels[reached].ID)
		best = max(best, reached)
	}
	if best >= 0 {
		m.Level = levels[best]
	}
	return m, skip
}

// addresses are a client's valid email addresses but the one a server refused.
func addresses(c data.Client, hold data.ReminderHold) []string {
	var out []string
	for _, e := range c.Emails {
		if data.ValidEmail(e) && !strings.EqualFold(e, hold.EmailRefused) {
			out = append(out, strings.TrimSpace(e))
		}
	}
	return out
}

// planFacts are the payment plans as reminders see them.
type planFacts struct {
	active   map[int64]bool             // invoices on an active plan: no dunning
	broken   map[int64]data.Date        // invoices of a broken plan: the day it broke
	lastSent map[int64]data.Date        // the last day each invoice had a reminder
	promises map[int64]bool             // promises that stand for instalments
	due      map[int64]*data.Instalment // per client: the instalment to remind of today
	plans    map[int64]*plans.Standing  // per client: the active plan
}

// loadPlans brings the plans up to day and gathers what the reminders need.
func loadPlans(ctx context.Context, s *sqlite.Store, day data.Date, notice int) (planFacts, error) {
	f := planFacts{active: map[int64]bool{}, broken: map[int64]data.Date{}, due: map[int64]*data.Instalment{},
		plans: map[int64]*plans.Standing{}}
	all, err := plans.Refresh(ctx, s, day, 0)
	if err != nil {
		return f, err
	}
	reminded, err := s.RemindedInstalments(ctx)
	if err != nil {
		return f, err
	}
	if f.promises, err = s.PlanPromises(ctx); err != nil {
		return f, err
	}
	if f.lastSent, err = s.LastSent(ctx); err != nil {
		return f, err
	}
	for i := len(all) - 1; i >= 0; i-- { // oldest first, so a newer plan's facts win
		st := &all[i]
		switch st.Plan.Status {
		case data.PlanActive:
			for _, id := range st.Plan.Invoices {
				f.active[id] = true
				delete(f.broken, id)
			}
			f.plans[st.Plan.ClientID] = st
			if n := st.Check.Next; n >= 0 {
				in := &st.Plan.Instalments[n]
				if !reminded[in.ID] && !day.Before(in.Due.AddDays(-notice)) {
					f.due[st.Plan.ClientID] = in
				}
			}
		case data.PlanBroken:
			for _, id := range st.Plan.Invoices {
				f.broken[id] = st.Plan.Ended
			}
		}
	}
	return f, nil
}

// instalmentMessage reminds the client of an instalment of its plan, with
// the plan's invoices and the agreement attached. It is logged under the
// first email level but records no level on the invoices.
func instalmentMessage(st reports.Statement, levels []data.ReminderLevel, p *plans.Standing, in *data.Instalment) Message {
	m := Message{Client: st.Client, Statement: st, Plan: &p.Plan, Instalment: in, PlanPaid: p.Check.Paid}
	on := map[int64]bool{}
	for _, id := range p.Plan.Invoices {
		on[id] = true
	}
	for _, it := range st.Items {
		if on[it.InvoiceID] {
			m.Items = append(m.Items, it)
		}
	}
	for _, l := range levels {
		if l.Channel == data.ChannelEmail {
			m.Level = l
			break
		}
	}
	if m.Level.ID == 0 {
		m.Level = levels[0]
	}
	m.Level.Channel, m.Level.Attach, m.Level.ReadReceipt = data.ChannelEmail, data.AttachNone, false
	return m
}
