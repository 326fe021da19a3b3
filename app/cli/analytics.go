package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"cartera/app/chase"
	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// analytics runs a read-only analytics command: --as-of, --format and
// --out are shared; flags registers the command's own and returns the check
// of their values, run before anything is opened or written. run gets the
// store, the company, the day and the output.
func (r *runner) analytics(ctx context.Context, name string, args []string, flags func(fs *flag.FlagSet) (check func() error),
	run func(s *sqlite.Store, c data.Company, d data.Date, w io.Writer, json bool) error) error {
	fs := r.flags(name)
	var f reportFlags
	f.register(fs)
	r.forceFlag(fs)
	check := func() error { return nil }
	if flags != nil {
		check = flags(fs)
	}
	if err := r.parse(fs, args); err != nil {
		return err
	}
	d, err := r.day(f.asOf)
	if err != nil {
		return err
	}
	if f.format != "text" && f.format != "json" {
		return r.usage("Unknown format %q: use text or json.", f.format)
	}
	if err := check(); err != nil {
		return err
	}
	store, err := r.openStore(ctx, name)
	if err != nil {
		return err
	}
	defer store.Close()
	c, err := store.Company(ctx)
	if err != nil {
		return err
	}
	w, done := r.reportOutput(f)
	if err := run(store, c, d, w, f.format == "json"); err != nil {
		return err // nothing half-written
	}
	return done()
}

func runEvaluate(ctx context.Context, r *runner, args []string) error {
	var cd data.Date
	return r.analytics(ctx, "evaluate", args, func(fs *flag.FlagSet) func() error {
		cutoff := fs.String("cutoff", "", "")
		return func() (err error) {
			if *cutoff == "" {
				return r.usage("evaluate needs --cutoff YYYY-MM-DD: it trains on invoices paid before it and tests on those issued from it.")
			}
			cd, err = r.dateFlag("--cutoff", *cutoff)
			return err
		}
	}, func(s *sqlite.Store, c data.Company, d data.Date, w io.Writer, asJSON bool) error {
		ev, err := reports.Evaluate(ctx, s.DB(), cd, d)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(w, map[string]any{"cutoff": ev.Cutoff.String(), "model": ev.Model, "train": ev.Train, "test": ev.Test,
				"auc": ev.AUC, "accuracy": ev.Accuracy, "f1": ev.F1, "baseline_auc": ev.BaselineAUC, "mae_days": ev.MAEDays,
				"validation_auc": ev.ValidationAUC, "late_share": ev.LateShare})
		}
		l := data.LocaleFor(c.Locale)
		fmt.Fprintln(w, i18n.T(r.lang, "Late-payment model, trained on %d invoices paid before %s, tested on %d issued from then on:",
			ev.Train, l.Date(cd), ev.Test))
		line := func(label, value string) { fmt.Fprintf(w, "  %-40s %s\n", i18n.T(r.lang, label), value) }
		f3 := func(x float64) string { return fmt.Sprintf("%.3f", x) }
		line("Model (best on validation)", i18n.T(r.lang, ev.Model))
		line("AUC", f3(ev.AUC))
		line("Baseline AUC (client's past late rate)", f3(ev.BaselineAUC))
		line("Accuracy", f3(ev.Accuracy))
		line("F1 (late invoices)", f3(ev.F1))
		line("Payment date error (days, mean absolute)", fmt.Sprintf("%.1f", ev.MAEDays))
		line("Late invoices in the test set", fmt.Sprintf("%.0f%%", ev.LateShare*100))
		return nil
	})
}

