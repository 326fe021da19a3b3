package importers

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"cartera/data"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in    string
		order DateOrder
		want  string // "" = error
	}{
		{"31/01/2024", DMY, "2024-01-31"},
		{"1/31/2024", MDY, "2024-01-31"},
		{"2024-01-31", DMY, "2024-01-31"},
		{"2024-01-31", MDY, "2024-01-31"},
		{"2024-01-31 00:00:00", DMY, "2024-01-31"},
		{"2024-01-31T10:00:00Z", DMY, "2024-01-31"},
		{"31.1.24", DMY, "2024-01-31"},
		{"05/06/99", DMY, "1999-06-05"},
		{"31-ene-2024", MDY, "2024-01-31"},
		{"Jan 31, 2024", DMY, "2024-01-31"},
		{"3 de marzo de 2024", DMY, ""},
		{"41276", DMY, "2013-01-02"},    // Excel serial
		{"41276.75", DMY, "2013-01-02"}, // with a time of day
		{"20130102", DMY, "2013-01-02"}, // YYYYMMDD
		{"31/01/2024", MDY, ""},         // day in the month's place
		{"02/30/2024", MDY, ""},         // 30 February
		{"29/02/2023", DMY, ""},         // not a leap year
		{"29/02/2024", DMY, "2024-02-29"},
		{"01/02/2024", YMD, ""},
		{"", DMY, ""},
		{"mañana", DMY, ""},
		{"-5", DMY, ""},
	} {
		d, err := parseDate(c.in, c.order, false)
		got := ""
		if err == nil {
			got = d.String()
		}
		if got != c.want {
			t.Errorf("parseDate(%q, %s) = %q, %v; want %q", c.in, c.order, got, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), "date") {
			t.Errorf("parseDate(%q): error %q does not say what is wrong", c.in, err)
		}
	}
	if d, _ := parseDate("39814", DMY, true); d.String() != "2013-01-02" {
		t.Errorf("1904 system: %s", d)
	}
}

func TestDateOrderDetection(t *testing.T) {
	for _, c := range []struct {
		values   []string
		locale   DateOrder
		want     DateOrder
		fallback bool
	}{
		{[]string{"01/02/2024", "13/02/2024"}, MDY, DMY, false},
		{[]string{"01/02/2024", "02/13/2024"}, DMY, MDY, false},
		{[]string{"01/02/2024", "03/04/2024"}, MDY, MDY, true},
		{[]string{"01/02/2024", "03/04/2024"}, DMY, DMY, true},
		{[]string{"2024-01-02", "2024-03-04"}, MDY, YMD, false},
		{[]string{"41276", "41277"}, DMY, DMY, false},
		{[]string{"13/01/2024", "14/01/2024", "01/13/2024"}, MDY, DMY, false}, // most rows win; the odd one is an error
	} {
		var ev dateEvidence
		for _, v := range c.values {
			ev.add(v)
		}
		if got, fb := ev.decide(c.locale); got != c.want || fb != c.fallback {
			t.Errorf("%v (locale %s): %s %v, want %s %v", c.values, c.locale, got, fb, c.want, c.fallback)
		}
	}
}

func TestParseAmount(t *testing.T) {
	es, en := data.LocaleFor("es-ES"), data.LocaleFor("en-US")
	for _, c := range []struct {
		in     string
		locale data.Locale
		cur    string
		raw    bool
		want   int64
		ok     bool
	}{
		{"1.234,56", es, "EUR", false, 123456, true},
		{"1,234.56", en, "USD", false, 123456, true},
		{"1234.56", es, "EUR", false, 123456, true},
		{"1234,56", es, "EUR", false, 123456, true},
		{"€1.234,56", es, "EUR", false, 123456, true},
		{"1.234,56 €", es, "EUR", false, 123456, true},
		{"$ 1,234.56", en, "USD", false, 123456, true},
		{"-1.234,56", es, "EUR", false, -123456, true},
		{"(1,234.56)", en, "USD", false, -123456, true},
		{"1.234", es, "EUR", false, 123400, true}, // Spanish thousands
		{"1,234", en, "USD", false, 123400, true},
		{"147703.17999999999", en, "USD", true, 14770318, true}, // a float as a file stores it
		{"1.5E3", en, "USD", true, 150000, true},
		{"1500", es, "CLP", false, 1500, true},
		{"12,3,4", es, "EUR", false, 0, false},
		{"abc", es, "EUR", false, 0, false},
		{"1.2.3,4.5", es, "EUR", false, 0, false},
	} {
		m, err := parseAmount(c.in, c.locale, c.cur, c.raw)
		if (err == nil) != c.ok || (c.ok && m.Amount != c.want) {
			t.Errorf("parseAmount(%q, %s) = %d, %v; want %d ok=%v", c.in, c.locale.Tag, m.Amount, err, c.want, c.ok)
		}
	}
}

func TestAmountColumnDetection(t *testing.T) {
	es, en := data.LocaleFor("es-ES"), data.LocaleFor("en-US")
	for _, c := range []struct {
		values []string
		locale data.Locale
		want   string
	}{
		{[]string{"1.234,56", "12,00"}, en, ","},
		{[]string{"1,234.56", "12.00"}, es, "."},
		{[]string{"55.94", "1234.5"}, es, "."},     // raw numbers of an .xlsx
		{[]string{"1.234", "2.500"}, en, "."},      // ambiguous: the company's locale
		{[]string{"1.234", "2.500"}, es, ","},      // ambiguous: the company's locale
		{[]string{"1.234.567", "980"}, en, ","},    // dots repeat: they group thousands
		{[]string{"(1,234.56)", "-12.5"}, es, "."}, // negatives
	} {
		var ev amountEvidence
		for _, v := range c.values {
			ev.add(v)
		}
		if l, _ := ev.decide(c.locale); l.Decimal != c.want {
			t.Errorf("%v: decimal %q, want %q", c.values, l.Decimal, c.want)
		}
	}
}

