package importers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// benchFile writes (once, cached in the temp folder) an IBM-like ledger of n
// rows: real date cells, numbers, text IDs. shared = strings in a shared
// table as Excel saves them; otherwise inline, as excelize's StreamWriter does.
func benchFile(b *testing.B, n int, shared bool) string {
	kind := "inline"
	if shared {
		kind = "shared"
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("cartera-bench-%d-%s.xlsx", n, kind))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	b.Logf("writing %s", path)
	if err := writeLedger(path, n, shared); err != nil {
		b.Fatal(err)
	}
	return path
}

func writeLedger(path string, n int, shared bool) error {
	x := excelize.NewFile()
	defer x.Close()
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	header := []any{"countryCode", "customerID", "invoiceNumber", "InvoiceDate", "DueDate", "InvoiceAmount", "Disputed", "SettledDate"}
	start := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	row := func(i int) []any {
		issue := start.AddDate(0, 0, i%730)
		r := []any{391 + i%5, fmt.Sprintf("%04d-CLNT", i%500), fmt.Sprintf("%010d", i+1), issue, issue.AddDate(0, 0, 30),
			float64(1000+i%90000) / 100, []string{"No", "Yes"}[i%7/6], nil}
		if i%3 != 0 {
			r[7] = issue.AddDate(0, 0, 10+i%50)
		}
		return r
	}
	if shared {
		sh := "Sheet1"
		x.SetSheetRow(sh, "A1", &header)
		for i := 0; i < n; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			r := row(i)
			if err := x.SetSheetRow(sh, cell, &r); err != nil {
				return err
			}
		}
		for _, col := range []string{"D", "E", "H"} {
			x.SetColStyle(sh, col, dateStyle)
		}
		return x.SaveAs(path)
	}
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	sw.SetRow("A1", header)
	for i := 0; i < n; i++ {
		r := row(i)
		cells := make([]any, len(r))
		for j, v := range r {
			if t, ok := v.(time.Time); ok {
				cells[j] = excelize.Cell{StyleID: dateStyle, Value: t}
			} else {
				cells[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.SaveAs(path)
}

// peakHeap samples the live heap while fn runs.
func peakHeap(fn func()) (peakMB float64) {
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	return float64(peak) / (1 << 20)
}

// BenchmarkImport100k imports a 100,000-row .xlsx into an empty company,
// beside a bare excelize streaming read of the same file (raw cell values):
// the ratio of the two is the importer's own cost.
func BenchmarkImport100k(b *testing.B) {
	for _, shared := range []bool{false, true} {
		path := benchFile(b, 100_000, shared)
		name := map[bool]string{false: "inline", true: "shared"}[shared]
		b.Run(name+"/excelize-read", func(b *testing.B) {
			var peak float64
			for i := 0; i < b.N; i++ {
				peak = max(peak, peakHeap(func() {
					f, err := excelize.OpenFile(path)
					if err != nil {
						b.Fatal(err)
					}
					rows, _ := f.Rows("Sheet1")
					n := 0
					for rows.Next() {
						cells, _ := rows.Columns(excelize.Options{RawCellValue: true})
						n += len(cells)
					}
					rows.Close()
					f.Close()
				}))
			}
			b.ReportMetric(peak, "peak-heap-MB")
		})
		b.Run(name+"/import", func(b *testing.B) {
			var peak float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := newStore(b, "USD", "en-US")
				b.StartTimer()
				peak = max(peak, peakHeap(func() {
					book, err := Open(path)
					if err != nil {
						b.Fatal(err)
					}
					res, err := Import(context.Background(), s, book, Options{})
					book.Close()
					if err != nil || res.Added != 100_000 {
						b.Fatalf("%v: %+v", err, countsOf(res))
					}
				}))
			}
			b.ReportMetric(peak, "peak-heap-MB")
		})
	}
}

// TestWriteLedger keeps the benchmark's file writer honest on a small file:
// both layouts import completely with no mapping.
func TestWriteLedger(t *testing.T) {
	for _, shared := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "l.xlsx")
		if err := writeLedger(path, 50, shared); err != nil {
			t.Fatal(err)
		}
		s := newStore(t, "USD", "en-US")
		b, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Import(context.Background(), s, b, Options{})
		b.Close()
		if err != nil || res.Added != 50 || res.ClientsAdded != 50 || res.PaymentsAdded != 33 {
			t.Errorf("shared=%v: %v %+v %v", shared, err, countsOf(res), res.Errors)
		}
		if got := scalar[string](t, s, `SELECT issue_date || ' ' || amount FROM invoices WHERE number = '0000000002'`); got != "2012-01-02 1001" {
			t.Errorf("shared=%v: second row %s", shared, got)
		}
	}
}
