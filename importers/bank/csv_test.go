package bank

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

func newStore(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "co.cartera"),
		data.Company{Name: "Test", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30},
		sqlite.Options{Clock: data.FixedClock{T: time.Date(2025, 7, 5, 10, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// credit is a credit written short for comparing: date amount "reference" name.
func short(c Credit) string {
	return c.Date.String() + " " + data.LocaleFor("en-US").Money(c.Amount) + " " + c.Reference + " | " + c.Name
}

func TestReadCSVStatements(t *testing.T) {
	for _, tc := range []struct {
		file    string
		credits []string
		idsFrom string // "bank" when the file gives transaction IDs
	}{
		{"extracto-santander.csv", []string{ // Windows-1252, title rows, decimal commas, a debit and a closing-balance line
			"2025-06-27 €1,210.00 TRANSFERENCIA DE OPTICA NUÑEZ SL, CONCEPTO PAGO FRA F-2025-0001 | ",
			"2025-06-29 €850.50 TRANSF CARPINTERIA GARRIDO FACTURAS MAYO | ",
			"2025-06-30 €100.00 INGRESO EFECTIVO OFICINA 1500 | ",
		}, "hash"},
		{"movimientos-bbva.csv", []string{ // separate debit and credit columns, payer, operation numbers
			"2025-07-02 €400.00 Transferencia recibida | CARPINTERIA GARRIDO",
			"2025-07-04 €200.00 Transf. a cuenta F-2025-0003 | CARPINTERIA GARRIDO",
		}, "bank"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s := newStore(t)
			cs, st, err := ReadFile(context.Background(), s, filepath.Join("testdata", tc.file), importers.StatementOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cs {
				got = append(got, short(c))
				if hashed := strings.HasPrefix(c.ID, "h:"); hashed != (tc.idsFrom == "hash") {
					t.Errorf("ID %q of %s", c.ID, short(c))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.credits, "\n") {
				t.Errorf("credits:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.credits, "\n"))
			}
			again, _, _ := ReadFile(context.Background(), s, filepath.Join("testdata", tc.file), importers.StatementOptions{})
			for i := range again {
				if again[i].ID != cs[i].ID {
					t.Errorf("IDs change between reads: %q, %q", cs[i].ID, again[i].ID)
				}
			}
			if st == nil || len(st.Columns) == 0 {
				t.Fatal("no statement layout returned for a CSV")
			}
		})
	}
}

// A bank's mapping, saved once, reads its next statement even when the
// headers mean nothing to the automatic mapping.
func TestStatementMappingSavedPerBank(t *testing.T) {
	s := newStore(t)
	dir := t.TempDir()
	odd := filepath.Join(dir, "junio.csv")
	os.WriteFile(odd, []byte("Cuenta;ES12 3000\n\nF. Op.;Texto libre;Eur\n01/06/2025;PAGO F-1;10,50\n"), 0o644) // title lines above
	m := []importers.Field{importers.BookingDate, importers.Description, importers.Amount}
	_, st, err := ReadFile(context.Background(), s, odd, importers.StatementOptions{Bank: "Caja Rural", Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(context.Background(), func(tx *sqlite.Tx) error {
		_, err := importers.SaveStatementMapping(tx, *st)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	july := filepath.Join(dir, "julio.csv")
	os.WriteFile(july, []byte("F. Op.;Texto libre;Eur\n02/07/2025;PAGO F-2;1.020,00\n"), 0o644)
	for _, opts := range []importers.StatementOptions{{Bank: "Caja Rural"}, {}} {
		cs, st, err := ReadFile(context.Background(), s, july, opts)
		if err != nil {
			t.Fatalf("%+v: %v", opts, err)
		}
		if len(cs) != 1 || cs[0].Amount != data.M(102000, "EUR") || st.Bank != "Caja Rural" {
			t.Errorf("%+v: %+v, bank %q", opts, cs, st.Bank)
		}
	}
}

// A row that cannot be read stops the whole statement with the file, row
// and column named.
func TestBadStatementRows(t *testing.T) {
	s := newStore(t)
	dir := t.TempDir()
	for _, tc := range []struct{ name, body, want string }{
		{"amount", "Fecha;Concepto;Importe\n01/06/2025;A;10,00\n02/06/2025;B;doce\n", "bad.csv, row 3, column Importe"},
		{"date", "Fecha;Concepto;Importe\n31/02/2025;A;10,00\n", "bad.csv, row 2, column Fecha"},
		{"no date", "Fecha;Concepto;Importe\n;A;10,00\n", "bad.csv, row 2, column Fecha: The movement has no date"},
		{"no amount column", "Fecha;Concepto;Otra\n01/06/2025;A;10,00\n", "no column holds the amount"},
		{"no header", "a;b\n1;2\n", "no header row"},
		{"not a statement", "", "Cartera reads bank statements"},
	} {
		path := filepath.Join(dir, "bad.csv")
		if tc.name == "not a statement" {
			path = filepath.Join(dir, "bad.pdf")
		}
		os.WriteFile(path, []byte(tc.body), 0o644)
		_, _, err := ReadFile(context.Background(), s, path, importers.StatementOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// An Excel export: title rows, real date cells and numeric amounts.
func TestReadXLSXStatement(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	f.SetCellValue(sh, "A1", "Movimientos de la cuenta ES12 2100 0000 0000 0000")
	for i, h := range []string{"Fecha", "Fecha valor", "Concepto", "Importe", "Saldo"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		f.SetCellValue(sh, cell, h)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	rows := [][]any{
		{time.Date(2025, 6, 27, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 27, 0, 0, 0, 0, time.UTC), "TRANSF DE OPTICA NUNEZ FRA F-2025-0001", 1210.0, 5210.0},
		{time.Date(2025, 6, 28, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 28, 0, 0, 0, 0, time.UTC), "RECIBO TELEFONO", -45.9, 5164.1},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+4)
			f.SetCellValue(sh, cell, v)
			if c < 2 {
				f.SetCellStyle(sh, cell, cell, style)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "movimientos.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	cs, _, err := ReadFile(context.Background(), newStore(t), path, importers.StatementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || short(cs[0]) != "2025-06-27 €1,210.00 TRANSF DE OPTICA NUNEZ FRA F-2025-0001 | " {
		t.Errorf("credits %q", cs)
	}
}

// FuzzStatementCSV: any bytes as a CSV bank statement are read or refused
// with a sentence, never a panic or an internal error; a refusal that names
// a row names one within the file.
func FuzzStatementCSV(f *testing.F) {
	for _, name := range []string{"extracto-santander.csv", "movimientos-bbva.csv"} {
		seed, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(seed)
	}
	f.Add([]byte("Fecha;Concepto;Importe\n31/02/2025;x;1,2,3\n;;\n"))
	f.Add([]byte("Date,Credit,Debit\n2025-01-01,,\n2025-01-02,(5),-\n"))
	s := newStore(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		cs, _, err := ReadFile(context.Background(), s, path, importers.StatementOptions{})
		if err != nil {
			if data.ErrorCode(err) == data.EINTERNAL || !utf8.ValidString(err.Error()) {
				t.Fatalf("read: %v", err)
			}
			return
		}
		for _, c := range cs {
			if c.Amount.Amount <= 0 || c.ID == "" {
				t.Fatalf("credit %+v", c)
			}
		}
	})
}
