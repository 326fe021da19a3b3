package importers

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"cartera/data"
	"cartera/data/sqlite"
)

// RowError is what is wrong with one row: its number in the sheet, the
// header of the column at fault ("" for the row as a whole) and why.
type RowError struct {
	Row    int
	Column string
	Err    error
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %v", e.Row, e.Err)
	}
	return fmt.Sprintf("row %d, column %s: %v", e.Row, e.Column, e.Err)
}

// Result counts what an import did (or, dry, would do) with the rows.
type Result struct {
	Layout
	DryRun              bool
	Committed           bool // the rows were saved
	Rows                int  // data rows read, blank ones left out
	Added, Updated      int
	Unchanged, Rejected int
	ClientsAdded        int
	PaymentsAdded       int
	CreditNotesAdded    int
	RefundsAdded        int
	Errors              []RowError // the first maxListed rejected rows' errors
	Warnings            []RowError // values that were read but look wrong
	Skipped             int        // blank and total rows left out
	SavedMapping        string     // the name the mapping was saved under
	UndatedPayments     int        // payments dated today because the file gave no date
}

const maxListed = 1000

// bulkCacheMiB is SQLite's page cache during an import: it keeps a big
// import from rewriting the log page by page, and bounds its memory.
const bulkCacheMiB = 64

// ErrCancelled is returned when the context ends an import: nothing was changed.
var ErrCancelled = data.Errorf(data.EINVALID, "The import was cancelled; nothing was changed.")

// errRollback ends the transaction of a dry run or a rejected import.
var errRollback = errors.New("rollback")

// Import reads a whole sheet and records its rows in one transaction. A dry
// run, or a file with bad rows when opts.SkipBadRows is false, changes
// nothing; the Result then says what would have happened. The error is nil
// when the result should be shown, also for a rejected file (check Rejected).
func Import(ctx context.Context, store *sqlite.Store, book *Book, opts Options) (Result, error) {
	company, err := store.Company(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{DryRun: opts.DryRun}
	err = store.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.Bulk(bulkCacheMiB); err != nil {
			return err
		}
		if opts.Guard != nil && !opts.DryRun {
			if err := opts.Guard(tx); err != nil {
				return err
			}
		}
		im := &importer{tx: tx, opts: opts, company: company, book: book, res: &res,
			locale: data.LocaleFor(company.Locale), today: data.Today(store.Clock()),
			numbers: map[string]int{}, paymentRows: map[paymentKey]int{}, claims: map[int64]paidClaim{}}
		if err := im.loadClients(); err != nil {
			return err
		}
		var buf [][]string
		var first int
		ready := false
		start := func() error {
			l, err := plan(ctx, store, book, opts, company, buf, first)
			if err != nil {
				return err
			}
			res.Layout = l
			im.prepare(buf[l.HeaderRow-first+1:])
			for i, r := range buf[l.HeaderRow-first+1:] {
				if err := im.row(l.HeaderRow+1+i, r); err != nil {
					return err
				}
			}
			ready, buf = true, nil
			return nil
		}
		err := readAhead(ctx, book, opts.Sheet, func(n int, cells []string, frac float64) error {
			if !ready {
				if len(buf) == 0 {
					first = n
				}
				buf = append(buf, cells)
				if len(buf) < headerRowsScanned+detectRows {
					return nil
				}
				return start()
			}
			if opts.Progress != nil && res.Rows%progressEvery == 0 {
				opts.Progress(Progress{Rows: res.Rows, Fraction: frac})
			}
			return im.row(n, cells)
		})
		if err == nil && !ready {
			err = start()
		}
		if err == nil {
			err = im.flush()
		}
		if err != nil {
			return err
		}
		if res.Rows == 0 {
			return data.Errorf(data.EINVALID, "%s has a header row but no rows below it.", res.File)
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Rows: res.Rows, Fraction: 1})
		}
		if opts.DryRun || (res.Rejected > 0 && !opts.SkipBadRows) {
			return errRollback
		}
		if err := im.saveMapping(); err != nil {
			return err
		}
		if opts.Record != nil {
			return opts.Record(tx, res)
		}
		return nil
	})
	switch {
	case err == nil:
		res.Committed = true
	case errors.Is(err, errRollback):
		return res, nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), ctx.Err() != nil:
		// Cancelling mid-statement may surface as the driver's own error
		// ("sql: statement is closed"); the transaction rolled back either way.
		return res, ErrCancelled
	}
	return res, err
}

