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

// TestSearchTaxIDWithoutPunctuation: a tax ID typed without its dashes or
// dots finds the client, whether it was saved before migration 0018 or after.
func TestSearchTaxIDWithoutPunctuation(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	update(t, s, func(tx *Tx) error {
		for _, c := range []data.Client{{Code: "C1", Name: "Clínica Dental", TaxID: "33588449-2"}, {Code: "C2", Name: "Óptica", TaxID: "B.1234.5678"}} {
			if err := tx.CreateClient(&c); err != nil {
				return err
			}
		}
		return nil
	})
	// C2 as a file written before 0018 has it: without the compact form.
	if _, err := s.db.ExecContext(ctx, `UPDATE clients SET search = cartera_fold(code || ' ' || name || ' ' || tax_id) WHERE code = 'C2'`); err != nil {
		t.Fatal(err)
	}
	sql, _ := migrationFS.ReadFile("migrations/0018_search_tax_id.sql")
	if _, err := s.db.ExecContext(ctx, string(sql)); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"335884492": "C1", "33588449-2": "C1", "b12345678": "C2", "B.1234": "C2"} {
		rows, err := s.ListClients(ctx, data.ClientQuery{Search: q})
		if err != nil || len(rows) != 1 || rows[0].Code != want {
			t.Errorf("%q found %v (%v), want %s", q, rows, err, want)
		}
	}
}
