package importers

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cartera/data"
	"cartera/data/sqlite"
)

// Columns of bank statements exported as CSV or spreadsheets. Amount,
// Balance, Reference and Currency are the ledger's fields, read the same way.
const (
	BookingDate   Field = "booking_date"
	ValueDate     Field = "value_date"
	Description   Field = "description"
	CreditAmount  Field = "credit"
	DebitAmount   Field = "debit"
	Payer         Field = "payer"
	TransactionID Field = "transaction_id"
)

// StatementFields lists the fields of a bank statement in the order a
// mapping shows them.
var StatementFields = []Field{BookingDate, ValueDate, Description, Reference, Amount, CreditAmount, DebitAmount,
	Balance, Payer, TransactionID, Currency}

// MappingKindBank marks saved mappings of bank statements: one per bank.
const MappingKindBank = "bank"

func init() {
	for f, l := range map[Field]string{BookingDate: "Booking date", ValueDate: "Value date", Description: "Description",
		CreditAmount: "Credit (money in)", DebitAmount: "Debit (money out)", Payer: "Payer", TransactionID: "Transaction ID"} {
		fieldLabels[f] = l
	}
}

// bankVocab names the columns Spanish and English banks export.
var bankVocab = newVocab(map[Field][]string{
	BookingDate: {"fecha", "fecha operacion", "fecha de operacion", "f operacion", "fecha contable", "fecha movimiento",
		"fecha apunte", "date", "booking date", "transaction date", "posting date", "posted", "fecha de la operacion"},
	ValueDate:   {"fecha valor", "f valor", "value date", "valuta"},
	Description: {"concepto", "descripcion", "description", "detalle", "movimiento", "details", "narrative", "texto", "memo", "concepto comun", "concepto propio"},
	Reference:   {"referencia", "reference", "ref", "referencia 1", "referencia 2", "mas datos", "observaciones", "remittance information", "informacion adicional"},
	Amount:      {"importe", "amount", "monto", "cantidad", "importe eur", "amount eur", "valor", "importe euros"},
	CreditAmount: {"abono", "abonos", "ingreso", "ingresos", "haber", "credit", "credits", "paid in", "deposit", "deposits",
		"money in", "entrada", "entradas"},
	DebitAmount: {"cargo", "cargos", "debe", "gasto", "gastos", "debit", "debits", "paid out", "withdrawal", "withdrawals",
		"money out", "salida", "salidas"},
	Balance:       {"saldo", "balance", "saldo disponible", "running balance", "saldo contable", "saldo tras la operacion"},
	Payer:         {"ordenante", "remitente", "payer", "from", "counterparty", "contrapartida", "nombre ordenante", "name", "nombre", "beneficiario ordenante"},
	TransactionID: {"id", "transaction id", "id transaccion", "numero de operacion", "n operacion", "no operacion", "referencia bancaria", "fitid", "id operacion"},
	Currency:      {"divisa", "moneda", "currency", "ccy"},
})

// StatementOptions control how a bank statement is read.
type StatementOptions struct {
	Bank      string           // the bank's saved mapping to use (and save under); "" = the one saved for these headers, else automatic
	Mapping   []Field          // a field per header column, overriding any saved mapping
	Columns   map[string]Field // fields for some columns by header (case and accents ignored), over the rest
	DateOrder DateOrder        // "" = decided per column from its values
}

// StatementLine is one movement of a bank statement.
type StatementLine struct {
	Row                    int
	Date                   data.Date
	Amount                 data.Money // positive: money in; negative: money out
	Description, Reference string
	Payer, TransactionID   string
	Balance                string // the running balance in minor units, "" when the file has none
}

// Statement is a bank statement read from a CSV or spreadsheet file.
type Statement struct {
	File      string
	HeaderRow int
	Columns   []Column
	Bank      string // the saved mapping applied, or the name it is saved under
	Lines     []StatementLine
	Sample    [][]string // the first rows below the header, for a mapping preview
}

// maxStatementRows bounds what a statement file may hold; statementSample
// rows below the header are kept for a mapping preview.
const (
	maxStatementRows = 500000
	statementSample  = 5
)

