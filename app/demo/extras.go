package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"cartera/app/ledger"
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
	if err := g.corrections(ctx, s, rows); err != nil {
		return err
	}
	return g.statement(ctx, s, planned.ID)
}

// corrections gives the demo what a bookkeeper fixes by hand, each in the
// audit log: a client on 30/60/90 terms whose latest invoices fall due in
// instalments, an invoice voided as a duplicate, a payment typed for the
// wrong client and reversed, and an advance partly refunded.
func (g *gen) corrections(ctx context.Context, s *sqlite.Store, rows []data.ClientRow) error {
	const who = "admin"
	if len(rows) < 10 {
		return nil
	}
	terms := rows[2].Client
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		terms.Terms = "30/60/90"
		if err := tx.UpdateClient(&terms); err != nil {
			return err
		}
		open, err := tx.OpenInvoices(terms.ID)
		if err != nil {
			return err
		}
		for _, o := range open[max(0, len(open)-2):] { // its latest invoices, split by its terms
			inv, err := tx.InvoiceByID(o.ID)
			if err != nil {
				return err
			}
			if inv.Schedule = data.ScheduleFor(inv.Amount.Amount, inv.IssueDate, []int{30, 60, 90}); inv.Schedule != nil {
				if err := tx.UpdateInvoice(&inv); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	invs, err := s.ListInvoices(ctx, data.InvoiceQuery{ClientID: rows[7].ID, Filter: data.FilterOpen, Limit: 1})
	if err != nil {
		return err
	}
	if len(invs) > 0 {
		if _, err := ledger.VoidInvoice(ctx, s, invs[0].Number, "Duplicada: la misma venta se facturó dos veces.", g.today.AddDays(-3), who); err != nil {
			return err
		}
	}
	wrong, err := ledger.RecordPayment(ctx, s, ledger.PaymentEntry{Client: rows[8].Code, Date: g.today.AddDays(-6),
		Amount: data.M(int64(200+g.rng.IntN(800))*100, "EUR"), Reference: fmt.Sprintf("TRF-%s-ERR", g.today.AddDays(-6)),
		Method: "transferencia"}, who)
	if err != nil {
		return err
	}
	if _, err := ledger.ReversePayment(ctx, s, fmt.Sprintf("#%d", wrong.ID), "Transferencia de otro cliente con un nombre parecido.", g.today.AddDays(-5), who); err != nil {
		return err
	}
	advance := rows[9].Client
	if _, err := ledger.RecordPayment(ctx, s, ledger.PaymentEntry{Client: advance.Code, Date: g.today.AddDays(-25),
		Amount: data.M(150000, "EUR"), Reference: "ANTICIPO-PEDIDO", Method: "transferencia", Apply: ledger.Apply{OnAccount: true}}, who); err != nil {
		return err
	}
	_, err = ledger.Refund(ctx, s, ledger.RefundEntry{Client: advance.Code, Date: g.today.AddDays(-4), Amount: data.M(40000, "EUR"),
		Reference: "DEV-ANTICIPO", Method: "transferencia", Notes: "Parte del anticipo: el pedido se redujo."}, who)
	return err
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
		if inv.ClientID == skip || names[inv.ClientID] != "" || inv.Balance <= 0 || inv.Disputed || inv.IssueDate.After(g.today.AddDays(-3)) {
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
