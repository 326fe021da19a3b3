package remind

import (
	"context"
	"strings"
	"testing"

	"cartera/app/plans"
	"cartera/app/remind/smtptest"
	"cartera/data"
	"cartera/data/sqlite"
)

// sentTo are the messages address received since the server had before.
func (w *world) sentTo(before int, address string) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range w.srv.Messages()[before:] {
		for _, to := range m.To {
			if to == address {
				out = append(out, m)
			}
		}
	}
	return out
}

// A client that cannot pay 1,000.00 agrees three instalments: reminders
// follow the plan's dates instead of the levels; paying an instalment
// keeps it; missing the next breaks the plan and chasing resumes a level up.
func TestPaymentPlanThenMissedInstalmentResumesReminders(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	cl := data.Client{Code: "P", Name: "Plazos S.L.", Language: "es", Emails: []string{"p@plazos.es"}}
	var p1 data.Invoice
	err := w.s.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.CreateClient(&cl); err != nil {
			return err
		}
		p1 = data.Invoice{Number: "P1", ClientID: cl.ID, IssueDate: day0.AddDays(-50), DueDate: day0.AddDays(-20), Amount: data.M(100000, "EUR")}
		return tx.CreateInvoice(&p1)
	})
	if err != nil {
		t.Fatal(err)
	}
	before := len(w.srv.Messages())
	w.run(t, day0)
	if len(w.sentTo(before, "p@plazos.es")) != 1 {
		t.Fatal("the overdue client was not reminded before its plan")
	}

	plan, err := plans.Create(ctx, w.s, plans.Terms{ClientID: cl.ID, Invoices: []int64{p1.ID}, Instalments: 3,
		First: day0.AddDays(7), Every: data.Monthly, Agreed: day0})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, in := range plan.Instalments {
		got = append(got, in.Amount)
	}
	if len(got) != 3 || got[0] != 33333 || got[1] != 33333 || got[2] != 33334 {
		t.Fatalf("1,000.00 in 3: %v", got)
	}
	if ps, _ := w.s.Promises(ctx, cl.ID); len(ps) != 3 {
		t.Fatalf("%d promises for 3 instalments", len(ps))
	}

	// Days before the first instalment's notice: no dunning for the plan's invoice.
	for d := 1; d <= 3; d++ {
		before = len(w.srv.Messages())
		p, _ := w.run(t, day0.AddDays(d))
		if n := len(w.sentTo(before, "p@plazos.es")); n != 0 || p.Skipped[SkipPlan] != 1 {
			t.Fatalf("day %d: %d messages to a client on a plan, skipped %v", d, n, p.Skipped)
		}
	}
	// Three days before the instalment: its reminder, with the agreement, once.
	before = len(w.srv.Messages())
	w.run(t, day0.AddDays(4))
	msgs := w.sentTo(before, "p@plazos.es")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Subject, "cuota 1 de 3") || !strings.Contains(msgs[0].Text, "333,33") ||
		len(msgs[0].Attachments) != 1 || !strings.Contains(msgs[0].Attachments[0], "Plan de pagos") {
		t.Fatalf("instalment reminder: %d messages, %q %q", len(msgs), subjects(msgs), msgs[0].Attachments)
	}
	before = len(w.srv.Messages())
	if w.run(t, day0.AddDays(5)); len(w.sentTo(before, "p@plazos.es")) != 0 {
		t.Fatal("the instalment was reminded of twice")
	}

	// The first instalment is paid on its day: kept, and the plan goes on.
	err = w.s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.RecordPayment(&data.Payment{ClientID: cl.ID, Date: day0.AddDays(7), Amount: data.M(33333, "EUR"),
			Allocations: []data.Allocation{{InvoiceID: p1.ID, Amount: 33333}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := plans.Refresh(ctx, w.s, day0.AddDays(8), cl.ID)
	if err != nil || len(st) != 1 || st[0].Plan.Status != data.PlanActive || st[0].Check.Met != 1 {
		t.Fatalf("after the first instalment: %+v %v", st, err)
	}
	if ps, _ := w.s.Promises(ctx, cl.ID); countStatus(ps, data.PromiseKept) != 1 {
		t.Errorf("the paid instalment's promise is not kept: %+v", ps)
	}

	// The second (7 August) is not paid: within the grace days nothing; then the plan breaks.
	second := plan.Instalments[1].Due
	before = len(w.srv.Messages())
	w.run(t, second.AddDays(-3)) // its notice
	w.run(t, second.AddDays(3))  // grace
	if msgs := w.sentTo(before, "p@plazos.es"); len(msgs) != 1 || !strings.Contains(msgs[0].Subject, "cuota 2 de 3") {
		t.Fatalf("around the second instalment: %q", subjects(msgs))
	}
	before = len(w.srv.Messages())
	p, _ := w.run(t, second.AddDays(4))
	msgs = w.sentTo(before, "p@plazos.es")
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0].Subject, "Promesa incumplida: ") {
		t.Fatalf("after the missed instalment: %q (skipped %v, tasks %+v)", subjects(msgs), p.Skipped, p.Tasks)
	}
	st, _ = plans.Refresh(ctx, w.s, second.AddDays(4), cl.ID)
	if st[0].Plan.Status != data.PlanBroken || st[0].Plan.Ended != second.AddDays(4) {
		t.Errorf("plan %+v", st[0].Plan)
	}
	ps, _ := w.s.Promises(ctx, cl.ID)
	if len(ps) != 2 || countStatus(ps, data.PromiseKept) != 1 || countStatus(ps, data.PromiseBroken) != 1 {
		t.Errorf("promises after the break (the third withdrawn): %+v", ps)
	}
	// Chasing is back to normal: no second "broken" escalation the next day.
	before = len(w.srv.Messages())
	if w.run(t, second.AddDays(5)); len(w.sentTo(before, "p@plazos.es")) != 0 {
		t.Error("the broken plan escalated twice")
	}
}

// The instalment notice follows the setting: 5 days before, not 6.
func TestPlanNoticeDays(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.client["C"] // C1 is 16 days overdue, C2 1 day
	if err := Set(ctx, w.s, KeyPlanNotice, "5"); err != nil {
		t.Fatal(err)
	}
	if err := Set(ctx, w.s, KeyPlanNotice, "31"); err == nil {
		t.Error("a notice of 31 days was accepted")
	}
	c1, _ := w.s.InvoiceByNumber(ctx, "C1")
	plan, err := plans.Create(ctx, w.s, plans.Terms{ClientID: c.ID, Invoices: []int64{c1.ID}, Instalments: 2, First: day0.AddDays(20),
		Every: data.Fortnightly, Agreed: day0})
	if err != nil {
		t.Fatal(err)
	}
	due := plan.Instalments[0].Due
	for _, tc := range []struct {
		day  data.Date
		sent bool
	}{{due.AddDays(-6), false}, {due.AddDays(-5), true}} {
		before := len(w.srv.Messages())
		w.run(t, tc.day)
		got := false
		for _, m := range w.sentTo(before, "admin@garrido.es") {
			got = got || strings.Contains(m.Subject, "cuota 1 de 2")
		}
		if got != tc.sent {
			t.Errorf("on %s (instalment on %s): notice sent %v", tc.day, due, got)
		}
	}
}

func countStatus(ps []data.Promise, st data.PromiseStatus) int {
	n := 0
	for _, p := range ps {
		if p.Status == st {
			n++
		}
	}
	return n
}

func subjects(ms []smtptest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}
