package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers/bank"
)

// runBank reads bank statements and matches their credits to invoices:
// bank import PATH [--dry-run] | bank match [--auto-confirm high] [--format json] | bank undo ID.
func runBank(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("bank")
	dry := fs.Bool("dry-run", false, "")
	auto := fs.String("auto-confirm", "", "")
	format := fs.String("format", "text", "")
	rest, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || (rest[0] != "import" && rest[0] != "match" && rest[0] != "undo") ||
		(rest[0] != "match" && len(rest) != 2) || (*auto != "" && *auto != "high") {
		return r.usage("Use: cartera --db FILE bank import STATEMENT [--dry-run] | bank match [--auto-confirm high] [--format json] | bank undo ID.")
	}
	s, c, err := r.openCompany(ctx, "bank")
	if err != nil {
		return err
	}
	defer s.Close()
	switch rest[0] {
	case "import":
		return r.bankImport(ctx, s, rest[1], *dry)
	case "undo":
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil {
			return r.usage("Use: cartera --db FILE bank undo ID.")
		}
		if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.UnconfirmBankCredit(id) }); err != nil {
			return err
		}
		r.printf("Bank credit #%d is back in the queue; its payment was removed.", id)
		return nil
	}
	return r.bankMatch(ctx, s, c, *auto == "high", *format == "json")
}

func (r *runner) bankImport(ctx context.Context, s *sqlite.Store, path string, dry bool) error {
	f, err := os.Open(path)
	if err != nil {
		return data.Errorf(data.ENOTFOUND, "Could not read %s.", path)
	}
	defer f.Close()
	var credits []bank.Credit
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml", ".camt", ".053":
		credits, err = bank.ReadCamt053(f, filepath.Base(path))
	case ".ofx", ".qfx":
		credits, err = bank.ReadOFX(f, filepath.Base(path))
	default:
		return data.Errorf(data.EINVALID, "%s: Cartera reads camt.053 (.xml) and OFX (.ofx, .qfx) bank statements.", filepath.Base(path))
	}
	if err != nil {
		return err
	}
	added := 0
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		for _, c := range credits {
			ok, err := tx.AddBankCredit(&sqlite.BankCredit{BankID: c.ID, Date: c.Date, Amount: c.Amount, Reference: c.Reference, Name: c.Name, File: filepath.Base(path)})
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if err != nil && err != errDryRun {
		return err
	}
	r.printf("%d credits in %s: %d new, %d already read.", len(credits), filepath.Base(path), added, len(credits)-added)
	return nil
}

var errDryRun = data.Errorf(data.EINVALID, "dry run")

// bankMatch proposes matches for the queued credits; high-confidence ones
// are confirmed when asked, each in its own transaction.
func (r *runner) bankMatch(ctx context.Context, s *sqlite.Store, c data.Company, confirmHigh, asJSON bool) error {
	queued, err := s.BankCredits(ctx, true)
	if err != nil {
		return err
	}
	open, err := s.ListInvoices(ctx, data.InvoiceQuery{Filter: data.FilterOpen})
	if err != nil {
		return err
	}
	clients, err := s.ListClients(ctx, data.ClientQuery{})
	if err != nil {
		return err
	}
	var opens []bank.Open
	for _, inv := range open {
		opens = append(opens, bank.Open{InvoiceID: inv.ID, Number: inv.Number, ClientID: inv.ClientID, Due: inv.DueDate, Balance: inv.Balance})
	}
	var payers []bank.Payer
	names := map[int64]string{}
	for _, cl := range clients {
		payers = append(payers, bank.Payer{ID: cl.ID, Name: cl.Name, TaxID: cl.TaxID})
		names[cl.ID] = cl.Name
	}
	m := bank.NewMatcher(opens, payers)
	loc := data.LocaleFor(c.Locale)
	var out []map[string]any
	confirmed := 0
	for _, q := range queued {
		p := m.Match(bank.Credit{ID: q.BankID, Date: q.Date, Amount: q.Amount, Reference: q.Reference, Name: q.Name})
		row := map[string]any{"id": q.ID, "date": q.Date.String(), "amount": money(q.Amount.Amount, q.Amount.Currency), "reference": q.Reference}
		line := fmt.Sprintf("#%d %s %s %q", q.ID, loc.Date(q.Date), loc.Money(q.Amount), q.Reference)
		if p == nil {
			row["confidence"] = "none"
			line += " — " + i18n.T(r.lang, "no match")
		} else {
			var invs []int64
			for _, a := range p.Allocations {
				invs = append(invs, a.InvoiceID)
			}
			row["client"], row["confidence"], row["reason"], row["invoices"] = names[p.ClientID], p.Confidence, i18n.T(r.lang, p.Reason), invs
			line += fmt.Sprintf(" — %s · %s · %s", names[p.ClientID], i18n.T(r.lang, string(p.Confidence)), i18n.T(r.lang, p.Reason))
			if confirmHigh && p.Confidence == bank.High {
				pay := data.Payment{ClientID: p.ClientID, Date: q.Date, Amount: q.Amount, Method: i18n.T(r.lang, "Transfer"), Reference: q.Reference}
				for _, a := range p.Allocations {
					pay.Allocations = append(pay.Allocations, data.Allocation{InvoiceID: a.InvoiceID, Amount: a.Amount})
				}
				if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.ConfirmBankCredit(q.ID, &pay) }); err != nil {
					return err
				}
				confirmed++
				row["confirmed"] = true
				line += " ✓"
			}
		}
		out = append(out, row)
		if !asJSON {
			fmt.Fprintln(r.env.Stdout, line)
		}
	}
	if asJSON {
		if out == nil {
			out = []map[string]any{}
		}
		return writeJSON(r.env.Stdout, map[string]any{"credits": out, "confirmed": confirmed})
	}
	r.printf("%d credits waiting; %d confirmed as payments.", len(queued), confirmed)
	return nil
}
