package importers

import (
	"context"
	"path/filepath"
	"strings"

	"cartera/data"
	"cartera/data/sqlite"
)

// Kind is what the rows of a file are.
type Kind string

const (
	KindInvoices Kind = "invoices" // a ledger of invoices, with or without what was paid
	KindPayments Kind = "payments" // a list of payments received
	KindClients  Kind = "clients"  // a list of clients
)

// ParseKind reads "invoices", "payments" or "clients"; "" is detect.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case "", KindInvoices, KindPayments, KindClients:
		return k, nil
	}
	return "", data.Errorf(data.EINVALID, "Unknown kind of file %q: use invoices, payments or clients.", s)
}

// Options control an import; the zero value detects everything.
type Options struct {
	Sheet       string    // "" = the first visible sheet
	Kind        Kind      // "" = decided from the columns
	Mapping     []Field   // a field per header column; nil = a saved mapping for these headers, else automatic
	MappingName string    // a saved mapping to use; a real import saves its mapping under this name (default: the file's name)
	DateOrder   DateOrder // "" = decided per column from its values
	SkipBadRows bool      // import the good rows when some have errors
	DryRun      bool      // work everything out, then change nothing
	Progress    func(Progress)
	// Guard runs first inside the import's transaction (which holds the
	// write lock): an error stops the import. Record runs last, in the same
	// transaction, when the rows are saved: the import and its history
	// are committed together or not at all.
	Guard  func(tx *sqlite.Tx) error
	Record func(tx *sqlite.Tx, res Result) error
}

// Progress is how far an import has gone.
type Progress struct {
	Rows     int     // rows read so far
	Fraction float64 // 0-1 through the file, or -1 when unknown
}

// Column is one column of the file and what Cartera reads in it.
type Column struct {
	Header    string
	Field     Field
	DateOrder DateOrder // date fields: the order text dates are read in
	Guessed   bool      // date fields: the values did not settle the order; the company's locale did
}

// Layout is what Cartera found in a file before importing it.
type Layout struct {
	File        string // base name, for messages
	Sheet       string
	HeaderRow   int // 1-based row number of the header
	Columns     []Column
	Kind        Kind
	MappingName string     // the saved mapping applied; "" when mapped automatically
	Sample      [][]string // the first rows below the header
	Notes       []error    // things the user should know before importing
}

// Fields reports the field of each column.
func (l Layout) Fields() []Field {
	fs := make([]Field, len(l.Columns))
	for i, c := range l.Columns {
		fs[i] = c.Field
	}
	return fs
}

// index maps each mapped field to its column.
func (l Layout) index() map[Field]int {
	m := map[Field]int{}
	for i, c := range l.Columns {
		if c.Field != Ignore {
			m[c.Field] = i
		}
	}
	return m
}

const (
	sampleRows = 20    // rows shown in the preview
	detectRows = 10000 // rows that decide date orders and decimal points
)

// Inspect reads the start of a sheet and says how it would be imported: the
// header row, each column's field and date order, and a sample.
func Inspect(ctx context.Context, store *sqlite.Store, book *Book, opts Options) (Layout, error) {
	var rows [][]string
	var first int
	err := book.Rows(ctx, opts.Sheet, func(n int, cells []string, _ float64) error {
		if len(rows) == 0 {
			first = n
		}
		rows = append(rows, append([]string(nil), cells...))
		if len(rows) >= headerRowsScanned+detectRows {
			return errStop
		}
		return nil
	})
	if err != nil {
		return Layout{}, err
	}
	company, err := store.Company(ctx)
	if err != nil {
		return Layout{}, err
	}
	l, err := plan(ctx, store, book, opts, company, rows, first)
	if err != nil {
		return l, err
	}
	h := l.HeaderRow - first + 1
	l.Sample = rows[h:min(len(rows), h+sampleRows)]
	if book.IsSpreadsheet() { // date cells arrive as serial numbers: show them as dates
		for i, c := range l.Columns {
			if !isDateField(c.Field) {
				continue
			}
			for _, r := range l.Sample {
				if i < len(r) && isRawNumber(r[i]) {
					if d, err := parseDate(r[i], c.DateOrder, book.date1904); err == nil {
						r[i] = d.String()
					}
				}
			}
		}
	}
	return l, nil
}

