package bank

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"cartera/data"
	"cartera/data/sqlite"
	"cartera/importers"
)

// ReadFile reads the credits of a bank statement, whatever its format:
// camt.053 (.xml), OFX/QFX, or a CSV or spreadsheet export read with the
// bank's column mapping. For CSV and spreadsheets the statement read is
// returned too, so its mapping can be saved for the bank — also with an
// error, holding the columns found, so they can be mapped by hand.
func ReadFile(ctx context.Context, store *sqlite.Store, path string, opts importers.StatementOptions) ([]Credit, *importers.Statement, error) {
	name := filepath.Base(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml", ".camt", ".053", ".ofx", ".qfx":
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, data.Wrap(err, data.ENOTFOUND, "%s could not be opened.", name)
		}
		defer f.Close()
		if ext := strings.ToLower(filepath.Ext(path)); ext == ".ofx" || ext == ".qfx" {
			cs, err := ReadOFX(f, name)
			return cs, nil, err
		}
		cs, err := ReadCamt053(f, name)
		return cs, nil, err
	case ".csv", ".txt", ".tsv", ".xlsx", ".xlsm":
	default:
		return nil, nil, data.Errorf(data.EINVALID, "%s: Cartera reads bank statements as camt.053 (.xml), OFX (.ofx, .qfx), CSV or Excel files.", name)
	}
	book, err := importers.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer book.Close()
	st, err := importers.ReadStatement(ctx, store, book, opts)
	if err != nil {
		return nil, &st, err // what was found, for choosing the columns by hand
	}
	return Credits(st), &st, nil
}

// Credits are the statement's movements of money in.
func Credits(st importers.Statement) []Credit {
	var out []Credit
	for _, l := range st.Lines {
		if l.Amount.Amount <= 0 {
			continue
		}
		ref := strings.TrimSpace(l.Description + " " + l.Reference)
		out = append(out, Credit{ID: idOf(l.TransactionID, l.Date, l.Amount.Amount, ref, l.Balance), Date: l.Date,
			Amount: l.Amount, Reference: ref, Name: l.Payer})
	}
	return out
}
