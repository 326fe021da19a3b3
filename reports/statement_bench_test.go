package reports

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"cartera/app/demo"
	"cartera/assets"
	"cartera/data"
	"cartera/data/sqlite"
)

// benchStatements are 1,000 statements of a demo company (clients repeat
// when fewer owe something).
func benchStatements(b *testing.B) []Statement {
	b.Helper()
	ctx := context.Background()
	today := data.MustDate("2025-06-30")
	path := filepath.Join(b.TempDir(), "bench.cartera")
	if _, err := demo.Generate(ctx, path, demo.Options{Today: today, Seed: 7, Clients: 1200, Invoices: 24000}); err != nil {
		b.Fatal(err)
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{Clock: data.FixedClock{T: today.Time()}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c, _ := s.Company(ctx)
	rows, _ := s.ListClients(ctx, data.ClientQuery{})
	var clients []data.Client
	for _, r := range rows {
		clients = append(clients, r.Client)
	}
	all, err := Statements(ctx, s.DB(), c, clients, StatementOptions{AsOf: today})
	if err != nil {
		b.Fatal(err)
	}
	var owing []Statement
	for _, st := range all {
		if st.Total > 0 {
			owing = append(owing, st)
		}
	}
	out := make([]Statement, 1000)
	for i := range out {
		out[i] = owing[i%len(owing)]
	}
	return out
}

// onCores writes n documents with write on every core, as the batch does.
func onCores(n int, write func(i int, w io.Writer) error) error {
	jobs := make(chan int)
	errs := make(chan error, runtime.NumCPU())
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range jobs {
				buf.Reset()
				if err := write(i, &buf); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

// bareStatement writes the same page as DrawStatement with gofpdf directly
// and the same font: the yardstick for what our layer costs.
func bareStatement(st Statement, w io.Writer) error {
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetMargins(15, 15, 15)
	f.SetAutoPageBreak(false, 15)
	f.AddUTF8FontFromBytes("dejavu", "", assets.FontRegular)
	f.AddUTF8FontFromBytes("dejavu", "B", assets.FontBold)
	f.SetCreationDate(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
	f.AddPage()
	loc, lang := st.Locale(), st.Lang()
	money := func(n int64) string { return loc.Money(data.M(n, st.Company.Currency)) }
	cell := func(x, y, w, h float64, s, align string, fill bool) {
		f.SetXY(x, y)
		f.CellFormat(w, h, s, "", 0, align, fill, 0, "")
	}
	f.SetFont("dejavu", "B", 13)
	cell(15, 15, 95, 6, st.Company.Name, "LM", false)
	f.SetFont("dejavu", "", 8)
	cell(15, 21.5, 100, 4, st.Company.Address, "LM", false)
	f.SetFont("dejavu", "B", 16)
	cell(110, 15, 85, 7, assets.T(lang, "Statement of account"), "RM", false)
	f.SetFont("dejavu", "", 9)
	cell(110, 23, 85, 4.5, assets.T(lang, "As of %s", loc.Date(st.AsOf)), "RM", false)
	cell(110, 27.5, 85, 4.5, assets.T(lang, "Client %s", st.Client.Code), "RM", false)
	f.Line(15, 40, 195, 40)
	f.SetFont("dejavu", "B", 10.5)
	cell(15, 45, 110, 5, st.Client.Name, "LM", false)
	f.SetFillColor(0x0f, 0x76, 0x6e)
	f.Rect(133, 45, 62, 18, "F")
	f.SetFont("dejavu", "B", 14)
	cell(135, 53, 58, 7, money(st.Total), "RM", false)
	y := 69.0
	for i, b := range st.Aging {
		f.Rect(15+float64(i)*36, y, 35, 13, "F")
		f.SetFont("dejavu", "", 7.5)
		cell(16+float64(i)*36, y+1, 33, 4.5, b.Label, "LM", false)
		f.SetFont("dejavu", "B", 9.5)
		cell(16+float64(i)*36, y+6.5, 33, 5, money(b.Amount), "RM", false)
	}
	y += 26
	widths := []float64{30, 22, 22, 28, 26, 28, 24}
	for _, it := range st.Items {
		f.SetFont("dejavu", "", 8.5)
		x := 15.0
		for k, s := range []string{it.Number, loc.Date(it.Issue), loc.Date(it.Due), money(it.Amount), money(it.Paid), money(it.Balance), loc.Int(int64(it.DaysOverdue))} {
			cell(x, y, widths[k], 6, s, "LM", false)
			x += widths[k]
		}
		y += 6
		f.Line(15, y, 195, y)
	}
	f.SetFont("dejavu", "", 8.5)
	cell(18, y+6, 174, 4.5, st.Company.PaymentInstructions, "LM", false)
	return f.Output(w)
}

// BenchmarkStatements1000 writes 1,000 one-page Unicode statements on every
// core through Cartera's layer, then the same pages with bare gofpdf, in
// one run, and reports both times and their ratio.
func BenchmarkStatements1000(b *testing.B) {
	sts := benchStatements(b)
	created := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	var ours, bare time.Duration
	for range b.N {
		start := time.Now()
		if err := onCores(len(sts), func(i int, w io.Writer) error { return StatementPDF(w, created, sts[i]) }); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		start = time.Now()
		if err := onCores(len(sts), func(i int, w io.Writer) error { return bareStatement(sts[i], w) }); err != nil {
			b.Fatal(err)
		}
		bare += time.Since(start)
	}
	b.ReportMetric(ours.Seconds()/float64(b.N), "s-cartera")
	b.ReportMetric(bare.Seconds()/float64(b.N), "s-bare-gofpdf")
	b.ReportMetric(float64(ours)/float64(bare), "ratio")
}
