package reports

import (
	"context"
	"math"
	"sort"

	"cartera/data"
)

// Outlook is everything known about the open receivable on a day: the
// aging, each client's behaviour, and for each open invoice the chance it is
// paid late and the day it is expected to be paid. Forecast, Worklist and
// the scenarios read from it.
type Outlook struct {
	AsOf       data.Date
	Aging      Aging
	Behaviours map[int64]Behaviour
	Expected   map[int64]data.Date // per open invoice
	LateProb   map[int64]float64   // per open invoice
	Model      string
}

// NewOutlook computes the outlook as of d, training the late-payment model
// on the invoices with a known outcome by then.
func NewOutlook(ctx context.Context, db querier, c data.Company, d data.Date) (Outlook, error) {
	o := Outlook{AsOf: d, Behaviours: map[int64]Behaviour{}, Expected: map[int64]data.Date{}, LateProb: map[int64]float64{}}
	var err error
	if o.Aging, err = AgingWithItems(ctx, db, AgingOptions{AsOf: d, Bounds: c.AgingBuckets}); err != nil {
		return o, err
	}
	bs, err := Behaviours(ctx, db, d, 0)
	if err != nil {
		return o, err
	}
	for _, b := range bs {
		o.Behaviours[b.ClientID] = b
	}
	samples, err := Samples(ctx, db, d, d.AddDays(1))
	if err != nil {
		return o, err
	}
	open := map[int64]bool{}
	for _, it := range o.Aging.Items {
		open[it.InvoiceID] = true
	}
	var train, predict []Sample
	for _, s := range samples {
		if open[s.InvoiceID] {
			predict = append(predict, s)
		} else if _, known := s.Late(d); known {
			train = append(train, s)
		}
	}
	if len(train) >= 20 {
		p := Train(train, d)
		o.Model = p.Class.Name()
		for _, s := range predict {
			o.LateProb[s.InvoiceID] = p.Class.Prob(s.X)
			o.Expected[s.InvoiceID] = p.ExpectedPayment(s, d)
		}
	}
	for _, it := range o.Aging.Items { // no model (too little history): the client's habit
		if _, ok := o.Expected[it.InvoiceID]; !ok {
			exp := it.Due.AddDays(int(math.Round(o.Behaviours[it.ClientID].AvgDaysLate)))
			if !exp.After(d) {
				exp = d.AddDays(1)
			}
			o.Expected[it.InvoiceID] = exp
		}
	}
	return o, nil
}

// Week is expected collections in the seven days from Start.
type Week struct {
	Start    data.Date
	Amount   int64
	Invoices int
}

// Forecast spreads the open balances over the next weeks by expected
// payment date. Invoices expected later than the last week are left out
// (Beyond says how much).
func (o Outlook) Forecast(weeks int) (out []Week, beyond int64) {
	start := o.AsOf.AddDays(1)
	out = make([]Week, weeks)
	for i := range out {
		out[i].Start = start.AddDays(7 * i)
	}
	for _, it := range o.Aging.Items {
		w := o.Expected[it.InvoiceID].DaysSince(start) / 7
		if w >= weeks {
			beyond += it.Balance
			continue
		}
		out[max(w, 0)].Amount += it.Balance
		out[max(w, 0)].Invoices++
	}
	return out, beyond
}

// Action is what to do next about a client.
type Action string

const (
	ActionReminder     Action = "reminder"      // a friendly email
	ActionStatement    Action = "statement"     // an email with the statement of account
	ActionCall         Action = "call"          // phone the client
	ActionWhatsApp     Action = "whatsapp"      // a WhatsApp message
	ActionFinalNotice  Action = "final_notice"  // the formal letter
	ActionCheckPromise Action = "check_promise" // a promise to pay falls due today
	ActionHold         Action = "hold_dispute"  // disputed: solve the dispute first
	ActionOfferPlan    Action = "offer_plan"    // little capacity to pay: agree instalments instead of chasing
)

// Task is one client on today's worklist.
type Task struct {
	ClientID      int64
	Priority      float64 // higher first
	Action        Action
	Overdue       int64
	OldestOverdue int
	Risk          int
	Reasons       []string // keys: ReasonBrokenPromise, ReasonPromiseToday, ReasonRising…
	Promised      int64    // for promises due today
	OverdueCount  int      // overdue invoices
	OldestDue     data.Date
	Exposure      int64 // balance plus open orders
	Limit         int64 // the client's credit limit; 0 = none
	OverLimit     bool  // exposure beyond the limit
	Capacity      int   // the owner's score of the client's capacity to pay, 0 = not assessed
	OnAccount     int64 // money the client holds on account, already set against Overdue
}

