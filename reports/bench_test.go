package reports

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

// bigStore opens the 1M-invoice, 10k-client demo that app/demo's
// benchmarks make (make bench runs them first; `cartera demo --clients
// 10000 --invoices 1000000 --out $TMPDIR/cartera-bench-1M.cartera` makes
// it by hand).
func bigStore(b *testing.B) (*sqlite.Store, data.Company) {
	path := filepath.Join(os.TempDir(), "cartera-bench-1M.cartera")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s is missing: run make bench, or cartera demo --clients 10000 --invoices 1000000 --out %s", path, path)
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	c, err := s.Company(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return s, c
}

// BenchmarkReport1M: the dashboard's queries at a million invoices, warm,
// beside a bare SQL aggregate of the open balances.
func BenchmarkReport1M(b *testing.B) {
	s, c := bigStore(b)
	ctx := context.Background()
	var today data.Date
	s.DB().QueryRow(`SELECT MAX(issue_date) FROM invoices`).Scan(&today)
	run := func(name string, fn func() error) {
		b.Run(name, func(b *testing.B) {
			if err := fn(); err != nil { // warm the cache
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("bare-sum-open-balances", func() error {
		var n int64
		return s.DB().QueryRow(`SELECT SUM(open_balance) FROM invoices WHERE open_balance > 0`).Scan(&n)
	})
	run("aging-today", func() error {
		_, err := AgingAt(ctx, s.DB(), AgingOptions{AsOf: today})
		return err
	})
	for name, d := range map[string]data.Date{"on-account-today": today, "on-account-6-months-ago": today.AddDays(-182)} {
		run(name, func() error { // every client's money on account, as the aging and report read it
			_, err := sqlite.OnAccountAt(ctx, s.DB(), d, 0)
			return err
		})
	}
	run("report-today", func() error {
		_, err := Compute(ctx, s.DB(), c, ReportOptions{AsOf: today})
		return err
	})
	run("report-6-months-ago", func() error {
		_, err := Compute(ctx, s.DB(), c, ReportOptions{AsOf: today.AddMonths(-6)})
		return err
	})
	run("trend-24-months", func() error {
		_, err := Trend(ctx, s.DB(), c, today, 24, 90)
		return err
	})
	run("client-behaviours", func() error {
		_, err := Behaviours(ctx, s.DB(), today, 0)
		return err
	})
	run("outlook-with-model", func() error {
		_, err := NewOutlook(ctx, s.DB(), c, today)
		return err
	})
}
