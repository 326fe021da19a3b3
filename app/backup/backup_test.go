package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cartera/app/demo"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
	"cartera/reports"
)

var today = data.MustDate("2025-06-30")

func demoFile(t *testing.T) string {
	t.Helper()
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	path := filepath.Join(t.TempDir(), "acme.cartera")
	if _, err := demo.Generate(context.Background(), path, demo.Options{Today: today, Seed: 5, Clients: 40, Invoices: 600}); err != nil {
		t.Fatal(err)
	}
	return path
}

func report(t *testing.T, path string) reports.Report {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, _ := s.Company(context.Background())
	r, err := reports.Compute(context.Background(), s.DB(), c, reports.ReportOptions{AsOf: today})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRestoreGivesBackTheSameFigures(t *testing.T) {
	ctx := context.Background()
	path := demoFile(t)
	before := report(t, path)
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 6, 30, 9, 0, 0, 0, time.Local)
	b, err := Take(ctx, s, BeforeImport, now)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(b.Path); st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", st.Mode().Perm())
	}
	// A change after the backup: a big payment on the largest open invoice.
	rows, _ := s.ListInvoices(ctx, data.InvoiceQuery{Filter: data.FilterOpen, Sort: data.SortInvoiceBalance, Desc: true, Limit: 1})
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.RecordPayment(&data.Payment{ClientID: rows[0].ClientID, Date: today, Amount: data.M(rows[0].Balance, "EUR"),
			Allocations: []data.Allocation{{InvoiceID: rows[0].ID, Amount: rows[0].Balance}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if after := report(t, path); after.TotalAR == before.TotalAR {
		t.Fatal("the change did not change the report")
	}
	kept, err := Restore(ctx, path, b.Path, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	restored := report(t, path)
	if restored.TotalAR != before.TotalAR || *restored.DSO != *before.DSO || restored.OpenInvoices != before.OpenInvoices ||
		restored.Aging[1].Amount != before.Aging[1].Amount {
		t.Errorf("restored figures differ: AR %d/%d, DSO %v/%v", restored.TotalAR, before.TotalAR, *restored.DSO, *before.DSO)
	}
	// The replaced file was kept, with the change in it.
	if k := report(t, kept); k.TotalAR == before.TotalAR {
		t.Error("the copy kept before restoring lacks the change")
	}
}

func TestDamagedFileIsCaughtAndNotRestored(t *testing.T) {
	ctx := context.Background()
	path := demoFile(t)
	broken := filepath.Join(t.TempDir(), "broken.cartera")
	b, _ := os.ReadFile(path)
	for i := 8192; i < len(b)/2; i += 4096 { // scribble over pages past the first
		copy(b[i:], []byte("garbage garbage garbage garbage"))
	}
	os.WriteFile(broken, b, 0o600)
	err := sqlite.Check(ctx, broken)
	if data.ErrorCode(err) != sqlite.ECORRUPT {
		t.Fatalf("check of a damaged file: %v", err)
	}
	if _, err := Restore(ctx, path, broken, time.Now()); err == nil {
		t.Error("a damaged backup was restored")
	}
	if err := sqlite.Check(ctx, path); err != nil {
		t.Errorf("the good file was touched: %v", err)
	}
}

func TestRotationKeepsSevenDaysAndFourWeeks(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, time.Local)
	for d := 0; d < 60; d++ {
		for _, h := range []int{9, 15} {
			at := now.AddDate(0, 0, -d).Add(time.Duration(h-12) * time.Hour)
			os.WriteFile(filepath.Join(dir, at.Format(stamp)+" "+Daily+".cartera"), nil, 0o600)
		}
	}
	os.WriteFile(filepath.Join(dir, now.AddDate(0, 0, -50).Format(stamp)+" "+BeforeRestore+".cartera"), nil, 0o600)
	if err := Rotate(dir, now); err != nil {
		t.Fatal(err)
	}
	left, _ := List(dir)
	days := map[string]int{}
	for _, b := range left {
		days[b.Time.Format("2006-01-02")]++
	}
	// Today both; each of the 7 days before, one; then one a week for 4 weeks; and the before-restore copy.
	if days["2025-06-30"] != 2 {
		t.Errorf("today's backups kept: %d", days["2025-06-30"])
	}
	for d := 1; d <= 7; d++ {
		if n := days[now.AddDate(0, 0, -d).Format("2006-01-02")]; n != 1 {
			t.Errorf("day -%d: %d backups kept", d, n)
		}
	}
	if len(left) < 2+7+4 || len(left) > 2+7+5+1 {
		t.Errorf("%d backups left: %v", len(left), days)
	}
	for _, b := range left {
		if now.Sub(b.Time) > 36*24*time.Hour && b.Reason != BeforeRestore {
			t.Errorf("an old backup stayed: %s", b.Path)
		}
	}
}

func TestUndoRefusedAfterAChange(t *testing.T) {
	ctx := context.Background()
	path := demoFile(t)
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	book, err := importers.Open("../../importers/testdata/ibm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if _, err := Import(ctx, s, book.Path, book, importers.Options{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := LastImport(ctx, s); err != nil {
		t.Fatalf("right after the import: %v", err)
	}
	rows, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	if err := s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.AddContact(&data.ContactEntry{ClientID: rows[0].ID, At: time.Now(), Channel: data.ChannelCall, Outcome: data.OutcomeReached})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := LastImport(ctx, s); err == nil || !strings.Contains(err.Error(), "changed after importing ibm.csv") {
		t.Errorf("after a change: %v", err)
	}
}

// TestImportBackupTakenUnderTheLock: another change lands between the
// backup taken before an import and the import itself (another process's
// import 0.2 s earlier, issue 18 #7). The stale backup is taken again, so
// undoing this import keeps the other change; the import and its history
// are one transaction.
func TestImportBackupTakenUnderTheLock(t *testing.T) {
	ctx := context.Background()
	path := demoFile(t)
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := s.ListClients(ctx, data.ClientQuery{Limit: 1})
	other := func() { // what another process writes meanwhile
		s.Update(ctx, func(tx *sqlite.Tx) error {
			return tx.AddContact(&data.ContactEntry{ClientID: rows[0].ID, At: time.Now(), Channel: data.ChannelCall, Outcome: data.OutcomeReached, Note: "meanwhile"})
		})
	}
	calls := 0
	betweenBackupAndImport = func() {
		if calls++; calls == 1 {
			other()
		}
	}
	defer func() { betweenBackupAndImport = nil }()
	book, err := importers.Open("../../importers/testdata/ibm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	res, err := Import(ctx, s, book.Path, book, importers.Options{}, time.Date(2025, 6, 30, 10, 0, 0, 0, time.UTC))
	if err != nil || !res.Committed || calls != 2 {
		t.Fatalf("import: %v, committed %v, backups taken %d", err, res.Committed, calls)
	}
	hs, _ := s.Imports(ctx)
	if len(hs) != 1 {
		t.Fatalf("%d imports in the history", len(hs))
	}
	rec, err := LastImport(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := UndoImport(ctx, path, rec, time.Now()); err != nil {
		t.Fatal(err)
	}
	s, _ = sqlite.Open(ctx, path, sqlite.Options{})
	defer s.Close()
	contacts, _ := s.Contacts(ctx, rows[0].ID)
	if len(contacts) == 0 || contacts[0].Note != "meanwhile" {
		t.Errorf("undoing the import took the other change with it: %+v", contacts)
	}
	if n := count(t, s); n != 600 {
		t.Errorf("%d invoices after the undo, want the demo's 600", n)
	}
}

func count(t *testing.T, s *sqlite.Store) int {
	var n int
	s.DB().QueryRow(`SELECT COUNT(*) FROM invoices`).Scan(&n)
	return n
}

// TestSameNameOtherFolder: two companies with the same file name in
// different folders keep their backups apart (they shared one folder and
// overwrote each other's: issue 18 #10).
func TestSameNameOtherFolder(t *testing.T) {
	ctx := context.Background()
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	var dirs []string
	for _, folder := range []string{t.TempDir(), t.TempDir()} {
		path := filepath.Join(folder, "acme.cartera")
		s, err := sqlite.Create(ctx, path, data.Company{Name: "Acme", Currency: "EUR", Locale: "es-ES"}, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Take(ctx, s, Manual, time.Date(2025, 6, 30, 10, 0, 0, 0, time.UTC))
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, filepath.Dir(b.Path))
		if again, _ := Dir(path); again != filepath.Dir(b.Path) {
			t.Errorf("Dir says %s, the backup went to %s", again, filepath.Dir(b.Path))
		}
	}
	if dirs[0] == dirs[1] {
		t.Fatalf("both companies' backups went to %s", dirs[0])
	}
	for _, d := range dirs {
		if list, _ := List(d); len(list) != 1 {
			t.Errorf("%s holds %d backups, want its own one", d, len(list))
		}
	}
}
