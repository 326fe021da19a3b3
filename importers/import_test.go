package importers

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"

	"github.com/xuri/excelize/v2"
)

var today = data.MustDate("2026-11-23")

func newStore(t testing.TB, cur, locale string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "co.cartera"),
		data.Company{Name: "Test", Currency: cur, Locale: locale, PaymentTermsDays: 30},
		sqlite.Options{Clock: data.FixedClock{T: today.Time().Add(10 * time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func run(t testing.TB, s *sqlite.Store, file string, opts Options) Result {
	t.Helper()
	b, err := Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatalf("open %s: %v", file, err)
	}
	defer b.Close()
	res, err := Import(context.Background(), s, b, opts)
	if err != nil {
		t.Fatalf("import %s: %v", file, err)
	}
	return res
}

type counts struct{ Rows, Added, Updated, Unchanged, Rejected, Clients, Payments int }

func countsOf(r Result) counts {
	return counts{r.Rows, r.Added, r.Updated, r.Unchanged, r.Rejected, r.ClientsAdded, r.PaymentsAdded}
}

// dump lists every invoice with its client, dates, amount, balance, its
// settlements and disputes, in a stable order, to compare stores.
func dump(t testing.TB, s *sqlite.Store) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT i.number, c.code, i.issue_date, i.due_date, i.amount, i.open_balance,
		COALESCE((SELECT group_concat(date || '=' || amount, ' ') FROM (SELECT date, amount FROM settlements WHERE invoice_id = i.id ORDER BY date)), ''),
		COALESCE((SELECT group_concat(opened || '..' || COALESCE(resolved, ''), ' ') FROM disputes WHERE invoice_id = i.id), '')
		FROM invoices i JOIN clients c ON c.id = i.client_id ORDER BY i.number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var num, code, issue, due, settled, disputes string
		var amount, open int64
		if err := rows.Scan(&num, &code, &issue, &due, &amount, &open, &settled, &disputes); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %d %d [%s] [%s]", num, code, issue, due, amount, open, settled, disputes))
	}
	return out
}

