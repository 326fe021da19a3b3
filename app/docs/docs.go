// Package docs makes the documents Cartera sends and the spreadsheets it
// exports, for the command line and the desktop app alike: statements of
// account (one, a folder of them or one combined PDF), reminder letters,
// the aging report, and xlsx exports of aging, clients, invoices and the
// KPI report. Long runs take a context and report progress.
package docs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cartera/app/chase"
	"cartera/app/paths"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// Progress is told how many of total documents are done.
type Progress func(done, total int)

// Statements builds the statements as of asOf (with the activity since
// from, when set) of the clients with the given codes, or of every client
// with something due when codes is empty.
func Statements(ctx context.Context, s *sqlite.Store, c data.Company, asOf, from data.Date, codes ...string) ([]reports.Statement, error) {
	var clients []data.Client
	if len(codes) > 0 {
		for _, code := range codes {
			cl, err := s.ClientByCode(ctx, code)
			if err != nil {
				return nil, data.Errorf(data.ENOTFOUND, "There is no client with the code %q.", code)
			}
			clients = append(clients, cl)
		}
	} else {
		all, err := s.ListClients(ctx, data.ClientQuery{})
		if err != nil {
			return nil, err
		}
		for _, r := range all {
			clients = append(clients, r.Client)
		}
	}
	sts, err := reports.Statements(ctx, s.DB(), c, clients, reports.StatementOptions{AsOf: asOf, From: from})
	if err != nil || len(codes) > 0 {
		return sts, err
	}
	var owing []reports.Statement
	for _, st := range sts {
		if st.Total > 0 {
			owing = append(owing, st)
		}
	}
	return owing, nil
}

// FileName is a statement's file name: "C00042 Farmacia Cortés.pdf", with
// characters that file systems refuse left out.
func FileName(prefix string, c data.Client) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 32 {
			return -1
		}
		return r
	}, c.Code+" "+c.Name)
	if len([]rune(name)) > 80 {
		name = string([]rune(name)[:80])
	}
	// "Olivar S.L." + ".pdf" would read "S.L..pdf"; Windows also drops a
	// name's trailing dots and spaces, so they go before the extension.
	name = strings.TrimRight(strings.TrimSpace(name), ". ")
	return strings.TrimSpace(prefix + " " + name + ".pdf")
}

