package bank

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"cartera/data/sqlite"
	"cartera/importers"
)

// Open is an open invoice a credit may pay, as the store lists them.
type Open = sqlite.OpenItem

// Payer is a client a credit may come from.
type Payer struct {
	ID    int64
	Name  string
	TaxID string
}

// Confidence of a proposal.
type Confidence string

const (
	High   Confidence = "high"
	Medium Confidence = "medium"
	Low    Confidence = "low"
)

// Reasons of proposals (catalog keys).
const (
	ReasonNumberAndAmount = "The reference names the invoice and the amount is its balance."
	ReasonNumberPartial   = "The reference names the invoice; the amount pays part of it."
	ReasonNumbersSum      = "The reference names the invoices and the amount is their total."
	ReasonClientExact     = "The payer is the client and the amount is the balance of one of its invoices."
	ReasonClientSum       = "The payer is the client and the amount is the total of several of its invoices."
	ReasonClientPartial   = "The payer is the client; the amount pays its oldest invoices in part."
	ReasonChosen          = "You chose the client; the amount pays the invoices it matches, else the oldest."
)

// ReasonKeys lists every reason and confidence, for the translations.
var ReasonKeys = []string{string(High), string(Medium), string(Low), ReasonNumberAndAmount, ReasonNumberPartial, ReasonNumbersSum, ReasonClientExact, ReasonClientSum, ReasonClientPartial, ReasonChosen}

// Allocation is part of a credit applied to an invoice.
type Allocation struct {
	InvoiceID int64
	Amount    int64
}

// Proposal is what a credit probably pays.
type Proposal struct {
	Credit      Credit
	ClientID    int64
	Allocations []Allocation
	Confidence  Confidence
	Reason      string
}

// Matcher finds, for credits, the open invoices they pay: by invoice
// number in the reference, or by the payer (tax ID or name in the
// reference or the payer's name) and the amount.
type Matcher struct {
	byNumber map[string][]Open  // folded number, and its digits without leading zeros
	byClient map[int64][]Open   // oldest due first
	byTaxID  map[string]int64   // folded tax ID
	byWord   map[string][]Payer // a client's most distinctive name word
	words    map[int64][]string // each client's name words
}

// NewMatcher indexes the open invoices and the clients.
func NewMatcher(open []Open, payers []Payer) *Matcher {
	m := &Matcher{byNumber: map[string][]Open{}, byClient: map[int64][]Open{}, byTaxID: map[string]int64{}, byWord: map[string][]Payer{},
		words: map[int64][]string{}}
	for _, o := range open {
		for _, k := range numberKeys(o.Number) {
			m.byNumber[k] = append(m.byNumber[k], o)
		}
		m.byClient[o.ClientID] = append(m.byClient[o.ClientID], o)
	}
	for id := range m.byClient {
		sort.Slice(m.byClient[id], func(i, j int) bool { return m.byClient[id][i].Due.Before(m.byClient[id][j].Due) })
	}
	words := map[string]int{}
	for _, p := range payers {
		m.words[p.ID] = nameWords(p.Name)
		for _, w := range m.words[p.ID] {
			words[w]++
		}
	}
	for _, p := range payers {
		if t := importers.Fold(p.TaxID); len(t) >= 5 {
			m.byTaxID[strings.ReplaceAll(t, " ", "")] = p.ID
		}
		// The rarest word of the name finds the client; the others confirm it.
		best := ""
		for _, w := range m.words[p.ID] {
			if best == "" || words[w] < words[best] {
				best = w
			}
		}
		if best != "" {
			m.byWord[best] = append(m.byWord[best], p)
		}
	}
	return m
}

var stopWords = map[string]bool{"sl": true, "sa": true, "slu": true, "ltd": true, "inc": true, "llc": true, "de": true, "del": true,
	"la": true, "el": true, "los": true, "las": true, "y": true, "and": true, "the": true, "co": true, "cia": true}

// nameWords are the words of a name worth matching on.
func nameWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(importers.Fold(name)) {
		if len(w) >= 3 && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// numberKeys are the forms an invoice number is looked up by: folded
// without spaces, and its digits without leading zeros (F-2025-000123 →
// "f2025000123", "2025000123"; 0000611365 → "611365").
func numberKeys(n string) []string {
	f := strings.ReplaceAll(importers.Fold(n), " ", "")
	var keys []string
	if len(f) >= 4 {
		keys = append(keys, f)
	}
	digits := strings.TrimLeft(strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, n), "0")
	if len(digits) >= 4 && digits != f {
		keys = append(keys, digits)
	}
	return keys
}

// tokens are the candidate invoice numbers in a reference: each word,
// words joined with their neighbours (F 2025 000123), digit runs.
func tokens(ref string) []string {
	words := strings.Fields(importers.Fold(ref))
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if len(s) >= 4 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for i := range words {
		add(words[i])
		add(strings.TrimLeft(words[i], "0"))
		if i+1 < len(words) {
			add(words[i] + words[i+1])
		}
		if i+2 < len(words) {
			add(words[i] + words[i+1] + words[i+2])
		}
	}
	return out
}