func scalar[T any](t testing.TB, s *sqlite.Store, query string) T {
	t.Helper()
	var v T
	if err := s.DB().QueryRow(query).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

// TestIBMLedger imports the public IBM ledger with no mapping at all, as CSV
// and as an .xlsx with real date cells: 2,466 invoices of 100 clients worth
// 147,703.18, each paid in full on its SettledDate; a second import adds nothing.
func TestIBMLedger(t *testing.T) {
	want := ibmExpectations(t)
	var dumps [][]string
	for _, file := range []string{"ibm.csv", "ibm.xlsx"} {
		t.Run(file, func(t *testing.T) {
			s := newStore(t, "USD", "en-US")
			res := run(t, s, file, Options{})
			if got := countsOf(res); got != (counts{2466, 2466, 0, 0, 0, 100, 2466}) {
				t.Errorf("first import: %+v", got)
			}
			if res.MappingName != "" || res.Kind != KindInvoices || res.HeaderRow != 1 {
				t.Errorf("layout: mapping %q, kind %s, header row %d", res.MappingName, res.Kind, res.HeaderRow)
			}
			if len(res.Warnings) != 0 || len(res.Notes) != 0 {
				t.Errorf("DaysToSettle/DaysLate or dates disagree: %v %v", res.Warnings, res.Notes)
			}
			if got := scalar[int64](t, s, `SELECT SUM(amount) FROM invoices`); got != 14770318 {
				t.Errorf("total invoiced %d, want 14770318", got)
			}
			if got := scalar[int64](t, s, `SELECT SUM(open_balance) FROM invoices`); got != 0 {
				t.Errorf("open balance %d, want 0: every invoice is settled", got)
			}
			got := dump(t, s)
			for i, line := range got {
				if f := strings.Fields(line); want[f[0]] != strings.Join(f[1:], " ") {
					t.Fatalf("invoice %d: got %s\nwant %s %s", i, line, f[0], want[f[0]])
				}
			}
			dumps = append(dumps, got)
			again := run(t, s, file, Options{})
			if got := countsOf(again); got != (counts{2466, 0, 0, 2466, 0, 0, 0}) {
				t.Errorf("re-import: %+v", got)
			}
			if again.MappingName == "" {
				t.Errorf("re-import did not find the saved mapping")
			}
		})
	}
	if len(dumps) == 2 && !reflect.DeepEqual(dumps[0], dumps[1]) {
		t.Errorf("the CSV and the xlsx import differently")
	}
}

// ibmExpectations reads the ledger independently: per invoice number, the
// line dump() should print for it.
func ibmExpectations(t *testing.T) map[string]string {
	f, err := os.Open("testdata/ibm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	iso := func(s string) string {
		d, err := time.Parse("1/2/2006", s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Format("2006-01-02")
	}
	want := map[string]string{}
	for _, r := range recs[1:] {
		var units, cents int64
		fmt.Sscanf(r[6], "%d.%d", &units, &cents)
		if i := strings.IndexByte(r[6], '.'); i >= 0 && len(r[6])-i == 2 {
			cents *= 10
		}
		amount := units*100 + cents
		disputes := ""
		if r[7] == "Yes" {
			disputes = iso(r[4]) + ".." + iso(r[8])
		}
		want[r[3]] = fmt.Sprintf("%s %s %s %d 0 [%s=%d] [%s]", r[1], iso(r[4]), iso(r[5]), amount, iso(r[8]), amount, disputes)
	}
	if len(want) != 2466 {
		t.Fatalf("read %d invoices from the ledger", len(want))
	}
	return want
}

// TestInjectedMissingValues imports the copy whose optional columns have
// blanks and whose invoice numbers lost their leading zeros: blanks in
// unused columns are fine, and the 2,466 known invoices are recognised.
func TestInjectedMissingValues(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	run(t, s, "ibm.csv", Options{})
	res := run(t, s, "ibm-missing-values.csv", Options{})
	if got := countsOf(res); got != (counts{2586, 120, 0, 2466, 0, 0, 120}) {
		t.Errorf("%+v", got)
	}
	if got := scalar[int](t, s, `SELECT COUNT(*) FROM invoices`); got != 2586 {
		t.Errorf("%d invoices", got)
	}
}

func TestSpanishWorkbook(t *testing.T) {
	s := newStore(t, "EUR", "es-ES")
	res := run(t, s, "spanish.xlsx", Options{})
	if res.HeaderRow != 4 || res.Sheet != "Facturas 2013" || res.Skipped != 1 {
		t.Errorf("header row %d, sheet %q, skipped %d (the totals line)", res.HeaderRow, res.Sheet, res.Skipped)
	}
	if got := countsOf(res); got != (counts{40, 40, 0, 0, 0, 31, 14}) {
		t.Errorf("%+v", got)
	}
	for _, c := range res.Columns {
		if isDateField(c.Field) && (c.DateOrder != DMY || c.Guessed) {
			t.Errorf("%s: order %s guessed %v", c.Header, c.DateOrder, c.Guessed)
		}
	}
	// 0000611365: 55.94 × 37 = 2.069,78 €, issued 2/1/2013 (D/M/Y), half paid.
	inv, err := s.InvoiceByNumber(context.Background(), "F-0000611365")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Amount != data.M(206978, "EUR") || inv.IssueDate != data.MustDate("2013-01-02") || inv.DueDate != data.MustDate("2013-02-01") {
		t.Errorf("%+v", inv)
	}
	st, _ := s.InvoiceState(context.Background(), inv.ID, today)
	if st.Paid.Amount != 103489 {
		t.Errorf("paid %d, want 103489", st.Paid.Amount)
	}
	c, _ := s.Client(context.Background(), inv.ClientID)
	if c.Name != "Panadería Muñoz 0379" || c.TaxID != "B00000001" || len(c.Phones) != 1 {
		t.Errorf("client %+v", c)
	}
}

func TestLatin1Semicolons(t *testing.T) {
	b, err := Open("testdata/latin1.csv")
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	if b.Encoding != "Windows-1252" || b.Delim != ';' {
		t.Errorf("encoding %s, delimiter %q", b.Encoding, b.Delim)
	}
	s := newStore(t, "EUR", "es-ES")
	res := run(t, s, "latin1.csv", Options{})
	if got := countsOf(res); got != (counts{4, 4, 0, 0, 0, 3, 2}) {
		t.Errorf("%+v", got)
	}
	want := []string{
		"A-001 B12345678 2024-01-03 2024-02-02 123456 0 [2026-11-23=123456] []",
		"A-002 B12345678 2024-01-15 2024-02-14 98000 48000 [2026-11-23=50000] []",
		"A-003 B87654321 2024-01-20 2024-03-19 1200000 1200000 [] []",
		"A-004 A11223344 2024-02-01 2024-03-02 4590 4590 [] []",
	}
	if got := dump(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	c, err := s.ClientByCode(context.Background(), "B87654321")
	if err != nil || c.Name != "Ferretería Íñiguez" || !reflect.DeepEqual(c.Emails, []string{"admin@iniguez.es"}) {
		t.Errorf("%+v %v", c, err)
	}
}

// TestRowErrors: each bad row is named with its row, column and reason; the
// file is refused whole unless bad rows are skipped.
func TestRowErrors(t *testing.T) {
	want := []string{
		"row 3, column customerID: A value is required here.",
		"row 4, column InvoiceDate: A value is required here.",
		"row 5, column InvoiceAmount: A value is required here.",
		"row 6, column invoiceNumber: A value is required here.",
		`row 7, column InvoiceAmount: "cincuenta" is not an amount: it has no digits.`,
		`row 8, column InvoiceDate: "31/31/2013" is not a date.`,
		`row 9, column Disputed: "Maybe" is neither yes nor no.`,
		"row 10, column DueDate: The due date is before the invoice date.",
	}
	for _, skip := range []bool{false, true} {
		s := newStore(t, "USD", "en-US")
		res := run(t, s, "missing-required.csv", Options{SkipBadRows: skip})
		var got []string
		for _, e := range res.Errors {
			got = append(got, e.Error())
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("skip=%v errors:\n%s", skip, strings.Join(got, "\n"))
		}
		if c := countsOf(res); c != (counts{12, 4, 0, 0, 8, 4, 4}) {
			t.Errorf("skip=%v: %+v", skip, c)
		}
		n := scalar[int](t, s, `SELECT COUNT(*) FROM invoices`) + scalar[int](t, s, `SELECT COUNT(*) FROM clients`) +
			scalar[int](t, s, `SELECT COUNT(*) FROM payments`) + scalar[int](t, s, `SELECT COUNT(*) FROM import_mappings`)
		if wantN := map[bool]int{false: 0, true: 4 + 4 + 4 + 1}[skip]; n != wantN || res.Committed != skip {
			t.Errorf("skip=%v: %d rows in the file, want %d; committed %v", skip, n, wantN, res.Committed)
		}
	}
}

func TestBrokenFiles(t *testing.T) {
	for file, want := range map[string]string{
		"truncated.xlsx": "truncated.xlsx is damaged",
		"empty.csv":      "empty.csv is empty.",
		"binary.csv":     "binary.csv is not a spreadsheet or a CSV file.",
		"legacy.xls":     "save it as .xlsx",
		"protected.xlsx": "protected with a password",
		"sheet.ods":      "OpenDocument (.ods)",
		"missing.csv":    "missing.csv could not be opened.",
		".":              "is a folder",
	} {
		b, err := Open(filepath.Join("testdata", file))
		if err == nil {
			b.Close()
			t.Errorf("%s opened", file)
			continue
		}
		if !strings.Contains(err.Error(), want) || data.ErrorCode(err) == data.EINTERNAL {
			t.Errorf("%s: %v (%s)", file, err, data.ErrorCode(err))
		}
	}
}

// TestReimportEdited: a re-import updates what changed in the file, keeps
// due dates the file does not give, and corrects only the payments an
// import made.
func TestReimportEdited(t *testing.T) {
	s := newStore(t, "EUR", "es-ES")
	run(t, s, "latin1.csv", Options{})
	ctx := context.Background()
	inv, _ := s.InvoiceByNumber(ctx, "A-003")
	// A payment entered by hand on A-003 must survive the re-import.
	if err := s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.RecordPayment(&data.Payment{ClientID: inv.ClientID, Date: data.MustDate("2024-02-01"), Amount: data.M(100000, "EUR"),
			Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 100000}}})
	}); err != nil {
		t.Fatal(err)
	}
	edited := `Nº Factura;Cliente;NIF/CIF;Fecha;Importe (€);Saldo pendiente
A-001;Panadería Muñoz;B12345678;03/01/2024;1.234,56;0,00
A-002;Panadería Muñoz;B12345678;15/01/2024;990,00;0,00
A-003;Ferretería Íñiguez;B87654321;20/01/2024;12.000,00;11.000,00
A-004;Cafés Güell;A11223344;05/02/2024;45,90;
`
	path := filepath.Join(t.TempDir(), "edited.csv")
	os.WriteFile(path, []byte(edited), 0o644)
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(ctx, s, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(res); got != (counts{4, 0, 2, 2, 0, 0, 1}) {
		t.Errorf("%+v", got)
	}
	want := []string{
		"A-001 B12345678 2024-01-03 2024-02-02 123456 0 [2026-11-23=123456] []",
		// amount and payment changed; the file has no due date, so the stored one stays
		"A-002 B12345678 2024-01-15 2024-02-14 99000 0 [2026-11-23=99000] []",
		// 1,000 paid by hand counts towards the 1,000 the file says is paid
		"A-003 B87654321 2024-01-20 2024-03-19 1200000 1100000 [2024-02-01=100000] []",
		"A-004 A11223344 2024-02-05 2024-03-02 4590 4590 [] []",
	}
	if got := dump(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPaymentList applies payments to the invoice they name, else to the
// client's oldest open invoice, else leaves them as credit; again adds nothing.
func TestPaymentList(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	ctx := context.Background()
	older, named := twoInvoices(t, s, 4000, 5594)
	res := run(t, s, "payments.tsv", Options{})
	if res.Kind != KindPayments {
		t.Fatalf("kind %s", res.Kind)
	}
	if got := countsOf(res); got != (counts{3, 3, 0, 0, 0, 1, 3}) {
		t.Errorf("%+v", got)
	}
	for _, c := range []struct {
		inv  data.Invoice
		paid int64
	}{{named, 2000}, {older, 3000}} {
		st, _ := s.InvoiceState(ctx, c.inv.ID, today)
		if st.Paid.Amount != c.paid {
			t.Errorf("%s paid %d, want %d", c.inv.Number, st.Paid.Amount, c.paid)
		}
	}
	newco, err := s.ClientByCode(ctx, "9999-NEWCO")
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := s.Payments(ctx, newco.ID)
	if len(ps) != 1 || ps[0].Unallocated().Amount != 1550 || ps[0].Reference != "TR-3" {
		t.Errorf("%+v", ps)
	}
	if got := countsOf(run(t, s, "payments.tsv", Options{})); got != (counts{3, 0, 0, 3, 0, 0, 0}) {
		t.Errorf("again: %+v", got)
	}
}

// TestMappingSaved: a corrected mapping is saved by name and used again for
// a file with the same headers, whatever their case and accents.
func TestMappingSaved(t *testing.T) {
	s := newStore(t, "EUR", "es-ES")
	fields := []Field{InvoiceNumber, ClientName, TaxID, IssueDate, DueDate, Amount, Ignore, Email}
	res := run(t, s, "latin1.csv", Options{Mapping: fields, MappingName: "Banco"})
	if res.SavedMapping != "Banco" || res.Added != 4 {
		t.Fatalf("saved %q, added %d", res.SavedMapping, res.Added)
	}
	b, _ := Open("testdata/latin1.csv")
	defer b.Close()
	l, err := Inspect(context.Background(), s, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.MappingName != "Banco" || !reflect.DeepEqual(l.Fields(), fields) || len(l.Sample) != 4 {
		t.Errorf("mapping %q fields %v sample %d", l.MappingName, l.Fields(), len(l.Sample))
	}
	if _, err := Inspect(context.Background(), s, mustOpen(t, "ibm.csv"), Options{MappingName: "Banco"}); err == nil ||
		!strings.Contains(err.Error(), "other columns") {
		t.Errorf("a mapping for other headers was accepted: %v", err)
	}
}

func mustOpen(t *testing.T, file string) *Book {
	b, err := Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// TestAmbiguousDates: when no date in a column has a day above 12, the
// company's locale decides and the preview says so.
func TestAmbiguousDates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "amb.csv")
	os.WriteFile(path, []byte("Invoice,Client,Date,Amount\n1,A,01/02/2024,10.00\n2,B,03/04/2024,20.00\n"), 0o644)
	for locale, want := range map[string]string{"en-US": "2024-01-02", "es-ES": "2024-02-01"} {
		s := newStore(t, "EUR", locale)
		b, _ := Open(path)
		res, err := Import(context.Background(), s, b, Options{})
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Notes) != 1 || !res.Columns[2].Guessed {
			t.Errorf("%s: notes %v", locale, res.Notes)
		}
		inv, _ := s.InvoiceByNumber(context.Background(), "1")
		if inv.IssueDate.String() != want {
			t.Errorf("%s: %s, want %s", locale, inv.IssueDate, want)
		}
		// --date-order overrides.
		b, _ = Open(path)
		res, _ = Import(context.Background(), s, b, Options{DateOrder: YMD, DryRun: true})
		b.Close()
		if len(res.Notes) != 0 || res.Rejected != 2 {
			t.Errorf("%s with ymd: %v, %d rejected", locale, res.Notes, res.Rejected)
		}
	}
}

// TestCancel: a cancelled import changes nothing.
func TestCancel(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	ctx, cancel := context.WithCancel(context.Background())
	b := mustOpen(t, "ibm.csv")
	_, err := Import(ctx, s, b, Options{Progress: func(p Progress) {
		if p.Rows >= 1000 {
			cancel()
		}
	}})
	if err != ErrCancelled {
		t.Fatalf("err = %v", err)
	}
	if n := scalar[int](t, s, `SELECT COUNT(*) FROM invoices`); n != 0 {
		t.Errorf("%d invoices left behind", n)
	}
}

func TestCurrencyMismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usd.csv")
	os.WriteFile(path, []byte("Invoice,Client,Date,Amount,Currency\n1,A,2024-01-02,10.00,USD\n2,A,2024-01-03,5,eur\n"), 0o644)
	s := newStore(t, "EUR", "es-ES")
	b, _ := Open(path)
	defer b.Close()
	res, err := Import(context.Background(), s, b, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected != 1 || res.Added != 1 || !strings.Contains(res.Errors[0].Error(), "in USD") {
		t.Errorf("%+v", res.Errors)
	}
}

// TestInspectXLSX: the preview of a workbook shows date cells as dates.
func TestInspectXLSX(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	l, err := Inspect(context.Background(), s, mustOpen(t, "ibm.xlsx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Sheet != "Ledger" || len(l.Sample) != sampleRows || l.Sample[0][4] != "2013-01-02" || l.Sample[0][3] != "0000611365" {
		t.Errorf("sheet %q, %d rows, first %q", l.Sheet, len(l.Sample), l.Sample[0])
	}
}

// TestZipBomb: a workbook claiming to unpack to more than the limit is
// refused before anything is unpacked.
func TestZipBomb(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} {
		w, _ := z.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CompressedSize64: 1, UncompressedSize64: 600 << 20})
		w.Write([]byte("x"))
	}
	z.Close()
	os.WriteFile(path, buf.Bytes(), 0o644)
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Errorf("err = %v", err)
	}
}