// readAhead reads the sheet in a goroutine of its own, a batch of rows
// ahead, so parsing the file and writing the company file overlap; fn runs
// on the caller's goroutine (the transaction's). Memory stays bounded: at
// most a few batches wait in the channel.
func readAhead(ctx context.Context, book *Book, sheet string, fn rowFunc) error {
	type row struct {
		n     int
		cells []string
	}
	type batch struct {
		rows []row
		frac float64
	}
	const batchRows = 256
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan batch, 4)
	var readErr error
	go func() {
		defer close(ch)
		var cur []row
		send := func(frac float64) error {
			select {
			case ch <- batch{cur, frac}:
				cur = make([]row, 0, batchRows)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		readErr = book.Rows(ctx, sheet, func(n int, cells []string, frac float64) error {
			cur = append(cur, row{n, append([]string(nil), cells...)})
			if len(cur) == batchRows {
				return send(frac)
			}
			return nil
		})
		if readErr == nil && len(cur) > 0 {
			readErr = send(1)
		}
	}()
	for b := range ch {
		for _, r := range b.rows {
			if err := fn(r.n, r.cells, b.frac); err != nil {
				cancel()
				for range ch { // let the reader finish
				}
				return err
			}
		}
	}
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
}

// importer is the state of one import inside its transaction.
type importer struct {
	tx      *sqlite.Tx
	opts    Options
	company data.Company
	locale  data.Locale
	today   data.Date
	book    *Book
	res     *Result

	idx     map[Field]int
	amounts map[int]data.Locale // per amount column: how its decimal point is written

	byCode, byTax, byName map[string]*data.Client

	numbers     map[string]int      // invoice number → the row of the file it was first on
	paymentRows map[paymentKey]int  // identical payment rows read so far (refunds with a negative amount)
	claims      map[int64]paidClaim // what the rows of this file said was paid on each invoice
	group       []*record           // consecutive invoice rows with one number, not yet written
}

// paymentKey is what makes two rows of a payment list the same payment.
type paymentKey struct {
	client int64
	date   data.Date
	amount int64
	ref    string
}

func (im *importer) loadClients() error {
	cs, err := im.tx.Clients()
	if err != nil {
		return err
	}
	im.byCode, im.byTax, im.byName = map[string]*data.Client{}, map[string]*data.Client{}, map[string]*data.Client{}
	for i := range cs {
		im.remember(&cs[i])
	}
	return nil
}

func (im *importer) remember(c *data.Client) {
	im.byCode[c.Code] = c
	if c.TaxID != "" {
		im.byTax[taxKey(c.TaxID)] = c
	}
	im.byName[Fold(c.Name)] = c
}

// taxKey compares tax IDs without spaces, dots and dashes: "B-12.345.678" = "B12345678".
func taxKey(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' || r == '/' {
			return -1
		}
		return r
	}, s))
}

// prepare decides, from the first data rows, how each amount column writes
// its decimal point.
func (im *importer) prepare(rows [][]string) {
	im.idx = im.res.Layout.index()
	im.amounts = map[int]data.Locale{}
	for _, f := range []Field{Amount, PaidAmount, Balance} {
		i, ok := im.idx[f]
		if !ok {
			continue
		}
		im.amounts[i] = columnLocale(rows, i, im.locale)
	}
}

// row imports one data row. Consecutive rows of an invoice ledger with the
// same invoice number are gathered first: they may be its instalments.
func (im *importer) row(n int, cells []string) error {
	if blank(cells) {
		return nil
	}
	r := &record{im: im, row: n, cells: cells}
	if r.isTotal() {
		im.res.Skipped++
		return nil
	}
	im.res.Rows++
	if im.res.Kind != KindPayments && im.res.Kind != KindClients {
		if r.kind = r.kindOf(docInvoice); r.kind == docInvoice {
			number := parseID(r.text(InvoiceNumber))
			if len(im.group) > 0 && number != "" && number == parseID(im.group[0].text(InvoiceNumber)) {
				im.group = append(im.group, r)
				return nil
			}
			if err := im.flush(); err != nil {
				return err
			}
			im.group = []*record{r}
			return nil
		}
	}
	if err := im.flush(); err != nil {
		return err
	}
	var write func() (outcome, error)
	switch im.res.Kind {
	case KindPayments:
		switch r.kindOf(docPayment) {
		case docRefund:
			write = r.refund()
		case docPayment:
			write = r.payment()
		default:
			write = r.wrongKind(data.Errorf(data.EINVALID, "A list of payments holds payments and refunds; import invoices and credit notes as a ledger."))
		}
	case KindClients:
		write = r.client()
	default:
		switch r.kind {
		case docCredit:
			write = r.creditNote()
		case docRefund:
			write = r.refund()
		default:
			write = r.wrongKind(data.Errorf(data.EINVALID, "A ledger holds invoices, credit notes and refunds; import payments as a list of payments."))
		}
	}
	return im.process([]*record{r}, write)
}

// flush imports the invoice rows gathered: one row, or an invoice's
// instalments.
func (im *importer) flush() error {
	rs := im.group
	im.group = nil
	switch len(rs) {
	case 0:
		return nil
	case 1:
		return im.process(rs, rs[0].invoice())
	}
	return im.process(rs, im.instalments(rs))
}