func runClients(ctx context.Context, r *runner, args []string) error {
	return r.analytics(ctx, "clients", args, nil, func(s *sqlite.Store, c data.Company, d data.Date, w io.Writer, asJSON bool) error {
		bs, err := reports.Behaviours(ctx, s.DB(), d, 0)
		if err != nil {
			return err
		}
		clients, err := chase.Clients(ctx, s)
		if err != nil {
			return err
		}
		l := data.LocaleFor(c.Locale)
		var out []map[string]any
		for _, b := range bs {
			cl := clients[b.ClientID]
			seg := reports.SegmentOf(b, cl, d, c.Currency)
			var reasons []string
			for _, k := range b.Reasons {
				reasons = append(reasons, i18n.T(r.lang, k, b.ReasonArgs(k)...))
			}
			if !asJSON {
				fmt.Fprintf(w, "%-12s %-30.30s %-13s %3d  %14s %14s  %5.1f %5.1f  %s\n", cl.Code, cl.Name, i18n.T(r.lang, string(b.Class)),
					b.Risk, l.Money(data.M(b.Balance, c.Currency)), l.Money(data.M(b.Overdue, c.Currency)), b.AvgDaysToPay, b.AvgDaysLate,
					strings.Join(reasons, " "))
				continue
			}
			out = append(out, map[string]any{"code": cl.Code, "name": cl.Name, "class": b.Class, "risk": b.Risk, "reasons": reasons,
				"invoices": b.Invoices, "paid_invoices": b.Paid, "avg_days_to_pay": b.AvgDaysToPay, "weighted_days_to_pay": b.WeightedDaysToPay,
				"avg_days_late": b.AvgDaysLate, "late_rate": b.LateRate, "variability_days": b.Variability,
				"recent_days_to_pay": b.RecentDaysToPay, "before_days_to_pay": b.BeforeDaysToPay, "trend_days": b.Trend, "rising": b.Rising,
				"balance": money(b.Balance, c.Currency), "overdue": money(b.Overdue, c.Currency), "oldest_overdue_days": b.OldestOverdue,
				"segment": map[string]any{"balance_band": seg.BalanceBand, "seniority": seg.Seniority, "oldest_debt": seg.OldestDebt,
					"country": seg.Country, "industry": seg.Industry, "channel": seg.Channel, "class": seg.Class}})
		}
		if asJSON {
			if out == nil {
				out = []map[string]any{}
			}
			return writeJSON(w, map[string]any{"as_of": d.String(), "currency": c.Currency, "clients": out})
		}
		return nil
	})
}

func runWorklist(ctx context.Context, r *runner, args []string) error {
	return r.analytics(ctx, "worklist", args, nil, func(s *sqlite.Store, c data.Company, d data.Date, w io.Writer, asJSON bool) error {
		today, err := chase.Load(ctx, s, c, d)
		if err != nil {
			return err
		}
		o, clients := today.Outlook, today.Clients
		l := data.LocaleFor(c.Locale)
		var out []map[string]any
		for i, t := range today.Tasks {
			cl := clients[t.ClientID]
			lang := cl.Language
			if lang == "" {
				lang = r.lang
			}
			reasons := chase.Reasons(r.lang, o, t)
			script := chase.CallScript(lang, c.Name, t, l, c.Currency)
			if asJSON {
				out = append(out, map[string]any{"rank": i + 1, "code": cl.Code, "name": cl.Name, "action": t.Action,
					"action_text": i18n.T(r.lang, chase.ActionLabels[t.Action]), "overdue": money(t.Overdue, c.Currency),
					"oldest_overdue_days": t.OldestOverdue, "risk": t.Risk, "priority": t.Priority, "reasons": reasons,
					"phones": cl.Phones, "emails": cl.Emails, "call_script": script})
				continue
			}
			fmt.Fprintf(w, "%3d. %s — %s\n     %s · %s · %s %d\n", i+1, cl.Name, i18n.T(r.lang, chase.ActionLabels[t.Action]),
				l.Money(data.M(t.Overdue, c.Currency)), i18n.T(r.lang, i18n.Plural(t.OldestOverdue, "%d day overdue", "%d days overdue"), t.OldestOverdue), i18n.T(r.lang, "risk"), t.Risk)
			if len(reasons) > 0 {
				fmt.Fprintln(w, "     "+strings.Join(reasons, " "))
			}
			if t.Action == reports.ActionCall || t.Action == reports.ActionCheckPromise {
				fmt.Fprintln(w, "     « "+script+" »")
			}
		}
		if asJSON {
			if out == nil {
				out = []map[string]any{}
			}
			return writeJSON(w, map[string]any{"as_of": d.String(), "tasks": out})
		}
		if len(out) == 0 && o.Aging.Total == 0 {
			fmt.Fprintln(w, i18n.T(r.lang, "Nothing to chase: no client owes anything overdue."))
		}
		return nil
	})
}

func runForecast(ctx context.Context, r *runner, args []string) error {
	var weeks *int
	return r.analytics(ctx, "forecast", args, func(fs *flag.FlagSet) func() error {
		weeks = fs.Int("weeks", 12, "")
		return func() error {
			if *weeks < 1 || *weeks > 104 {
				return r.usage("--weeks must be between 1 and 104.")
			}
			return nil
		}
	},
		func(s *sqlite.Store, c data.Company, d data.Date, w io.Writer, asJSON bool) error {
			o, err := reports.NewOutlook(ctx, s.DB(), c, d)
			if err != nil {
				return err
			}
			ws, beyond := o.Forecast(*weeks)
			l := data.LocaleFor(c.Locale)
			if asJSON {
				var out []map[string]any
				for _, x := range ws {
					out = append(out, map[string]any{"week_start": x.Start.String(), "amount": money(x.Amount, c.Currency), "invoices": x.Invoices})
				}
				return writeJSON(w, map[string]any{"as_of": d.String(), "currency": c.Currency, "model": o.Model, "weeks": out,
					"later": money(beyond, c.Currency), "total_ar": money(o.Aging.Total, c.Currency)})
			}
			fmt.Fprintln(w, i18n.T(r.lang, "Expected collections from %s (open receivable %s):", l.Date(d.AddDays(1)), l.Money(data.M(o.Aging.Total, c.Currency))))
			for _, x := range ws {
				fmt.Fprintf(w, "  %s  %14s  (%d)\n", l.Date(x.Start), l.Money(data.M(x.Amount, c.Currency)), x.Invoices)
			}
			fmt.Fprintln(w, i18n.T(r.lang, "Later: %s", l.Money(data.M(beyond, c.Currency))))
			return nil
		})
}