// TestSheets: a workbook's visible sheets are offered, and each is read on its own.
func TestSheets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.xlsx")
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Facturas")
	x.SetSheetRow("Facturas", "A1", &[]any{"Factura", "Cliente", "Fecha", "Importe"})
	x.SetSheetRow("Facturas", "A2", &[]any{"F1", "Ana", "02/01/2024", "10,00"})
	x.NewSheet("Cobros")
	x.SetSheetRow("Cobros", "A1", &[]any{"Fecha de cobro", "Cliente", "Importe cobrado"})
	x.SetSheetRow("Cobros", "A2", &[]any{"03/01/2024", "Ana", "4,00"})
	x.NewSheet("Oculta")
	x.SetSheetVisible("Oculta", false)
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !reflect.DeepEqual(b.Sheets, []string{"Facturas", "Cobros"}) {
		t.Errorf("sheets %q", b.Sheets)
	}
	s := newStore(t, "EUR", "es-ES")
	if r, err := Import(context.Background(), s, b, Options{Sheet: "facturas"}); err != nil || r.Kind != KindInvoices || r.Added != 1 {
		t.Fatalf("invoices: %v %+v", err, countsOf(r))
	}
	r, err := Import(context.Background(), s, b, Options{Sheet: "Cobros"})
	if err != nil || r.Kind != KindPayments || r.Added != 1 {
		t.Fatalf("payments: %v %+v", err, countsOf(r))
	}
	if got := dump(t, s); len(got) != 1 || got[0] != "F1 Ana 2024-01-02 2024-02-01 1000 600 [2024-01-03=400] []" {
		t.Errorf("%q", got)
	}
	if _, err := Import(context.Background(), s, b, Options{Sheet: "Nope"}); err == nil || !strings.Contains(err.Error(), `no sheet called "Nope"; it has: Facturas, Cobros`) {
		t.Errorf("%v", err)
	}
}

