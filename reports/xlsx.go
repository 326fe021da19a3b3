package reports

import (
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cartera/assets"
	"cartera/data"
)

// CellKind is how an export column's values are written.
type CellKind int

const (
	TextCell    CellKind = iota // strings, written as text: never run as a formula
	MoneyCell                   // int64 minor units, written as a number in major units
	DateCell                    // data.Date, written as a real date
	IntCell                     // int or int64
	DecimalCell                 // float64, one decimal
	PercentCell                 // float64 between 0 and 1
)

// Col is one column of an exported sheet.
type Col struct {
	Title string // already translated
	Kind  CellKind
}

// Table is what an export writes: a sheet with a header row and rows
// coming one at a time (so a million invoices stream through).
type Table struct {
	Sheet string
	Cols  []Col
	// Next returns the next row (one value per column; nil for an empty
	// cell) and false at the end.
	Next func() ([]any, bool, error)
}

// WriteXLSX writes tables as one workbook: each with its header row frozen,
// an autofilter, column widths fitted to the first rows, money with two
// decimals (the currency's), dates in the locale's order.
func WriteXLSX(w io.Writer, loc data.Locale, currency string, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	digits := data.CurrencyDigits(currency)
	moneyFmt := "#,##0"
	if digits > 0 {
		moneyFmt += "." + strings.Repeat("0", digits)
	}
	dateFmt := strings.NewReplacer("02", "dd", "01", "mm", "2006", "yyyy").Replace(loc.DateLayout)
	styles := map[CellKind]int{}
	for kind, fmt := range map[CellKind]string{MoneyCell: moneyFmt, DateCell: dateFmt, IntCell: "0", DecimalCell: "0.0", PercentCell: "0.0%"} {
		code := fmt
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return exportErr(err)
		}
		styles[kind] = id
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF2F1"}}})
	if err != nil {
		return exportErr(err)
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
				return exportErr(err)
			}
		} else if _, err := f.NewSheet(t.Sheet); err != nil {
			return exportErr(err)
		}
		if err := writeTable(f, t, styles, head, digits); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return exportErr(err)
	}
	return nil
}

func exportErr(err error) error {
	return data.Wrap(err, data.EINTERNAL, "The spreadsheet could not be written.")
}

// widthRows is how many rows the column widths are fitted to.
const widthRows = 500

