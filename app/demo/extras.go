package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"cartera/app/plans"
	"cartera/data"
	"cartera/data/sqlite"
)

// capacityNotes are what an owner writes about a client's means.
var capacityNotes = map[int][]string{
	2: {"Tesorería justa hasta la campaña de verano.", "Ha perdido su mayor cliente; paga a plazos.", "Cash flow is tight until their grant arrives."},
	4: {"Empresa sólida; paga cuando se le llama.", "New investor; can settle at once."},
	5: {"Grupo con buena liquidez.", "Strong balance sheet."},
}

// extras gives the demo what the owner adds by hand: views of some clients'
// capacity to pay, orders not yet invoiced (some clients go over their
// limit), a payment plan agreed last month and a bank statement waiting to
// be reconciled.
func (g *gen) extras(ctx context.Context, s *sqlite.Store) error {
	rows, err := s.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: g.today})
	if err != nil || len(rows) < 12 {
		return err
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Overdue > rows[j].Overdue })
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		for i, r := range rows[:12] {
			c := r.Client
			switch {
			case i%4 == 1:
				c.CapacityScore = 2
			case i%4 == 3:
				c.CapacityScore = 4 + i%2
			}
			if notes := capacityNotes[c.CapacityScore]; notes != nil {
				c.CapacityNote = notes[g.rng.IntN(len(notes))]
			}
			if c.CreditLimit > 0 && i%3 == 0 { // a new order on top of the debt: over the limit
				c.OpenOrders = max(c.CreditLimit-r.Balance, 0) + int64(500+g.rng.IntN(3000))*100
			}
			if err := tx.UpdateClient(&c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// A client who could not pay agreed six monthly instalments last month.
	planned := rows[5].Client
	cands, err := plans.Candidates(ctx, s, planned.ID, g.today.AddDays(-20))
	if err != nil || len(cands) == 0 {
		return err
	}
	var ids []int64
	for _, r := range cands {
		ids = append(ids, r.ID)
	}
	if _, err := plans.Create(ctx, s, plans.Terms{ClientID: planned.ID, Invoices: ids, Instalments: 6, First: g.today.AddDays(10),
		Every: data.Monthly, Agreed: g.today.AddDays(-20), Note: "Sin intereses mientras se cumplan los plazos."}); err != nil {
		return err
	}
	return g.statement(ctx, s, planned.ID)
}

// statement queues the credits of yesterday's bank statement: invoices
// paid with their number in the reference, clients paying by name, one
// paying part, one that matches nothing.
func (g *gen) statement(ctx context.Context, s *sqlite.Store, skip int64) error {
	open, err := s.ListInvoices(ctx, data.InvoiceQuery{Filter: data.FilterOpen, Limit: 400})
	if err != nil {
		return err
	}
	names := map[int64]string{}
	var picked []data.InvoiceRow
	for _, inv := range open {
		if inv.ClientID == skip || names[inv.ClientID] != "" || inv.Balance <= 0 || inv.Disputed {
			continue
		}
		names[inv.ClientID] = inv.ClientName
		picked = append(picked, inv)
		if len(picked) == 7 {
			break
		}
	}
	day := g.today.AddDays(-1)
	return s.Update(ctx, func(tx *sqlite.Tx) error {
		add := func(i int, amount int64, ref, name string) error {
			_, err := tx.AddBankCredit(&sqlite.BankCredit{BankID: fmt.Sprintf("DEMO-%s-%03d", day, i), Date: day.AddDays(-i % 3),
				Amount: data.M(amount, "EUR"), Reference: ref, Name: name, File: "extracto-demo.xml"})
			return err
		}
		for i, inv := range picked {
			var err error
			switch {
			case i < 4:
				err = add(i, inv.Balance, "TRANSFERENCIA PAGO FRA "+inv.Number, "")
			case i < 6:
				err = add(i, inv.Balance, "TRANSFERENCIA RECIBIDA", strings.ToUpper(inv.ClientName))
			default:
				err = add(i, inv.Balance/2, "A CUENTA FRA "+inv.Number, strings.ToUpper(inv.ClientName))
			}
			if err != nil {
				return err
			}
		}
		return add(len(picked), 15000, "INGRESO EFECTIVO OFICINA", "")
	})
}