// TestOneTransferTwoInvoices: two rows that differ only in the invoice they
// name (one transfer, written once per invoice) are two payments; both
// invoices are paid, and a second import adds nothing.
func TestOneTransferTwoInvoices(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	ctx := context.Background()
	a, b := twoInvoices(t, s, 4000, 4000)
	if got := countsOf(run(t, s, "transfer-two-invoices.tsv", Options{})); got != (counts{2, 2, 0, 0, 0, 0, 2}) {
		t.Errorf("first import: %+v", got)
	}
	for _, inv := range []data.Invoice{a, b} {
		if st, _ := s.InvoiceState(ctx, inv.ID, today); st.Status != data.StatusPaid {
			t.Errorf("%s: %s, balance %v; want paid", inv.Number, st.Status, st.Balance)
		}
	}
	if got := countsOf(run(t, s, "transfer-two-invoices.tsv", Options{})); got != (counts{2, 0, 0, 2, 0, 0, 0}) {
		t.Errorf("again: %+v", got)
	}
	if n := scalar[int](t, s, `SELECT COUNT(*) FROM payments`); n != 2 {
		t.Errorf("%d payments, want 2", n)
	}
}

// TestRepeatedInvoiceNumber: the same invoice number on two rows of one
// file that are not its instalments (the same due date; or rows apart) is a
// row error naming the other row; nothing is written (the last row never
// wins silently).
func TestRepeatedInvoiceNumber(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	res := run(t, s, "repeated-invoice.csv", Options{})
	if res.Committed || res.Rejected != 3 || len(res.Errors) != 2 {
		t.Fatalf("rejected %d, committed %v, errors %v", res.Rejected, res.Committed, res.Errors)
	}
	for i, want := range []struct {
		row    int
		column string
		says   string
	}{{3, "DueDate", "row 2"}, {5, "invoiceNumber", "row 2"}} {
		e := res.Errors[i]
		if e.Row != want.row || e.Column != want.column || !strings.Contains(e.Err.Error(), want.says) {
			t.Errorf("error %d: %v, want row %d, column %s, saying %q", i, e, want.row, want.column, want.says)
		}
	}
	if n := scalar[int](t, s, `SELECT COUNT(*) FROM invoices`); n != 0 {
		t.Errorf("%d invoices written", n)
	}
}