// widestRow is the header a table without known column names most likely
// has: among the first rows, the first with the most filled cells (title
// lines above a table fill one or two). -1 when all are blank.
func widestRow(rows [][]string) int {
	best, most := -1, 0
	for i, r := range rows[:min(len(rows), headerRowsScanned)] {
		n := 0
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				n++
			}
		}
		if n > most {
			best, most = i, n
		}
	}
	return best
}

// trimRow drops the empty cells at the end of a row.
func trimRow(r []string) []string {
	for len(r) > 0 && strings.TrimSpace(r[len(r)-1]) == "" {
		r = r[:len(r)-1]
	}
	return r
}

// ReadStatement reads every movement of a bank statement. A row that cannot
// be read makes the whole file fail, with the file, row and column named.
func ReadStatement(ctx context.Context, store *sqlite.Store, book *Book, opts StatementOptions) (Statement, error) {
	st := Statement{File: filepath.Base(book.Path)}
	var rows [][]string
	var first int
	err := book.Rows(ctx, "", func(n int, cells []string, _ float64) error {
		if len(rows) == 0 {
			first = n
		}
		if len(rows) >= maxStatementRows {
			return data.Errorf(data.EINVALID, "%s has more than %d rows; split the statement by month.", st.File, maxStatementRows)
		}
		rows = append(rows, append([]string(nil), cells...))
		return nil
	})
	if err != nil {
		return st, err
	}
	company, err := store.Company(ctx)
	if err != nil {
		return st, err
	}
	h := bankVocab.findHeader(rows)
	if h < 0 {
		h, err = knownHeader(ctx, store, rows, opts)
		if err != nil {
			return st, err
		}
	}
	if h < 0 {
		// Offer the likeliest header, every column unmapped, so a mapping
		// can be chosen by hand.
		if i := widestRow(rows); i >= 0 {
			st.HeaderRow = first + i
			for _, hd := range trimRow(rows[i]) {
				st.Columns = append(st.Columns, Column{Header: strings.TrimSpace(hd)})
			}
			st.Sample = rows[i+1 : min(len(rows), i+1+statementSample)]
		}
		return st, data.Errorf(data.EINVALID, "%s: no header row was found in the first %d rows. A bank statement needs columns such as Fecha, Concepto and Importe.", st.File, headerRowsScanned)
	}
	st.HeaderRow = first + h
	headers := trimRow(rows[h])
	st.Sample = rows[h+1 : min(len(rows), h+1+statementSample)]
	fields, err := st.chooseMapping(ctx, store, opts, headers)
	if err != nil {
		return st, err
	}
	for i, hd := range headers {
		st.Columns = append(st.Columns, Column{Header: strings.TrimSpace(hd), Field: fields[i]})
	}
	idx := Layout{Columns: st.Columns}.index()
	dateField := BookingDate // else the value date
	if !hasField(idx, BookingDate) {
		dateField = ValueDate
	}
	dateCol, ok := idx[dateField]
	if !ok {
		return st, data.Errorf(data.EINVALID, "%s: no column holds the date of each movement; choose one in the mapping.", st.File)
	}
	hasAmount := hasField(idx, Amount)
	if !hasAmount && !hasField(idx, CreditAmount) {
		return st, data.Errorf(data.EINVALID, "%s: no column holds the amount of each movement; choose one in the mapping.", st.File)
	}
	body := rows[h+1:]
	// Each date column's order and each amount column's decimal point come from its values.
	locale := data.LocaleFor(company.Locale)
	amounts := map[int]data.Locale{}
	for i := range st.Columns {
		c := &st.Columns[i]
		switch c.Field {
		case BookingDate, ValueDate:
			c.DateOrder = opts.DateOrder
			if c.DateOrder == "" {
				c.DateOrder, c.Guessed = columnDateOrder(body, i, localeOrder(locale))
			}
		case Amount, CreditAmount, DebitAmount, Balance:
			amounts[i] = columnLocale(body, i, locale)
		}
	}
	cell := func(r []string, f Field) (string, int) {
		i, ok := idx[f]
		if !ok || i >= len(r) {
			return "", -1
		}
		return strings.TrimSpace(r[i]), i
	}
	var bad error // the first row that cannot be read
	fail := func(row, col int, err error) {
		if bad == nil {
			bad = data.Errorf(data.EINVALID, "%s, row %d, column %s: %v Nothing was saved; correct the file and import it again.", st.File, row, st.Columns[col].Header, err)
		}
	}
	raw := func(s string) bool { return book.IsSpreadsheet() && isRawNumber(s) }
	for k, r := range body {
		row := st.HeaderRow + 1 + k
		if blank(r) {
			continue
		}
		cur := company.Currency
		if c, _ := cell(r, Currency); len(c) == 3 {
			cur = strings.ToUpper(c)
		}
		money := func(f Field) (data.Money, bool) {
			s, i := cell(r, f)
			if s == "" {
				return data.Money{}, false
			}
			m, err := parseAmount(s, amounts[i], cur, raw(s))
			if err != nil {
				fail(row, i, err)
				return m, false
			}
			return m, true
		}
		ds, _ := cell(r, dateField)
		amt, hasAmt := money(Amount)
		if !hasAmount {
			in, okIn := money(CreditAmount)
			out, okOut := money(DebitAmount)
			if out.Amount > 0 {
				out.Amount = -out.Amount // a debit column written positive is money out
			}
			amt, hasAmt = data.M(in.Amount+out.Amount, cur), okIn || okOut
		}
		if ds == "" {
			if hasAmt {
				fail(row, dateCol, data.Errorf(data.EINVALID, "The movement has no date."))
			}
			continue // a title, subtotal or closing-balance line
		}
		d, err := parseDate(ds, st.Columns[dateCol].DateOrder, book.date1904)
		if err != nil {
			fail(row, dateCol, err)
			continue
		}
		if !hasAmt {
			_, i := cell(r, Amount)
			if i < 0 {
				_, i = cell(r, CreditAmount)
			}
			fail(row, max(i, dateCol), data.Errorf(data.EINVALID, "The movement has no amount."))
			continue
		}
		line := StatementLine{Row: row, Date: d, Amount: data.M(amt.Amount, cur)}
		line.Description, _ = cell(r, Description)
		line.Reference, _ = cell(r, Reference)
		line.Payer, _ = cell(r, Payer)
		id, _ := cell(r, TransactionID)
		line.TransactionID = parseID(id)
		if b, ok := money(Balance); ok {
			line.Balance = strconv.FormatInt(b.Amount, 10)
		}
		st.Lines = append(st.Lines, line)
	}
	return st, bad
}

