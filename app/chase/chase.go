// Package chase says who to chase today and about what: the worklist, its
// call scripts and the alerts (rising days to pay, broken promises,
// promises due today). The CLI and the desktop app both read it; it only
// reads the store and reports.
package chase

import (
	"context"
	"sort"

	"cartera/app/i18n"
	"cartera/app/plans"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// ActionLabels name the worklist's actions (English keys of the catalog).
var ActionLabels = map[reports.Action]string{
	reports.ActionReminder:     i18n.N("Send a friendly reminder"),
	reports.ActionStatement:    i18n.N("Email the statement of account"),
	reports.ActionCall:         i18n.N("Call"),
	reports.ActionWhatsApp:     i18n.N("Send a WhatsApp message"),
	reports.ActionFinalNotice:  i18n.N("Send the final notice letter"),
	reports.ActionCheckPromise: i18n.N("Check the payment promised for today"),
	reports.ActionHold:         i18n.N("Hold: resolve the dispute first"),
	reports.ActionOfferPlan:    i18n.N("Offer a payment plan"),
}

// CallScript is what to say on the phone to a client on the worklist.
func CallScript(lang string, company string, t reports.Task, l data.Locale, cur string) string {
	s := i18n.T(lang, "Good morning, I am calling from %s about %d overdue invoices for %s; the oldest was due on %s, %d days ago. When can we expect the payment?",
		company, t.OverdueCount, l.Money(data.M(t.Overdue, cur)), l.Date(t.OldestDue), t.OldestOverdue)
	if t.Promised > 0 {
		s += " " + i18n.T(lang, "You promised to pay %s today; has it been sent?", l.Money(data.M(t.Promised, cur)))
	}
	return s
}

// Reasons are a task's reasons as sentences in lang.
func Reasons(lang string, o reports.Outlook, t reports.Task) []string {
	var out []string
	for _, k := range t.Reasons {
		out = append(out, i18n.T(lang, k, o.Behaviours[t.ClientID].ReasonArgs(k)...))
	}
	return out
}

// Today is the worklist of a day with what it was computed from.
type Today struct {
	Outlook reports.Outlook
	Facts   reports.PromiseFacts
	Tasks   []reports.Task
	Clients map[int64]data.Client
}

// Load computes the worklist of day d.
func Load(ctx context.Context, s *sqlite.Store, c data.Company, d data.Date) (Today, error) {
	o, err := reports.NewOutlook(ctx, s.DB(), c, d)
	if err != nil {
		return Today{}, err
	}
	return FromOutlook(ctx, s, o)
}

// FromOutlook is the worklist of an outlook already computed (the slow
// part: the desktop app shares one between the dashboard and the worklist).
func FromOutlook(ctx context.Context, s *sqlite.Store, o reports.Outlook) (Today, error) {
	t := Today{Outlook: o}
	if _, err := plans.Refresh(ctx, s, o.AsOf, 0); err != nil { // missed instalments put clients back on the list
		return t, err
	}
	var err error
	if t.Facts, err = reports.LoadPromiseFacts(ctx, s.DB(), o.AsOf); err != nil {
		return t, err
	}
	if t.Clients, err = Clients(ctx, s); err != nil {
		return t, err
	}
	t.Tasks = t.Outlook.Worklist(t.Facts)
	return t, nil
}

// Clients reads every client once, by ID.
func Clients(ctx context.Context, s *sqlite.Store) (map[int64]data.Client, error) {
	rows, err := s.ListClients(ctx, data.ClientQuery{})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]data.Client, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Client
	}
	return out, nil
}

// AlertKind is what an alert is about.
type AlertKind string

const (
	AlertBrokenPromise AlertKind = "broken_promise"
	AlertPromiseToday  AlertKind = "promise_today"
	AlertRising        AlertKind = "rising_days"
	AlertOverLimit     AlertKind = "over_limit"
)

// Alert is one thing the owner should know about today.
type Alert struct {
	Kind     AlertKind
	ClientID int64
	Name     string
	Amount   int64   // promised amount, for promise alerts; the excess, for over-limit ones
	Days     float64 // the rise in days to pay, for rising alerts
}

// Text is the alert as a sentence in lang.
func (a Alert) Text(lang string, l data.Locale, cur string) string {
	switch a.Kind {
	case AlertBrokenPromise:
		return i18n.T(lang, "%s broke a promise to pay.", a.Name)
	case AlertPromiseToday:
		return i18n.T(lang, "%s promised to pay %s today.", a.Name, l.Money(data.M(a.Amount, cur)))
	case AlertOverLimit:
		return i18n.T(lang, "%s is %s over its credit limit, counting open orders.", a.Name, l.Money(data.M(a.Amount, cur)))
	}
	return i18n.T(lang, "%s takes %.0f days longer to pay than before.", a.Name, a.Days)
}

// Alerts lists, as of day d, promises broken in the last 30 days, promises
// due today, clients over their credit limit (today) and clients whose days
// to pay are rising; promises first.
func Alerts(ctx context.Context, s *sqlite.Store, d data.Date) ([]Alert, error) {
	facts, err := reports.LoadPromiseFacts(ctx, s.DB(), d)
	if err != nil {
		return nil, err
	}
	bs, err := reports.Behaviours(ctx, s.DB(), d, 0)
	if err != nil {
		return nil, err
	}
	clients, err := Clients(ctx, s)
	if err != nil {
		return nil, err
	}
	var out []Alert
	for id := range facts.BrokenRecently {
		out = append(out, Alert{Kind: AlertBrokenPromise, ClientID: id, Name: clients[id].Name})
	}
	for id, amount := range facts.DueToday {
		out = append(out, Alert{Kind: AlertPromiseToday, ClientID: id, Name: clients[id].Name, Amount: amount})
	}
	over, err := reports.OverLimit(ctx, s.DB())
	if err != nil {
		return nil, err
	}
	for id, n := range over {
		out = append(out, Alert{Kind: AlertOverLimit, ClientID: id, Name: clients[id].Name, Amount: n})
	}
	for _, b := range bs {
		if b.Rising && b.Balance > 0 {
			out = append(out, Alert{Kind: AlertRising, ClientID: b.ClientID, Name: clients[b.ClientID].Name, Days: b.Trend})
		}
	}
	rank := map[AlertKind]int{AlertBrokenPromise: 0, AlertPromiseToday: 1, AlertOverLimit: 2, AlertRising: 3}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Kind] != rank[out[j].Kind] {
			return rank[out[i].Kind] < rank[out[j].Kind]
		}
		if out[i].Amount != out[j].Amount && out[i].Kind == AlertOverLimit {
			return out[i].Amount > out[j].Amount
		}
		if out[i].Days != out[j].Days {
			return out[i].Days > out[j].Days
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}