// TestInstalmentRows: rows that repeat an invoice number with later due
// dates (ERPNext's accounts-receivable export "based on payment terms")
// become one invoice due in parts, with what each row says was paid; the
// .xlsx reads the same, and importing again changes nothing.
func TestInstalmentRows(t *testing.T) {
	for _, file := range []string{"instalments.csv", "instalments.xlsx"} {
		t.Run(file, func(t *testing.T) {
			s := newStore(t, "USD", "en-US")
			name := file
			if strings.HasSuffix(file, ".xlsx") {
				name = xlsxOf(t, "instalments.csv")
			}
			res := run(t, s, name, Options{})
			if got := countsOf(res); got != (counts{4, 4, 0, 0, 0, 1, 1}) {
				t.Fatalf("import: %+v %v", got, res.Errors)
			}
			inv, err := s.InvoiceByNumber(context.Background(), "SINV-0001")
			if err != nil {
				t.Fatal(err)
			}
			parts, _ := s.Schedule(context.Background(), inv.ID)
			var got []string
			for _, p := range parts {
				got = append(got, fmt.Sprintf("%d %s %d", p.N, p.Due, p.Amount))
			}
			want := []string{"1 2024-05-31 3000", "2 2024-06-30 5000", "3 2024-07-30 2000"}
			if !reflect.DeepEqual(got, want) || inv.Amount.Amount != 10000 || inv.DueDate != data.MustDate("2024-07-30") {
				t.Errorf("instalments %v, amount %d, due %s", got, inv.Amount.Amount, inv.DueDate)
			}
			// ERPNext: after a payment of 40, the parts owe 0, 40 and 20.
			if st, _ := s.InvoiceState(context.Background(), inv.ID, today); st.Balance.Amount != 6000 {
				t.Errorf("balance %d, want 6000", st.Balance.Amount)
			}
			fp, _ := s.Fingerprint(context.Background())
			if again := run(t, s, name, Options{}); again.Added != 0 || again.Updated != 0 || again.Rejected != 0 {
				t.Errorf("again: %+v %v", countsOf(again), again.Errors)
			}
			if fp2, _ := s.Fingerprint(context.Background()); fp2 != fp {
				t.Errorf("the second import changed the data")
			}
		})
	}
}

