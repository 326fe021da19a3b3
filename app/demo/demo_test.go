package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"cartera/data"
	"cartera/data/sqlite"
)

var today = data.MustDate("2025-06-30")

// digest hashes every row of every table in a fixed order.
func digest(t *testing.T, path string) string {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := sha256.New()
	for _, tbl := range []string{"company", "clients", "invoices", "payments", "allocations", "credit_notes", "contacts", "promises", "disputes", "schema_migrations"} {
		rows, err := s.DB().Query("SELECT * FROM " + tbl + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
			fmt.Fprintf(h, "%s %v\n", tbl, vals)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func fileHash(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	opts := Options{Today: today, Seed: 7, Clients: 40, Invoices: 800}
	a, b, c := filepath.Join(dir, "a.cartera"), filepath.Join(dir, "b.cartera"), filepath.Join(dir, "c.cartera")
	sa, err := Generate(ctx, a, opts)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Generate(ctx, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sa != sb {
		t.Errorf("summaries differ: %+v vs %+v", sa, sb)
	}
	if digest(t, a) != digest(t, b) {
		t.Error("same seed and day gave different contents")
	}
	if fa, fb := fileHash(t, a), fileHash(t, b); fa != fb {
		t.Error("same seed and day gave files that differ byte for byte")
	}
	opts.Seed = 8
	if _, err := Generate(ctx, c, opts); err != nil {
		t.Fatal(err)
	}
	if digest(t, a) == digest(t, c) {
		t.Error("another seed gave the same contents")
	}
	// Running again over an earlier demo replaces it with the same contents.
	before := digest(t, a)
	opts.Seed = 7
	if _, err := Generate(ctx, a, opts); err != nil {
		t.Fatal(err)
	}
	if digest(t, a) != before {
		t.Error("regenerating over the same file changed its contents")
	}
}

func TestRefusesToReplaceARealCompany(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "real.cartera")
	s, err := sqlite.Create(context.Background(), path, data.Company{Name: "Real S.L.", Currency: "EUR"}, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Generate(context.Background(), path, Options{Today: today, Clients: 5, Invoices: 20})
	if data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("err = %v, want conflict", err)
	}
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("hello"), 0o600)
	if _, err := Generate(context.Background(), notes, Options{Today: today, Clients: 5, Invoices: 20}); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("err = %v, want conflict", err)
	}
	if b, _ := os.ReadFile(notes); string(b) != "hello" {
		t.Error("a non-demo file was overwritten")
	}
}

func TestCancelLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := Generate(ctx, filepath.Join(dir, "d.cartera"), Options{Today: today, Clients: 50, Invoices: 3000, Progress: func(done, total int) {
		calls++
		cancel()
	}})
	if err == nil || calls == 0 {
		t.Fatalf("err = %v after %d progress calls, want cancellation", err, calls)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("cancelled generation left %d files", len(entries))
	}
}

