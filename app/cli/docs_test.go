package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestDocumentCommands writes statements, a letter and exports of the IBM
// ledger from the command line.
func TestDocumentCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ibm.cartera")
	en := map[string]string{"LANG": "C"}
	es := map[string]string{"LANG": "es_ES.UTF-8"}
	run(t, en, "--db", db, "init", "--currency", "USD", "--locale", "en-US")
	if r := run(t, en, "--db", db, "import", ledgers+"ibm.csv"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	folder := filepath.Join(dir, "st")
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string
		stderr string
		file   string // must exist afterwards
	}{
		{"statements folder", en, []string{"--db", db, "statements", "--as-of", "2013-06-30", "--out", folder}, 0, "statements to " + folder, "", folder},
		{"one combined", en, []string{"--db", db, "statements", "--as-of", "2013-06-30", "--client", "0379-NEVHP", "--from", "2013-01-01", "--combined", filepath.Join(dir, "one.pdf")}, 0, "Wrote 1 statement to", "", filepath.Join(dir, "one.pdf")},
		{"no destination", en, []string{"--db", db, "statements"}, 2, "", "--out FOLDER", ""},
		{"nothing overdue", es, []string{"--db", db, "letter", "--client", "0379-NEVHP", "--as-of", "2013-06-30", "--out", filepath.Join(dir, "n.pdf")}, 1, "", "no tiene nada vencido a 06/30/2013", ""},
		{"unknown client", en, []string{"--db", db, "statements", "--client", "nobody", "--combined", filepath.Join(dir, "x.pdf")}, 1, "", `no client with the code "nobody"`, ""},
		{"letter", es, []string{"--db", db, "letter", "--client", "0783-PEPYR", "--as-of", "2013-06-30", "--level", "2", "--out", filepath.Join(dir, "l.pdf")}, 0, "Escrito", "", filepath.Join(dir, "l.pdf")},
		{"letter bad level", en, []string{"--db", db, "letter", "--client", "0379-NEVHP", "--level", "4", "--out", filepath.Join(dir, "l4.pdf")}, 2, "", "between 1 and 3", ""},
		{"export aging xlsx", en, []string{"--db", db, "export", "aging", "--as-of", "2013-06-30", "--out", filepath.Join(dir, "a.xlsx")}, 0, "Wrote", "", filepath.Join(dir, "a.xlsx")},
		{"export aging pdf", es, []string{"--db", db, "export", "aging", "--as-of", "2013-06-30", "--out", filepath.Join(dir, "a.pdf")}, 0, "Escrito", "", filepath.Join(dir, "a.pdf")},
		{"export clients", en, []string{"--db", db, "export", "clients", "--out", filepath.Join(dir, "c.xlsx")}, 0, "Wrote", "", filepath.Join(dir, "c.xlsx")},
		{"export invoices", en, []string{"--db", db, "export", "invoices", "--out", filepath.Join(dir, "i.xlsx")}, 0, "Wrote", "", filepath.Join(dir, "i.xlsx")},
		{"export report", en, []string{"--db", db, "export", "report", "--as-of", "2013-06-30", "--out", filepath.Join(dir, "r.xlsx")}, 0, "Wrote", "", filepath.Join(dir, "r.xlsx")},
		{"export payments", en, []string{"--db", db, "export", "payments", "--out", filepath.Join(dir, "p.xlsx")}, 0, "Wrote", "", filepath.Join(dir, "p.xlsx")},
		{"export what", en, []string{"--db", db, "export", "promises", "--out", filepath.Join(dir, "x.xlsx")}, 2, "", "aging, clients, invoices, payments, report", ""},
		{"export pdf of clients", en, []string{"--db", db, "export", "clients", "--out", filepath.Join(dir, "c.pdf")}, 2, "", ".xlsx", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.env, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.stdout) || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			if tc.file != "" {
				if _, err := os.Stat(tc.file); err != nil {
					t.Errorf("%s was not written", tc.file)
				}
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(folder, "*.pdf"))
	if len(files) == 0 {
		t.Fatal("no statements in the folder")
	}
	out, err := exec.Command("pdftotext", "-layout", filepath.Join(dir, "l.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (make deps installs poppler-utils)", err)
	}
	// Letters speak the client's language, else the company's (English here),
	// whatever the language of the command line.
	if !strings.Contains(string(out), "Second notice") {
		t.Errorf("the level-2 letter lacks its title:\n%s", out)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "i.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) != 2467 {
		t.Errorf("invoices export has %d rows, want 2,466 and a header", len(rows))
	}
}