// Match proposes, for each credit, what it pays; nil for a credit with no
// proposal (it stays in the queue).
func (m *Matcher) Match(c Credit) *Proposal {
	text := c.Reference + " " + c.Name
	// 1. Invoice numbers in the reference.
	var named []Open
	seen := map[int64]bool{}
	for _, t := range tokens(c.Reference) {
		for _, o := range m.byNumber[t] {
			if !seen[o.InvoiceID] && issuedBy(o, c) {
				seen[o.InvoiceID] = true
				named = append(named, o)
			}
		}
	}
	if len(named) > 0 {
		var total int64
		for _, o := range named {
			total += o.Balance
		}
		client := named[0].ClientID
		switch {
		case len(named) == 1 && named[0].Balance == c.Amount.Amount:
			return &Proposal{Credit: c, ClientID: client, Allocations: []Allocation{{named[0].InvoiceID, c.Amount.Amount}}, Confidence: High, Reason: ReasonNumberAndAmount}
		case len(named) > 1 && total == c.Amount.Amount && sameClient(named):
			return &Proposal{Credit: c, ClientID: client, Allocations: allocate(named, c.Amount.Amount), Confidence: High, Reason: ReasonNumbersSum}
		case sameClient(named) && c.Amount.Amount < total:
			return &Proposal{Credit: c, ClientID: client, Allocations: allocate(named, c.Amount.Amount), Confidence: Medium, Reason: ReasonNumberPartial}
		}
	}
	// 2. The payer, by tax ID or name.
	client := m.payer(text)
	if client == 0 {
		return nil
	}
	return m.fromClient(c, client)
}

// ForClient is what a credit pays when the user says which client it came
// from: the invoice or run of invoices it pays exactly, else its oldest
// invoices; what is left stays on the client's account.
func (m *Matcher) ForClient(c Credit, client int64) *Proposal {
	p := m.fromClient(c, client)
	p.Confidence, p.Reason = High, ReasonChosen
	return p
}

// issuedBy reports whether invoice o existed on the credit's day: money
// received before an invoice is issued cannot pay it (it is an advance,
// held on account until it is applied).
func issuedBy(o Open, c Credit) bool {
	return o.Issue.IsZero() || c.Date.IsZero() || !o.Issue.After(c.Date)
}

// fromClient proposes what a credit from client pays.
func (m *Matcher) fromClient(c Credit, client int64) *Proposal {
	open := m.byClient[client]
	if slices.ContainsFunc(open, func(o Open) bool { return !issuedBy(o, c) }) { // copy only when some must go
		open = slices.DeleteFunc(slices.Clone(open), func(o Open) bool { return !issuedBy(o, c) })
	}
	for _, o := range open {
		if o.Balance == c.Amount.Amount {
			return &Proposal{Credit: c, ClientID: client, Allocations: []Allocation{{o.InvoiceID, c.Amount.Amount}}, Confidence: High, Reason: ReasonClientExact}
		}
	}
	// Consecutive runs of its invoices, oldest first, that add up to the amount.
	for i := range open {
		var sum int64
		for j := i; j < len(open) && j < i+12; j++ {
			sum += open[j].Balance
			if sum == c.Amount.Amount && j > i {
				return &Proposal{Credit: c, ClientID: client, Allocations: allocate(open[i:j+1], sum), Confidence: Medium, Reason: ReasonClientSum}
			}
			if sum > c.Amount.Amount {
				break
			}
		}
	}
	return &Proposal{Credit: c, ClientID: client, Allocations: allocate(open, c.Amount.Amount), Confidence: Low, Reason: ReasonClientPartial}
}

// payer is the client a text names by tax ID, or by name words.
func (m *Matcher) payer(text string) int64 {
	f := importers.Fold(text)
	for _, w := range strings.Fields(f) {
		if id, ok := m.byTaxID[w]; ok {
			return id
		}
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(f) {
		words[w] = true
	}
	// Of the clients whose every name word is in the text, the one with the
	// longest name wins ("Óptica Norte" over "Óptica"); a tie is not sure enough.
	var found int64
	best, tie := 0, false
	for w := range words {
		for _, p := range m.byWord[w] {
			ws := m.words[p.ID]
			all := true
			for _, x := range ws {
				all = all && words[x]
			}
			switch {
			case !all || p.ID == found:
			case len(ws) > best:
				found, best, tie = p.ID, len(ws), false
			case len(ws) == best:
				tie = true
			}
		}
	}
	if tie {
		return 0
	}
	return found
}

func sameClient(os []Open) bool {
	for _, o := range os {
		if o.ClientID != os[0].ClientID {
			return false
		}
	}
	return true
}

// allocate spreads amount over invoices in order, each up to its balance.
func allocate(os []Open, amount int64) []Allocation {
	var out []Allocation
	for _, o := range os {
		if amount <= 0 {
			break
		}
		n := min(amount, o.Balance)
		out = append(out, Allocation{o.InvoiceID, n})
		amount -= n
	}
	return out
}