func TestParseID(t *testing.T) {
	for in, want := range map[string]string{"0000611365": "0000611365", " 42 ": "42", "6.11365E5": "611365",
		"611365.0": "611365", "F-001": "F-001", "1.5": "1.5"} {
		if got := parseID(in); got != want {
			t.Errorf("parseID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGuessField(t *testing.T) {
	for h, want := range map[string]Field{
		"Nº Factura": InvoiceNumber, "Nº factura": InvoiceNumber, "invoiceNumber": InvoiceNumber, "Folio": InvoiceNumber,
		"customerID": ClientCode, "Cliente": ClientName, "RAZÓN SOCIAL": ClientName, "NIF/CIF": TaxID, "RUT": TaxID,
		"RFC": TaxID, "CUIT": TaxID, "Fecha": IssueDate, "Fecha emisión": IssueDate, "Fecha de emisión de la factura": IssueDate,
		"Vencimiento": DueDate, "Fecha de vencimiento": DueDate, "Importe (€)": Amount, "Monto": Amount, "TOTAL": Amount,
		"Cobrado": PaidAmount, "Abonado": PaidAmount, "Saldo pendiente": Balance, "Pendiente": Balance,
		"Fecha de cobro": PaidDate, "SettledDate": PaidDate, "Moneda": Currency, "E-mail": Email, "Teléfono": Phone,
		"País": Country, "countryCode": Country, "Disputed": Disputed, "En disputa": Disputed,
		"PaperlessBill": Ignore, "Comercial": Ignore,
	} {
		if got, _ := guessField(h); got != want {
			t.Errorf("%q → %q, want %q", h, got, want)
		}
	}
}

func TestFindHeader(t *testing.T) {
	rows := [][]string{
		{"Suministros Olivar S.L."},
		{"Listado de facturas pendientes", "", "30/06/2013"},
		{},
		{"Nº", "Cliente", "Fecha", "Importe"},
		{"1", "Ana", "01/02/2024", "10,00"},
	}
	if got := findHeader(rows); got != 3 {
		t.Errorf("header at %d, want 3", got)
	}
	if got := findHeader([][]string{{"a", "b"}, {"1", "2"}}); got != -1 {
		t.Errorf("found a header in %d", got)
	}
	if got := autoMap([]string{"Fecha", "Fecha de vencimiento", "Fecha", "Cliente"}); got[0] != IssueDate || got[1] != DueDate || got[2] != Ignore || got[3] != ClientName {
		t.Errorf("each field once: %v", got)
	}
}

func TestSniffDelimiter(t *testing.T) {
	for want, text := range map[rune]string{
		',':  "a,b,c\n1,2,3\n",
		';':  "a;b;c\n1,5;2,5;3\n",
		'\t': "a\tb\tc\n1,5\t2\t3\n",
		'|':  "a|b|c\n1|2|3\n",
	} {
		if got := sniffDelimiter([]byte(text)); got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

// FuzzParseDate: any text gives a date or an error, never a panic, and a
// date it gives prints and parses back the same.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"31/01/2024", "1/31/24", "2024-01-31", "41276", "20130102", "Jan 31, 2024", "31-ene-2024", "9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []DateOrder{DMY, MDY, YMD} {
			d, err := parseDate(s, o, false)
			if err != nil {
				continue
			}
			if back, err := data.ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("%q → %s does not round-trip", s, d)
			}
		}
	})
}

// FuzzParseAmount: any text gives an amount or an error; an amount formatted
// back the locale's way reads back the same.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1.234,56", "1,234.56", "(12.50)", "-0,01", "€ 3", "147703.17999999999", "1E5"} {
		f.Add(s, true)
	}
	es := data.LocaleFor("es-ES")
	f.Fuzz(func(t *testing.T, s string, raw bool) {
		m, err := parseAmount(s, es, "EUR", raw)
		if err != nil {
			return
		}
		if back, err := es.ParseMoney(es.Number(m), "EUR"); err != nil || back != m {
			t.Fatalf("%q → %d → %q → %d, %v", s, m.Amount, es.Number(m), back.Amount, err)
		}
	})
}

// FuzzCSV: any bytes as a CSV file either fail to open with a sentence or
// import (dry) without a panic; every error names a row within the file.
func FuzzCSV(f *testing.F) {
	seed, _ := os.ReadFile("testdata/latin1.csv")
	f.Add(seed)
	f.Add([]byte("Invoice,Client,Date,Amount\n1,A,01/02/2024,10.00\n"))
	f.Add([]byte("Factura;Cliente;Fecha;Importe;Cobrado;Saldo\n\"1\";\"A\";31/12/2024;\"1.234,56\";(1);x\n"))
	f.Add([]byte("Invoice,Client,Date,Amount\r1,A,01/02/2024,10.00\r2,B,01/02/2024,1e3\r")) // lines ending in CR alone
	f.Add([]byte("\xff\xfeI\x00n\x00v\x00,\x00C\x00\n\x001\x00,\x00A\x00\n\x00"))           // UTF-16 with its BOM
	s := newStore(f, "EUR", "es-ES")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		res := fuzzImport(t, s, path)
		lines := bytes.Count(b, []byte("\n")) + bytes.Count(b, []byte("\r")) + 1 // a lone CR ends a line too
		for _, e := range res.Errors {
			if e.Row < 1 || e.Row > lines || !utf8.ValidString(e.Error()) {
				t.Fatalf("error %v names a row outside the %d lines", e, lines)
			}
		}
	})
}