// TestCreditNotesAndRefunds imports a ledger as ERPNext exports it (a
// document-type column, credit notes as negative amounts naming the
// invoice they return against, a refund) and a payment list with an
// advance and a refund, as CSV and as .xlsx: a dry run first, then the
// import, then again (nothing added). The net balances are those of
// ERPNext's test_accounts_receivable.py for the same documents: −40
// (invoice 100, paid 40, returned in full), 60 (invoice 200, paid 40, half
// returned: outstanding 20 + 40 on its payment terms), 0 (returned before
// any payment: the report is empty) and −1,000 for an advance.
func TestCreditNotesAndRefunds(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			s := newStore(t, "USD", "en-US")
			ledger := "erpnext-ledger.csv"
			if format == "xlsx" {
				ledger = xlsxOf(t, "erpnext-ledger.csv")
			}
			dry := run(t, s, ledger, Options{DryRun: true})
			if dry.Committed || dry.Rejected != 0 || dry.Added != 8 || dry.CreditNotesAdded != 4 || dry.RefundsAdded != 1 {
				t.Fatalf("dry run: %+v %v", countsOf(dry), dry.Errors)
			}
			if n := scalar[int](t, s, `SELECT COUNT(*) FROM credit_notes`); n != 0 {
				t.Fatalf("the dry run wrote %d credit notes", n)
			}
			res := run(t, s, ledger, Options{})
			if got := countsOf(res); got != (counts{8, 8, 0, 0, 0, 4, 2}) || res.CreditNotesAdded != 4 || res.RefundsAdded != 1 {
				t.Errorf("import: %+v, %d credit notes, %d refunds; %v", got, res.CreditNotesAdded, res.RefundsAdded, res.Errors)
			}
			if got := countsOf(run(t, s, "advance.tsv", Options{})); got != (counts{2, 2, 0, 0, 0, 1, 1}) {
				t.Errorf("advance: %+v", got)
			}
			nets := func() map[string][3]int64 {
				out := map[string][3]int64{}
				for _, code := range []string{"CUST-A", "CUST-B", "CUST-C", "CUST-D", "CUST-E"} {
					c, err := s.ClientByCode(context.Background(), code)
					if err != nil {
						t.Fatal(err)
					}
					open := scalar[int64](t, s, fmt.Sprintf(`SELECT COALESCE(SUM(open_balance), 0) FROM invoices WHERE client_id = %d`, c.ID))
					held, err := s.OnAccount(context.Background(), c.ID, today)
					if err != nil {
						t.Fatal(err)
					}
					out[code] = [3]int64{open, held, open - held}
				}
				return out
			}
			want := map[string][3]int64{ // open invoices, on account, net
				"CUST-A": {0, 4000, -4000},
				"CUST-B": {6000, 0, 6000},
				"CUST-C": {0, 0, 0},
				"CUST-D": {0, 3000, -3000},
				"CUST-E": {0, 75000, -75000},
			}
			got := nets()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("open, on account, net:\n got %v\nwant %v", got, want)
			}
			fp, _ := s.Fingerprint(context.Background())
			again := run(t, s, ledger, Options{})
			if again.Added != 0 || again.Updated != 0 || again.Rejected != 0 {
				t.Errorf("ledger again: %+v %v", countsOf(again), again.Errors)
			}
			if a := run(t, s, "advance.tsv", Options{}); a.Added != 0 || a.Rejected != 0 {
				t.Errorf("advance again: %+v %v", countsOf(a), a.Errors)
			}
			if fp2, _ := s.Fingerprint(context.Background()); fp2 != fp {
				t.Errorf("a second import changed the data:\n%s\n%s", fp, fp2)
			}
		})
	}
}

