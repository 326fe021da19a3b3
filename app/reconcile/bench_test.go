package reconcile

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers/bank"
)

// BenchmarkQueue10kCredits proposes matches for 10,000 queued credits
// against 100,000 open invoices of 10,000 clients, read from the company
// file: the whole of what the Bank screen and `bank match` do (goal ≤ 2 s).
func BenchmarkQueue10kCredits(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "bench.cartera"),
		data.Company{Name: "B", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30},
		sqlite.Options{Clock: data.FixedClock{T: time.Date(2025, 12, 31, 9, 0, 0, 0, time.UTC)}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	type inv struct {
		number  string
		client  int
		balance int64
	}
	var invs []inv
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.Bulk(256); err != nil {
			return err
		}
		ids := make([]int64, 10_000)
		for c := range ids {
			cl := data.Client{Code: fmt.Sprintf("C%05d", c), Name: fmt.Sprintf("Cliente %d Comercial %c%c", c, 'a'+c%26, 'a'+c/26%26), TaxID: fmt.Sprintf("B%08d", c)}
			if err := tx.CreateClient(&cl); err != nil {
				return err
			}
			ids[c] = cl.ID
		}
		for i := range 100_000 {
			issue := data.NewDate(2025, 1, 1).AddDays(i % 300)
			x := data.Invoice{Number: fmt.Sprintf("F-2025-%06d", i), ClientID: ids[i%10_000], IssueDate: issue, DueDate: issue.AddDays(30),
				Amount: data.M(int64(1000+i%5000), "EUR")}
			if err := tx.CreateInvoice(&x); err != nil {
				return err
			}
			invs = append(invs, inv{x.Number, i % 10_000, x.Amount.Amount})
		}
		for i := range 10_000 {
			o := invs[i*7%len(invs)]
			c := sqlite.BankCredit{BankID: fmt.Sprintf("B%d", i), Date: data.NewDate(2025, 12, 30), Amount: data.M(o.balance, "EUR"), File: "bench.xml"}
			switch i % 3 {
			case 0:
				c.Reference = "PAGO " + o.number
			case 1:
				c.Reference = fmt.Sprintf("NIF B%08d", o.client)
			default:
				c.Amount.Amount++
				c.Name = fmt.Sprintf("CLIENTE %d COMERCIAL %c%c", o.client, 'A'+o.client%26, 'A'+o.client/26%26)
			}
			if _, err := tx.AddBankCredit(&c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		items, err := Queue(ctx, s)
		if err != nil {
			b.Fatal(err)
		}
		high := 0
		for _, it := range items {
			if it.Proposal != nil && it.Proposal.Confidence == bank.High {
				high++
			}
		}
		if len(items) != 10_000 || high < 6_000 {
			b.Fatalf("%d credits, %d high", len(items), high)
		}
	}
}
