//go:build linux

package backup

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

// TestDiskFullDuringImport runs an import in a child process whose files
// may not grow past a few megabytes (RLIMIT_FSIZE: the disk fills up
// mid-import). The import fails with a sentence, and the company file is
// as before: no invoice of it, no line in the history (issue 18 #8: its
// rows were committed and its history missing).
func TestDiskFullDuringImport(t *testing.T) {
	if path := os.Getenv("CARTERA_DISKFULL_IMPORT"); path != "" {
		limit, _ := strconv.ParseUint(os.Getenv("CARTERA_DISKFULL_LIMIT"), 10, 64)
		signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails (EFBIG) instead of killing the process
		ctx := context.Background()
		s, err := sqlite.Open(ctx, path, sqlite.Options{})
		if err != nil {
			os.Exit(3)
		}
		book, err := importers.Open(os.Getenv("CARTERA_DISKFULL_LEDGER"))
		if err != nil {
			os.Exit(4)
		}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
			os.Exit(5)
		}
		_, err = Import(ctx, s, book.Path, book, importers.Options{}, time.Now())
		s.Close()
		if err == nil {
			os.Exit(0)
		}
		os.Stdout.WriteString(i18n.Error("en", err))
		os.Exit(6)
	}
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	dir := t.TempDir()
	ledger := filepath.Join(dir, "ledger.csv")
	writeLedger(t, ledger, 60_000)
	path := filepath.Join(dir, "full.cartera")
	ctx := context.Background()
	s, err := sqlite.Create(ctx, path, data.Company{Name: "Full S.L.", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30}, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	st, _ := os.Stat(path)
	limit := st.Size() + 2<<20 // the backup fits; the import's rows do not
	cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFullDuringImport$")
	cmd.Env = append(os.Environ(), "CARTERA_DISKFULL_IMPORT="+path, "CARTERA_DISKFULL_LEDGER="+ledger,
		"CARTERA_DISKFULL_LIMIT="+strconv.FormatInt(limit, 10))
	out, _ := cmd.Output()
	if code := cmd.ProcessState.ExitCode(); code != 6 {
		t.Fatalf("the child exited %d (%s); want the import to fail", code, out)
	}
	if msg := string(out); !strings.Contains(msg, "nothing was saved") || strings.Contains(msg, "Something went wrong") || strings.Contains(msg, "I/O error (") {
		t.Errorf("the sentence: %q", msg)
	}
	if err := sqlite.Check(ctx, path); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, _ := s.CountInvoices(ctx, data.InvoiceQuery{})
	hs, _ := s.Imports(ctx)
	if n != 0 || len(hs) != 0 {
		t.Errorf("after the failed import: %d invoices, %d imports in the history; want none", n, len(hs))
	}
}
