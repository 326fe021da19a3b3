package importers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cartera/data"
	"cartera/data/sqlite"
)

// TestHostileInput: files built to hurt end in a clear error or a bounded,
// cancellable import, never a panic or an internal error, and the company
// file is left as it was.
func TestHostileInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, fill func(w *bufio.Writer)) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fill(w)
		w.Flush()
		f.Close()
		return p
	}
	header := "Invoice,Client,Issue date,Due date,Amount\n"
	wide := write("wide.csv", func(w *bufio.Writer) { // 16,384 columns
		w.WriteString(strings.TrimSuffix(header, "\n"))
		for i := 5; i < 16384; i++ {
			fmt.Fprintf(w, ",x%d", i)
		}
		w.WriteString("\nF1,C1,2025-01-01,2025-01-31,10.00\n")
	})
	huge := write("hugecell.csv", func(w *bufio.Writer) { // a 10 MB cell
		w.WriteString(header + "F1,")
		w.WriteString(strings.Repeat("A", 10<<20))
		w.WriteString(",2025-01-01,2025-01-31,10.00\n")
	})
	badUTF8 := write("latin.csv", func(w *bufio.Writer) {
		w.WriteString(header)
		w.Write([]byte("F1,Pe\xf1alver \xff\xfe,2025-01-01,2025-01-31,10.00\n"))
	})
	formulas := filepath.Join(dir, "formulas.xlsx")
	{
		f := excelize.NewFile()
		for i, v := range []string{"Invoice", "Client", "Issue date", "Due date", "Amount"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellValue("Sheet1", cell, v)
		}
		f.SetCellValue("Sheet1", "A2", "F1")
		f.SetCellValue("Sheet1", "B2", `=HYPERLINK("http://evil.example","click")`) // text that looks like a formula
		f.SetCellValue("Sheet1", "C2", "2025-01-01")
		f.SetCellValue("Sheet1", "D2", "2025-01-31")
		f.SetCellValue("Sheet1", "E2", 15)
		f.SetCellValue("Sheet1", "F1", "Notes")
		f.SetCellFormula("Sheet1", "F2", "=10+5") // a real formula: its cached value (none here) is read, never run
		if err := f.SaveAs(formulas); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	for _, tc := range []struct {
		file, wantErr string
	}{
		{wide, ""},
		{huge, "holds more than 32 KB of text"},
		{badUTF8, ""},
		{formulas, ""},
	} {
		s := newStore(t, "EUR", "es-ES")
		before, _ := s.Fingerprint(context.Background())
		book, err := Open(tc.file)
		if err == nil {
			_, err = Import(context.Background(), s, book, Options{DryRun: true})
			book.Close()
		}
		name := filepath.Base(tc.file)
		switch {
		case tc.wantErr == "" && err != nil && !strings.Contains(err.Error(), "row"):
			t.Errorf("%s: %v", name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), name)):
			t.Errorf("%s: %v, want %q naming the file", name, err, tc.wantErr)
		}
		if err != nil && (data.ErrorCode(err) == data.EINTERNAL || !utf8.ValidString(err.Error())) {
			t.Errorf("%s: an internal or garbled error: %v", name, err)
		}
		if after, _ := s.Fingerprint(context.Background()); after != before {
			t.Errorf("%s: a dry run changed the company", name)
		}
	}
	// A client named like a formula is stored as text.
	s := newStore(t, "EUR", "es-ES")
	book, err := Open(formulas)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(context.Background(), s, book, Options{SkipBadRows: true}); err != nil {
		t.Fatal(err)
	}
	book.Close()
	cs, _ := s.ListClients(context.Background(), data.ClientQuery{})
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Name, "=HYPERLINK") {
		t.Errorf("clients %+v", cs)
	}
}

