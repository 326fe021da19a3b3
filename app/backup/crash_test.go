package backup

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

// crashRuns is how many times the harness kills an import; each run costs
// a few seconds, so CI stays bounded.
const crashRuns = 6

// writeLedger writes an invoice ledger of n rows, a third of them paid.
func writeLedger(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Invoice,Client code,Client name,Issue date,Due date,Amount,Paid date")
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		issue := day.AddDate(0, 0, i%500)
		paid := ""
		if i%3 == 0 {
			paid = issue.AddDate(0, 0, 40).Format("2006-01-02")
		}
		fmt.Fprintf(w, "F-%07d,C%04d,Cliente %d,%s,%s,%d.%02d,%s\n", i, i%2000, i%2000, issue.Format("2006-01-02"),
			issue.AddDate(0, 0, 30).Format("2006-01-02"), 100+i%900, i%100, paid)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestCrashDuringImport kills (SIGKILL) a child process importing 100,000
// rows at random moments, then reopens the file: it must pass SQLite's
// check and hold either the whole import or none of it.
func TestCrashDuringImport(t *testing.T) {
	if path := os.Getenv("CARTERA_CRASH_IMPORT"); path != "" {
		ctx := context.Background()
		s, err := sqlite.Open(ctx, path, sqlite.Options{})
		if err != nil {
			os.Exit(3)
		}
		book, err := importers.Open(os.Getenv("CARTERA_CRASH_LEDGER"))
		if err != nil {
			os.Exit(4)
		}
		os.WriteFile(path+".started", nil, 0o600)
		if _, err := Import(ctx, s, book.Path, book, importers.Options{}, time.Now()); err != nil {
			os.Exit(5)
		}
		s.Close()
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("the crash harness takes half a minute")
	}
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	dir := t.TempDir()
	ledger := filepath.Join(dir, "ledger.csv")
	const rows = 100_000
	writeLedger(t, ledger, rows)
	ctx := context.Background()
	pristine := filepath.Join(dir, "pristine.cartera")
	s, err := sqlite.Create(ctx, pristine, data.Company{Name: "Crash S.L.", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30}, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	kills, whole, none, failures := 0, 0, 0, 0
	for run := range crashRuns {
		path := filepath.Join(dir, fmt.Sprintf("run%d.cartera", run))
		if err := copyFile(pristine, path); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDuringImport$")
		cmd.Env = append(os.Environ(), "CARTERA_CRASH_IMPORT="+path, "CARTERA_CRASH_LEDGER="+ledger)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2000; i++ { // until the import starts
			if _, err := os.Stat(path + ".started"); err == nil {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(rand.IntN(4000)) * time.Millisecond)
		if cmd.Process.Kill() == nil {
			kills++
		}
		cmd.Wait()
		if err := sqlite.Check(ctx, path); err != nil {
			failures++
			t.Errorf("run %d: %v", run, err)
			continue
		}
		s, err := sqlite.Open(ctx, path, sqlite.Options{})
		if err != nil {
			failures++
			t.Errorf("run %d: %v", run, err)
			continue
		}
		n, _ := s.CountInvoices(ctx, data.InvoiceQuery{})
		s.Close()
		switch n {
		case 0:
			none++
		case rows:
			whole++
		default:
			failures++
			t.Errorf("run %d: %d of %d invoices after the kill: half an import", run, n, rows)
		}
	}
	t.Logf("crash harness, import of %d rows: %d runs, %d kills, %d with the whole import, %d with none, %d integrity failures",
		rows, crashRuns, kills, whole, none, failures)
}

// TestTwoImportsAtOnce runs two imports of different ledgers in two
// processes, 0.2 s apart, on one company file (issue 18 #7: undoing the
// second also removed the first, and two at the same instant failed with
// "disk I/O error"). Both succeed; undoing the last import leaves the other
// one whole.
func TestTwoImportsAtOnce(t *testing.T) {
	if os.Getenv("CARTERA_CRASH_IMPORT") != "" {
		return // a child of TestCrashDuringImport's kind is run through that test
	}
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	dir := t.TempDir()
	ctx := context.Background()
	path := filepath.Join(dir, "two.cartera")
	s, err := sqlite.Create(ctx, path, data.Company{Name: "Dos S.L.", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30}, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	const rows = 20_000
	var cmds []*exec.Cmd
	for i, prefix := range []string{"A", "B"} {
		ledger := filepath.Join(dir, prefix+".csv")
		writeLedger(t, ledger, rows)
		b, _ := os.ReadFile(ledger)
		os.WriteFile(ledger, []byte(strings.ReplaceAll(string(b), "F-", prefix+"-")), 0o600) // different invoices
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDuringImport$")
		cmd.Env = append(os.Environ(), "CARTERA_CRASH_IMPORT="+path, "CARTERA_CRASH_LEDGER="+ledger)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		if i == 0 {
			time.Sleep(200 * time.Millisecond)
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
	}
	s, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountInvoices(ctx, data.InvoiceQuery{}); n != 2*rows {
		t.Fatalf("%d invoices after both imports, want %d", n, 2*rows)
	}
	rec, err := LastImport(ctx, s)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := UndoImport(ctx, path, rec, time.Now()); err != nil {
		t.Fatal(err)
	}
	s, _ = sqlite.Open(ctx, path, sqlite.Options{})
	defer s.Close()
	if n, _ := s.CountInvoices(ctx, data.InvoiceQuery{}); n != rows {
		t.Errorf("after undoing the last import: %d invoices, want the other import's %d", n, rows)
	}
}
