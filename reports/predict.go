package reports

import (
	"context"
	"math"
	"sort"

	"cartera/data"
)

// Late-payment prediction. Every invoice becomes a sample whose features
// are only what was known on its issue date: the outcomes of the client's
// invoices paid before that day, its open and overdue invoices that day,
// the amount, the terms, a dispute opened by then, the client's preferred
// channel and the month. The label is whether it was paid after its due
// date; the regression target is (paid − due) in days.

// Sample is one invoice, its features and, when known, its outcome.
type Sample struct {
	InvoiceID, ClientID int64
	Issue, Due, Paid    data.Date // Paid is zero while unpaid
	Amount              int64
	X                   []float64
	PastLateRate        float64 // the client's raw late rate before issue (-1: no history): the baseline
}

// Late says whether the invoice was, or by asOf already is, paid late;
// known is false while it is open and not yet due.
func (s Sample) Late(asOf data.Date) (late, known bool) {
	if !s.Paid.IsZero() {
		return s.Paid.After(s.Due), true
	}
	return true, asOf.After(s.Due)
}

// FeatureNames name the columns of Sample.X, for documentation and tests.
var FeatureNames = []string{"past late rate", "past days late", "past invoices", "open invoices", "overdue invoices",
	"amount", "terms", "disputed", "call", "whatsapp", "letter", "visit", "month sin", "month cos", "last delay",
	"past mean delay", "past disputed share"}

type rawInvoice struct {
	id, client int64
	issue, due data.Date
	amount     int64
	disputed   bool // opened by the issue date
	channel    string
	paid       data.Date
}

// Samples builds a sample for every invoice issued up to asOf. The
// company-wide late rate that smooths thin histories is taken from invoices
// paid before priorBefore, so an evaluation does not peek past its cutoff.
func Samples(ctx context.Context, db querier, asOf, priorBefore data.Date) ([]Sample, error) {
	paid, err := PaidHistory(ctx, db, asOf, 0)
	if err != nil {
		return nil, err
	}
	paidOn := make(map[int64]data.Date, len(paid))
	for _, p := range paid {
		paidOn[p.InvoiceID] = p.Paid
	}
	rows, err := db.QueryContext(ctx, `SELECT i.id, i.client_id, i.issue_date, i.due_date, i.amount,
			EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.opened <= i.issue_date), c.preferred_channel
		FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.issue_date <= ? AND i.voided = '' ORDER BY i.client_id, i.issue_date, i.id`, asOf)
	if err != nil {
		return nil, readErr(err)
	}
	var all []rawInvoice
	for rows.Next() {
		var r rawInvoice
		if err := rows.Scan(&r.id, &r.client, &r.issue, &r.due, &r.amount, &r.disputed, &r.channel); err != nil {
			rows.Close()
			return nil, readErr(err)
		}
		r.paid = paidOn[r.id]
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, readErr(err)
	}
	// The company's own late rate and mean days late smooth thin histories.
	var lates, daysLate, n float64
	for _, p := range paid {
		if !p.Paid.Before(priorBefore) {
			continue
		}
		n++
		if p.DaysLate() > 0 {
			lates++
		}
		daysLate += float64(p.DaysLate())
	}
	prior, priorDays := 0.3, 10.0
	if n > 0 {
		prior, priorDays = lates/n, daysLate/n
	}
	out := make([]Sample, 0, len(all))
	for start := 0; start < len(all); {
		end := start
		for end < len(all) && all[end].client == all[start].client {
			end++
		}
		out = append(out, clientSamples(all[start:end], prior, priorDays)...)
		start = end
	}
	return out, nil
}

