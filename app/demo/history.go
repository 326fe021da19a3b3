package demo

import (
	"fmt"
	"math"
	"sort"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
)

type invoicePlan struct {
	inv      data.Invoice
	client   int
	disputed *data.Dispute
}

type paymentPlan struct {
	client int
	pay    data.Payment
}

// payChunk is one dated amount a client pays towards one invoice.
type payChunk struct {
	client  int
	date    data.Date
	invoice int // index into plans
	amount  int64
}

type history struct {
	plans    []invoicePlan
	chunks   []payChunk
	notes    []data.CreditNote
	promises []data.Promise
	contacts []data.ContactEntry
}

var methods = []string{"transferencia", "transferencia", "transferencia", "transferencia", "transferencia", "transferencia", "transferencia",
	"domiciliación", "tarjeta", "cheque", "efectivo"}

func (g *gen) history(tx *sqlite.Tx, clients []client) error {
	h := &history{}
	g.planInvoices(h, clients)
	for i := range h.plans {
		g.planSettlement(h, clients, i)
	}
	payments := g.groupPayments(h, clients)

	total := len(h.plans) + len(payments) + len(h.notes) + len(h.promises) + len(h.contacts)
	done := 0
	step := func() error {
		done++
		if done%2000 == 0 || done == total {
			if err := tx.Context().Err(); err != nil {
				return err
			}
			if g.opts.Progress != nil {
				g.opts.Progress(done, total)
			}
		}
		return nil
	}
	for i := range h.plans {
		p := &h.plans[i]
		p.inv.ClientID = clients[p.client].ID
		if err := tx.CreateInvoice(&p.inv); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	for _, p := range h.plans {
		if p.disputed != nil {
			p.disputed.InvoiceID = p.inv.ID
			if err := tx.OpenDispute(p.disputed); err != nil {
				return err
			}
			g.sum.Disputes++
		}
	}
	for i := range h.notes {
		n := &h.notes[i]
		for j := range n.Allocations {
			n.Allocations[j].InvoiceID = h.plans[n.Allocations[j].InvoiceID].inv.ID
		}
		n.ClientID = clients[n.ClientID].ID
		if err := tx.CreateCreditNote(n); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	for i := range payments {
		p := &payments[i].pay
		p.ClientID = clients[payments[i].client].ID
		for j := range p.Allocations {
			p.Allocations[j].InvoiceID = h.plans[p.Allocations[j].InvoiceID].inv.ID
		}
		if err := tx.RecordPayment(p); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	for i := range h.promises {
		p := &h.promises[i]
		p.ClientID = clients[p.ClientID].ID
		if p.InvoiceID >= 0 {
			p.InvoiceID = h.plans[p.InvoiceID].inv.ID
		}
		if err := tx.AddPromise(p); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	sort.SliceStable(h.contacts, func(i, j int) bool { return h.contacts[i].At.Before(h.contacts[j].At) })
	for i := range h.contacts {
		e := &h.contacts[i]
		e.ClientID = clients[e.ClientID].ID
		e.InvoiceID = h.plans[e.InvoiceID].inv.ID
		if err := tx.AddContact(e); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	g.sum.Invoices, g.sum.Payments, g.sum.CreditNotes = len(h.plans), len(payments), len(h.notes)
	g.sum.Promises, g.sum.Contacts = len(h.promises), len(h.contacts)
	return nil
}

// planInvoices spreads invoices over the last 24 months, more to the
// clients with more weight, and numbers them by year in date order.
func (g *gen) planInvoices(h *history, clients []client) {
	var cum []float64
	total := 0.0
	for _, c := range clients {
		total += c.weight
		cum = append(cum, total)
	}
	for len(h.plans) < g.opts.Invoices {
		ci := g.pick(cum, total)
		c := clients[ci]
		from, to := c.Created, g.today
		if from.Before(g.start) {
			from = g.start
		}
		if c.profile == Stopped {
			to = c.stopDate.AddDays(60)
		}
		span := to.DaysSince(from)
		if span < 0 {
			continue
		}
		issue := from.AddDays(g.rng.IntN(span + 1))
		terms := c.PaymentTermsDays
		if terms == 0 {
			terms = 30
		}
		amount := int64(c.median*100*expNormal(g, 0.7)) + int64(g.rng.IntN(100))
		amount = max(amount, 2000)
		h.plans = append(h.plans, invoicePlan{client: ci, inv: data.Invoice{
			IssueDate: issue, DueDate: issue.AddDays(terms), Amount: data.M(amount, "EUR"),
			Product: g.one(products), Reference: g.reference(),
		}})
	}
	sort.SliceStable(h.plans, func(i, j int) bool { return h.plans[i].inv.IssueDate.Before(h.plans[j].inv.IssueDate) })
	seq := map[int]int{}
	for i := range h.plans {
		y := h.plans[i].inv.IssueDate.Year()
		seq[y]++
		h.plans[i].inv.Number = fmt.Sprintf("F-%d-%06d", y, seq[y])
	}
}

func expNormal(g *gen, sd float64) float64 {
	v := g.normal(0, sd)
	if v > 3 {
		v = 3
	}
	return math.Exp(v)
}

func (g *gen) reference() string {
	if g.rng.Float64() < 0.6 {
		return ""
	}
	return fmt.Sprintf("PO-%05d", g.rng.IntN(100000))
}

// delay is how many days after the due date a client of this profile pays.
func (g *gen) delay(p Profile) int {
	switch p {
	case Early:
		return -3 - g.rng.IntN(10)
	case OnTime:
		return int(g.normal(0, 2))
	case Inconsistent:
		if g.rng.Float64() < 0.55 {
			return int(g.normal(2, 3))
		}
		return 10 + g.rng.IntN(65)
	case Late:
		return max(5, int(g.normal(30, 13)))
	case Partial:
		return int(g.normal(12, 10))
	default: // Stopped, before it stopped
		return max(0, int(g.normal(15, 8)))
	}
}

// planSettlement decides how invoice i gets paid, disputed, promised and chased.
func (g *gen) planSettlement(h *history, clients []client, i int) {
	p := &h.plans[i]
	c := clients[p.client]
	inv := p.inv
	payDate := inv.DueDate.AddDays(g.delay(c.profile))
	if payDate.Before(inv.IssueDate.AddDays(1)) {
		payDate = inv.IssueDate.AddDays(1)
	}
	if c.profile == Stopped && payDate.After(c.stopDate) {
		payDate = data.Date{} // never paid
	}
	remaining := inv.Amount.Amount

	if g.rng.Float64() < 0.03 {
		opened := inv.IssueDate.AddDays(5 + g.rng.IntN(20))
		if !opened.After(g.today) {
			d := &data.Dispute{Opened: opened, Reason: g.one([]string{
				"Cantidad facturada no coincide con el pedido", "Mercancía dañada en la entrega", "Servicio no prestado completo",
				"Precio distinto al presupuesto", "Factura duplicada"})}
			p.disputed = d
			g.contact(h, p.client, i, opened.Time().Add(11*time.Hour), data.ChannelEmail, data.Inbound, data.OutcomeDisputed, d.Reason)
			resolved := opened.AddDays(10 + g.rng.IntN(30))
			if g.rng.Float64() < 0.7 && !resolved.After(g.today) {
				d.Resolved, d.Resolution = resolved, "Revisado con el cliente"
				if g.rng.Float64() < 0.5 {
					credit := remaining * int64(10+g.rng.IntN(21)) / 100
					h.notes = append(h.notes, data.CreditNote{
						Number: fmt.Sprintf("AB-%s", inv.Number[2:]), ClientID: int64(p.client), Date: resolved,
						Amount: data.M(credit, "EUR"), Reason: "Abono por reclamación",
						Allocations: []data.Allocation{{InvoiceID: int64(i), Amount: credit}},
					})
					remaining -= credit
					d.Resolution = "Abono parcial acordado"
				}
				if !payDate.IsZero() && payDate.Before(resolved.AddDays(5)) {
					payDate = resolved.AddDays(5 + g.rng.IntN(15))
				}
			} else {
				payDate = data.Date{} // still in dispute: unpaid
			}
		}
	}

	partialChance := 0.04
	if c.profile == Partial {
		partialChance = 0.45
	}
	var parts []payChunk
	if !payDate.IsZero() {
		if g.rng.Float64() < partialChance {
			first := remaining * int64(30+g.rng.IntN(41)) / 100
			d1 := payDate.AddDays(-g.rng.IntN(10))
			if d1.Before(inv.IssueDate.AddDays(1)) {
				d1 = inv.IssueDate.AddDays(1)
			}
			parts = append(parts, payChunk{p.client, d1, i, first},
				payChunk{p.client, payDate.AddDays(15 + g.rng.IntN(30)), i, remaining - first})
		} else {
			parts = append(parts, payChunk{p.client, payDate, i, remaining})
		}
	}
	var lastPaid data.Date
	for _, part := range parts {
		if part.date.After(g.today) {
			break
		}
		h.chunks = append(h.chunks, part)
		lastPaid = part.date
	}
	fullyPaid := len(parts) > 0 && lastPaid == parts[len(parts)-1].date

	g.planChasing(h, p.client, i, fullyPaid, lastPaid, p.disputed)
}

// planChasing writes the reminders, calls and promises an overdue invoice
// drew. History older than a year is left quiet to keep big demos small.
func (g *gen) planChasing(h *history, ci, i int, paid bool, paidOn data.Date, dispute *data.Dispute) {
	inv := h.plans[i].inv
	end := g.today
	if paid {
		end = paidOn
	}
	if !end.After(inv.DueDate) || inv.DueDate.Before(g.today.AddDays(-365)) {
		return
	}
	if dispute != nil && dispute.Open() {
		return
	}
	at := func(d data.Date, hour int) time.Time {
		return d.Time().Add(time.Duration(hour)*time.Hour + time.Duration(g.rng.IntN(60))*time.Minute)
	}
	for _, off := range []int{1, 7} {
		if d := inv.DueDate.AddDays(off); d.Before(end) {
			g.contact(h, ci, i, at(d, 8), data.ChannelEmail, data.Outbound, data.OutcomeSent, "Recordatorio automático")
		}
	}
	call := inv.DueDate.AddDays(15)
	if !call.Before(end) {
		return
	}
	outcome := []string{data.OutcomeNoAnswer, data.OutcomeNoAnswer, data.OutcomeReached, data.OutcomeLeftMessage, data.OutcomePromised}[g.rng.IntN(5)]
	if !paid && g.rng.Float64() < 0.45 {
		outcome = data.OutcomePromised
	}
	if outcome != data.OutcomePromised {
		g.contact(h, ci, i, at(call, 10), data.ChannelCall, data.Outbound, outcome, "")
		return
	}
	promised := call.AddDays(5 + g.rng.IntN(12))
	if !paid && g.rng.Float64() < 0.12 {
		promised = g.today // promises due today
	}
	if promised.Before(call) {
		promised = call
	}
	status := data.PromiseOpen
	switch {
	case paid && !paidOn.After(promised.AddDays(2)):
		status = data.PromiseKept
	case promised.Before(g.today):
		status = data.PromiseBroken
	}
	g.contact(h, ci, i, at(call, 10), data.ChannelCall, data.Outbound, data.OutcomePromised, "Promete pagar el "+promised.String())
	balance := inv.Amount.Amount
	h.promises = append(h.promises, data.Promise{ClientID: int64(ci), InvoiceID: int64(i), Made: call, PromisedDate: promised,
		Amount: data.M(balance, "EUR"), Status: status})
}

func (g *gen) contact(h *history, ci, i int, at time.Time, ch data.Channel, dir data.Direction, outcome, note string) {
	if at.After(g.today.Time().Add(24 * time.Hour)) {
		return
	}
	h.contacts = append(h.contacts, data.ContactEntry{ClientID: int64(ci), InvoiceID: int64(i), At: at, Channel: ch,
		Direction: dir, Outcome: outcome, Note: note})
}

// groupPayments turns dated chunks into payments: clients who pay in batches
// settle everything due in a week with one transfer on Friday; a few
// payments carry a little extra that stays on account.
func (g *gen) groupPayments(h *history, clients []client) []paymentPlan {
	sort.SliceStable(h.chunks, func(i, j int) bool { return h.chunks[i].date.Before(h.chunks[j].date) })
	var out []paymentPlan
	open := map[[2]int]int{} // (client, day) → index in out, for batch payers
	for _, ch := range h.chunks {
		date := ch.date
		if clients[ch.client].batch {
			for date.Time().Weekday() != time.Friday {
				date = date.AddDays(1)
			}
			if date.After(g.today) {
				date = ch.date
			}
		}
		key := [2]int{ch.client, int(date.Time().Unix() / 86400)}
		if j, ok := open[key]; ok && clients[ch.client].batch {
			out[j].pay.Amount.Amount += ch.amount
			out[j].pay.Allocations = append(out[j].pay.Allocations, data.Allocation{InvoiceID: int64(ch.invoice), Amount: ch.amount})
			continue
		}
		open[key] = len(out)
		out = append(out, paymentPlan{client: ch.client, pay: data.Payment{
			Date: date, Amount: data.M(ch.amount, "EUR"), Method: g.one(methods),
			Allocations: []data.Allocation{{InvoiceID: int64(ch.invoice), Amount: ch.amount}},
		}})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pay.Date.Before(out[j].pay.Date) })
	for i := range out {
		p := &out[i].pay
		p.Reference = fmt.Sprintf("TRF-%s-%04d", p.Date.String(), i%10000)
		if g.rng.Float64() < 0.01 {
			p.Amount.Amount += int64(100 + g.rng.IntN(5000)) // paid a little more: stays on account
			p.Notes = "Importe superior a lo facturado; queda a cuenta."
		}
	}
	return out
}