// Worklist reasons; keys of the translation catalog.
const (
	ReasonBrokenPromise = "Broke a promise to pay."
	ReasonPromiseToday  = "Promised to pay today."
	ReasonDisputed      = "Has an open dispute."
	ReasonOverLimit     = "Owes more than its credit limit, counting open orders."
	ReasonLowCapacity   = "Has little capacity to pay: offer a payment plan."
	ReasonCanPay        = "Has the means to pay."
)

// Credit is what the owner set about a client's credit.
type Credit struct {
	Limit, Orders int64
	Capacity      int
}

// Promise facts the worklist needs, read from the store by the caller.
type PromiseFacts struct {
	BrokenRecently map[int64]bool  // a promise due in the last 30 days that was broken or not kept
	DueToday       map[int64]int64 // amount promised for today
	Disputed       map[int64]bool  // an open dispute on an unpaid invoice
	Channel        map[int64]data.Channel
	OnPlan         map[int64]bool   // an active payment plan: its dates, not the worklist, chase the client
	Credit         map[int64]Credit // clients with a limit, open orders or a capacity score
}

// Worklist ranks the clients to act on today: overdue amount × risk × age,
// raised for broken promises and rising delays; promises due today are
// always on it. Each gets the next action its oldest debt and channel call for.
func (o Outlook) Worklist(f PromiseFacts) []Task {
	count, oldest := map[int64]int{}, map[int64]data.Date{}
	for _, it := range o.Aging.Items {
		if o.AsOf.After(it.Due) {
			count[it.ClientID]++
			if d, ok := oldest[it.ClientID]; !ok || it.Due.Before(d) {
				oldest[it.ClientID] = it.Due
			}
		}
	}
	var out []Task
	for _, c := range o.Aging.Clients {
		b := o.Behaviours[c.ClientID]
		due := f.DueToday[c.ClientID]
		if c.Net() <= 0 { // what it holds on account pays everything it owes: never chased
			continue
		}
		overdue := max(0, b.Overdue-c.OnAccount) // money on account is set against the oldest debts first
		if (overdue <= 0 || f.OnPlan[c.ClientID]) && due == 0 {
			continue
		}
		cr := f.Credit[c.ClientID]
		t := Task{ClientID: c.ClientID, Overdue: overdue, OldestOverdue: b.OldestOverdue, Risk: b.Risk, Promised: due,
			OverdueCount: count[c.ClientID], OldestDue: oldest[c.ClientID], Exposure: c.Net() + cr.Orders, Limit: cr.Limit,
			Capacity: cr.Capacity, OnAccount: c.OnAccount}
		t.OverLimit = cr.Limit > 0 && t.Exposure > cr.Limit
		major := float64(overdue) / 100
		t.Priority = major * (0.5 + float64(b.Risk)/100) * (1 + math.Log1p(float64(b.OldestOverdue))/math.Log(91))
		if f.BrokenRecently[c.ClientID] {
			t.Priority *= 1.5
			t.Reasons = append(t.Reasons, ReasonBrokenPromise)
		}
		if b.Rising {
			t.Priority *= 1.2
			t.Reasons = append(t.Reasons, ReasonRising)
		}
		if t.OverLimit { // more goods are going out to a client that already owes too much
			t.Priority *= 1.2
			t.Reasons = append(t.Reasons, ReasonOverLimit)
		}
		lowCapacity := cr.Capacity > 0 && cr.Capacity <= 2
		switch {
		case lowCapacity:
			t.Reasons = append(t.Reasons, ReasonLowCapacity)
		case cr.Capacity >= 4: // a call is likely to end in a payment
			t.Priority *= 1.25
			t.Reasons = append(t.Reasons, ReasonCanPay)
		}
		switch days, ch := b.OldestOverdue, f.Channel[c.ClientID]; {
		case due > 0:
			t.Action = ActionCheckPromise
			t.Priority += 1e12 // first thing in the morning
			t.Reasons = append(t.Reasons, ReasonPromiseToday)
		case f.Disputed[c.ClientID] && days <= 60:
			t.Action = ActionHold
			t.Reasons = append(t.Reasons, ReasonDisputed)
		case lowCapacity && days > 7:
			t.Action = ActionOfferPlan
		case days > 60:
			t.Action = ActionFinalNotice
		case days > 30 || f.BrokenRecently[c.ClientID]:
			t.Action = ActionCall
			if ch == data.ChannelWhatsApp {
				t.Action = ActionWhatsApp
			}
		case days > 7:
			t.Action = ActionStatement
		default:
			t.Action = ActionReminder
			if ch == data.ChannelWhatsApp {
				t.Action = ActionWhatsApp
			}
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Priority > out[j].Priority })
	return out
}

