package demo

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

// BenchmarkGenerate is the default demo: 200 clients, 6,000 invoices.
func BenchmarkGenerate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "demo.cartera")
		if _, err := Generate(context.Background(), path, Options{Today: today, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// bigDemo is the 1M-invoice, 10k-client demo, made once and kept in the
// temp folder between runs (delete it to measure generation again).
func bigDemo(b *testing.B) string {
	path := filepath.Join(os.TempDir(), "cartera-bench-1M.cartera")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	b.Logf("generating %s", path)
	if _, err := Generate(context.Background(), path, Options{Today: today, Seed: 1, Clients: 10_000, Invoices: 1_000_000}); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkGenerate1M generates the 1M-invoice demo and reports its size.
func BenchmarkGenerate1M(b *testing.B) {
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "big.cartera")
		if _, err := Generate(context.Background(), path, Options{Today: today, Seed: 1, Clients: 10_000, Invoices: 1_000_000}); err != nil {
			b.Fatal(err)
		}
		st, _ := os.Stat(path)
		b.ReportMetric(float64(st.Size())/1e6, "MB")
	}
}

// BenchmarkOpenAndFirstPage1M opens the 1M-invoice file and shows the first
// page of the invoices list, as the GUI does: count and 100 rows.
func BenchmarkOpenAndFirstPage1M(b *testing.B) {
	path := bigDemo(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := sqlite.Open(ctx, path, sqlite.Options{Clock: data.FixedClock{T: today.Time()}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.CountInvoices(ctx, data.InvoiceQuery{}); err != nil {
			b.Fatal(err)
		}
		rows, err := s.ListInvoices(ctx, data.InvoiceQuery{Limit: 100})
		if err != nil || len(rows) != 100 {
			b.Fatal(err, len(rows))
		}
		s.Close()
	}
}

// BenchmarkLists1M measures each list query the GUI runs on the 1M file.
func BenchmarkLists1M(b *testing.B) {
	path := bigDemo(b)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{Clock: data.FixedClock{T: today.Time()}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	invoiceQueries := map[string]data.InvoiceQuery{
		"invoices/newest":             {Limit: 100},
		"invoices/page-5000":          {Limit: 100, Offset: 500_000},
		"invoices/by-due":             {Limit: 100, Sort: data.SortInvoiceDue},
		"invoices/by-amount":          {Limit: 100, Sort: data.SortInvoiceAmount, Desc: true},
		"invoices/by-client":          {Limit: 100, Sort: data.SortInvoiceClient},
		"invoices/overdue":            {Limit: 100, Filter: data.FilterOverdue},
		"invoices/search":             {Limit: 100, Search: "Cervantes"},
		"invoices/one-client":         {Limit: 100, ClientID: 42},
		"invoices/overdue-by-balance": {Limit: 100, Filter: data.FilterOverdue, Sort: data.SortInvoiceBalance, Desc: true},
	}
	for name, q := range invoiceQueries {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.CountInvoices(ctx, q); err != nil {
					b.Fatal(err)
				}
				if _, err := s.ListInvoices(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	clientQueries := map[string]data.ClientQuery{
		"clients/by-name":    {Limit: 100},
		"clients/by-balance": {Limit: 100, Sort: data.SortClientBalance, Desc: true},
		"clients/overdue":    {Limit: 100, OverdueOnly: true},
		"clients/search":     {Limit: 100, Search: "garcía"},
		// The client picker: a search on every key typed, the first key the
		// widest (one letter most names hold).
		"clients/picker-one-letter": {Limit: 13, Search: "s", Sort: data.SortClientName},
		"clients/picker-name":       {Limit: 13, Search: "cervan", Sort: data.SortClientName},
	}
	for name, q := range clientQueries {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.CountClients(ctx, q); err != nil {
					b.Fatal(err)
				}
				if _, err := s.ListClients(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