// plan works out the layout from the first rows of a sheet (rows[0] is row
// number first).
func plan(ctx context.Context, store *sqlite.Store, book *Book, opts Options, company data.Company, rows [][]string, first int) (Layout, error) {
	l := Layout{File: filepath.Base(book.Path), Sheet: opts.Sheet}
	if l.Sheet == "" {
		l.Sheet = book.Sheets[0]
	}
	h := findHeader(rows)
	if h < 0 {
		if len(rows) == 0 {
			return l, data.Errorf(data.EINVALID, "%s has no rows.", l.File)
		}
		return l, data.Errorf(data.EINVALID, "%s: no header row was found in the first %d rows. The columns need names such as Invoice, Client, Date and Amount.", l.File, headerRowsScanned)
	}
	l.HeaderRow = first + h
	headers := trimRow(rows[h])
	fields, err := chooseMapping(ctx, store, &l, opts, headers)
	if err != nil {
		return l, err
	}
	for i, hd := range headers {
		l.Columns = append(l.Columns, Column{Header: strings.TrimSpace(hd), Field: fields[i]})
	}
	l.Kind = opts.Kind
	if l.Kind == "" {
		l.Kind = detectKind(l.index())
	}
	if err := checkRequired(l); err != nil {
		return l, err
	}
	locale := data.LocaleFor(company.Locale)
	for i := range l.Columns {
		c := &l.Columns[i]
		if !isDateField(c.Field) {
			continue
		}
		if opts.DateOrder != "" {
			c.DateOrder = opts.DateOrder
			continue
		}
		c.DateOrder, c.Guessed = columnDateOrder(rows[h+1:], i, localeOrder(locale))
		if c.Guessed {
			l.Notes = append(l.Notes, data.Errorf(data.EINVALID, "Column %s: every date could be day/month or month/day; they are read as %s, as the company's locale writes them. Choose another date order if that is wrong.", c.Header, orderExample(c.DateOrder)))
		}
	}
	if len(rows) <= h+1 {
		l.Notes = append(l.Notes, data.Errorf(data.EINVALID, "There are no rows below the header."))
	}
	return l, nil
}

// orderExample shows a date order as people recognise it.
func orderExample(o DateOrder) string {
	switch o {
	case MDY:
		return "MM/DD/YYYY"
	case YMD:
		return "YYYY-MM-DD"
	}
	return "DD/MM/YYYY"
}

func isDateField(f Field) bool { return f == IssueDate || f == DueDate || f == PaidDate }

// chooseMapping picks the mapping: the caller's, a saved one named in opts,
// the one saved for these headers, or the automatic one.
func chooseMapping(ctx context.Context, store *sqlite.Store, l *Layout, opts Options, headers []string) ([]Field, error) {
	fields := make([]Field, len(headers))
	var cols []string
	switch {
	case opts.Mapping != nil:
		copy(fields, opts.Mapping)
		return fields, checkDuplicates(fields, headers)
	case opts.MappingName != "":
		m, err := store.Mapping(ctx, opts.MappingName)
		if err != nil {
			if data.ErrorCode(err) == data.ENOTFOUND {
				break // a new name: map automatically, save under it
			}
			return nil, err
		}
		if m.HeaderKey != headerKey(headers) {
			return nil, data.Errorf(data.EINVALID, "The saved mapping %s was made for a file with other columns.", m.Name)
		}
		cols, l.MappingName = m.Columns, m.Name
	default:
		m, ok, err := store.MappingForHeaders(ctx, headerKey(headers))
		if err != nil {
			return nil, err
		}
		if ok && m.Kind != MappingKindBank {
			cols, l.MappingName = m.Columns, m.Name
		}
	}
	if l.MappingName == "" {
		return autoMap(headers), nil
	}
	return savedFields(cols, len(headers)), nil
}

// savedFields reads a saved mapping's columns as the fields of n columns
// (a field name Cartera no longer knows, or a column past the saved ones,
// is ignored).
func savedFields(cols []string, n int) []Field {
	fields := make([]Field, n)
	for i := range fields {
		if i < len(cols) {
			if f, ok := ParseField(cols[i]); ok {
				fields[i] = f
			}
		}
	}
	return fields
}

func checkDuplicates(fields []Field, headers []string) error {
	seen := map[Field]int{}
	for i, f := range fields {
		if f == Ignore {
			continue
		}
		if j, dup := seen[f]; dup {
			return data.Errorf(data.EINVALID, "Columns %s and %s are both mapped to the same field; choose one.", headers[j], headers[i])
		}
		seen[f] = i
	}
	return nil
}

// detectKind tells a payment list or a client list from an invoice ledger.
func detectKind(idx map[Field]int) Kind {
	has := func(f Field) bool { _, ok := idx[f]; return ok }
	switch {
	case !has(Amount) && !has(PaidAmount) && !has(InvoiceNumber):
		return KindClients
	case has(PaidDate) && !has(IssueDate) && !has(DueDate):
		return KindPayments
	}
	return KindInvoices
}

// checkRequired says which required column is missing for the kind of file.
func checkRequired(l Layout) error {
	idx := l.index()
	has := func(fs ...Field) bool {
		for _, f := range fs {
			if _, ok := idx[f]; ok {
				return true
			}
		}
		return false
	}
	if !has(ClientCode, ClientName, TaxID) {
		return data.Errorf(data.EINVALID, "No column says who the client is (a client code, name or tax ID); choose one in the mapping.")
	}
	switch l.Kind {
	case KindInvoices:
		switch {
		case !has(InvoiceNumber):
			return data.Errorf(data.EINVALID, "No column holds the invoice number; choose one in the mapping.")
		case !has(IssueDate):
			return data.Errorf(data.EINVALID, "No column holds the invoice date; choose one in the mapping.")
		case !has(Amount):
			return data.Errorf(data.EINVALID, "No column holds the invoice amount; choose one in the mapping.")
		}
	case KindPayments:
		switch {
		case !has(PaidDate, IssueDate):
			return data.Errorf(data.EINVALID, "No column holds the payment date; choose one in the mapping.")
		case !has(PaidAmount, Amount):
			return data.Errorf(data.EINVALID, "No column holds the amount paid; choose one in the mapping.")
		}
	}
	return nil
}
