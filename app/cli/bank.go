package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cartera/app/i18n"
	"cartera/app/reconcile"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
	"cartera/importers/bank"
)

// runBank reads bank statements and matches their credits to invoices:
// bank import PATH [--bank NAME] [--map HEADER=FIELD,…] [--dry-run] | bank match [--auto-confirm high] [--format json] |
// bank assign ID --client CODE | bank dismiss ID | bank undo ID.
func runBank(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("bank")
	dry := fs.Bool("dry-run", false, "")
	auto := fs.String("auto-confirm", "", "")
	format := fs.String("format", "text", "")
	bankName := fs.String("bank", "", "")
	columns := fs.String("map", "", "")
	client := fs.String("client", "", "")
	rest, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || !slices.Contains([]string{"import", "match", "assign", "dismiss", "undo"}, rest[0]) ||
		(rest[0] != "match" && len(rest) != 2) || (*auto != "" && *auto != "high") || (rest[0] == "assign") != (*client != "") {
		return r.usage("Use: cartera --db FILE bank import STATEMENT [--bank NAME] [--map HEADER=FIELD,…] [--dry-run] | bank match [--auto-confirm high] [--format json] | bank assign ID --client CODE | bank dismiss ID | bank undo ID.")
	}
	var id int64
	if rest[0] != "import" && rest[0] != "match" {
		if id, err = strconv.ParseInt(rest[1], 10, 64); err != nil {
			return r.usage("Use: cartera --db FILE bank import STATEMENT [--bank NAME] [--map HEADER=FIELD,…] [--dry-run] | bank match [--auto-confirm high] [--format json] | bank assign ID --client CODE | bank dismiss ID | bank undo ID.")
		}
	}
	s, c, err := r.openCompany(ctx, "bank")
	if err != nil {
		return err
	}
	defer s.Close()
	switch rest[0] {
	case "import":
		cols, err := importers.ParseStatementColumns(*columns)
		if err != nil {
			return err
		}
		res, err := reconcile.Import(ctx, s, rest[1], importers.StatementOptions{Bank: *bankName, Columns: cols}, *dry)
		if err != nil {
			return err
		}
		r.printf(i18n.Plural(res.Credits, "%d credit in %s: %d new, %d already read.", "%d credits in %s: %d new, %d already read."), res.Credits, res.File, res.Added, res.Credits-res.Added)
		if res.Bank != "" && !*dry {
			r.printf("Its columns are saved as the mapping of bank %s.", res.Bank)
		}
		return nil
	case "undo":
		payment, err := reconcile.Undo(ctx, s, id)
		if err != nil {
			return err
		}
		if payment {
			r.printf("Bank credit #%d is back in the queue; its payment was removed.", id)
		} else {
			r.printf("Bank credit #%d is back in the queue.", id)
		}
		return nil
	case "dismiss":
		if err := reconcile.Dismiss(ctx, s, id); err != nil {
			return err
		}
		r.printf("Bank credit #%d is set aside as not a client's payment (bank undo %d brings it back).", id, id)
		return nil
	case "assign":
		return r.bankAssign(ctx, s, c, id, *client)
	}
	return r.bankMatch(ctx, s, c, *auto == "high", *format == "json")
}

// bankAssign records a queued credit as a payment of the client the user
// names: the invoices it matches, else the oldest.
func (r *runner) bankAssign(ctx context.Context, s *sqlite.Store, c data.Company, id int64, code string) error {
	cl, err := s.ClientByCode(ctx, code)
	if err != nil {
		return err
	}
	items, err := reconcile.Queue(ctx, s)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(items, func(it reconcile.Item) bool { return it.Credit.ID == id })
	if i < 0 {
		return data.Errorf(data.ENOTFOUND, "Bank credit #%d is not waiting to be matched.", id)
	}
	it, err := reconcile.Assign(ctx, s, items[i], cl.ID)
	if err != nil {
		return err
	}
	if err := reconcile.Confirm(ctx, s, it, data.MethodTransfer); err != nil {
		return err
	}
	loc := data.LocaleFor(c.Locale)
	if len(it.Invoices) == 0 {
		r.printf("Bank credit #%d is a payment of %s for %s, kept on its account.", id, cl.Name, loc.Money(it.Credit.Amount))
	} else {
		r.printf("Bank credit #%d is a payment of %s for %s: %s.", id, cl.Name, loc.Money(it.Credit.Amount), strings.Join(it.Invoices, ", "))
	}
	return nil
}

// bankMatch proposes matches for the queued credits; high-confidence ones
// are confirmed when asked, each in its own transaction.
func (r *runner) bankMatch(ctx context.Context, s *sqlite.Store, c data.Company, confirmHigh, asJSON bool) error {
	items, err := reconcile.Queue(ctx, s)
	if err != nil {
		return err
	}
	confirmed := 0
	if confirmHigh {
		if confirmed, err = reconcile.ConfirmHigh(ctx, s, items, data.MethodTransfer, nil); err != nil {
			return err
		}
	}
	loc := data.LocaleFor(c.Locale)
	out := []map[string]any{}
	for _, it := range items {
		q, p := it.Credit, it.Proposal
		row := map[string]any{"id": q.ID, "date": q.Date.String(), "amount": money(q.Amount.Amount, q.Amount.Currency), "reference": q.Reference}
		line := fmt.Sprintf("#%d %s %s %q", q.ID, loc.Date(q.Date), loc.Money(q.Amount), q.Reference)
		if p == nil {
			row["confidence"] = "none"
			line += " — " + i18n.T(r.lang, "no match")
		} else {
			row["client"], row["confidence"], row["reason"], row["invoices"] = it.ClientName, p.Confidence, i18n.T(r.lang, p.Reason), it.Invoices
			line += fmt.Sprintf(" — %s · %s · %s", it.ClientName, i18n.T(r.lang, string(p.Confidence)), i18n.T(r.lang, p.Reason))
			if confirmHigh && p.Confidence == bank.High {
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
		return writeJSON(r.env.Stdout, map[string]any{"credits": out, "confirmed": confirmed})
	}
	r.printf("%d credits waiting; %d confirmed as payments.", len(items), confirmed)
	return nil
}
