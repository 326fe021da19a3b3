package reports

import (
	"context"
	"sort"
	"strconv"

	"cartera/data"
	"cartera/data/sqlite"
)

// Bucket is one column of an aging: balances From to To days overdue
// (or old, when aging by invoice date). The first bucket is "current"
// (From = To = 0: not yet due); the last has To = -1 (open-ended).
type Bucket struct {
	Label    string // "current", "1-30", "31-60", "61-90", "91+"
	From, To int
	Amount   int64
	Invoices int
}

// Buckets makes the aging columns from upper bounds such as 30, 60, 90.
func Buckets(bounds []int) []Bucket {
	if len(bounds) == 0 {
		bounds = data.DefaultAgingBuckets
	}
	out := []Bucket{{Label: "current"}}
	from := 1
	for _, b := range bounds {
		out = append(out, Bucket{Label: strconv.Itoa(from) + "-" + strconv.Itoa(b), From: from, To: b})
		from = b + 1
	}
	return append(out, Bucket{Label: strconv.Itoa(from) + "+", From: from, To: -1})
}

// index is the bucket that days (overdue, or old) fall in.
func bucketIndex(bs []Bucket, days int) int {
	if days <= 0 {
		return 0
	}
	for i := 1; i < len(bs); i++ {
		if bs[i].To < 0 || days <= bs[i].To {
			return i
		}
	}
	return len(bs) - 1
}

// AgingOptions choose the day, the buckets and what "age" means.
type AgingOptions struct {
	AsOf        data.Date
	Bounds      []int // 30, 60, 90 by default
	ByIssueDate bool  // age from the invoice date instead of days overdue
}

// ClientAging is one client's row of the aging.
type ClientAging struct {
	ClientID  int64
	Total     int64 // its open invoices
	Buckets   []Bucket
	Oldest    int   // the most days overdue (or old) of its open invoices
	OnAccount int64 // payments and credit notes not applied to any invoice, less refunds
}

// Net is what the client owes once its money on account is deducted:
// zero or less means nothing is to be chased.
func (c ClientAging) Net() int64 { return c.Total - c.OnAccount }

// Aging is the receivable as of a day, by bucket, in total and per client.
type Aging struct {
	AsOf      data.Date
	Total     int64 // open invoices
	OnAccount int64 // every client's money on account
	Invoices  int
	Buckets   []Bucket
	Clients   []ClientAging // largest balance first
	Items     []OpenItem    // every open invoice, for drill-down
}

// age is how many days an item counts for in its bucket.
func (o AgingOptions) age(it OpenItem) int {
	if o.ByIssueDate {
		return o.AsOf.DaysSince(it.Issue)
	}
	return o.AsOf.DaysSince(it.Due)
}

// AgingAt computes the aging as of opts.AsOf, in total and per client,
// summed inside SQLite; Items stays nil (InBucket fetches them).
func AgingAt(ctx context.Context, db querier, opts AgingOptions) (Aging, error) {
	a := Aging{AsOf: opts.AsOf, Buckets: Buckets(opts.Bounds)}
	ts, err := totalsAt(ctx, db, opts.AsOf, a.Buckets, opts.ByIssueDate, true)
	if err != nil {
		return a, err
	}
	byClient := map[int64]*ClientAging{}
	for _, t := range ts {
		c := &ClientAging{ClientID: t.clientID, Buckets: Buckets(opts.Bounds)}
		if !t.oldest.IsZero() {
			c.Oldest = max(0, opts.AsOf.DaysSince(t.oldest))
		}
		for k := range a.Buckets {
			a.Buckets[k].Amount += t.amounts[k]
			a.Buckets[k].Invoices += t.invoices[k]
			c.Buckets[k].Amount, c.Buckets[k].Invoices = t.amounts[k], t.invoices[k]
			c.Total += t.amounts[k]
			a.Invoices += t.invoices[k]
		}
		a.Total += c.Total
		if c.Total > 0 {
			byClient[t.clientID] = c
		}
	}
	if err := a.addOnAccount(ctx, db, byClient, opts); err != nil {
		return a, err
	}
	a.Clients = sortedClients(byClient)
	return a, nil
}

