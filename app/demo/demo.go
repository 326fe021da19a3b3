// Package demo generates a realistic, deterministic demo company: clients of
// several countries with distinct payment habits, two years of invoices,
// payments (partial, grouped, on account), credit notes, disputes, promises
// to pay and a contact log. The same seed and day give the same contents.
package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
)

// TaxID marks a company file as a generated demo, which Generate may replace.
const TaxID = "B00000000"

// Options size and seed the demo.
type Options struct {
	Today    data.Date // the demo's "today"; history ends here
	Seed     uint64
	Clients  int // default 200
	Invoices int // default 6000
	Locale   string
	// Progress, if set, is told how many invoices have been written out of the total.
	Progress func(done, total int)
}

// Summary counts what was generated.
type Summary struct {
	Clients, Invoices, Payments, CreditNotes, Disputes, Promises, Contacts int
}

// Profile is a client's payment habit.
type Profile int

const (
	Early Profile = iota
	OnTime
	Inconsistent
	Late
	Stopped // paid, then stopped paying months ago
	Partial // often pays in instalments
)

var profileWeights = []struct {
	p Profile
	w float64
}{{Early, 15}, {OnTime, 35}, {Inconsistent, 18}, {Late, 20}, {Stopped, 4}, {Partial, 8}}

type client struct {
	data.Client
	profile  Profile
	weight   float64
	median   float64 // typical invoice amount in euros
	batch    bool    // pays several invoices in one transfer
	stopDate data.Date
}

type gen struct {
	opts  Options
	rng   *rand.Rand
	today data.Date
	start data.Date
	sum   Summary
}

// Generate writes a new demo company file at path. An existing file there is
// replaced only if it is itself a demo; the new file appears whole or not at
// all (it is written beside it and renamed).
func Generate(ctx context.Context, path string, opts Options) (Summary, error) {
	if opts.Clients <= 0 {
		opts.Clients = 200
	}
	if opts.Invoices <= 0 {
		opts.Invoices = 6000
	}
	if opts.Today.IsZero() {
		return Summary{}, data.Errorf(data.EINVALID, "The demo needs a date for today.")
	}
	if err := checkReplaceable(ctx, path); err != nil {
		return Summary{}, err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	sqlite.RemoveFiles(tmp)
	clock := data.FixedClock{T: opts.Today.Time().Add(9 * time.Hour)}
	loc := data.LocaleFor(opts.Locale)
	if opts.Locale == "" {
		loc = data.LocaleFor("es-ES")
	}
	s, err := sqlite.Create(ctx, tmp, data.Company{
		Name: "Suministros Olivar S.L.", TaxID: TaxID, Address: "Calle de Alcalá 120\n28009 Madrid", Country: "ES",
		Email: "cobros@suministros-olivar.es", Phone: "+34 910 000 000", Currency: "EUR", Locale: loc.Tag,
		PaymentTermsDays: 30, PaymentInstructions: "IBAN ES91 2100 0418 4502 0005 1332 · BIC CAIXESBBXXX",
	}, sqlite.Options{Clock: clock})
	if err != nil {
		return Summary{}, err
	}
	g := &gen{opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, 0x0CA27E4A)), today: opts.Today, start: opts.Today.AddMonths(-24)}
	err = s.Update(ctx, g.write)
	if err == nil {
		err = g.extras(ctx, s)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		sqlite.RemoveFiles(tmp)
		return Summary{}, err
	}
	return g.sum, nil
}

// checkReplaceable refuses to overwrite anything but an earlier demo.
func checkReplaceable(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err == nil {
		var c data.Company
		c, err = s.Company(ctx)
		s.Close()
		if err == nil && c.TaxID == TaxID {
			return nil
		}
	}
	return data.Errorf(data.ECONFLICT, "%s already exists and is not a demo company; choose another file name.", path)
}

func (g *gen) write(tx *sqlite.Tx) error {
	if err := tx.Bulk(256); err != nil {
		return err
	}
	clients := g.clients()
	for i := range clients {
		if err := tx.CreateClient(&clients[i].Client); err != nil {
			return err
		}
	}
	g.sum.Clients = len(clients)
	return g.history(tx, clients)
}

func (g *gen) pick(weights []float64, total float64) int {
	x := g.rng.Float64() * total
	i := sort.SearchFloat64s(weights, x)
	return min(i, len(weights)-1)
}

func (g *gen) one(ss []string) string { return ss[g.rng.IntN(len(ss))] }

// normal draws from N(mean, sd).
func (g *gen) normal(mean, sd float64) float64 { return mean + sd*g.rng.NormFloat64() }

