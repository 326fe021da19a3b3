package cli

import (
	"context"

	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

func runInit(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("init")
	locale := fs.String("locale", "", "")
	name := fs.String("name", "", "")
	cur := fs.String("currency", "", "")
	terms := fs.Int("terms", 30, "")
	if err := r.parse(fs, args); err != nil {
		return err
	}
	if r.g.db == "" {
		return r.usage("init needs the new file's name: cartera --db FILE init.")
	}
	loc := data.LocaleFor(*locale)
	if *locale == "" {
		loc = data.LocaleFor(i18n.SystemLocale(r.env.Getenv))
	}
	if *name == "" {
		*name = i18n.T(loc.Lang, "My company")
	}
	if *cur == "" {
		*cur = localCurrency(loc.Tag)
	}
	s, err := sqlite.Create(ctx, r.g.db, data.Company{Name: *name, Currency: *cur, Locale: loc.Tag, PaymentTermsDays: *terms},
		sqlite.Options{Clock: r.env.Clock})
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.Company(ctx)
	if err != nil {
		return err
	}
	r.printf("Created %s for %s (%s, %s).", r.g.db, c.Name, c.Currency, c.Locale)
	return nil
}

// localCurrency is the currency of the locale's region: es-ES → EUR, en-US → USD.
func localCurrency(tag string) string {
	t, err := language.Parse(tag)
	if err == nil {
		if u, conf := currency.FromTag(t); conf != language.No {
			return u.String()
		}
	}
	return "EUR"
}