func writeTable(f *excelize.File, t Table, styles map[CellKind]int, head, digits int) error {
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return exportErr(err)
	}
	widths := make([]int, len(t.Cols))
	header := make([]any, len(t.Cols))
	for i, c := range t.Cols {
		header[i] = excelize.Cell{Value: c.Title, StyleID: head}
		widths[i] = utf8.RuneCountInString(c.Title) + 2
	}
	// Widths must be set before the rows: fit them to the first rows, kept.
	var first [][]any
	for len(first) < widthRows {
		r, ok, err := t.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		first = append(first, r)
		for i, v := range r {
			widths[i] = max(widths[i], cellWidth(t.Cols[i].Kind, v, digits))
		}
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(w, 60))); err != nil {
			return exportErr(err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return exportErr(err)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return exportErr(err)
	}
	n := 1
	write := func(r []any) error {
		n++
		cells := make([]any, len(r))
		for i, v := range r {
			cells[i] = cellValue(t.Cols[i].Kind, v, digits, styles)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, cells); err != nil {
			return exportErr(err)
		}
		return nil
	}
	for _, r := range first {
		if err := write(r); err != nil {
			return err
		}
	}
	for {
		r, ok, err := t.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := write(r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return exportErr(err)
	}
	last, _ := excelize.CoordinatesToCellName(len(t.Cols), max(n, 2))
	if err := f.AutoFilter(t.Sheet, "A1:"+last, nil); err != nil {
		return exportErr(err)
	}
	return nil
}

// cellValue is what a value is written as. Text stays text (a client named
// "=HYPERLINK(…)" is not a formula); money becomes major units.
func cellValue(kind CellKind, v any, digits int, styles map[CellKind]int) any {
	if v == nil {
		return nil
	}
	switch kind {
	case MoneyCell:
		return excelize.Cell{Value: float64(v.(int64)) / math.Pow10(digits), StyleID: styles[kind]}
	case DateCell:
		d := v.(data.Date)
		if d.IsZero() {
			return nil
		}
		return excelize.Cell{Value: d.Time(), StyleID: styles[kind]}
	case IntCell, DecimalCell, PercentCell:
		return excelize.Cell{Value: v, StyleID: styles[kind]}
	}
	return excelize.Cell{Value: v}
}

// cellWidth is about how many characters a value shows.
func cellWidth(kind CellKind, v any, digits int) int {
	switch kind {
	case TextCell:
		s, _ := v.(string)
		return utf8.RuneCountInString(s) + 2
	case MoneyCell:
		n, _ := v.(int64)
		return len(data.M(n, "").String()) + 4
	case DateCell:
		return 12
	}
	return 10
}

// rowsOf feeds a Table from a slice.
func rowsOf(rows [][]any) func() ([]any, bool, error) {
	i := 0
	return func() ([]any, bool, error) {
		if i >= len(rows) {
			return nil, false, nil
		}
		i++
		return rows[i-1], true, nil
	}
}

// AgingTable is the aging per client: code, name, each bucket, total, the
// money held on account (as a negative figure), the net balance and the
// oldest days overdue. clients gives code and name by ID.
func AgingTable(lang string, a Aging, clients map[int64]data.Client) Table {
	cols := []Col{{assets.T(lang, "Code"), TextCell}, {assets.T(lang, "Client"), TextCell}}
	for _, b := range a.Buckets {
		label := assets.T(lang, "Current")
		if b.From > 0 {
			label = b.Label
		}
		cols = append(cols, Col{label, MoneyCell})
	}
	cols = append(cols, Col{assets.T(lang, "Total"), MoneyCell}, Col{assets.T(lang, "On account"), MoneyCell},
		Col{assets.T(lang, "Net"), MoneyCell}, Col{assets.T(lang, "Oldest (days overdue)"), IntCell})
	var rows [][]any
	for _, ca := range a.Clients {
		c := clients[ca.ClientID]
		r := []any{c.Code, c.Name}
		for _, b := range ca.Buckets {
			r = append(r, b.Amount)
		}
		rows = append(rows, append(r, ca.Total, -ca.OnAccount, ca.Net(), ca.Oldest))
	}
	return Table{Sheet: assets.T(lang, "Aging"), Cols: cols, Next: rowsOf(rows)}
}

// ClientsTable is every client with its position and payment behaviour.
func ClientsTable(lang string, clients []data.Client, bs map[int64]Behaviour) Table {
	cols := []Col{{assets.T(lang, "Code"), TextCell}, {assets.T(lang, "Name"), TextCell}, {assets.T(lang, "Tax ID"), TextCell},
		{assets.T(lang, "Country"), TextCell}, {assets.T(lang, "City"), TextCell}, {assets.T(lang, "Segment"), TextCell},
		{assets.T(lang, "Industry"), TextCell}, {assets.T(lang, "Email"), TextCell}, {assets.T(lang, "Phone"), TextCell},
		{assets.T(lang, "Balance"), MoneyCell}, {assets.T(lang, "Overdue"), MoneyCell}, {assets.T(lang, "Behaviour"), TextCell},
		{assets.T(lang, "Risk"), IntCell}, {assets.T(lang, "Average days to pay"), DecimalCell}, {assets.T(lang, "Average days late"), DecimalCell},
		{assets.T(lang, "Paid late"), PercentCell}, {assets.T(lang, "Invoices paid"), IntCell}, {assets.T(lang, "Credit limit"), MoneyCell},
		{assets.T(lang, "Open orders"), MoneyCell}, {assets.T(lang, "Capacity to pay"), IntCell}, {assets.T(lang, "About the capacity"), TextCell}}
	var rows [][]any
	for _, c := range clients {
		b := bs[c.ID]
		var class any
		if b.Class != "" {
			class = assets.T(lang, string(b.Class))
		}
		first := func(ss []string) any {
			if len(ss) == 0 {
				return nil
			}
			return ss[0]
		}
		rows = append(rows, []any{c.Code, c.Name, c.TaxID, c.Country, c.City, c.Segment, c.Industry, first(c.Emails), first(c.Phones),
			b.Balance, b.Overdue, class, b.Risk, b.AvgDaysToPay, b.AvgDaysLate, b.LateRate, b.Paid, c.CreditLimit,
			c.OpenOrders, capacity(c.CapacityScore), c.CapacityNote})
	}
	return Table{Sheet: assets.T(lang, "Clients"), Cols: cols, Next: rowsOf(rows)}
}

// capacity is a capacity-to-pay score for a sheet: empty when not assessed.
func capacity(score int) any {
	if score == 0 {
		return nil
	}
	return score
}

// InvoicesTable streams invoices from next (the caller pages the store).
func InvoicesTable(lang string, today data.Date, next func() (data.InvoiceRow, bool, error)) Table {
	cols := []Col{{assets.T(lang, "Number"), TextCell}, {assets.T(lang, "Code"), TextCell}, {assets.T(lang, "Client"), TextCell},
		{assets.T(lang, "Issued"), DateCell}, {assets.T(lang, "Due"), DateCell}, {assets.T(lang, "Amount"), MoneyCell},
		{assets.T(lang, "Balance"), MoneyCell}, {assets.T(lang, "Days overdue"), IntCell}, {assets.T(lang, "Disputed"), TextCell},
		{assets.T(lang, "Reference"), TextCell}, {assets.T(lang, "Product"), TextCell}}
	return Table{Sheet: assets.T(lang, "Invoices"), Cols: cols, Next: func() ([]any, bool, error) {
		r, ok, err := next()
		if !ok || err != nil {
			return nil, false, err
		}
		var days, disputed any
		if r.Balance > 0 && today.After(r.DueDate) {
			days = today.DaysSince(r.DueDate)
		}
		if r.Disputed {
			disputed = assets.T(lang, "Yes")
		}
		return []any{r.Number, r.ClientCode, r.ClientName, r.IssueDate, r.DueDate, r.Amount.Amount, r.Balance, days, disputed,
			nonEmpty(r.Reference), nonEmpty(r.Product)}, true, nil
	}}
}

// PaymentsTable streams payments from next: date, client, amount, what
// is applied to invoices and what is held on account.
func PaymentsTable(lang string, next func() (data.PaymentRow, bool, error)) Table {
	cols := []Col{{assets.T(lang, "Date"), DateCell}, {assets.T(lang, "Code"), TextCell}, {assets.T(lang, "Client"), TextCell},
		{assets.T(lang, "Amount"), MoneyCell}, {assets.T(lang, "Applied to invoices"), MoneyCell}, {assets.T(lang, "On account"), MoneyCell},
		{assets.T(lang, "Method"), TextCell}, {assets.T(lang, "Reference"), TextCell}, {assets.T(lang, "Source"), TextCell}}
	return Table{Sheet: assets.T(lang, "Payments"), Cols: cols, Next: func() ([]any, bool, error) {
		p, ok, err := next()
		if !ok || err != nil {
			return nil, false, err
		}
		source := assets.T(lang, "Typed")
		if p.Source == data.Imported {
			source = assets.T(lang, "Imported")
		}
		return []any{p.Date, p.ClientCode, p.ClientName, p.Amount.Amount, p.Applied, p.Amount.Amount - p.Applied,
			nonEmpty(assets.T(lang, data.MethodLabel(p.Method))), nonEmpty(p.Reference), source}, true, nil
	}}
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ReportTable is the KPI report as label and value rows, then its aging.
func ReportTable(lang string, loc data.Locale, r Report) Table {
	t := func(k string, a ...any) string { return assets.T(lang, k, a...) }
	cols := []Col{{t("Figure"), TextCell}, {t("Value"), DecimalCell}, {t("Amount"), MoneyCell}}
	f := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	rows := [][]any{
		{t("As of"), nil, nil},
		{t("Open invoices"), float64(r.OpenInvoices), nil},
		{t("Total receivable"), nil, r.TotalAR},
		{t("Current (not yet due)"), nil, r.CurrentAR},
		{t("Held on account"), nil, r.UnappliedCredit},
		{t("Net receivable"), nil, r.NetAR},
		{t("Credit sales in the period"), nil, r.CreditSales},
		{t("Receivable at the start"), nil, r.BeginningAR},
		{t("DSO (days)"), f(r.DSO), nil},
		{t("Countback DSO (days)"), f(r.CountbackDSO), nil},
		{t("Best possible DSO (days)"), f(r.BPDSO), nil},
		{t("Average days delinquent"), f(r.ADD), nil},
		{t("Collection effectiveness (%)"), f(r.CEI), nil},
		{t("Current share (%)"), f(r.PctCurrent), nil},
		{t("Over 90 days overdue (%)"), f(r.PctOver90), nil},
		{t("Invoices paid in the period"), float64(r.PaidInvoices), nil},
		{t("Average days to pay"), f(r.AvgDaysToPay), nil},
		{t("Weighted days to pay"), f(r.WeightedDaysToPay), nil},
		{t("Average days late"), f(r.AvgDaysLate), nil},
		{t("Overdue clients managed (%)"), f(r.PctClientsManaged), nil},
	}
	rows[0][0] = t("Receivables as of %s (period: %d days)", loc.Date(r.AsOf), r.PeriodDays)
	for _, b := range r.Aging {
		label := t("current")
		if b.From > 0 {
			label = t("%s days overdue", b.Label)
		}
		rows = append(rows, []any{label, float64(b.Invoices), b.Amount})
	}
	return Table{Sheet: t("Report"), Cols: cols, Next: rowsOf(rows)}
}
