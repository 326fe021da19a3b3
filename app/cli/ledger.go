package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"cartera/app/i18n"
	"cartera/app/ledger"
	"cartera/data"
	"cartera/data/sqlite"
)

// ledgerFlags are the flags of the commands that record money by hand.
type ledgerFlags struct {
	client, date, amount, ref, method, notes, apply, number, invoice, reason, to, payment, credit, format string
	onAccount                                                                                             bool
}

func (r *runner) ledgerFlagSet(name string) (*ledgerFlags, func([]string) ([]string, error)) {
	f := &ledgerFlags{}
	fs := r.flags(name)
	fs.StringVar(&f.client, "client", "", "")
	fs.StringVar(&f.date, "date", "", "")
	fs.StringVar(&f.amount, "amount", "", "")
	fs.StringVar(&f.ref, "ref", "", "")
	fs.StringVar(&f.method, "method", "", "")
	fs.StringVar(&f.notes, "notes", "", "")
	fs.StringVar(&f.apply, "apply", "", "")
	fs.StringVar(&f.number, "number", "", "")
	fs.StringVar(&f.invoice, "invoice", "", "")
	fs.StringVar(&f.reason, "reason", "", "")
	fs.StringVar(&f.to, "to", "", "")
	fs.StringVar(&f.payment, "payment", "", "")
	fs.StringVar(&f.credit, "credit-note", "", "")
	fs.StringVar(&f.format, "format", "text", "")
	fs.BoolVar(&f.onAccount, "on-account", false, "")
	return f, func(args []string) ([]string, error) { return r.parseInterspersed(fs, args) }
}

// entry reads the date (today when not given) and the amount of an entry
// in the company's way of writing them.
func (r *runner) entry(c data.Company, f *ledgerFlags) (data.Date, data.Money, error) {
	day := data.Today(r.env.Clock)
	if f.date != "" {
		d, err := r.dateFlag("--date", f.date)
		if err != nil {
			return day, data.Money{}, err
		}
		day = d
	}
	if err := data.CheckDate(day); err != nil {
		return day, data.Money{}, err
	}
	m, err := data.LocaleFor(c.Locale).ParseMoney(f.amount, c.Currency)
	if err != nil {
		return day, m, err
	}
	if m.Amount <= 0 {
		return day, m, data.Errorf(data.EINVALID, "The amount must be above zero.")
	}
	return day, m, nil
}

// applyOf reads --apply INV=AMT,… | oldest and --on-account.
func (r *runner) applyOf(c data.Company, f *ledgerFlags) (ledger.Apply, error) {
	switch {
	case f.onAccount && f.apply != "":
		return ledger.Apply{}, r.usage("Use --apply or --on-account, not both.")
	case f.onAccount:
		return ledger.Apply{OnAccount: true}, nil
	case f.apply == "oldest":
		return ledger.Apply{Oldest: true}, nil
	case f.apply != "":
		parts, err := ledger.ParseParts(f.apply, data.LocaleFor(c.Locale), c.Currency)
		return ledger.Apply{To: parts}, err
	}
	return ledger.Apply{}, nil
}

func (r *runner) paymentUsage() error {
	return r.usage("Use: cartera --db FILE payment add --client CODE --amount X [--date YYYY-MM-DD] [--ref R] [--method M] [--apply INV=AMT,…|--apply oldest|--on-account] | payment reverse REF --reason TEXT.")
}

// withLedger parses a ledger command's flags (a subcommand first), opens
// the company file and runs fn; no subcommand is a usage error.
func (r *runner) withLedger(ctx context.Context, name string, args []string, usage func() error,
	fn func(s *sqlite.Store, c data.Company, f *ledgerFlags, rest []string) error) error {
	f, parse := r.ledgerFlagSet(name)
	rest, err := parse(args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usage()
	}
	s, c, err := r.openCompany(ctx, name)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s, c, f, rest)
}

// entryApply reads an entry's date, amount and where it goes.
func (r *runner) entryApply(c data.Company, f *ledgerFlags) (data.Date, data.Money, ledger.Apply, error) {
	day, amount, err := r.entry(c, f)
	if err != nil {
		return day, amount, ledger.Apply{}, err
	}
	apply, err := r.applyOf(c, f)
	return day, amount, apply, err
}

