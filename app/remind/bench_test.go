package remind

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"cartera/app/remind/smtptest"
	"cartera/data"
	"cartera/data/sqlite"
)

// BenchmarkReminders1000 sends 1,000 reminders, each with its client's
// statement as a PDF, to the in-process SMTP server: planning, rendering,
// the send log and the SMTP conversation included.
func BenchmarkReminders1000(b *testing.B) {
	for range b.N {
		b.StopTimer()
		ctx := context.Background()
		s, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "bench.cartera"), data.Company{Name: "Suministros Olivar S.L.",
			Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30}, sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		err = s.Update(ctx, func(tx *sqlite.Tx) error {
			for i := range 1000 {
				cl := data.Client{Code: fmt.Sprintf("C%04d", i), Name: fmt.Sprintf("Cliente Núñez %d", i), Language: "es",
					Emails: []string{fmt.Sprintf("c%d@example.com", i)}}
				if err := tx.CreateClient(&cl); err != nil {
					return err
				}
				for k := range 3 {
					inv := data.Invoice{Number: fmt.Sprintf("F-%04d-%d", i, k), ClientID: cl.ID, IssueDate: day0.AddDays(-46 - k),
						DueDate: day0.AddDays(-16 - k), Amount: data.M(int64(10000+i*7+k), "EUR")}
					if err := tx.CreateInvoice(&inv); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		srv := smtptest.New(b)
		for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": strconv.Itoa(srv.Port()), "smtp.security": "none", "smtp.from": "cobros@olivar.es"} {
			Set(ctx, s, k, v)
		}
		c, _ := s.Company(ctx)
		b.StartTimer()
		start := time.Now()
		p, err := MakePlan(ctx, s, c, day0)
		if err != nil {
			b.Fatal(err)
		}
		cfg, _ := LoadConfig(ctx, s)
		res, err := Run(ctx, s, c, NewSMTP(cfg, ""), p, Options{})
		if err != nil || res.Sent != 1000 {
			b.Fatalf("sent %d: %v", res.Sent, err)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		if n := len(srv.Messages()); n != 1000 || len(srv.Messages()[0].Attachments) != 1 {
			b.Fatalf("server got %d messages", n)
		}
		b.ReportMetric(1000/elapsed.Seconds(), "msgs/s")
		s.Close()
		b.StartTimer()
	}
}
