package cli

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

const ledgers = "../../importers/testdata/"

// TestImportCommand: text and JSON summaries, dry run, rejected rows with
// exit status 1, skipping them, and usage errors.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ibm.cartera")
	en := map[string]string{"LANG": "C"}
	es := map[string]string{"LANG": "es_ES.UTF-8"}
	if r := run(t, en, "--db", db, "init", "--currency", "USD", "--locale", "en-US"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	runCases(t, nil, []cliCase{
		{"no file", en, []string{"--db", db, "import"}, 2, "", "import needs one file"},
		{"no company", en, []string{"import", ledgers + "ibm.csv"}, 2, "", "import needs a company file"},
		{"bad kind", en, []string{"--db", db, "import", ledgers + "ibm.csv", "--kind", "orders"}, 2, "", `Unknown kind of file "orders"`},
		{"bad date order", es, []string{"--db", db, "import", ledgers + "ibm.csv", "--date-order", "dd"}, 2, "", `Orden de fecha desconocido "dd"`},
		{"missing sheet", en, []string{"--db", db, "import", ledgers + "ibm.xlsx", "--sheet", "Nope"}, 1, "", `has no sheet called "Nope"; it has: Ledger.`},
		{"broken file", es, []string{"--db", db, "import", ledgers + "truncated.xlsx"}, 1, "", "truncated.xlsx está dañado"},
		{"dry run, flags after the path", en, []string{"--db", db, "import", ledgers + "ibm.csv", "--dry-run"}, 0,
			"Dry run: nothing was changed.\nRows: 2466. Added: 2466. Updated: 0. Unchanged: 0. Rejected: 0.", ""},
		{"import", en, []string{"--db", db, "import", "--mapping", "IBM", ledgers + "ibm.csv"}, 0, `saved as "IBM"`, ""},
		{"again, in Spanish", es, []string{"--db", db, "import", ledgers + "ibm.xlsx"}, 0,
			"Filas: 2466. Nuevas: 0. Actualizadas: 0. Sin cambios: 2466. Rechazadas: 0.", ""},
		{"rejected rows", en, []string{"--db", db, "import", ledgers + "missing-required.csv"}, 1,
			"Row 3, column customerID: A value is required here.", "8 rows have errors, so nothing was imported."},
		{"rejected rows skipped", en, []string{"--db", db, "import", ledgers + "missing-required.csv", "--skip-bad-rows"}, 0,
			"Rejected: 8.", ""},
	})
}

func TestImportJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "co.cartera")
	en := map[string]string{"LANG": "C"}
	run(t, en, "--db", db, "init", "--currency", "USD", "--locale", "en-US")
	r := run(t, en, "--db", db, "import", ledgers+"missing-required.csv", "--format", "json", "--dry-run")
	var got struct {
		Added, Updated, Unchanged, Rejected int
		Imported                            bool
		Errors                              []struct {
			Row     int
			Column  string
			Message string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if got.Added != 4 || got.Rejected != 8 || got.Imported || len(got.Errors) != 8 {
		t.Errorf("%+v", got)
	}
	if e := got.Errors[4]; e.Row != 7 || e.Column != "InvoiceAmount" || e.Message != `"cincuenta" is not an amount: it has no digits.` {
		t.Errorf("%+v", e)
	}
}