// FileNames are the statements' file names, one each: clients whose names
// clean to the same text ("A/B", "A:B", "AB" with one code) get " (2)",
// " (3)"… instead of writing over each other.
func FileNames(prefix string, sts []reports.Statement) []string {
	out := make([]string, len(sts))
	seen := map[string]bool{}
	for i, st := range sts {
		name := FileName(prefix, st.Client)
		base := strings.TrimSuffix(name, ".pdf")
		for k := 2; seen[strings.ToLower(name)]; k++ {
			name = fmt.Sprintf("%s (%d).pdf", base, k)
		}
		seen[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// Existing lists the files of names already in dir.
func Existing(dir string, names []string) []string {
	var out []string
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out
}

// WriteFolder writes one PDF per statement into dir, on every core, and
// returns the files written. Cancelling stops it; files already written
// stay (each is complete: written to a temporary name, then renamed).
func WriteFolder(ctx context.Context, dir, prefix string, o paths.Output, created time.Time, sts []reports.Statement, progress Progress) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, data.Errorf(data.EINVALID, "Could not create the folder %s.", dir)
	}
	names := FileNames(prefix, sts)
	if !o.Force { // all or nothing: no statement is written when one would replace a file
		if there := Existing(dir, names); len(there) > 0 {
			return nil, data.Errorf(data.ECONFLICT, "%d of the statements are already in %s (such as %s); choose another folder, or add --force to replace them.",
				len(there), dir, filepath.Base(there[0]))
		}
	}
	files := make([]string, len(sts))
	jobs := make(chan int)
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	fail := func(err error) { once.Do(func() { firstErr = err }) }
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), max(len(sts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range jobs {
				buf.Reset()
				if err := DrawSafely(sts[i].Client, func() error { return reports.StatementPDF(&buf, created, sts[i]) }); err != nil {
					fail(err) // one bad document never stops the others
					continue
				}
				path := filepath.Join(dir, names[i])
				if err := paths.WriteFile(path, buf.Bytes(), o); err != nil {
					fail(err)
					continue
				}
				files[i] = path
				if progress != nil {
					progress(int(done.Add(1)), len(sts))
				}
			}
		}()
	}
feed:
	for i := range sts {
		select {
		case <-ctx.Done():
			break feed
		case jobs <- i:
		}
	}
	close(jobs)
	wg.Wait()
	var out []string
	for _, f := range files {
		if f != "" {
			out = append(out, f)
		}
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	return out, firstErr
}

// WriteCombined writes every statement into one PDF (each from a new page).
func WriteCombined(ctx context.Context, path string, o paths.Output, created time.Time, sts []reports.Statement, progress Progress) error {
	if len(sts) == 0 {
		return data.Errorf(data.EINVALID, "No client owes anything: there is no statement to write.")
	}
	doc := reports.NewStatementDoc(sts[0], created)
	for i, st := range sts {
		if err := ctx.Err(); err != nil {
			return err
		}
		reports.DrawStatement(doc, st)
		if progress != nil {
			progress(i+1, len(sts))
		}
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return data.Wrap(err, data.EINTERNAL, "The PDF could not be written.")
	}
	return paths.WriteFile(path, buf.Bytes(), o)
}

// Letter writes the reminder letter of level to the client with code.
func Letter(ctx context.Context, w io.Writer, s *sqlite.Store, c data.Company, code string, level int, asOf data.Date, created time.Time) error {
	sts, err := Statements(ctx, s, c, asOf, data.Date{}, code)
	if err != nil {
		return err
	}
	if sts[0].Overdue == 0 {
		return data.Errorf(data.EINVALID, "%s has nothing overdue on %s: there is nothing to remind.", sts[0].Client.Name, data.LocaleFor(c.Locale).Date(asOf))
	}
	return reports.LetterPDF(w, created, sts[0], level)
}

// aging is the aging per client as of asOf, with the clients.
func aging(ctx context.Context, s *sqlite.Store, c data.Company, asOf data.Date) (reports.Aging, map[int64]data.Client, error) {
	a, err := reports.AgingAt(ctx, s.DB(), reports.AgingOptions{AsOf: asOf, Bounds: c.AgingBuckets})
	if err != nil {
		return a, nil, err
	}
	clients, err := chase.Clients(ctx, s)
	return a, clients, err
}

// AgingPDF writes the aging report as of asOf.
func AgingPDF(ctx context.Context, w io.Writer, s *sqlite.Store, c data.Company, lang string, asOf data.Date, created time.Time) error {
	a, clients, err := aging(ctx, s, c, asOf)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for id, cl := range clients {
		names[id] = cl.Name
	}
	return reports.AgingPDF(w, created, c, a, names, lang)
}

// Exports are the spreadsheets Cartera writes.
var Exports = []string{"aging", "clients", "invoices", "payments", "report"}

// Export writes the named export (see Exports) as an .xlsx workbook.
func Export(ctx context.Context, w io.Writer, s *sqlite.Store, c data.Company, what, lang string, asOf data.Date) error {
	loc := data.LocaleFor(c.Locale)
	var t reports.Table
	switch what {
	case "aging":
		a, clients, err := aging(ctx, s, c, asOf)
		if err != nil {
			return err
		}
		t = reports.AgingTable(lang, a, clients)
	case "clients":
		rows, err := s.ListClients(ctx, data.ClientQuery{})
		if err != nil {
			return err
		}
		bs, err := reports.Behaviours(ctx, s.DB(), asOf, 0)
		if err != nil {
			return err
		}
		byID := map[int64]reports.Behaviour{}
		for _, b := range bs {
			byID[b.ClientID] = b
		}
		clients := make([]data.Client, len(rows))
		for i, r := range rows {
			clients[i] = r.Client
		}
		t = reports.ClientsTable(lang, clients, byID)
	case "invoices":
		t = reports.InvoicesTable(lang, asOf, invoicePages(ctx, s))
	case "payments":
		t = reports.PaymentsTable(lang, paged(ctx, func(ctx context.Context, offset, limit int) ([]data.PaymentRow, error) {
			return s.ListPayments(ctx, data.PaymentQuery{Offset: offset, Limit: limit})
		}))
	case "report":
		r, err := reports.Compute(ctx, s.DB(), c, reports.ReportOptions{AsOf: asOf})
		if err != nil {
			return err
		}
		t = reports.ReportTable(lang, loc, r)
	default:
		return data.Errorf(data.EINVALID, "Unknown export %q: choose %s.", what, strings.Join(Exports, ", "))
	}
	return reports.WriteXLSX(w, loc, c.Currency, t)
}

// invoicePages reads every invoice, oldest first, a page at a time.
func invoicePages(ctx context.Context, s *sqlite.Store) func() (data.InvoiceRow, bool, error) {
	return paged(ctx, func(ctx context.Context, offset, limit int) ([]data.InvoiceRow, error) {
		return s.ListInvoices(ctx, data.InvoiceQuery{Sort: data.SortInvoiceIssue, Offset: offset, Limit: limit})
	})
}

// paged turns a paged query into one row at a time.
func paged[T any](ctx context.Context, load func(ctx context.Context, offset, limit int) ([]T, error)) func() (T, bool, error) {
	const page = 5000
	var rows []T
	offset, i, end := 0, 0, false
	return func() (T, bool, error) {
		var zero T
		if i == len(rows) {
			if end {
				return zero, false, nil
			}
			var err error
			if rows, err = load(ctx, offset, page); err != nil {
				return zero, false, err
			}
			offset, i, end = offset+len(rows), 0, len(rows) < page
			if len(rows) == 0 {
				return zero, false, nil
			}
		}
		i++
		return rows[i-1], true, nil
	}
}

// ExportName is the file name an export is offered under.
func ExportName(what string, asOf data.Date) string {
	return fmt.Sprintf("cartera-%s-%s.xlsx", what, asOf)
}

// Agreement writes a payment plan's agreement for its client, in the
// client's language, with the invoices as they stood the day it was agreed.
func Agreement(ctx context.Context, w io.Writer, s *sqlite.Store, c data.Company, p data.PaymentPlan, created time.Time) error {
	cl, err := s.Client(ctx, p.ClientID)
	if err != nil {
		return err
	}
	sts, err := Statements(ctx, s, c, p.Agreed, data.Date{}, cl.Code)
	if err != nil {
		return err
	}
	return reports.AgreementPDF(w, created, sts[0], p)
}

// DrawSafely draws one client's document; a panic inside it becomes an
// error naming the client, so a batch goes on with the others.
func DrawSafely(c data.Client, draw func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = data.Errorf(data.EINTERNAL, "The document of %s (%s) could not be drawn: %v. The others were written.", c.Name, c.Code, r)
		}
	}()
	return draw()
}
