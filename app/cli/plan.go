package cli

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cartera/app/chase"
	"cartera/app/docs"
	"cartera/app/i18n"
	"cartera/app/plans"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// planUsage says how plan is used.
func (r *runner) planUsage() error {
	return r.usage("Use: cartera --db FILE plan create --client CODE --instalments N --first YYYY-MM-DD [--every monthly|fortnightly|weekly] [--invoices NUMBER,…] [--agreement FILE.pdf] | plan list [--client CODE] [--format json] | plan agreement ID --out FILE.pdf | plan cancel ID.")
}

// runPlan agrees, lists, prints and cancels payment plans.
func runPlan(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("plan")
	client := fs.String("client", "", "")
	n := fs.Int("instalments", 0, "")
	first := fs.String("first", "", "")
	every := fs.String("every", string(data.Monthly), "")
	invoices := fs.String("invoices", "", "")
	agreement := fs.String("agreement", "", "")
	out := fs.String("out", "", "")
	format := fs.String("format", "text", "")
	asOf := fs.String("as-of", "", "")
	r.forceFlag(fs)
	rest, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || !slices.Contains([]string{"create", "list", "agreement", "cancel"}, rest[0]) {
		return r.planUsage()
	}
	day, err := r.day(*asOf)
	if err != nil {
		return err
	}
	s, c, err := r.openCompany(ctx, "plan")
	if err != nil {
		return err
	}
	defer s.Close()
	switch rest[0] {
	case "create":
		if *client == "" || *n == 0 || *first == "" {
			return r.planUsage()
		}
		start, err := r.dateFlag("--first", *first)
		if err != nil {
			return err
		}
		return r.planCreate(ctx, s, c, *client, *invoices, *n, start, data.Interval(*every), day, *agreement)
	case "list":
		return r.planList(ctx, s, c, *client, day, *format == "json")
	}
	if len(rest) != 2 {
		return r.planUsage()
	}
	id, err := strconv.ParseInt(rest[1], 10, 64)
	if err != nil {
		return r.planUsage()
	}
	if rest[0] == "cancel" {
		if err := plans.Cancel(ctx, s, id, day); err != nil {
			return err
		}
		r.printf("Payment plan #%d is cancelled; its invoices are chased as usual again.", id)
		return nil
	}
	if *out == "" {
		return r.planUsage()
	}
	all, err := s.Plans(ctx, 0)
	if err != nil {
		return err
	}
	for _, p := range all {
		if p.ID == id {
			return r.writeAgreement(ctx, s, c, p, *out)
		}
	}
	return data.Errorf(data.ENOTFOUND, "There is no payment plan #%d.", id)
}

func (r *runner) planCreate(ctx context.Context, s *sqlite.Store, c data.Company, code, numbers string, n int, first data.Date,
	every data.Interval, day data.Date, agreement string) error {
	cl, err := s.ClientByCode(ctx, code)
	if err != nil {
		return err
	}
	cands, err := plans.Candidates(ctx, s, cl.ID, day)
	if err != nil {
		return err
	}
	var ids []int64
	for _, inv := range cands {
		if numbers == "" || slices.Contains(strings.Split(numbers, ","), inv.Number) {
			ids = append(ids, inv.ID)
		}
	}
	if len(ids) == 0 {
		return data.Errorf(data.EINVALID, "%s has no overdue invoices to put on a payment plan.", cl.Name)
	}
	p, err := plans.Create(ctx, s, plans.Terms{ClientID: cl.ID, Invoices: ids, Instalments: n, First: first, Every: every, Agreed: day})
	if err != nil {
		return err
	}
	loc := data.LocaleFor(c.Locale)
	r.printf(i18n.Plural(len(p.Instalments), "Payment plan #%d for %s: %s in %d instalment.", "Payment plan #%d for %s: %s in %d instalments."), p.ID, cl.Name, loc.Money(p.Total), len(p.Instalments))
	for _, in := range p.Instalments {
		fmt.Fprintf(r.env.Stdout, "  %2d  %s  %s\n", in.N, loc.Date(in.Due), loc.Money(data.M(in.Amount, p.Total.Currency)))
	}
	if agreement != "" {
		return r.writeAgreement(ctx, s, c, p, agreement)
	}
	return nil
}

func (r *runner) writeAgreement(ctx context.Context, s *sqlite.Store, c data.Company, p data.PaymentPlan, out string) error {
	var buf bytes.Buffer
	if err := docs.Agreement(ctx, &buf, s, c, p, r.env.Clock.Now()); err != nil {
		return err
	}
	if err := r.writeOut(out, buf.Bytes()); err != nil {
		return err
	}
	r.printf("Wrote %s.", out)
	return nil
}

func (r *runner) planList(ctx context.Context, s *sqlite.Store, c data.Company, code string, day data.Date, asJSON bool) error {
	var clientID int64
	if code != "" {
		cl, err := s.ClientByCode(ctx, code)
		if err != nil {
			return err
		}
		clientID = cl.ID
	}
	sts, err := plans.Refresh(ctx, s, day, clientID)
	if err != nil {
		return err
	}
	clients, err := chase.Clients(ctx, s)
	if err != nil {
		return err
	}
	loc := data.LocaleFor(c.Locale)
	out := []map[string]any{}
	for _, st := range sts {
		p := st.Plan
		row := map[string]any{"id": p.ID, "client": clients[p.ClientID].Name, "agreed": p.Agreed.String(), "status": p.Status,
			"total": money(p.Total.Amount, p.Total.Currency), "paid": money(st.Check.Paid, p.Total.Currency),
			"instalments": len(p.Instalments), "met": st.Check.Met}
		line := fmt.Sprintf("#%d %s · %s · %s %s / %s · %d/%d", p.ID, clients[p.ClientID].Name, i18n.T(r.lang, reports.PlanStatusName(p.Status)),
			i18n.T(r.lang, "paid"), loc.Money(data.M(st.Check.Paid, p.Total.Currency)), loc.Money(p.Total), st.Check.Met, len(p.Instalments))
		if st.Check.Next >= 0 && p.Status == data.PlanActive {
			in := p.Instalments[st.Check.Next]
			row["next_due"], row["next_amount"] = in.Due.String(), money(in.Amount, p.Total.Currency)
			line += " · " + i18n.T(r.lang, "next %s on %s", loc.Money(data.M(in.Amount, p.Total.Currency)), loc.Date(in.Due))
		}
		out = append(out, row)
		if !asJSON {
			fmt.Fprintln(r.env.Stdout, line)
		}
	}
	if asJSON {
		return writeJSON(r.env.Stdout, map[string]any{"plans": out})
	}
	if len(sts) == 0 {
		r.printf("No payment plans.")
	}
	return nil
}