// process writes what rows say (several rows for an invoice's instalments)
// and counts the outcome once per row; any error in them rejects them all.
func (im *importer) process(rs []*record, write func() (outcome, error)) error {
	r := rs[0]
	var errs, warns []RowError
	for _, x := range rs {
		errs = append(errs, x.errs...)
	}
	if len(errs) == 0 {
		// Skipping bad rows needs each row undone on its own; otherwise any
		// bad row rolls the whole import back, so savepoints would only cost.
		var out outcome
		var err error
		if im.opts.SkipBadRows {
			err = im.tx.Savepoint(func() (err error) {
				out, err = write()
				return err
			})
		} else {
			out, err = write()
		}
		if err != nil {
			if errors.Is(err, context.Canceled) || data.ErrorCode(err) == data.EINTERNAL {
				return err
			}
			r.forget()
			errs = append(errs, RowError{Row: r.row, Column: r.errColumn, Err: err})
		} else {
			for _, x := range rs {
				warns = append(warns, x.warns...)
			}
			for _, w := range warns {
				if len(im.res.Warnings) < maxListed {
					im.res.Warnings = append(im.res.Warnings, w)
				}
			}
			k := len(rs)
			switch out {
			case added:
				im.res.Added += k
			case updated:
				im.res.Updated += k
			default:
				im.res.Unchanged += k
			}
			return nil
		}
	}
	im.res.Rejected += len(rs)
	for _, e := range errs {
		if len(im.res.Errors) < maxListed {
			im.res.Errors = append(im.res.Errors, e)
		}
	}
	return nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

type outcome int

const (
	unchanged outcome = iota
	added
	updated
)

func (im *importer) saveMapping() error {
	name := im.opts.MappingName
	if name == "" {
		name = im.res.MappingName
	}
	if name == "" {
		name = strings.TrimSuffix(im.res.File, filepath.Ext(im.res.File))
	}
	var headers []string
	cols := make([]string, len(im.res.Columns))
	for i, c := range im.res.Columns {
		headers = append(headers, c.Header)
		cols[i] = string(c.Field)
	}
	im.res.SavedMapping = name
	return im.tx.SaveMapping(data.ImportMapping{Name: name, HeaderKey: headerKey(headers), Kind: string(im.res.Kind),
		Columns: cols, DateOrder: string(im.opts.DateOrder)})
}

// record is one row being read: its values and what is wrong with them.
type record struct {
	im        *importer
	row       int
	cells     []string
	errs      []RowError
	errColumn string       // the column to blame if writing the row fails
	kind      docKind      // what the row records, once read
	created   *data.Client // the client this row added, forgotten if the row is undone
	warns     []RowError
}

// forget undoes what a failed row added to the importer's lookups.
func (r *record) forget() {
	if c := r.created; c != nil {
		im := r.im
		delete(im.byCode, c.Code)
		delete(im.byTax, taxKey(c.TaxID))
		delete(im.byName, Fold(c.Name))
		im.res.ClientsAdded--
	}
}

func (r *record) cell(f Field) (string, bool) {
	i, ok := r.im.idx[f]
	if !ok || i >= len(r.cells) {
		return "", ok
	}
	return strings.TrimSpace(r.cells[i]), true
}

// text is a field's trimmed value, "" when absent or not mapped.
func (r *record) text(f Field) string {
	s, _ := r.cell(f)
	return s
}

func (r *record) header(f Field) string {
	if i, ok := r.im.idx[f]; ok {
		return r.im.res.Columns[i].Header
	}
	return ""
}

func (r *record) fail(f Field, err error) {
	r.errs = append(r.errs, RowError{Row: r.row, Column: r.header(f), Err: err})
}

// warn notes a doubt about a value; it is reported only if the row is imported.
func (r *record) warn(f Field, err error) {
	r.warns = append(r.warns, RowError{Row: r.row, Column: r.header(f), Err: err})
}

var errRequired = data.Errorf(data.EINVALID, "A value is required here.")

// required reads a text field that must not be empty.
func (r *record) required(f Field) string {
	s := r.text(f)
	if s == "" {
		r.fail(f, errRequired)
	}
	return s
}

// date reads a date field; zero when empty (an error if required).
func (r *record) date(f Field, required bool) data.Date {
	s := r.text(f)
	if s == "" {
		if required {
			r.fail(f, errRequired)
		}
		return data.Date{}
	}
	d, err := parseDate(s, r.im.res.Columns[r.im.idx[f]].DateOrder, r.im.book.date1904)
	if err != nil {
		r.fail(f, err)
	}
	return d
}

// money reads an amount field in the company currency; ok is false when
// empty or wrong (wrong is an error).
func (r *record) money(f Field, required bool) (data.Money, bool) {
	s := r.text(f)
	if s == "" {
		if required {
			r.fail(f, errRequired)
		}
		return data.Money{}, false
	}
	i := r.im.idx[f]
	m, err := parseAmount(s, r.im.amounts[i], r.im.company.Currency, r.im.book.IsSpreadsheet() && isRawNumber(s))
	if err != nil {
		r.fail(f, err)
		return m, false
	}
	return m, true
}

// isTotal recognises a totals line under the table: no client and no
// date, and a first cell such as "Total" or "Suma" (often in the invoice
// number column).
func (r *record) isTotal() bool {
	for _, f := range []Field{ClientCode, ClientName, TaxID, IssueDate, PaidDate} {
		if r.text(f) != "" {
			return false
		}
	}
	for _, c := range r.cells {
		if c = Fold(c); c != "" {
			w := strings.Fields(c)[0]
			return w == "total" || w == "totales" || w == "totals" || w == "suma" || w == "sum" || w == "subtotal"
		}
	}
	return false
}

// checkCurrency refuses a row in another currency than the company's.
func (r *record) checkCurrency() {
	if cur := strings.ToUpper(r.text(Currency)); cur != "" && cur != r.im.company.Currency {
		r.fail(Currency, data.Errorf(data.EINVALID, "The amount is in %s, but this company keeps its accounts in %s.", cur, r.im.company.Currency))
	}
}

// clientFields reads the client a row is about.
func (r *record) clientFields() (code, name, tax string) {
	code, name, tax = parseID(r.text(ClientCode)), r.text(ClientName), r.text(TaxID)
	if code == "" && name == "" && tax == "" {
		f := ClientCode
		if _, ok := r.im.idx[f]; !ok {
			if f = ClientName; r.header(f) == "" {
				f = TaxID
			}
		}
		r.fail(f, errRequired)
	}
	return code, name, tax
}

// findClient looks a client up by code, else tax ID, else name.
func (im *importer) findClient(code, name, tax string) *data.Client {
	switch {
	case code != "":
		return im.byCode[code]
	case tax != "":
		return im.byTax[taxKey(tax)]
	}
	return im.byName[Fold(name)]
}

// newClient builds a client from a row's fields.
func (r *record) newClient(code, name, tax string) *data.Client {
	c := &data.Client{Code: code, Name: name, TaxID: tax, Language: data.LocaleFor(r.im.company.Locale).Lang}
	if c.Code == "" {
		c.Code = tax
	}
	if c.Code == "" {
		c.Code = name
	}
	if c.Name == "" {
		c.Name = c.Code
	}
	r.contactFields(c)
	return c
}

// contactFields copies a row's contact columns into c; changed says whether any differed.
func (r *record) contactFields(c *data.Client) (changed bool) {
	set := func(dst *string, f Field) {
		if v := r.text(f); v != "" && v != *dst {
			*dst, changed = v, true
		}
	}
	setList := func(dst *[]string, f Field) {
		if v := r.text(f); v != "" {
			list := splitList(v)
			if strings.Join(list, "\n") != strings.Join(*dst, "\n") {
				*dst, changed = list, true
			}
		}
	}
	set(&c.Country, Country)
	set(&c.Address, Address)
	set(&c.City, City)
	set(&c.Industry, Industry)
	setList(&c.Emails, Email)
	setList(&c.Phones, Phone)
	if v := r.text(TermsDays); strings.ContainsAny(v, "/") { // instalment terms: 30/60/90
		if _, err := data.ParseTerms(v); err != nil {
			r.fail(TermsDays, err)
		} else if v != c.Terms {
			c.Terms, changed = v, true
		}
	} else if v != "" {
		if n, err := strconv.Atoi(strings.TrimSuffix(Fold(v), " dias")); err == nil && n >= 0 && n <= 365 {
			if n != c.PaymentTermsDays {
				c.PaymentTermsDays, changed = n, true
			}
		} else {
			r.fail(TermsDays, data.Errorf(data.EINVALID, "%q is not a number of days between 0 and 365.", v))
		}
	}
	return changed
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' })
}

// client finds or creates the row's client.
func (r *record) ensureClient(code, name, tax string) (*data.Client, error) {
	if c := r.im.findClient(code, name, tax); c != nil {
		return c, nil
	}
	c := r.newClient(code, name, tax)
	r.errColumn = r.header(ClientCode)
	if err := r.im.tx.CreateClient(c); err != nil {
		return nil, err
	}
	r.im.remember(c)
	r.im.res.ClientsAdded++
	r.created = c
	return c, nil
}

func (im *importer) terms(c *data.Client) int {
	if c.PaymentTermsDays > 0 {
		return c.PaymentTermsDays
	}
	return im.company.PaymentTermsDays
}