// runPayment records a payment by hand, or reverses one.
func runPayment(ctx context.Context, r *runner, args []string) error {
	return r.withLedger(ctx, "payment", args, r.paymentUsage, func(s *sqlite.Store, c data.Company, f *ledgerFlags, rest []string) error {
		loc := data.LocaleFor(c.Locale)
		switch {
		case rest[0] == "add" && len(rest) == 1 && f.client != "" && f.amount != "":
			day, amount, apply, err := r.entryApply(c, f)
			if err != nil {
				return err
			}
			p, err := ledger.RecordPayment(ctx, s, ledger.PaymentEntry{Client: f.client, Date: day, Amount: amount, Reference: f.ref,
				Method: f.method, Notes: f.notes, Apply: apply}, ledger.User())
			if err != nil {
				return err
			}
			r.printf("Payment #%d of %s recorded on %s.", p.ID, loc.Money(p.Amount), loc.Date(p.Date))
			return r.printApplied(ctx, s, p.Allocations, p.Unallocated(), loc)
		case rest[0] == "reverse" && len(rest) == 2:
			p, err := ledger.ReversePayment(ctx, s, rest[1], f.reason, data.Today(r.env.Clock), ledger.User())
			if err != nil {
				return err
			}
			r.printf("Payment #%d of %s is reversed; the invoices it paid are open again.", p.ID, loc.Money(p.Amount))
			return nil
		}
		return r.paymentUsage()
	})
}

func (r *runner) creditUsage() error {
	return r.usage("Use: cartera --db FILE credit-note add --client CODE --number N --amount X [--date YYYY-MM-DD] [--invoice INV] [--reason TEXT] [--apply INV=AMT,…|--apply oldest|--on-account] | credit-note reverse NUMBER --reason TEXT.")
}

// runCreditNote records a credit note by hand, or reverses one.
func runCreditNote(ctx context.Context, r *runner, args []string) error {
	return r.withLedger(ctx, "credit-note", args, r.creditUsage, func(s *sqlite.Store, c data.Company, f *ledgerFlags, rest []string) error {
		loc := data.LocaleFor(c.Locale)
		switch {
		case rest[0] == "add" && len(rest) == 1 && f.client != "" && f.amount != "" && f.number != "":
			day, amount, apply, err := r.entryApply(c, f)
			if err != nil {
				return err
			}
			n, err := ledger.RecordCreditNote(ctx, s, ledger.CreditEntry{Client: f.client, Number: f.number, Date: day, Amount: amount,
				Invoice: f.invoice, Reason: f.reason, Apply: apply}, ledger.User())
			if err != nil {
				return err
			}
			r.printf("Credit note %s of %s recorded on %s.", n.Number, loc.Money(n.Amount), loc.Date(n.Date))
			return r.printApplied(ctx, s, n.Allocations, n.Unallocated(), loc)
		case rest[0] == "reverse" && len(rest) == 2:
			if err := ledger.ReverseCreditNote(ctx, s, rest[1], f.reason, data.Today(r.env.Clock), ledger.User()); err != nil {
				return err
			}
			r.printf("Credit note %s is reversed; the invoices it was applied to are open again.", rest[1])
			return nil
		}
		return r.creditUsage()
	})
}

// printApplied says where a payment or credit note went.
func (r *runner) printApplied(ctx context.Context, s *sqlite.Store, as []data.Allocation, left data.Money, loc data.Locale) error {
	for _, a := range as {
		inv, err := s.Invoice(ctx, a.InvoiceID)
		if err != nil {
			return err
		}
		r.printf("  Applied to invoice %s: %s.", inv.Number, loc.Money(data.M(a.Amount, left.Currency)))
	}
	if left.Amount > 0 {
		r.printf("  On account: %s.", loc.Money(left))
	}
	return nil
}

// runApply applies money on account (a payment's or a credit note's) to invoices.
func runApply(ctx context.Context, r *runner, args []string) error {
	f, parse := r.ledgerFlagSet("apply")
	rest, err := parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 || f.to == "" || (f.payment == "") == (f.credit == "") {
		return r.usage("Use: cartera --db FILE apply --payment REF|--credit-note NUMBER --to INV=AMT,….")
	}
	s, c, err := r.openCompany(ctx, "apply")
	if err != nil {
		return err
	}
	defer s.Close()
	parts, err := ledger.ParseParts(f.to, data.LocaleFor(c.Locale), c.Currency)
	if err != nil {
		return err
	}
	if f.payment != "" {
		err = ledger.ApplyPayment(ctx, s, f.payment, parts, ledger.User())
	} else {
		err = ledger.ApplyCreditNote(ctx, s, f.credit, parts, ledger.User())
	}
	if err != nil {
		return err
	}
	loc := data.LocaleFor(c.Locale)
	for _, p := range parts {
		r.printf("  Applied to invoice %s: %s.", p.Number, loc.Money(data.M(p.Amount, c.Currency)))
	}
	return nil
}