// knownHeader finds a header row the vocabulary does not know: the widest
// row when the caller maps every column, the row holding the columns the
// caller names, else a row a bank's saved mapping was made for. -1 when
// there is none.
func knownHeader(ctx context.Context, store *sqlite.Store, rows [][]string, opts StatementOptions) (int, error) {
	if opts.Mapping != nil {
		return widestRow(rows), nil
	}
	if len(opts.Columns) > 0 { // the row that holds every column named
	rows:
		for i, r := range rows[:min(len(rows), headerRowsScanned)] {
			have := map[string]bool{}
			for _, c := range r {
				have[Fold(c)] = true
			}
			for h := range opts.Columns {
				if !have[Fold(h)] {
					continue rows
				}
			}
			return i, nil
		}
	}
	saved, err := store.Mappings(ctx)
	if err != nil {
		return -1, err
	}
	keys := map[string]bool{}
	for _, m := range saved {
		if m.Kind == MappingKindBank && (opts.Bank == "" || m.Name == opts.Bank) {
			keys[m.HeaderKey] = true
		}
	}
	for i, r := range rows[:min(len(rows), headerRowsScanned)] {
		if keys[headerKey(trimRow(r))] {
			return i, nil
		}
	}
	return -1, nil
}

func hasField(idx map[Field]int, f Field) bool { _, ok := idx[f]; return ok }