// TestRefundLargerThanHeld: a refund of more than the client holds on
// account is a row error naming the column, and nothing is written.
func TestRefundLargerThanHeld(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	dir := t.TempDir()
	path := filepath.Join(dir, "refund.csv")
	if err := os.WriteFile(path, []byte("Payment date,Customer,Amount paid\n2024-05-02,CUST-E,100.00\n2024-05-03,CUST-E,-100.01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	res, err := Import(context.Background(), s, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Committed || res.Rejected != 1 || len(res.Errors) != 1 || res.Errors[0].Row != 3 || res.Errors[0].Column != "Amount paid" ||
		!strings.Contains(res.Errors[0].Err.Error(), "100.00") {
		t.Errorf("%+v %v", countsOf(res), res.Errors)
	}
	if n := scalar[int](t, s, `SELECT COUNT(*) FROM payments`); n != 0 {
		t.Errorf("%d payments written", n)
	}
}

// TestAmountsAreStrict: "12a,50", "1O0", "1e3" and "0x10" in a CSV are
// row errors naming the row and column (they were read as 12.50, 10, 13
// and 10).
func TestAmountsAreStrict(t *testing.T) {
	s := newStore(t, "USD", "en-US")
	path := filepath.Join(t.TempDir(), "bad.csv")
	body := "customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount\n" +
		"A,1,1/2/2013,2/1/2013,12a.50\nA,2,1/2/2013,2/1/2013,1O0\nA,3,1/2/2013,2/1/2013,1e3\nA,4,1/2/2013,2/1/2013,0x10\nA,5,1/2/2013,2/1/2013,10.00\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	res, err := Import(context.Background(), s, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Committed || res.Rejected != 4 || len(res.Errors) != 4 {
		t.Fatalf("%+v %v", countsOf(res), res.Errors)
	}
	for i, e := range res.Errors {
		if e.Row != i+2 || e.Column != "InvoiceAmount" {
			t.Errorf("error %d: %v", i, e)
		}
	}
}

// xlsxOf writes a CSV of testdata as an .xlsx in a temporary folder, with
// numbers as numeric cells, and returns its path relative to testdata.
func xlsxOf(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	defer x.Close()
	for i, rec := range recs {
		for j, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if n, err := strconv.ParseFloat(v, 64); err == nil && i > 0 && strings.Contains(v, ".") {
				x.SetCellFloat("Sheet1", cell, n, 2, 64)
			} else {
				x.SetCellStr("Sheet1", cell, v)
			}
		}
	}
	abs, _ := filepath.Abs(filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".csv")+".xlsx"))
	if err := x.SaveAs(abs); err != nil {
		t.Fatal(err)
	}
	base, _ := filepath.Abs("testdata")
	rel, err := filepath.Rel(base, abs)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// TestUTF16AndCROnlyFiles: a UTF-16 file with its byte-order mark (Excel's
