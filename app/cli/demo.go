package cli

import (
	"context"
	"fmt"
	"math"

	"cartera/app/demo"
	"cartera/app/paths"
	"cartera/data"
)

func runDemo(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("demo")
	out := fs.String("out", r.g.db, "")
	today := fs.String("today", "", "")
	seed := fs.Uint64("seed", 1, "")
	clients := fs.Int("clients", 200, "")
	invoices := fs.Int("invoices", 6000, "")
	locale := fs.String("locale", "es-ES", "")
	if err := r.parse(fs, args); err != nil {
		return err
	}
	if *clients < 1 || *clients > 1_000_000 || *invoices < 1 || *invoices > 50_000_000 {
		return r.usage("demo: --clients must be 1 to 1,000,000 and --invoices 1 to 50,000,000.")
	}
	day := data.Today(r.env.Clock)
	if *today != "" {
		d, err := r.dateFlag("demo: --today", *today)
		if err != nil {
			return err
		}
		day = d
	}
	if *out == "" {
		p, err := paths.DemoFile()
		if err != nil {
			return err
		}
		*out = p
	}
	last := -1
	sum, err := demo.Generate(ctx, *out, demo.Options{Today: day, Seed: *seed, Clients: *clients, Invoices: *invoices, Locale: *locale,
		Progress: func(done, total int) {
			if pct := int(math.Floor(float64(done) * 10 / float64(total))); pct != last && *invoices >= 100_000 {
				last = pct
				fmt.Fprintf(r.env.Stderr, "\r%d%%", pct*10)
			}
		}})
	if last >= 0 {
		fmt.Fprintln(r.env.Stderr)
	}
	if err != nil {
		return err
	}
	r.printf("Created the demo company in %s as of %s: %d clients, %d invoices, %d payments, %d credit notes, %d disputes, %d promises, %d contacts.",
		*out, day, sum.Clients, sum.Invoices, sum.Payments, sum.CreditNotes, sum.Disputes, sum.Promises, sum.Contacts)
	return nil
}