func (g *gen) clients() []client {
	var cum []float64
	total := 0.0
	for _, c := range countries {
		total += float64(c.weight)
		cum = append(cum, total)
	}
	var pcum []float64
	ptotal := 0.0
	for _, pw := range profileWeights {
		ptotal += pw.w
		pcum = append(pcum, ptotal)
	}
	seen := map[string]int{}
	out := make([]client, g.opts.Clients)
	for i := range out {
		co := countries[g.pick(cum, total)]
		city := g.one(co.cities)
		name := g.clientName(co)
		if n := seen[name]; n > 0 {
			name = fmt.Sprintf("%s (%s %d)", name, city, n+1)
		}
		seen[name]++
		c := client{profile: profileWeights[g.pick(pcum, ptotal)].p}
		c.Code = fmt.Sprintf("C%05d", i+1)
		c.Name = name
		c.Country = co.code
		c.City = city
		c.Language = co.lang
		c.Address = fmt.Sprintf("%s %d", g.one(streets), 1+g.rng.IntN(120))
		if co.lang == "en" {
			c.Address = fmt.Sprintf("%d %s Street", 1+g.rng.IntN(900), g.one(englishSurnames))
		}
		c.Industry = g.one(industries)
		c.TaxID = g.taxID(co.code)
		switch r := g.rng.Float64(); {
		case r < 0.12:
			c.Segment, c.median = "Gran cuenta", 4200
		case r < 0.62:
			c.Segment, c.median = "Pyme", 950
		default:
			c.Segment, c.median = "Micro", 280
		}
		c.weight = math.Exp(g.normal(0, 0.9))
		if c.Segment == "Gran cuenta" {
			c.weight *= 2.5
		}
		c.batch = c.Segment == "Gran cuenta" || g.rng.Float64() < 0.15
		c.PaymentTermsDays = []int{0, 0, 0, 30, 45, 60}[g.rng.IntN(6)]
		c.PreferredChannel = []data.Channel{data.ChannelEmail, data.ChannelEmail, data.ChannelEmail, data.ChannelCall, data.ChannelWhatsApp}[g.rng.IntN(5)]
		if c.Segment == "Gran cuenta" {
			c.CreditLimit = int64(20000+g.rng.IntN(60)*1000) * 100
		} else if g.rng.Float64() < 0.5 {
			c.CreditLimit = int64(2000+g.rng.IntN(20)*500) * 100
		}
		c.Created = g.start.AddDays(-g.rng.IntN(900))
		if g.rng.Float64() < 0.15 { // newer clients
			c.Created = g.start.AddDays(g.rng.IntN(600))
		}
		c.Emails, c.Phones = g.contacts(co, name)
		if c.profile == Stopped {
			c.stopDate = g.today.AddDays(-120 - g.rng.IntN(120))
			c.Notes = "Retrasos desde el cambio de gerencia."
		}
		if c.profile == Late && g.rng.Float64() < 0.3 {
			c.Notes = "Llamar antes de enviar correos; prefiere teléfono."
		}
		if g.rng.Float64() < 0.04 {
			c.OptOut = true
		}
		out[i] = c
	}
	return out
}

func (g *gen) clientName(co country) string {
	if co.lang == "en" {
		if g.rng.Float64() < 0.2 {
			return g.one(englishStandalone)
		}
		return fmt.Sprintf(g.one(englishPatterns), g.one(englishSurnames))
	}
	if g.rng.Float64() < 0.15 {
		return g.one(spanishStandalone)
	}
	return fmt.Sprintf(g.one(spanishPatterns), g.one(spanishSurnames))
}

func (g *gen) taxID(country string) string {
	switch country {
	case "ES":
		return fmt.Sprintf("B%08d", 10000000+g.rng.IntN(89999999))
	case "MX":
		return fmt.Sprintf("%s%06d%s", strings.ToUpper(g.letters(3)), 100000+g.rng.IntN(899999), strings.ToUpper(g.letters(3)))
	case "US":
		return fmt.Sprintf("%02d-%07d", 10+g.rng.IntN(89), g.rng.IntN(9999999))
	case "GB":
		return fmt.Sprintf("GB%09d", g.rng.IntN(999999999))
	}
	return fmt.Sprintf("%d-%d", 10000000+g.rng.IntN(89999999), g.rng.IntN(10))
}

func (g *gen) letters(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + g.rng.IntN(26))
	}
	return string(b)
}

// contacts makes plausible addresses and numbers, and a few broken ones so
// the app has bad contact data to flag.
func (g *gen) contacts(co country, name string) (emails, phones []string) {
	slug := slugify(name)
	user := []string{"administracion", "facturas", "pagos", "contabilidad"}
	if co.lang == "en" {
		user = []string{"accounts", "billing", "ap", "finance"}
	}
	email := g.one(user) + "@" + slug + "." + co.domain
	phone := fmt.Sprintf("%s %03d %03d %03d", co.phonePrefix, 600+g.rng.IntN(399), g.rng.IntN(1000), g.rng.IntN(1000))
	switch r := g.rng.Float64(); {
	case r < 0.02:
		return nil, []string{phone} // no email at all
	case r < 0.04:
		return []string{strings.Replace(email, "@", " at ", 1)}, []string{phone} // typo
	case r < 0.06:
		return []string{email[:strings.LastIndexByte(email, '.')]}, []string{"123"} // missing domain, bad phone
	case r < 0.3:
		return []string{email, "gerencia@" + slug + "." + co.domain}, []string{phone}
	}
	return []string{email}, []string{phone}
}

func slugify(s string) string {
	r := strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "Á", "a", "É", "e", "Í", "i", "Ó", "o", "Ú", "u", "Ñ", "n", "ü", "u", "&", "y")
	s = strings.ToLower(r.Replace(s))
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,()")
		switch w {
		case "s.l", "s.a", "sl", "sa", "ltd", "llc", "inc", "co", "e", "y", "hijos", "de", "la", "el", "del", "":
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		for _, c := range w {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				b.WriteRune(c)
			}
		}
	}
	if b.Len() == 0 {
		return "cliente"
	}
	return b.String()
}