// Net is the receivable less the money held on account.
func (a Aging) Net() int64 { return a.Total - a.OnAccount }

// addOnAccount sets each client's money on account at the aging's day,
// adding a row for clients who hold some but owe nothing.
func (a *Aging) addOnAccount(ctx context.Context, db querier, byClient map[int64]*ClientAging, opts AgingOptions) error {
	held, err := sqlite.OnAccountAt(ctx, db, opts.AsOf, 0)
	if err != nil {
		return err
	}
	for id, n := range held {
		c := byClient[id]
		if c == nil {
			c = &ClientAging{ClientID: id, Buckets: Buckets(opts.Bounds)}
			byClient[id] = c
		}
		c.OnAccount = n
		a.OnAccount += n
	}
	return nil
}

// AgingWithItems is AgingAt with every open invoice in Items and each
// client's oldest age, for the analytics that look at invoices one by one.
func AgingWithItems(ctx context.Context, db querier, opts AgingOptions) (Aging, error) {
	items, err := OpenAt(ctx, db, opts.AsOf)
	if err != nil {
		return Aging{}, err
	}
	byClient := map[int64]*ClientAging{}
	a := agingOf(items, opts, byClient)
	if err := a.addOnAccount(ctx, db, byClient, opts); err != nil {
		return a, err
	}
	a.Clients = sortedClients(byClient)
	return a, nil
}

func agingOf(items []OpenItem, opts AgingOptions, byClient map[int64]*ClientAging) Aging {
	a := Aging{AsOf: opts.AsOf, Buckets: Buckets(opts.Bounds), Items: items}
	seen := map[[2]int64]bool{} // an invoice due in parts counts once per bucket
	for _, it := range items {
		days := opts.age(it)
		i := bucketIndex(a.Buckets, days)
		a.Buckets[i].Amount += it.Balance
		a.Total += it.Balance
		first := it.Instalment == 0 || !seen[[2]int64{it.InvoiceID, int64(i)}]
		seen[[2]int64{it.InvoiceID, int64(i)}] = true
		if first {
			a.Buckets[i].Invoices++
			a.Invoices++
		}
		c := byClient[it.ClientID]
		if c == nil {
			c = &ClientAging{ClientID: it.ClientID, Buckets: Buckets(opts.Bounds)}
			byClient[it.ClientID] = c
		}
		c.Total += it.Balance
		c.Buckets[i].Amount += it.Balance
		if first {
			c.Buckets[i].Invoices++
		}
		c.Oldest = max(c.Oldest, days)
	}
	return a
}

// sortedClients lists the clients' rows, largest balance first.
func sortedClients(byClient map[int64]*ClientAging) []ClientAging {
	out := make([]ClientAging, 0, len(byClient))
	for _, c := range byClient {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].ClientID < out[j].ClientID
	})
	return out
}

// InBucket drills down: the open items of bucket b (an index into
// Buckets), of one client or of all (clientID 0), oldest first.
func (a Aging) InBucket(ctx context.Context, db querier, opts AgingOptions, b int, clientID int64) ([]OpenItem, error) {
	items := a.Items
	if items == nil {
		var err error
		if items, err = OpenAt(ctx, db, opts.AsOf); err != nil {
			return nil, err
		}
	}
	var out []OpenItem
	for _, it := range items {
		if (clientID == 0 || it.ClientID == clientID) && bucketIndex(a.Buckets, opts.age(it)) == b {
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Due != out[j].Due {
			return out[i].Due.Before(out[j].Due)
		}
		return out[i].InvoiceID < out[j].InvoiceID
	})
	return out, nil
}