// runRefund pays money on account back to a client.
func runRefund(ctx context.Context, r *runner, args []string) error {
	f, parse := r.ledgerFlagSet("refund")
	rest, err := parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 || f.client == "" || f.amount == "" {
		return r.usage("Use: cartera --db FILE refund --client CODE --amount X [--date YYYY-MM-DD] [--ref R] [--method M] [--notes TEXT].")
	}
	s, c, err := r.openCompany(ctx, "refund")
	if err != nil {
		return err
	}
	defer s.Close()
	day, amount, err := r.entry(c, f)
	if err != nil {
		return err
	}
	if _, err := ledger.Refund(ctx, s, ledger.RefundEntry{Client: f.client, Date: day, Amount: amount, Reference: f.ref, Method: f.method,
		Notes: f.notes}, ledger.User()); err != nil {
		return err
	}
	cl, err := s.ClientByCode(ctx, f.client)
	if err != nil {
		return err
	}
	held, err := s.OnAccount(ctx, cl.ID, data.MaxDate)
	if err != nil {
		return err
	}
	loc := data.LocaleFor(c.Locale)
	r.printf("Refund of %s to %s recorded on %s; %s is left on account.", loc.Money(amount), cl.Name, loc.Date(day), loc.Money(data.M(held, c.Currency)))
	return nil
}

// runInvoice voids an invoice entered by mistake.
func runInvoice(ctx context.Context, r *runner, args []string) error {
	f, parse := r.ledgerFlagSet("invoice")
	rest, err := parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || rest[0] != "void" {
		return r.usage("Use: cartera --db FILE invoice void NUMBER --reason TEXT.")
	}
	s, c, err := r.openCompany(ctx, "invoice")
	if err != nil {
		return err
	}
	defer s.Close()
	freed, err := ledger.VoidInvoice(ctx, s, rest[1], f.reason, data.Today(r.env.Clock), ledger.User())
	if err != nil {
		return err
	}
	r.printf("Invoice %s is void.", rest[1])
	if freed > 0 {
		r.printf("%s applied to it is back on account.", data.LocaleFor(c.Locale).Money(data.M(freed, c.Currency)))
	}
	return nil
}

// runAudit lists the audit log: who changed what, when and why.
func runAudit(ctx context.Context, r *runner, args []string) error {
	f, parse := r.ledgerFlagSet("audit")
	rest, err := parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 || (f.format != "text" && f.format != "json") {
		return r.usage("Use: cartera --db FILE audit [--client CODE] [--format text|json].")
	}
	s, c, err := r.openCompany(ctx, "audit")
	if err != nil {
		return err
	}
	defer s.Close()
	var id int64
	if f.client != "" {
		cl, err := s.ClientByCode(ctx, f.client)
		if err != nil {
			return err
		}
		id = cl.ID
	}
	log, err := s.Audit(ctx, id)
	if err != nil {
		return err
	}
	if f.format == "json" {
		out := []map[string]any{}
		for _, e := range log {
			out = append(out, map[string]any{"at": e.At.UTC().Format(time.RFC3339), "user": e.User, "client_id": e.ClientID,
				"action": e.Action, "subject": e.Subject, "before": e.Before, "after": e.After, "reason": e.Reason})
		}
		enc := json.NewEncoder(r.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	loc := data.LocaleFor(c.Locale)
	if len(log) == 0 {
		r.printf("Nothing has been changed by hand yet.")
	}
	for _, e := range log {
		line := fmt.Sprintf("%s %s  %-10s %s: %s", loc.Date(data.DateOf(e.At.Local())), e.At.Local().Format("15:04"), e.User,
			ledger.ActionName(r.lang, e.Action), e.Subject)
		if c := ledger.Change(e); c != "" {
			line += "  [" + c + "]"
		}
		if e.Reason != "" {
			line += "  " + i18n.T(r.lang, "Reason: %s", e.Reason)
		}
		fmt.Fprintln(r.env.Stdout, line)
	}
	return nil
}
