package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
)

// pdfText extracts a PDF's text with pdftotext (poppler-utils, which make
// deps installs); the test fails rather than skips without it.
func pdfText(t testing.TB, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: run make deps (poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// ibmOpen reads, straight from the CSV, the invoices of each customer open
// at the end of day d (issued by d, settled after it), as the statement
// test's independent expectation.
type ibmInvoice struct {
	number  string
	due     time.Time
	balance int64 // cents
}

func ibmOpen(t *testing.T, d time.Time) map[string][]ibmInvoice {
	f, err := os.Open("../importers/testdata/ibm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { v, _ := time.Parse("1/2/2006", s); return v }
	out := map[string][]ibmInvoice{}
	for _, r := range recs[1:] {
		issued, settled := day(r[4]), day(r[8])
		if issued.After(d) || !settled.After(d) {
			continue
		}
		amount, _ := strconv.ParseFloat(r[6], 64)
		out[r[1]] = append(out[r[1]], ibmInvoice{number: r[3], due: day(r[5]), balance: int64(math.Round(amount * 100))})
	}
	return out
}

func TestIBMStatementText(t *testing.T) {
	s := ibmStore(t)
	ctx := context.Background()
	asOf := time.Date(2013, 6, 30, 0, 0, 0, 0, time.UTC)
	open := ibmOpen(t, asOf)
	// The customer with the most open invoices, some of them overdue.
	var code string
	for c, invs := range open {
		late := 0
		for _, i := range invs {
			if asOf.After(i.due) {
				late++
			}
		}
		if late > 0 && (code == "" || len(invs) > len(open[code]) || len(invs) == len(open[code]) && c < code) {
			code = c
		}
	}
	if code == "" {
		t.Fatal("no IBM customer with an overdue invoice at 2013-06-30")
	}
	want := open[code]
	var total int64
	buckets := make([]int64, 5) // current, 1-30, 31-60, 61-90, 91+
	for _, i := range want {
		total += i.balance
		days := int(asOf.Sub(i.due).Hours() / 24)
		switch {
		case days <= 0:
			buckets[0] += i.balance
		case days <= 30:
			buckets[1] += i.balance
		case days <= 60:
			buckets[2] += i.balance
		case days <= 90:
			buckets[3] += i.balance
		default:
			buckets[4] += i.balance
		}
	}

	cl, err := s.ClientByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Company(ctx)
	sts, err := Statements(ctx, s.DB(), c, []data.Client{cl}, StatementOptions{AsOf: data.DateOf(asOf)})
	if err != nil {
		t.Fatal(err)
	}
	st := sts[0]
	if st.Total != total || len(st.Items) != len(want) {
		t.Fatalf("statement: total %d over %d items; the CSV says %d over %d", st.Total, len(st.Items), total, len(want))
	}
	for k, b := range st.Aging {
		if b.Amount != buckets[k] {
			t.Errorf("bucket %s: %d, CSV %d", b.Label, b.Amount, buckets[k])
		}
	}
	var buf bytes.Buffer
	if err := StatementPDF(&buf, time.Date(2013, 7, 1, 9, 0, 0, 0, time.UTC), st); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	l := data.LocaleFor("en-US")
	must := []string{"Statement of account", "As of 06/30/2013", "Client " + code, "Total due", "Open invoices",
		l.Money(data.M(total, "USD"))}
	for _, b := range buckets {
		must = append(must, l.Money(data.M(b, "USD")))
	}
	sort.Slice(want, func(i, j int) bool { return want[i].due.Before(want[j].due) })
	for _, i := range want {
		must = append(must, i.number, l.Money(data.M(i.balance, "USD")))
	}
	for _, m := range must {
		if !strings.Contains(text, m) {
			t.Errorf("the statement's text lacks %q", m)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

// spanishStore is a company with one Spanish-speaking client whose name and
// address need more than ASCII, an invoice partly paid and one credited.
func spanishStore(t testing.TB) (*sqlite.Store, data.Client) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "es.cartera"), data.Company{Name: "Distribuciones Peñalver S.L.",
		Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30, Address: "Calle Ñandú 3\n28001 Madrid",
		PaymentInstructions: "IBAN ES91 2100 0418 4502 0005 1332 · Concepto: número de factura"}, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var c data.Client
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		c = data.Client{Code: "C-Ñ1", Name: "Müller & Ibáñez Ñoño, Sociedad Anónima de Distribución Alimentaria del Noroeste",
			Language: "es", Country: "ES", City: "A Coruña", Address: "Rúa do Príncipe 7, 3º izq.", TaxID: "B15000000"}
		if err := tx.CreateClient(&c); err != nil {
			return err
		}
		for i, amt := range []int64{121000, 50050, 9999} {
			inv := data.Invoice{Number: "F-2025-00" + strconv.Itoa(i+1), ClientID: c.ID, IssueDate: data.NewDate(2025, time.Month(3+i), 10),
				DueDate: data.NewDate(2025, time.Month(4+i), 10), Amount: data.M(amt, "EUR")}
			if err := tx.CreateInvoice(&inv); err != nil {
				return err
			}
			if i == 0 {
				if err := tx.RecordPayment(&data.Payment{ClientID: c.ID, Date: data.NewDate(2025, 5, 2), Amount: data.M(21000, "EUR"),
					Reference: "TRF-88", Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 21000}}}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func TestSpanishStatementKeepsAccents(t *testing.T) {
	s, c := spanishStore(t)
	ctx := context.Background()
	co, _ := s.Company(ctx)
	sts, err := Statements(ctx, s.DB(), co, []data.Client{c}, StatementOptions{AsOf: data.NewDate(2025, 6, 30), From: data.NewDate(2025, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	st := sts[0]
	if st.Total != 100000+50050+9999 || st.Opening != 0 || st.Closing != st.Total || len(st.Activity) != 4 {
		t.Fatalf("total %d opening %d closing %d activity %d", st.Total, st.Opening, st.Closing, len(st.Activity))
	}
	var buf bytes.Buffer
	if err := StatementPDF(&buf, time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC), st); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, m := range []string{"Extracto de cuenta", "Distribuciones Peñalver S.L.", "Calle Ñandú 3", "Müller & Ibáñez Ñoño",
		"Rúa do Príncipe 7, 3º izq.", "A Coruña", "1.600,49 €", "1.000,00 €", "Saldo inicial", "Saldo final",
		"Cobro TRF-88", "Cómo pagar", "IBAN ES91 2100 0418 4502 0005 1332", "Página 1"} {
		if !strings.Contains(text, m) {
			t.Errorf("the Spanish statement lacks %q", m)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}