// chooseMapping picks the statement's mapping: the caller's, the bank's
// saved one, the one saved for these headers, or the automatic one.
func (st *Statement) chooseMapping(ctx context.Context, store *sqlite.Store, opts StatementOptions, headers []string) ([]Field, error) {
	fields, err := st.baseMapping(ctx, store, opts, headers)
	if err != nil || len(opts.Columns) == 0 {
		return fields, err
	}
	by := map[string]Field{}
	for h, f := range opts.Columns {
		by[Fold(h)] = f
	}
	seen := map[string]bool{}
	for i, h := range headers {
		if f, ok := by[Fold(h)]; ok {
			for j := range fields { // a field named here leaves the column it had
				if fields[j] == f && f != Ignore {
					fields[j] = Ignore
				}
			}
			fields[i], seen[Fold(h)] = f, true
		}
	}
	for h := range opts.Columns {
		if !seen[Fold(h)] {
			return nil, data.Errorf(data.EINVALID, "%s has no column called %s.", st.File, h)
		}
	}
	return fields, checkDuplicates(fields, headers)
}

func (st *Statement) baseMapping(ctx context.Context, store *sqlite.Store, opts StatementOptions, headers []string) ([]Field, error) {
	st.Bank = strings.TrimSpace(opts.Bank)
	if opts.Mapping != nil {
		fields := make([]Field, len(headers))
		copy(fields, opts.Mapping)
		return fields, checkDuplicates(fields, headers)
	}
	var saved data.ImportMapping
	found := false
	if st.Bank != "" {
		m, err := store.Mapping(ctx, st.Bank)
		switch {
		case data.ErrorCode(err) == data.ENOTFOUND:
		case err != nil:
			return nil, err
		case m.Kind != MappingKindBank || m.HeaderKey != headerKey(headers):
			return nil, data.Errorf(data.EINVALID, "The saved mapping %s was made for a file with other columns.", m.Name)
		default:
			saved, found = m, true
		}
	} else {
		m, ok, err := store.MappingForHeaders(ctx, headerKey(headers))
		if err != nil {
			return nil, err
		}
		if ok && m.Kind == MappingKindBank {
			saved, found, st.Bank = m, true, m.Name
		}
	}
	if !found {
		return bankVocab.autoMap(headers), nil
	}
	return savedFields(saved.Columns, len(headers)), nil
}

// ParseStatementColumns reads column choices written "Header=field,…"
// (fields as StatementFields name them, or "ignore").
func ParseStatementColumns(s string) (map[string]Field, error) {
	out := map[string]Field{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		h, f, ok := strings.Cut(pair, "=")
		f = strings.TrimSpace(f)
		if !ok || strings.TrimSpace(h) == "" {
			return nil, data.Errorf(data.EINVALID, "Write each column as Header=field, not %q.", pair)
		}
		if f == "ignore" {
			out[strings.TrimSpace(h)] = Ignore
			continue
		}
		if !slices.Contains(StatementFields, Field(f)) {
			var names []string
			for _, sf := range StatementFields {
				names = append(names, string(sf))
			}
			return nil, data.Errorf(data.EINVALID, "%q is not a column of bank statements; use one of: %s, ignore.", f, strings.Join(names, ", "))
		}
		out[strings.TrimSpace(h)] = Field(f)
	}
	return out, nil
}

// SaveStatementMapping keeps the statement's column mapping under its
// bank's name (the file's name when none was given), so the next statement
// of that bank is read the same way. It returns the name.
func SaveStatementMapping(tx *sqlite.Tx, st Statement) (string, error) {
	name := st.Bank
	if name == "" {
		name = strings.TrimSuffix(st.File, filepath.Ext(st.File))
	}
	headers := make([]string, len(st.Columns))
	cols := make([]string, len(st.Columns))
	for i, c := range st.Columns {
		headers[i], cols[i] = c.Header, string(c.Field)
	}
	return name, tx.SaveMapping(data.ImportMapping{Name: name, HeaderKey: headerKey(headers), Kind: MappingKindBank, Columns: cols})
}