// runScenarios answers "what if": late clients paying on time, a group
// paying some days sooner, and the clients that move the DSO most.
func runScenarios(ctx context.Context, r *runner, args []string) error {
	var group *string
	var days, period *int
	var key, value string
	return r.analytics(ctx, "scenarios", args, func(fs *flag.FlagSet) func() error {
		group = fs.String("segment", "", "")
		days = fs.Int("days", 10, "")
		period = fs.Int("period-days", 90, "")
		return func() error {
			key, value, _ = strings.Cut(*group, "=")
			if *group != "" && value == "" || *days < 1 || *days > 365 {
				return r.usage("scenarios: --segment takes KEY=VALUE (class, country, industry, channel, seniority, balance_band, oldest_debt) and --days 1 to 365.")
			}
			return nil
		}
	}, func(s *sqlite.Store, c data.Company, d data.Date, w io.Writer, asJSON bool) error {
		rep, err := reports.Compute(ctx, s.DB(), c, reports.ReportOptions{AsOf: d, PeriodDays: *period})
		if err != nil {
			return err
		}
		o, err := reports.NewOutlook(ctx, s.DB(), c, d)
		if err != nil {
			return err
		}
		clients, err := chase.Clients(ctx, s)
		if err != nil {
			return err
		}
		inSegment := map[int64]bool{}
		for id, b := range o.Behaviours {
			seg := reports.SegmentOf(b, clients[id], d, c.Currency)
			v := map[string]string{"class": string(seg.Class), "country": seg.Country, "industry": seg.Industry, "channel": seg.Channel,
				"seniority": seg.Seniority, "balance_band": seg.BalanceBand, "oldest_debt": seg.OldestDebt}[key]
			inSegment[id] = *group == "" || strings.EqualFold(v, value)
		}
		late := o.OnTime(rep, func(id int64) bool { return o.Behaviours[id].Class == reports.ClassLate })
		sooner := o.SoonerBy(rep, *days, func(id int64) bool { return inSegment[id] })
		levers := o.Levers(rep, 10)
		l := data.LocaleFor(c.Locale)
		if asJSON {
			var lv []map[string]any
			for _, x := range levers {
				cl := clients[x.ClientID]
				lv = append(lv, map[string]any{"code": cl.Code, "name": cl.Name, "dso_days": x.DSODays, "cash_freed": money(x.CashFreed, c.Currency)})
			}
			return writeJSON(w, map[string]any{"as_of": d.String(), "dso": late.DSO,
				"late_clients_on_time": map[string]any{"dso": late.NewDSO, "cash_freed": money(late.CashFreed, c.Currency)},
				"segment_sooner":       map[string]any{"segment": *group, "days": *days, "dso": sooner.NewDSO, "cash_freed": money(sooner.CashFreed, c.Currency)},
				"levers":               lv})
		}
		m := func(n int64) string { return l.Money(data.M(n, c.Currency)) }
		f1 := func(x float64) string { return decimal(l, &x) }
		fmt.Fprintln(w, i18n.T(r.lang, "DSO today: %s days.", f1(late.DSO)))
		fmt.Fprintln(w, i18n.T(r.lang, "If the late clients paid on time: DSO %s days, %s collected.", f1(late.NewDSO), m(late.CashFreed)))
		who := *group
		if who == "" {
			who = i18n.T(r.lang, "all clients")
		}
		fmt.Fprintln(w, i18n.T(r.lang, "If %s paid %d days sooner: DSO %s days, %s collected.", who, *days, f1(sooner.NewDSO), m(sooner.CashFreed)))
		fmt.Fprintln(w, i18n.T(r.lang, "Clients whose paying on time would lower the DSO most:"))
		for _, x := range levers {
			cl := clients[x.ClientID]
			fmt.Fprintf(w, "  %-30.30s %14s  −%s\n", cl.Name, m(x.CashFreed), i18n.T(r.lang, "%s days", f1(x.DSODays)))
		}
		return nil
	})
}