// LoadPromiseFacts reads what the worklist needs about promises, disputes
// and channels as of day d.
func LoadPromiseFacts(ctx context.Context, db querier, d data.Date) (PromiseFacts, error) {
	f := PromiseFacts{BrokenRecently: map[int64]bool{}, DueToday: map[int64]int64{}, Disputed: map[int64]bool{}, Channel: map[int64]data.Channel{},
		OnPlan: map[int64]bool{}, Credit: map[int64]Credit{}}
	type q struct {
		sql  string
		args []any
		scan func(id int64, v []any) // the columns after the client ID
	}
	for _, x := range []q{
		{`SELECT client_id, 1 FROM promises WHERE promised_date >= ? AND promised_date < ?
			AND (status = 'broken' OR status = 'open') GROUP BY client_id`, []any{d.AddDays(-30), d},
			func(id int64, _ []any) { f.BrokenRecently[id] = true }},
		{`SELECT client_id, SUM(amount) FROM promises WHERE promised_date = ? AND status = 'open' GROUP BY client_id`, []any{d},
			func(id int64, v []any) { f.DueToday[id] = v[0].(int64) }},
		{`SELECT DISTINCT i.client_id, 1 FROM disputes x JOIN invoices i ON i.id = x.invoice_id
			WHERE x.resolved IS NULL AND i.open_balance > 0`, nil, func(id int64, _ []any) { f.Disputed[id] = true }},
		{`SELECT id, preferred_channel FROM clients`, nil, func(id int64, v []any) { f.Channel[id] = data.Channel(fmtString(v[0])) }},
		{`SELECT DISTINCT client_id FROM payment_plans WHERE status = 'active'`, nil, func(id int64, _ []any) { f.OnPlan[id] = true }},
		{`SELECT id, credit_limit, open_orders, capacity_score FROM clients
			WHERE credit_limit > 0 OR open_orders > 0 OR capacity_score > 0`, nil, func(id int64, v []any) {
			f.Credit[id] = Credit{Limit: v[0].(int64), Orders: v[1].(int64), Capacity: int(v[2].(int64))}
		}},
	} {
		rows, err := db.QueryContext(ctx, x.sql, x.args...)
		if err != nil {
			return f, readErr(err)
		}
		cols, _ := rows.Columns()
		v := make([]any, max(len(cols)-1, 0))
		for rows.Next() {
			var id int64
			dest := []any{&id}
			for i := range v {
				dest = append(dest, &v[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return f, readErr(err)
			}
			x.scan(id, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return f, readErr(err)
		}
	}
	return f, nil
}

func fmtString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []byte:
		return string(s)
	}
	return ""
}

// Scenario is the DSO if some clients paid sooner, and the cash it frees.
type Scenario struct {
	DSO, NewDSO float64
	CashFreed   int64
}

// SoonerBy is the DSO if the clients for which pick is true had paid days
// sooner: each of their open invoices older than days would be paid, the
// others would be days closer to being paid (their balance counts for the
// share of its age left). report supplies the DSO's figures.
func (o Outlook) SoonerBy(r Report, days int, pick func(clientID int64) bool) Scenario {
	var freed float64
	for _, it := range o.Aging.Items {
		if !pick(it.ClientID) {
			continue
		}
		age := o.AsOf.DaysSince(it.Issue) + 1
		share := math.Min(float64(days)/float64(age), 1)
		freed += float64(it.Balance) * share
	}
	return o.scenario(r, int64(math.Round(freed)))
}

// OnTime is the DSO if the clients for which pick is true had paid every
// invoice by its due date: their overdue balance is collected.
func (o Outlook) OnTime(r Report, pick func(clientID int64) bool) Scenario {
	var freed int64
	for _, it := range o.Aging.Items {
		if pick(it.ClientID) && o.AsOf.After(it.Due) {
			freed += it.Balance
		}
	}
	return o.scenario(r, freed)
}

func (o Outlook) scenario(r Report, freed int64) Scenario {
	s := Scenario{CashFreed: freed}
	if r.DSO != nil && r.CreditSales > 0 {
		s.DSO = *r.DSO
		s.NewDSO = float64(r.TotalAR-freed) / float64(r.CreditSales) * float64(r.PeriodDays)
	}
	return s
}

// DSOLever is a client whose paying on time would lower the DSO.
type DSOLever struct {
	ClientID  int64
	DSODays   float64 // days of DSO its overdue balance accounts for
	CashFreed int64
}

// Levers lists the clients whose on-time payment would lower the DSO most.
func (o Outlook) Levers(r Report, n int) []DSOLever {
	var out []DSOLever
	for _, c := range o.Aging.Clients {
		overdue := c.Total - c.Buckets[0].Amount
		if overdue <= 0 || r.CreditSales == 0 {
			continue
		}
		out = append(out, DSOLever{ClientID: c.ClientID, CashFreed: overdue,
			DSODays: float64(overdue) / float64(r.CreditSales) * float64(r.PeriodDays)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CashFreed > out[j].CashFreed })
	if len(out) > n {
		out = out[:n]
	}
	return out
}
