package reports

import (
	"context"
	"sort"
	"strconv"

	"cartera/data"
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
	ClientID int64
	Total    int64
	Buckets  []Bucket
	Oldest   int // the most days overdue (or old) of its open invoices
}

// Aging is the receivable as of a day, by bucket, in total and per client.
type Aging struct {
	AsOf     data.Date
	Total    int64
	Invoices int
	Buckets  []Bucket
	Clients  []ClientAging // largest balance first
	Items    []OpenItem    // every open invoice, for drill-down
}

// age is how many days an item counts for in its bucket.
func (o AgingOptions) age(it OpenItem) int {
	if o.ByIssueDate {
		return o.AsOf.DaysSince(it.Issue)
	}
	return o.AsOf.DaysSince(it.Due)
}

// AgingAt computes the aging as of opts.AsOf.
func AgingAt(ctx context.Context, db querier, opts AgingOptions) (Aging, error) {
	items, err := OpenAt(ctx, db, opts.AsOf)
	if err != nil {
		return Aging{}, err
	}
	return agingOf(items, opts), nil
}

func agingOf(items []OpenItem, opts AgingOptions) Aging {
	a := Aging{AsOf: opts.AsOf, Buckets: Buckets(opts.Bounds), Items: items}
	byClient := map[int64]*ClientAging{}
	for _, it := range items {
		days := opts.age(it)
		i := bucketIndex(a.Buckets, days)
		a.Buckets[i].Amount += it.Balance
		a.Buckets[i].Invoices++
		a.Total += it.Balance
		a.Invoices++
		c := byClient[it.ClientID]
		if c == nil {
			c = &ClientAging{ClientID: it.ClientID, Buckets: Buckets(opts.Bounds)}
			byClient[it.ClientID] = c
		}
		c.Total += it.Balance
		c.Buckets[i].Amount += it.Balance
		c.Buckets[i].Invoices++
		c.Oldest = max(c.Oldest, days)
	}
	for _, c := range byClient {
		a.Clients = append(a.Clients, *c)
	}
	sort.Slice(a.Clients, func(i, j int) bool {
		if a.Clients[i].Total != a.Clients[j].Total {
			return a.Clients[i].Total > a.Clients[j].Total
		}
		return a.Clients[i].ClientID < a.Clients[j].ClientID
	})
	return a
}

// InBucket drills down: the open items of bucket b (an index into
// Buckets), of one client or of all (clientID 0), oldest first.
func (a Aging) InBucket(opts AgingOptions, b int, clientID int64) []OpenItem {
	var out []OpenItem
	for _, it := range a.Items {
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
	return out
}
