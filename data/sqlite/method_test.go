package sqlite

import (
	"context"
	"testing"

	"cartera/data"
)

// TestMethodCodesMigration: methods stored in words before migration 0017
// (in either language, any case) become codes, as data.MethodCode reads
// them; other text stays; new payments are stored as codes.
func TestMethodCodesMigration(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	var c data.Client
	update(t, s, func(tx *Tx) error {
		c = data.Client{Code: "C1", Name: "Óptica Núñez"}
		return tx.CreateClient(&c)
	})
	words := []string{"Transferencia", "transfer", "Domiciliación", "TARJETA", "talón", "Cash", "Bizum", ""}
	for _, w := range words {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO payments (client_id, date, amount, currency, method, reference, notes, source)
			VALUES (?, '2025-06-30', 100, 'EUR', ?, '', '', '')`, c.ID, w); err != nil {
			t.Fatal(err)
		}
	}
	sql, err := migrationFS.ReadFile("migrations/0017_method_codes.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, string(sql)); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT method FROM payments ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var got string
		rows.Scan(&got)
		if want := data.MethodCode(words[i]); got != want {
			t.Errorf("%q became %q, want %q", words[i], got, want)
		}
	}
	p := data.Payment{ClientID: c.ID, Date: data.MustDate("2025-06-30"), Amount: data.M(500, "EUR"), Method: "Efectivo"}
	update(t, s, func(tx *Tx) error { return tx.RecordPayment(&p) })
	var stored string
	s.db.QueryRowContext(ctx, `SELECT method FROM payments WHERE id = ?`, p.ID).Scan(&stored)
	if stored != data.MethodCash {
		t.Errorf("a new payment's method is stored as %q", stored)
	}
}
