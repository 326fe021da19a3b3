// Package plans agrees payment plans with clients who cannot pay in full:
// it schedules the instalments, follows what is paid against them, and
// ends a plan when it is paid or an instalment is missed, so that normal
// chasing resumes. The CLI, the reminders and the desktop app share it.
package plans

import (
	"context"
	"sort"
	"strconv"

	"cartera/data"
	"cartera/data/sqlite"
)

// KeyGraceDays is the setting (shared with reminders) of how many days
// after a promised date a payment may still arrive before it counts as
// missed; DefaultGraceDays when unset.
const (
	KeyGraceDays     = "reminders.grace_days"
	DefaultGraceDays = 3
)

// GraceDays reads the grace days setting.
func GraceDays(ctx context.Context, s *sqlite.Store) (int, error) {
	v, ok, err := s.Setting(ctx, KeyGraceDays)
	if err != nil || !ok {
		return DefaultGraceDays, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return DefaultGraceDays, nil
	}
	return n, nil
}

// Terms is what the owner agrees with the client.
type Terms struct {
	ClientID    int64
	Invoices    []int64 // the overdue invoices the plan covers
	Instalments int
	First       data.Date
	Every       data.Interval
	Agreed      data.Date
	Note        string
}

// Create schedules the invoices' open balance in instalments and stores
// the plan; each instalment becomes a promise to pay.
func Create(ctx context.Context, s *sqlite.Store, t Terms) (data.PaymentPlan, error) {
	rows, err := s.InvoiceRows(ctx, t.Invoices)
	if err != nil {
		return data.PaymentPlan{}, err
	}
	list := make([]data.InvoiceRow, 0, len(t.Invoices))
	for _, id := range t.Invoices {
		r, ok := rows[id]
		if !ok {
			return data.PaymentPlan{}, data.Errorf(data.ENOTFOUND, "That invoice does not exist.")
		}
		list = append(list, r)
	}
	p, err := Draft(list, t)
	if err != nil {
		return p, err
	}
	err = s.Update(ctx, func(tx *sqlite.Tx) error { return tx.CreatePlan(&p) })
	return p, err
}

// Draft works out the plan of t over the invoices, as they stand, without
// storing it: what a form previews.
func Draft(invoices []data.InvoiceRow, t Terms) (data.PaymentPlan, error) {
	var total data.Money
	ids := make([]int64, 0, len(invoices))
	for _, r := range invoices {
		if r.Balance <= 0 {
			return data.PaymentPlan{}, data.Errorf(data.EINVALID, "Invoice %s is already paid.", r.Number)
		}
		if total.Currency != "" && total.Currency != r.Amount.Currency {
			return data.PaymentPlan{}, data.Errorf(data.EINVALID, "A payment plan covers invoices of one currency.")
		}
		total = data.M(total.Amount+r.Balance, r.Amount.Currency)
		ids = append(ids, r.ID)
	}
	p, err := data.NewPlan(t.ClientID, t.Agreed, total, ids, t.Instalments, t.First, t.Every)
	p.Note = t.Note
	return p, err
}

// Standing is a plan and how it stands on a day.
type Standing struct {
	Plan  data.PaymentPlan
	Check data.PlanCheck
}

// Refresh brings the plans of clientID (every client's when 0) up to day
// and says where each stands: instalments covered by what was paid are
// kept; a plan fully paid is completed; a plan with a missed instalment is
// broken (its later instalments withdrawn), which hands its invoices back
// to the reminders.
func Refresh(ctx context.Context, s *sqlite.Store, day data.Date, clientID int64) ([]Standing, error) {
	if today := data.Today(s.Clock()); day.After(today) {
		day = today // a day to come cannot break or keep anything yet
	}
	grace, err := GraceDays(ctx, s)
	if err != nil {
		return nil, err
	}
	plans, err := s.Plans(ctx, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]Standing, 0, len(plans))
	for _, p := range plans {
		paid, err := s.PlanPaid(ctx, p)
		if err != nil {
			return nil, err
		}
		c := p.Check(paid, day, grace)
		if p.Status == data.PlanActive && (c.Met > 0 || c.Status != data.PlanActive) {
			err = s.Update(ctx, func(tx *sqlite.Tx) error {
				if err := tx.KeepInstalments(p.ID, c.Met); err != nil {
					return err
				}
				if c.Status != data.PlanActive {
					return tx.EndPlan(p.ID, c.Status, day)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			if c.Status != data.PlanActive {
				p.Status, p.Ended = c.Status, day
			}
		}
		out = append(out, Standing{Plan: p, Check: c})
	}
	return out, nil
}

// Cancel ends an active plan by hand: its invoices go back to the reminders.
func Cancel(ctx context.Context, s *sqlite.Store, planID int64, day data.Date) error {
	return s.Update(ctx, func(tx *sqlite.Tx) error { return tx.EndPlan(planID, data.PlanCancelled, day) })
}

// Candidates are the client's invoices a new plan may cover on day: those
// overdue and not on an active plan, oldest due first.
func Candidates(ctx context.Context, s *sqlite.Store, clientID int64, day data.Date) ([]data.InvoiceRow, error) {
	rows, err := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: clientID, Filter: data.FilterOverdue, AsOf: day})
	if err != nil {
		return nil, err
	}
	active, err := s.Plans(ctx, clientID, data.PlanActive)
	if err != nil {
		return nil, err
	}
	on := map[int64]bool{}
	for _, p := range active {
		for _, id := range p.Invoices {
			on[id] = true
		}
	}
	out := rows[:0]
	for _, r := range rows {
		if !on[r.ID] && r.Balance > 0 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DueDate.Before(out[j].DueDate) })
	return out, nil
}