// "Unicode text", tab-separated) and a CSV whose lines end in CR alone (old
// Macs) are read like any CSV; both were refused with a misleading
// sentence (issue 18 #17).
func TestUTF16AndCROnlyFiles(t *testing.T) {
	lines := []string{
		"customerID;invoiceNumber;InvoiceDate;DueDate;InvoiceAmount",
		"0379-NEVHP;0000611365;1/2/2013;2/1/2013;55.94",
		"8976-AMJEO;0007900770;1/26/2013;2/25/2013;61.74",
	}
	dir := t.TempDir()
	le := []byte{0xff, 0xfe}
	for _, r := range strings.Join(lines, "\r\n") {
		le = append(le, byte(r), byte(r>>8))
	}
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"unicode.txt", le},
		{"mac.csv", []byte(strings.Join(lines, "\r") + "\r")},
		{"windows.csv", []byte(strings.Join(lines, "\r\n") + "\r\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if err := os.WriteFile(path, tc.body, 0o600); err != nil {
				t.Fatal(err)
			}
			s := newStore(t, "USD", "en-US")
			b, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			res, err := Import(context.Background(), s, b, Options{})
			if err != nil || res.Added != 2 || res.Rejected != 0 {
				t.Fatalf("%+v %v %v", countsOf(res), res.Errors, err)
			}
			if got := scalar[int64](t, s, `SELECT SUM(amount) FROM invoices`); got != 11768 {
				t.Errorf("total %d, want 11768", got)
			}
		})
	}
}

// twoInvoices gives client 0379-NEVHP of the IBM ledger two open invoices:
// 0000000001 (older) and 0000611365, of the amounts given.
func twoInvoices(t *testing.T, s *sqlite.Store, older, named int64) (a, b data.Invoice) {
	t.Helper()
	err := s.Update(context.Background(), func(tx *sqlite.Tx) error {
		c := data.Client{Code: "0379-NEVHP", Name: "Nevada HP"}
		if err := tx.CreateClient(&c); err != nil {
			return err
		}
		a = data.Invoice{Number: "0000000001", ClientID: c.ID, IssueDate: data.MustDate("2012-12-01"), DueDate: data.MustDate("2012-12-31"), Amount: data.M(older, "USD")}
		b = data.Invoice{Number: "0000611365", ClientID: c.ID, IssueDate: data.MustDate("2013-01-02"), DueDate: data.MustDate("2013-02-01"), Amount: data.M(named, "USD")}
		if err := tx.CreateInvoice(&a); err != nil {
			return err
		}
		return tx.CreateInvoice(&b)
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}
