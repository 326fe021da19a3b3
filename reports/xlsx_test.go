package reports

import (
	"bytes"
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cartera/data"
)

func TestAgingExportReadsBack(t *testing.T) {
	s := ibmStore(t)
	ctx := context.Background()
	c, _ := s.Company(ctx)
	day := data.MustDate("2013-06-30")
	a, err := AgingAt(ctx, s.DB(), AgingOptions{AsOf: day, Bounds: c.AgingBuckets})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := s.ListClients(ctx, data.ClientQuery{})
	clients := map[int64]data.Client{}
	for _, r := range rows {
		clients[r.ID] = r.Client
	}
	// A client whose name a spreadsheet would run as a formula stays text.
	first := clients[a.Clients[0].ClientID]
	first.Name = `=HYPERLINK("http://x","Ñandú")`
	clients[first.ID] = first
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, data.LocaleFor("es-ES"), "USD", AgingTable("es", a, clients)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if sheet != "Antigüedad de saldos" {
		t.Errorf("sheet %q", sheet)
	}
	got, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if len(got) != len(a.Clients)+1 {
		t.Fatalf("%d rows for %d clients", len(got), len(a.Clients))
	}
	if got[0][0] != "Código" || got[0][2] != "Al corriente" || got[0][3] != "1-30" {
		t.Errorf("header %q", got[0])
	}
	for i, ca := range a.Clients {
		r := got[i+1]
		if r[0] != clients[ca.ClientID].Code {
			t.Errorf("row %d code %q", i, r[0])
		}
		for k, b := range ca.Buckets {
			if r[2+k] == "" && b.Amount == 0 {
				continue
			}
			if v, err := strconv.ParseFloat(r[2+k], 64); err != nil || int64(v*100+0.5) != b.Amount {
				t.Errorf("row %d bucket %d = %q, want %d cents", i, k, r[2+k], b.Amount)
			}
		}
	}
	// Figures are numbers (no type attribute: a number, as Excel writes
	// them); the formula-like name is a string.
	for cell, number := range map[string]bool{"C2": true, "H2": true, "B2": false} {
		typ, _ := f.GetCellType(sheet, cell)
		if isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber; isNumber != number {
			t.Errorf("%s has type %v; number: %v", cell, typ, number)
		}
	}
	if formula, _ := f.GetCellFormula(sheet, "B2"); formula != "" {
		t.Errorf("a client's name became the formula %q", formula)
	}
	if v, _ := f.GetCellValue(sheet, "B2"); v != first.Name {
		t.Errorf("B2 = %q", v)
	}
	panes, _ := f.GetPanes(sheet)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v", panes)
	}
}

func TestInvoicesExportHasRealDates(t *testing.T) {
	rows := []data.InvoiceRow{
		{Invoice: data.Invoice{Number: "F-1", IssueDate: data.MustDate("2025-03-10"), DueDate: data.MustDate("2025-04-09"), Amount: data.M(121000, "EUR")},
			ClientCode: "C1", ClientName: "Peñalver", Balance: 100000},
		{Invoice: data.Invoice{Number: "F-2", IssueDate: data.MustDate("2025-06-01"), DueDate: data.MustDate("2025-07-01"), Amount: data.M(5000, "EUR"), Disputed: true},
			ClientCode: "C1", ClientName: "Peñalver"},
	}
	i := 0
	next := func() (data.InvoiceRow, bool, error) {
		if i == len(rows) {
			return data.InvoiceRow{}, false, nil
		}
		i++
		return rows[i-1], true, nil
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, data.LocaleFor("en-US"), "EUR", InvoicesTable("en", data.MustDate("2025-06-30"), next)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetName(0)
	for _, tc := range []struct{ cell, want string }{
		{"A2", "F-1"}, {"D2", "03/10/2025"}, {"E2", "04/09/2025"}, {"F2", "1,210.00"}, {"G2", "1,000.00"}, {"H2", "82"}, {"I3", "Yes"}, {"H3", ""},
	} {
		if v, _ := f.GetCellValue(sh, tc.cell); v != tc.want {
			t.Errorf("%s = %q, want %q", tc.cell, v, tc.want)
		}
	}
	raw, _ := f.GetCellValue(sh, "D2", excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("D2 is not a date serial: %q", raw)
	}
	if d, _ := excelize.ExcelDateToTime(serial, false); !d.Equal(time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("D2 is %v", d)
	}
}

// The clients export carries the credit figures: limit, open orders and
// the capacity to pay (empty when not assessed).
func TestClientsExportHasCredit(t *testing.T) {
	clients := []data.Client{
		{ID: 1, Code: "C1", Name: "Ñandú", CreditLimit: 500000, OpenOrders: 125050, CapacityScore: 2, CapacityNote: "Tesorería justa"},
		{ID: 2, Code: "C2", Name: "Bright Path"},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, data.LocaleFor("es-ES"), "EUR", ClientsTable("es", clients, map[int64]Behaviour{})); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	head, one, two := got[0], got[1], got[2]
	n := len(head)
	if head[n-4] != "Límite de crédito" || head[n-3] != "Pedidos abiertos" || head[n-2] != "Capacidad de pago" || head[n-1] != "Sobre la capacidad" {
		t.Fatalf("header %q", head)
	}
	if one[n-4] != "5000" || one[n-3] != "1250.5" || one[n-2] != "2" || one[n-1] != "Tesorería justa" {
		t.Errorf("credit cells %q", one[n-4:])
	}
	if len(two) > n-2 && two[n-2] != "" {
		t.Errorf("a client not assessed has capacity %q", two[n-2])
	}
}
