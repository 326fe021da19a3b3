package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// reportFlags are the flags every analytics command shares.
type reportFlags struct {
	asOf, format, out string
}

func (f *reportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.asOf, "as-of", "", "")
	fs.StringVar(&f.format, "format", "text", "")
	fs.StringVar(&f.out, "out", "", "")
}

// day reads --as-of, today by default.
func (r *runner) day(s string) (data.Date, error) {
	if s == "" {
		return data.Today(r.env.Clock), nil
	}
	return r.dateFlag("--as-of", s)
}

// dateFlag reads the date given to a flag (none when s is empty); a bad
// one is a usage error naming the flag.
func (r *runner) dateFlag(flag, s string) (data.Date, error) {
	d, err := data.ParseDate(s)
	if err != nil {
		return d, r.usage("%s %q is not a date in the form YYYY-MM-DD.", flag, s)
	}
	return d, nil
}

// reportOutput is where a report goes: stdout, or --out written whole
// once it is complete (never over the company file; over an existing file
// only with --force).
func (r *runner) reportOutput(f reportFlags) (io.Writer, func() error) {
	if f.out == "" {
		return r.env.Stdout, func() error { return nil }
	}
	var buf bytes.Buffer
	return &buf, func() error {
		return r.writeOut(f.out, buf.Bytes())
	}
}

// money is an amount in major units with the currency's decimals, as a
// JSON number: 1234.50.
func money(minor int64, cur string) json.Number {
	digits := data.CurrencyDigits(cur)
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	if digits == 0 {
		return json.Number(sign + strconv.FormatInt(minor, 10))
	}
	s := fmt.Sprintf("%0*d", digits+1, minor)
	return json.Number(sign + s[:len(s)-digits] + "." + s[len(s)-digits:])
}

func parseBounds(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			n = 0 // not a number: refused below like any bound that is not above the last
		}
		out = append(out, n)
	}
	return out, data.ValidateBuckets(out)
}

// checkPeriod refuses a period that is not 1 to 3660 days.
func checkPeriod(r *runner, days int) error {
	if days < 1 || days > 3660 {
		return r.usage("--period-days must be between 1 and 3660.")
	}
	return nil
}