func TestBackupAndRestoreCommands(t *testing.T) {
	t.Setenv("CARTERA_DATA_DIR", t.TempDir())
	dir := t.TempDir()
	db := filepath.Join(dir, "ibm.cartera")
	en := map[string]string{"LANG": "C"}
	run(t, en, "--db", db, "init", "--currency", "USD", "--locale", "en-US")
	bak := filepath.Join(dir, "before.cartera")
	if r := run(t, en, "--db", db, "backup", "--out", bak); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if st, err := os.Stat(bak); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup %v %v", st, err)
	}
	if r := run(t, en, "--db", db, "import", ledgers+"ibm.csv"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	report := func() string { return run(t, en, "--db", db, "report", "--as-of", "2013-06-30").stdout }
	imported := report()
	if r := run(t, en, "--db", db, "restore", "--from", bak); r.code != 0 || !strings.Contains(r.stdout, "Add --yes") {
		t.Fatalf("restore without --yes: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if report() != imported {
		t.Fatal("restore without --yes changed the file")
	}
	if r := run(t, en, "--db", db, "restore", "--from", bak, "--yes"); r.code != 0 || !strings.Contains(r.stdout, "is kept as") {
		t.Fatalf("restore: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(report(), "2,466") || report() == imported {
		t.Error("the restored file still has the import")
	}
	if r := run(t, en, "--db", db, "restore", "--from", filepath.Join(dir, "nope.cartera"), "--yes"); r.code == 0 {
		t.Error("restoring a missing file succeeded")
	}
}

func TestImportHistoryAndUndo(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "co.cartera")
	en := map[string]string{"LANG": "C"}
	run(t, en, "--db", db, "init", "--currency", "USD", "--locale", "en-US")
	count := func() string {
		r := run(t, en, "--db", db, "report", "--as-of", "2013-06-30", "--format", "json")
		i := strings.Index(r.stdout, `"open_invoices"`)
		return r.stdout[i : i+24]
	}
	empty := count()
	if r := run(t, en, "--db", db, "import", ledgers+"ibm.csv"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	imported := count()
	if imported == empty {
		t.Fatal("the import changed nothing")
	}
	if r := run(t, en, "--db", db, "import", ledgers+"ibm.csv"); r.code != 1 || !strings.Contains(r.stderr, "already imported") {
		t.Errorf("a second import of the same file: %d %s", r.code, r.stderr)
	}
	if r := run(t, en, "--db", db, "undo-import"); r.code != 0 || !strings.Contains(r.stdout, "Add --yes") || count() != imported {
		t.Errorf("undo without --yes: %d %s", r.code, r.stdout)
	}
	if r := run(t, en, "--db", db, "undo-import", "--yes"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if count() != empty {
		t.Errorf("after undo: %s, before the import: %s", count(), empty)
	}
	if r := run(t, en, "--db", db, "undo-import", "--yes"); r.code == 0 {
		t.Error("an undone import was undone again")
	}
	// Imported again (allowed: the earlier one was undone), then changed: no undo.
	if r := run(t, en, "--db", db, "import", ledgers+"ibm.csv"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := run(t, en, "--db", db, "import", ledgers+"ibm-missing-values.csv", "--skip-bad-rows", "--again"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	run(t, en, "--db", db, "import", ledgers+"payments.tsv", "--skip-bad-rows")
	if r := run(t, en, "--db", db, "config", "set", "reminders.time", "08:00"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	// A later change to the settings blocks the undo too: undoing would
	// silently take it back (issue 18 #9).
	if r := run(t, en, "--db", db, "undo-import", "--yes"); r.code != 1 || !strings.Contains(r.stderr, "changed after importing") {
		t.Errorf("undo after a settings change: %d %s", r.code, r.stderr)
	}
	if r := run(t, en, "--db", db, "config", "get", "reminders.time"); !strings.Contains(r.stdout, "08:00") {
		t.Errorf("the settings change was lost: %s", r.stdout)
	}
}