// TestDefaultDemoHasEverything checks the default demo gives every screen
// and report something real to show.
func TestDefaultDemoHasEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.cartera")
	sum, err := Generate(context.Background(), path, Options{Today: today, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %o", st.Mode().Perm())
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q := func(query string) int {
		var n int
		if err := s.DB().QueryRow(query, today.String()).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	checks := []struct {
		what  string
		query string
		min   int
	}{
		{"clients", "SELECT COUNT(*) FROM clients WHERE ? != ''", 150},
		{"invoices", "SELECT COUNT(*) FROM invoices WHERE ? != ''", 5000},
		{"countries", "SELECT COUNT(DISTINCT country) FROM clients WHERE ? != ''", 5},
		{"industries", "SELECT COUNT(DISTINCT industry) FROM clients WHERE ? != ''", 5},
		{"English-speaking clients", "SELECT COUNT(*) FROM clients WHERE language = 'en' AND ? != ''", 10},
		{"invoices in the last month", "SELECT COUNT(*) FROM invoices WHERE issue_date > date(?, '-30 days')", 100},
		{"invoices two years back", "SELECT COUNT(*) FROM invoices WHERE issue_date < date(?, '-700 days')", 50},
		{"overdue invoices", "SELECT COUNT(*) FROM invoices WHERE open_balance > 0 AND due_date < ?", 100},
		{"overdue 91+ days", "SELECT COUNT(*) FROM invoices WHERE open_balance > 0 AND due_date < date(?, '-91 days')", 10},
		{"current open invoices", "SELECT COUNT(*) FROM invoices WHERE open_balance > 0 AND due_date >= ?", 100},
		{"partially paid invoices", "SELECT COUNT(*) FROM invoices WHERE open_balance > 0 AND open_balance < amount AND ? != ''", 5},
		{"payments over several invoices", "SELECT COUNT(*) FROM (SELECT payment_id FROM allocations WHERE payment_id IS NOT NULL AND ? != '' GROUP BY payment_id HAVING COUNT(*) > 1)", 50},
		{"payments with credit left", "SELECT COUNT(*) FROM payments p WHERE amount > (SELECT SUM(amount) FROM allocations WHERE payment_id = p.id) AND ? != ''", 5},
		{"paid early", "SELECT COUNT(*) FROM invoices i WHERE open_balance = 0 AND (SELECT MAX(date) FROM settlements s WHERE s.invoice_id = i.id) < i.due_date AND ? != ''", 300},
		{"paid 30+ days late", "SELECT COUNT(*) FROM invoices i WHERE open_balance = 0 AND (SELECT MAX(date) FROM settlements s WHERE s.invoice_id = i.id) > date(i.due_date, '+30 days') AND ? != ''", 300},
		{"credit notes", "SELECT COUNT(*) FROM credit_notes WHERE ? != ''", 10},
		{"open disputes", "SELECT COUNT(*) FROM disputes WHERE resolved IS NULL AND ? != ''", 10},
		{"resolved disputes", "SELECT COUNT(*) FROM disputes WHERE resolved IS NOT NULL AND ? != ''", 20},
		{"kept promises", "SELECT COUNT(*) FROM promises WHERE status = 'kept' AND ? != ''", 10},
		{"broken promises", "SELECT COUNT(*) FROM promises WHERE status = 'broken' AND ? != ''", 10},
		{"open promises", "SELECT COUNT(*) FROM promises WHERE status = 'open' AND promised_date >= ?", 5},
		{"promises due today", "SELECT COUNT(*) FROM promises WHERE status = 'open' AND promised_date = ?", 1},
		{"contact log entries", "SELECT COUNT(*) FROM contacts WHERE ? != ''", 500},
		{"calls", "SELECT COUNT(*) FROM contacts WHERE channel = 'call' AND ? != ''", 50},
		{"clients without email", "SELECT COUNT(*) FROM clients WHERE emails = '' AND ? != ''", 1},
		{"clients with a bad email", "SELECT COUNT(*) FROM clients WHERE (emails LIKE '% at %' OR (emails != '' AND emails NOT LIKE '%@%.%')) AND ? != ''", 1},
		{"opted-out clients", "SELECT COUNT(*) FROM clients WHERE opt_out = 1 AND ? != ''", 1},
		{"invoices due in instalments", "SELECT COUNT(*) FROM invoices WHERE instalments > 0 AND ? != ''", 1},
		{"voided invoices", "SELECT COUNT(*) FROM invoices WHERE voided != '' AND ? != ''", 1},
		{"reversed payments", "SELECT COUNT(*) FROM payments WHERE reversed != '' AND ? != ''", 1},
		{"refunds", "SELECT COUNT(*) FROM refunds WHERE kind = 'refund' AND ? != ''", 1},
		{"changes in the audit log", "SELECT COUNT(*) FROM audit_log WHERE ? != ''", 5},
		{"clients who stopped paying", "SELECT COUNT(*) FROM clients c WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.client_id = c.id AND p.date > date(?, '-100 days')) AND EXISTS (SELECT 1 FROM payments p WHERE p.client_id = c.id)", 3},
	}
	for _, c := range checks {
		if n := q(c.query); n < c.min {
			t.Errorf("%s: %d, want at least %d", c.what, n, c.min)
		}
	}
	if sum.Clients != 200 || sum.Invoices != 6000 {
		t.Errorf("summary = %+v", sum)
	}
	// Every cached balance equals the balance derived from settlements (a
	// voided invoice owes nothing).
	if n := q(`SELECT COUNT(*) FROM invoices i WHERE open_balance != CASE WHEN voided != '' THEN 0 ELSE amount - COALESCE((SELECT SUM(amount) FROM settlements s WHERE s.invoice_id = i.id), 0) END AND ? != ''`); n != 0 {
		t.Errorf("%d invoices whose cached balance differs from the derived one", n)
	}
	// No client name appears twice.
	if n := q(`SELECT COUNT(*) FROM (SELECT name FROM clients WHERE ? != '' GROUP BY name HAVING COUNT(*) > 1)`); n != 0 {
		t.Errorf("%d client names repeat", n)
	}
}
