package gui

import (
	"context"
	"sync"

	"cartera/data"
	"cartera/reports"
)

// outlooks computes each day's outlook (aging, behaviours, the model's
// predictions: the slow analytics, about 30 s at a million invoices) once
// for the dashboard's forecast and the worklist together, until the data
// changes. Callers wait for a computation already under way rather than
// starting their own.
type outlooks struct {
	mu    sync.Mutex
	calls map[data.Date]*outlookCall
}

type outlookCall struct {
	done chan struct{}
	o    reports.Outlook
	err  error
}

// get returns day's outlook, computing it with compute if nobody has.
func (m *outlooks) get(ctx context.Context, day data.Date, compute func(context.Context) (reports.Outlook, error)) (reports.Outlook, error) {
	m.mu.Lock()
	if m.calls == nil {
		m.calls = map[data.Date]*outlookCall{}
	}
	c, ok := m.calls[day]
	if !ok {
		c = &outlookCall{done: make(chan struct{})}
		m.calls[day] = c
		m.mu.Unlock()
		// Computed apart from the caller's context: another screen may be
		// waiting for it after the first caller gave up.
		c.o, c.err = compute(context.WithoutCancel(ctx))
		close(c.done)
		if c.err != nil {
			m.forget()
		}
		return c.o, c.err
	}
	m.mu.Unlock()
	select {
	case <-c.done:
		return c.o, c.err
	case <-ctx.Done():
		return reports.Outlook{}, ctx.Err()
	}
}

// forget drops every outlook: the data changed.
func (m *outlooks) forget() {
	m.mu.Lock()
	m.calls = nil
	m.mu.Unlock()
}

// outlook is day's outlook of the open company.
func (u *ui) outlook(ctx context.Context, day data.Date) (reports.Outlook, error) {
	store, company := u.store, u.company
	return u.outlooks.get(ctx, day, func(ctx context.Context) (reports.Outlook, error) {
		return reports.NewOutlook(ctx, store.DB(), company, day)
	})
}

// changed is told after every change to the company's data: analytics
// computed before are dropped, and screens showing them reload when next
// shown (the current one at once).
func (u *ui) changed() {
	u.outlooks.forget()
	u.dataVersion++
	if u.viewing == 0 && u.current < len(u.screens) {
		u.freshen(u.screens[u.current])
	}
}

// freshen reloads a screen built before the last change.
func (u *ui) freshen(sc *screen) {
	if sc.view == nil || sc.version == u.dataVersion {
		return
	}
	sc.version = u.dataVersion
	if sc.reload != nil {
		sc.reload()
	}
}