// clientSamples computes the features of one client's invoices, sorted by
// issue date, looking only at what had happened before each issue date.
func clientSamples(invs []rawInvoice, prior, priorDays float64) []Sample {
	const k = 2.0 // weight of the prior, in invoices
	out := make([]Sample, len(invs))
	for j, v := range invs {
		t := v.issue
		var n, lates, daysLate, delay, disputes, open, overdue float64
		lastDelay, lastPaid := 0.0, data.Date{}
		for _, w := range invs {
			if w.id == v.id {
				continue
			}
			switch {
			case !w.paid.IsZero() && w.paid.Before(t):
				n++
				dl := float64(max(0, w.paid.DaysSince(w.due)))
				daysLate += dl
				delay += float64(w.paid.DaysSince(w.due))
				disputes += b2f(w.disputed)
				if dl > 0 {
					lates++
				}
				if w.paid.After(lastPaid) {
					lastPaid, lastDelay = w.paid, float64(w.paid.DaysSince(w.due))
				}
			case w.issue.Before(t):
				open++
				if w.due.Before(t) {
					overdue++
				}
			}
		}
		ch := func(c data.Channel) float64 {
			if data.Channel(v.channel) == c {
				return 1
			}
			return 0
		}
		month := float64(t.Month()-1) * 2 * math.Pi / 12
		disputed := 0.0
		if v.disputed {
			disputed = 1
		}
		s := Sample{InvoiceID: v.id, ClientID: v.client, Issue: v.issue, Due: v.due, Paid: v.paid, Amount: v.amount, PastLateRate: -1}
		if n > 0 {
			s.PastLateRate = lates / n
		}
		s.X = []float64{
			(lates + k*prior) / (n + k),
			(daysLate + k*priorDays) / (n + k) / 30,
			math.Log1p(n), math.Log1p(open), math.Log1p(overdue),
			math.Log1p(float64(v.amount) / 100),
			float64(v.due.DaysSince(v.issue)) / 30,
			disputed,
			ch(data.ChannelCall), ch(data.ChannelWhatsApp), ch(data.ChannelLetter), ch(data.ChannelVisit),
			math.Sin(month), math.Cos(month),
			lastDelay / 30,
			(delay + k*priorDays) / (n + k) / 30,
			disputes / (n + 1),
		}
		out[j] = s
	}
	return out
}

// Model scores the probability that an invoice is paid late.
type Model interface {
	Name() string
	Prob(x []float64) float64
}

// Predictor is a trained classifier for lateness and a regression for the
// payment date.
type Predictor struct {
	Class    Model
	delay    *linear // (paid − due) in days
	Trained  int
	Validate float64 // the winner's AUC on the held-out last fifth of the training set
}

// MaxTraining is how many of the most recent invoices the model learns from.
const MaxTraining = 20000

// Train fits both classifiers on the first four fifths of the samples (by
// issue date), keeps the one with the better AUC on the last fifth, and
// refits it on all of them. Samples must have a known outcome.
func Train(samples []Sample, asOf data.Date) Predictor {
	sort.SliceStable(samples, func(i, j int) bool { return samples[i].Issue.Before(samples[j].Issue) })
	if len(samples) > MaxTraining { // the most recent history says most about now, and keeps training under a second
		samples = samples[len(samples)-MaxTraining:]
	}
	xs, ys := design(samples, asOf)
	cut := len(xs) * 4 / 5
	candidates := []func(x [][]float64, y []float64) Model{
		func(x [][]float64, y []float64) Model { return fitLogistic(x, y, 1) },
		func(x [][]float64, y []float64) Model { return fitBoost(x, y, 150, 0.1) },
	}
	best, bestAUC := 0, -1.0
	if cut >= 20 && cut < len(xs) {
		for i, fit := range candidates {
			m := fit(xs[:cut], ys[:cut])
			if auc := AUC(scores(m, xs[cut:]), ys[cut:]); auc > bestAUC {
				best, bestAUC = i, auc
			}
		}
	}
	p := Predictor{Class: candidates[best](xs, ys), Trained: len(xs), Validate: bestAUC}
	var dx [][]float64
	var dy []float64
	for _, s := range samples {
		if !s.Paid.IsZero() {
			dx = append(dx, s.X)
			dy = append(dy, float64(s.Paid.DaysSince(s.Due)))
		}
	}
	p.delay = fitLinear(dx, dy, 1)
	return p
}

func design(samples []Sample, asOf data.Date) ([][]float64, []float64) {
	xs := make([][]float64, 0, len(samples))
	ys := make([]float64, 0, len(samples))
	for _, s := range samples {
		late, known := s.Late(asOf)
		if !known {
			continue
		}
		xs = append(xs, s.X)
		ys = append(ys, b2f(late))
	}
	return xs, ys
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func scores(m Model, xs [][]float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = m.Prob(x)
	}
	return out
}

// ExpectedPayment is the day the invoice is expected to be paid: its due
// date moved by the predicted delay, and never before the day after asOf
// for an invoice still open then.
func (p Predictor) ExpectedPayment(s Sample, asOf data.Date) data.Date {
	delay := 0.0
	if p.delay != nil {
		delay = p.delay.predict(s.X)
	}
	d := s.Due.AddDays(int(math.Round(delay)))
	if !d.After(asOf) {
		d = asOf.AddDays(1)
	}
	return d
}

// Delay is the predicted (paid − due) in days.
func (p Predictor) Delay(s Sample) float64 {
	if p.delay == nil {
		return 0
	}
	return p.delay.predict(s.X)
}