// TestMillionRowsAreBoundedAndCancellable: a 1,000,000-row ledger streams
// (the page cache bounds memory) and stops at once when cancelled, leaving
// nothing behind.
func TestMillionRowsAreBoundedAndCancellable(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 40 MB file")
	}
	path := filepath.Join(t.TempDir(), "million.csv")
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	w.WriteString("Invoice,Client,Issue date,Due date,Amount\n")
	for i := range 1_000_000 {
		fmt.Fprintf(w, "F%07d,C%04d,2025-01-01,2025-01-31,%d.00\n", i, i%5000, 10+i%900)
	}
	w.Flush()
	f.Close()
	s := newStore(t, "EUR", "es-ES")
	book, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var seen int
	_, err = Import(ctx, s, book, Options{Progress: func(p Progress) {
		seen = p.Rows
		if p.Rows >= 50_000 {
			cancel()
		}
	}})
	if !errors.Is(err, ErrCancelled) {
		t.Fatalf("cancelled at %d rows: %v", seen, err)
	}
	if n, _ := s.CountInvoices(context.Background(), data.InvoiceQuery{}); n != 0 {
		t.Errorf("a cancelled import left %d invoices", n)
	}
}

// FuzzXLSXCells puts arbitrary text in the cells of a workbook and imports
// it: never a panic, an internal error or a garbled sentence.
func FuzzXLSXCells(f *testing.F) {
	f.Add("F1", "Cliente Ñandú", "31/12/2024", "1.234,56")
	f.Add("=1+1", "@SUM(A1)", "45658", "(12)")
	f.Add("\x00\xff", strings.Repeat("x", 100), "2024-02-30", "1e309")
	s := newStore(f, "EUR", "es-ES")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, number, client, date, amount string) {
		x := excelize.NewFile()
		defer x.Close()
		for i, v := range []string{"Invoice", "Client", "Issue date", "Amount"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			x.SetCellValue("Sheet1", cell, v)
		}
		for i, v := range []string{number, client, date, amount} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			if err := x.SetCellStr("Sheet1", cell, v); err != nil {
				return // excelize refuses it (too long, invalid XML): nothing to import
			}
		}
		path := filepath.Join(dir, "fuzz.xlsx")
		if err := x.SaveAs(path); err != nil {
			return
		}
		for _, e := range fuzzImport(t, s, path).Errors {
			if !utf8.ValidString(e.Error()) {
				t.Fatalf("garbled error %q", e.Error())
			}
		}
	})
}

// fuzzImport opens and dry-runs a fuzzed file: a refusal is fine, an
// internal error fails the test.
func fuzzImport(t *testing.T, s *sqlite.Store, path string) Result {
	book, err := Open(path)
	if err != nil {
		if data.ErrorCode(err) == data.EINTERNAL {
			t.Fatalf("open: %v", err)
		}
		return Result{}
	}
	defer book.Close()
	res, err := Import(context.Background(), s, book, Options{DryRun: true})
	if err != nil && data.ErrorCode(err) == data.EINTERNAL {
		t.Fatalf("import: %v", err)
	}
	return res
}

// TestXLSXPartsBoundedBeforeReading: a workbook whose sheet packs a huge
// cell into a tiny file, or whose table of texts is larger than memory
// should hold, is refused from the zip's directory before anything is
// unpacked (limits lowered here so the test stays small).
func TestXLSXPartsBoundedBeforeReading(t *testing.T) {
	defer func(s, r, m uint64) { maxSharedStrings, maxPartRatio, minRatioBytes = s, r, m }(maxSharedStrings, maxPartRatio, minRatioBytes)
	maxSharedStrings, minRatioBytes = 1<<20, 1<<20
	dir := t.TempDir()
	build := func(name, part string, size int) string {
		path := filepath.Join(dir, name)
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "Invoice")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		f.Close()
		// Rewrite the zip with the part replaced by size bytes of one letter.
		src, _ := zip.OpenReader(path)
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, e := range src.File {
			out, _ := w.Create(e.Name)
			if e.Name == part {
				out.Write([]byte(`<?xml version="1.0"?><sst><si><t>` + strings.Repeat("A", size) + `</t></si></sst>`))
				continue
			}
			in, _ := e.Open()
			io.Copy(out, in)
			in.Close()
		}
		w.Close()
		src.Close()
		os.WriteFile(path, buf.Bytes(), 0o600)
		return path
	}
	for _, tc := range []struct {
		name, part string
		size       int
		want       string
	}{
		{"bomb.xlsx", "xl/worksheets/sheet1.xml", 4 << 20, "zip bomb"},
		{"texts.xlsx", "xl/sharedStrings.xml", 2 << 20, "of texts"},
	} {
		_, err := Open(build(tc.name, tc.part, tc.size))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("%s: %v, want %q naming the file", tc.name, err, tc.want)
		}
	}
}
