//go:build ignore

// gen writes the importer's test files from ibm.csv (the IBM sample ledger,
// copied byte for byte). Run from importers/testdata: go run gen.go
package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

func main() {
	f, err := os.Open("ibm.csv")
	check(err)
	rows, err := csv.NewReader(f).ReadAll()
	check(err)
	f.Close()
	ibmXLSX(rows)
	spanishXLSX(rows[:41])
	latin1CSV()
	missingRequired(rows[:13])
	broken()
	payments()
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func mdy(s string) time.Time {
	t, err := time.Parse("1/2/2006", s)
	check(err)
	return t
}

// ibmXLSX is the IBM ledger as Excel saves it: a shared-strings table, real
// date cells with a date format, numbers as numbers, invoice numbers as text.
func ibmXLSX(rows [][]string) {
	x := excelize.NewFile()
	sh := "Ledger"
	x.SetSheetName("Sheet1", sh)
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			switch {
			case r == 0 || c == 1 || c == 3 || c == 7 || c == 9:
				x.SetCellStr(sh, cell, v)
			case c == 2 || c == 4 || c == 5 || c == 8:
				if v == "" {
					continue
				}
				x.SetCellValue(sh, cell, mdy(v))
				x.SetCellStyle(sh, cell, cell, dateStyle)
			default:
				n, err := strconv.ParseFloat(v, 64)
				check(err)
				x.SetCellFloat(sh, cell, n, -1, 64)
			}
		}
	}
	check(x.SaveAs("ibm.xlsx"))
}

// spanishXLSX is a bookkeeper's sheet: a title and a blank row above the
// header, Spanish headers, D/M/Y text dates, "1.234,56" text amounts, a
// partial payment column and a totals line at the bottom.
func spanishXLSX(rows [][]string) {
	x := excelize.NewFile()
	sh := "Facturas 2013"
	x.SetSheetName("Sheet1", sh)
	x.SetSheetRow(sh, "A1", &[]any{"Suministros Olivar S.L. — Cartera de clientes"})
	x.SetSheetRow(sh, "A2", &[]any{"Listado a 30/06/2013"})
	x.SetSheetRow(sh, "A4", &[]any{"Nº Factura", "Código cliente", "Razón social", "NIF", "Fecha emisión", "Vencimiento", "Importe", "Cobrado", "Teléfono"})
	names := []string{"Panadería Muñoz", "Ferretería Íñiguez", "Cafés Güell", "Librería Peña"}
	var total float64
	for i, r := range rows[1:] {
		amount, _ := strconv.ParseFloat(r[6], 64)
		amount *= 37 // thousands, so "1.234,56" appears
		total += amount
		paid := ""
		if i%3 == 0 {
			paid = spanishAmount(amount / 2)
		}
		issue, due := mdy(r[4]), mdy(r[5])
		x.SetSheetRow(sh, fmt.Sprintf("A%d", 5+i), &[]any{
			"F-" + r[3], r[1], names[i%len(names)] + " " + r[1][:4], fmt.Sprintf("B%08d", i+1),
			issue.Format("02/01/2006"), due.Format("2/1/2006"), spanishAmount(amount), paid, "+34 912 345 6" + fmt.Sprintf("%02d", i)})
	}
	x.SetSheetRow(sh, fmt.Sprintf("A%d", 5+len(rows)), &[]any{"Total", "", "", "", "", "", spanishAmount(total)})
	check(x.SaveAs("spanish.xlsx"))
}

func spanishAmount(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + "," + frac
}

// latin1CSV is what Excel writes for "CSV (delimitado por comas)" on a
// Spanish Windows: Windows-1252, ';' between fields, ',' as decimal point.
func latin1CSV() {
	text := `Nº Factura;Cliente;NIF/CIF;Fecha;Vencimiento;Importe (€);Saldo pendiente;Correo electrónico
A-001;Panadería Muñoz;B12345678;03/01/2024;02/02/2024;1.234,56;0,00;compras@panaderiamunoz.es
A-002;Panadería Muñoz;B12345678;15/01/2024;14/02/2024;980,00;480,00;compras@panaderiamunoz.es
A-003;Ferretería Íñiguez;B87654321;20/01/2024;19/03/2024;12.000,00;12.000,00;admin@iniguez.es
A-004;Cafés Güell;A11223344;01/02/2024;02/03/2024;45,90;;cafes@guell.cat
`
	enc, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(text, "\n", "\r\n"))
	check(err)
	check(os.WriteFile("latin1.csv", []byte(enc), 0o644))
}

// missingRequired is the start of the IBM ledger with required values blanked
// and a few wrong ones, for the per-row messages.
func missingRequired(rows [][]string) {
	rows = append([][]string(nil), rows...)
	for i := range rows {
		rows[i] = append([]string(nil), rows[i]...)
	}
	rows[2][1] = ""                                 // no customer
	rows[3][4] = ""                                 // no invoice date
	rows[4][6] = ""                                 // no amount
	rows[5][3] = ""                                 // no invoice number
	rows[6][6] = "cincuenta"                        // not an amount
	rows[7][4] = "31/31/2013"                       // not a date
	rows[8][7] = "Maybe"                            // neither yes nor no
	rows[9][5], rows[9][4] = "1/1/2013", "2/1/2013" // due before issue
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	check(w.WriteAll(rows))
	check(os.WriteFile("missing-required.csv", b.Bytes(), 0o644))
}

// broken files: a truncated workbook, an empty file, a binary file named
// .csv, a legacy .xls header, an OpenDocument sheet and a password-protected
// workbook (an OLE2 container holding EncryptedPackage).
func broken() {
	x, err := os.ReadFile("ibm.xlsx")
	check(err)
	check(os.WriteFile("truncated.xlsx", x[:len(x)/2], 0o644))
	check(os.WriteFile("empty.csv", nil, 0o644))
	icon, err := os.ReadFile("../../assets/icon/icon.png")
	check(err)
	check(os.WriteFile("binary.csv", icon[:4096], 0o644))
	ole := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 504)...)
	check(os.WriteFile("legacy.xls", ole, 0o644))
	enc := append(append([]byte(nil), ole...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")...)
	check(os.WriteFile("protected.xlsx", enc, 0o644))
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	m, _ := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	m.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	c, _ := z.Create("content.xml")
	c.Write([]byte("<office:document-content/>"))
	check(z.Close())
	check(os.WriteFile("sheet.ods", b.Bytes(), 0o644))
}

// payments is a payment list in English with a tab delimiter: one names its
// invoice, one pays the oldest, one is for a client with nothing open.
func payments() {
	text := "Payment date\tCustomer ID\tInvoice\tAmount paid\tReference\n" +
		"2013-02-10\t0379-NEVHP\t0000611365\t20.00\tTR-1\n" +
		"2013-02-11\t0379-NEVHP\t\t30.00\tTR-2\n" +
		"2013-02-12\t9999-NEWCO\t\t15.50\tTR-3\n"
	check(os.WriteFile("payments.tsv", []byte(text), 0o644))
}