func runReport(ctx context.Context, r *runner, args []string) error {
	var period, trend *int
	var byIssue *bool
	var bounds []int
	return r.analytics(ctx, "report", args, func(fs *flag.FlagSet) func() error {
		period = fs.Int("period-days", 90, "")
		buckets := fs.String("buckets", "", "")
		byIssue = fs.Bool("by-invoice-date", false, "")
		trend = fs.Int("trend", 0, "")
		return func() (err error) {
			if err := checkPeriod(r, *period); err != nil {
				return err
			}
			if bounds, err = parseBounds(*buckets); err != nil {
				return usageError{i18n.Error(r.lang, err)}
			}
			if *trend < 0 || *trend > 120 {
				return r.usage("--trend must be between 0 and 120 months.")
			}
			return nil
		}
	}, func(store *sqlite.Store, c data.Company, d data.Date, w io.Writer, asJSON bool) error {
		rep, err := reports.Compute(ctx, store.DB(), c, reports.ReportOptions{AsOf: d, PeriodDays: *period, Bounds: bounds, ByIssueDate: *byIssue})
		if err != nil {
			return err
		}
		var points []reports.TrendPoint
		if *trend > 0 {
			if points, err = reports.Trend(ctx, store.DB(), c, d, *trend, *period); err != nil {
				return err
			}
		}
		if asJSON {
			out := reportJSON(rep)
			if points != nil {
				var ts []map[string]any
				for _, p := range points {
					ts = append(ts, map[string]any{"as_of": p.Day.String(), "total_ar": money(p.TotalAR, c.Currency),
						"overdue_pct": p.OverduePct, "dso": p.DSO, "bpdso": p.BPDSO, "add": p.ADD, "cei": p.CEI})
				}
				out["trend"] = ts
			}
			return writeJSON(w, out)
		}
		l := data.LocaleFor(c.Locale)
		r.printReport(w, rep, l)
		if len(points) > 0 {
			fmt.Fprintln(w, i18n.T(r.lang, "Month ends:      receivable  overdue %    DSO  BPDSO   ADD   CEI"))
			for _, p := range points {
				fmt.Fprintf(w, "  %s %14s %8s %6s %6s %5s %5s\n", l.Date(p.Day), l.Money(data.M(p.TotalAR, c.Currency)),
					decimal(l, p.OverduePct), decimal(l, p.DSO), decimal(l, p.BPDSO), decimal(l, p.ADD), decimal(l, p.CEI))
			}
		}
		return nil
	})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func reportJSON(rep reports.Report) map[string]any {
	cur := rep.Currency
	var aging []map[string]any
	for _, b := range rep.Aging {
		aging = append(aging, map[string]any{"bucket": b.Label, "amount": money(b.Amount, cur), "invoices": b.Invoices})
	}
	return map[string]any{
		"as_of": rep.AsOf.String(), "period_days": rep.PeriodDays, "currency": cur, "open_invoices": rep.OpenInvoices,
		"total_ar": money(rep.TotalAR, cur), "current_ar": money(rep.CurrentAR, cur), "aging": aging,
		"unapplied_credit": money(rep.UnappliedCredit, cur), "net_ar": money(rep.NetAR, cur),
		"credit_sales": money(rep.CreditSales, cur), "beginning_ar": money(rep.BeginningAR, cur),
		"dso": rep.DSO, "countback_dso": rep.CountbackDSO, "bpdso": rep.BPDSO, "add": rep.ADD, "cei": rep.CEI,
		"pct_current": rep.PctCurrent, "pct_over_90": rep.PctOver90, "paid_invoices": rep.PaidInvoices,
		"avg_days_to_pay": rep.AvgDaysToPay, "weighted_days_to_pay": rep.WeightedDaysToPay, "avg_days_late": rep.AvgDaysLate,
		"overdue_clients": rep.OverdueClients, "clients_managed": rep.ManagedClients, "pct_clients_managed": rep.PctClientsManaged,
	}
}

// decimal formats f with one decimal the locale's way: 23,2 or 23.2.
func decimal(l data.Locale, f *float64) string {
	if f == nil {
		return "—"
	}
	return l.Fixed(*f, 1)
}

func (r *runner) printReport(w io.Writer, rep reports.Report, l data.Locale) {
	m := func(n int64) string { return l.Money(data.M(n, rep.Currency)) }
	line := func(label, value string) { fmt.Fprintf(w, "  %-34s %s\n", i18n.T(r.lang, label), value) }
	fmt.Fprintln(w, i18n.T(r.lang, "Receivables as of %s (period: %d days)", l.Date(rep.AsOf), rep.PeriodDays))
	line("Open invoices", l.Int(int64(rep.OpenInvoices)))
	line("Total receivable", m(rep.TotalAR))
	line("Current (not yet due)", m(rep.CurrentAR))
	for _, b := range rep.Aging {
		label := i18n.T(r.lang, "%s days overdue", b.Label)
		if b.From == 0 {
			label = i18n.T(r.lang, "current")
		}
		fmt.Fprintf(w, "    %-32s %s (%d)\n", label, m(b.Amount), b.Invoices)
	}
	line("Held on account", m(rep.UnappliedCredit))
	line("Net receivable", m(rep.NetAR))
	line("Credit sales in the period", m(rep.CreditSales))
	line("Receivable at the start", m(rep.BeginningAR))
	line("DSO (days)", decimal(l, rep.DSO))
	line("Countback DSO (days)", decimal(l, rep.CountbackDSO))
	line("Best possible DSO (days)", decimal(l, rep.BPDSO))
	line("Average days delinquent", decimal(l, rep.ADD))
	line("Collection effectiveness (%)", decimal(l, rep.CEI))
	line("Current share (%)", decimal(l, rep.PctCurrent))
	line("Over 90 days overdue (%)", decimal(l, rep.PctOver90))
	line("Invoices paid in the period", l.Int(int64(rep.PaidInvoices)))
	line("Average days to pay", decimal(l, rep.AvgDaysToPay))
	line("Weighted days to pay", decimal(l, rep.WeightedDaysToPay))
	line("Average days late", decimal(l, rep.AvgDaysLate))
	line("Overdue clients managed (%)", decimal(l, rep.PctClientsManaged)+" "+i18n.T(r.lang, "(%d of %d)", rep.ManagedClients, rep.OverdueClients))
}
