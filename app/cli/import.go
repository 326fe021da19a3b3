package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"cartera/app/backup"
	"cartera/app/i18n"
	"cartera/app/remind"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

// parseInterspersed lets flags come before or after the positional arguments:
// `import ledger.xlsx --dry-run` and `import --dry-run ledger.xlsx`.
func (r *runner) parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, r.usage("%s: %v. Run 'cartera help' to see the commands.", fs.Name(), err)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// openStore opens the company file named by --db.
func (r *runner) openStore(ctx context.Context, command string) (*sqlite.Store, error) {
	if r.g.db == "" {
		return nil, r.usage("%s needs a company file: cartera --db FILE %s.", command, command)
	}
	s, err := sqlite.Open(ctx, r.g.db, sqlite.Options{Clock: r.env.Clock})
	if err == nil {
		r.shared = remind.SharedDocs(ctx, s)
	}
	return s, err
}

func runImport(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("import")
	var opts importers.Options
	fs.StringVar(&opts.Sheet, "sheet", "", "")
	kind := fs.String("kind", "", "")
	fs.StringVar(&opts.MappingName, "mapping", "", "")
	order := fs.String("date-order", "", "")
	fs.BoolVar(&opts.DryRun, "dry-run", false, "")
	fs.BoolVar(&opts.SkipBadRows, "skip-bad-rows", false, "")
	again := fs.Bool("again", false, "")
	format := fs.String("format", "text", "")
	pos, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return r.usage("import needs one file: cartera --db FILE import LEDGER.xlsx.")
	}
	if *format != "text" && *format != "json" {
		return r.usage("Unknown format %q: use text or json.", *format)
	}
	if opts.Kind, err = importers.ParseKind(*kind); err != nil {
		return usageError{i18n.Error(r.lang, err)}
	}
	if opts.DateOrder, err = importers.ParseDateOrder(*order); err != nil {
		return usageError{i18n.Error(r.lang, err)}
	}
	store, err := r.openStore(ctx, "import")
	if err != nil {
		return err
	}
	defer store.Close()
	book, err := importers.Open(pos[0])
	if err != nil {
		return err
	}
	defer book.Close()
	if !opts.DryRun && !*again {
		hash, err := backup.Hash(pos[0])
		if err != nil {
			return err
		}
		if prev, seen, err := backup.ImportedBefore(ctx, store, hash); err != nil {
			return err
		} else if seen {
			return data.Errorf(data.EINVALID, "This file was already imported on %s (%s). Import it again with --again.",
				data.LocaleFor(r.lang).Date(data.DateOf(prev.At)), prev.File)
		}
	}
	res, err := backup.Import(ctx, store, pos[0], book, opts, r.env.Clock.Now())
	if err != nil {
		return err
	}
	if *format == "json" {
		r.printImportJSON(res)
	} else {
		r.printImport(res)
	}
	if res.Rejected == 1 && !opts.SkipBadRows {
		return data.Errorf(data.EINVALID, "One row has errors, so nothing was imported. Correct it, or import with --skip-bad-rows to leave it out.")
	}
	if res.Rejected > 0 && !opts.SkipBadRows {
		return data.Errorf(data.EINVALID, "%d rows have errors, so nothing was imported. Correct them, or import with --skip-bad-rows to leave them out.", res.Rejected)
	}
	return nil
}

func (r *runner) printImport(res importers.Result) {
	w := r.env.Stdout
	l := r.lang
	mapping := i18n.T(l, "automatic")
	if res.MappingName != "" {
		mapping = i18n.T(l, "saved mapping %q", res.MappingName)
	}
	r.printf("%s, sheet %q: header on row %d; %s; mapping: %s.", res.File, res.Sheet, res.HeaderRow,
		i18n.T(l, string(res.Kind)), mapping)
	for _, c := range res.Columns {
		if c.Field == importers.Ignore {
			continue
		}
		extra := ""
		if c.DateOrder != "" {
			extra = " (" + string(c.DateOrder) + ")"
		}
		fmt.Fprintf(w, "  %-20s → %s%s\n", c.Header, i18n.T(l, c.Field.Label()), extra)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(w, "  ! "+i18n.Error(l, n))
	}
	if res.DryRun {
		r.printf("Dry run: nothing was changed.")
	}
	r.printf("Rows: %d. Added: %d. Updated: %d. Unchanged: %d. Rejected: %d.", res.Rows, res.Added, res.Updated, res.Unchanged, res.Rejected)
	r.printf("New clients: %d. Payments recorded: %d.", res.ClientsAdded, res.PaymentsAdded)
	if res.CreditNotesAdded > 0 || res.RefundsAdded > 0 {
		r.printf("Credit notes recorded: %d. Refunds recorded: %d.", res.CreditNotesAdded, res.RefundsAdded)
	}
	if res.UndatedPayments > 0 {
		r.printf(i18n.Plural(res.UndatedPayments, "%d payment had no date in the file and is dated today.", "%d payments had no date in the file and are dated today."), res.UndatedPayments)
	}
	if res.SavedMapping != "" && !res.DryRun {
		r.printf("The column mapping was saved as %q.", res.SavedMapping)
	}
	r.printRowErrors(i18n.T(l, "Errors:"), res.Errors, res.Rejected)
	r.printRowErrors(i18n.T(l, "Warnings:"), res.Warnings, len(res.Warnings))
}

func (r *runner) printRowErrors(title string, errs []importers.RowError, total int) {
	if len(errs) == 0 {
		return
	}
	fmt.Fprintln(r.env.Stdout, title)
	for _, e := range errs {
		fmt.Fprintln(r.env.Stdout, "  "+i18n.RowError(r.lang, e.Row, e.Column, e.Err))
	}
	if total > len(errs) {
		r.printf("  … and %d more.", total-len(errs))
	}
}

type jsonRowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

type jsonColumn struct {
	Header    string `json:"header"`
	Field     string `json:"field"`
	DateOrder string `json:"date_order,omitempty"`
}

func (r *runner) printImportJSON(res importers.Result) {
	rowErrs := func(es []importers.RowError) []jsonRowError {
		out := []jsonRowError{}
		for _, e := range es {
			out = append(out, jsonRowError{e.Row, e.Column, i18n.Error(r.lang, e.Err)})
		}
		return out
	}
	cols := []jsonColumn{}
	for _, c := range res.Columns {
		cols = append(cols, jsonColumn{c.Header, string(c.Field), string(c.DateOrder)})
	}
	notes := []string{}
	for _, n := range res.Notes {
		notes = append(notes, i18n.Error(r.lang, n))
	}
	out := map[string]any{
		"file": res.File, "sheet": res.Sheet, "kind": res.Kind, "header_row": res.HeaderRow,
		"mapping": res.MappingName, "saved_mapping": res.SavedMapping, "dry_run": res.DryRun,
		"imported": res.Committed, "rows": res.Rows, "added": res.Added, "updated": res.Updated, "unchanged": res.Unchanged,
		"rejected": res.Rejected, "skipped": res.Skipped, "clients_added": res.ClientsAdded,
		"payments_added": res.PaymentsAdded, "undated_payments": res.UndatedPayments,
		"credit_notes_added": res.CreditNotesAdded, "refunds_added": res.RefundsAdded,
		"columns": cols, "notes": notes, "errors": rowErrs(res.Errors), "warnings": rowErrs(res.Warnings),
	}
	enc := json.NewEncoder(r.env.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
