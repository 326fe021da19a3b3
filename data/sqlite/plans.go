package sqlite

import (
	"context"
	"fmt"
	"strings"

	"cartera/data"
)

// CreatePlan stores a payment plan with its instalments, each also a
// promise to pay of the client. The invoices must be the client's, still
// owe something and not be on another active plan.
func (tx *Tx) CreatePlan(p *data.PaymentPlan) error {
	if len(p.Instalments) == 0 || len(p.Invoices) == 0 {
		return data.Errorf(data.EINVALID, "A payment plan needs invoices and instalments.")
	}
	var sum int64
	for _, in := range p.Instalments {
		sum += in.Amount
	}
	if sum != p.Total.Amount {
		return data.Errorf(data.EINVALID, "The instalments do not add up to the plan's total.")
	}
	for _, id := range p.Invoices {
		var client, balance int64
		var number string
		if err := tx.queryRow(`SELECT client_id, open_balance, number FROM invoices WHERE id = ?`, id).Scan(&client, &balance, &number); err != nil {
			return data.Errorf(data.ENOTFOUND, "That invoice does not exist.")
		}
		if client != p.ClientID {
			return data.Errorf(data.EINVALID, "Invoice %s is another client's.", number)
		}
		if balance <= 0 {
			return data.Errorf(data.EINVALID, "Invoice %s is already paid.", number)
		}
		var other int64
		err := tx.queryRow(`SELECT p.id FROM plan_invoices x JOIN payment_plans p ON p.id = x.plan_id
			WHERE x.invoice_id = ? AND p.status = 'active'`, id).Scan(&other)
		if err == nil {
			return data.Errorf(data.EINVALID, "Invoice %s is already on payment plan #%d.", number, other)
		}
	}
	id, err := tx.insert(`INSERT INTO payment_plans (client_id, agreed, total, currency, every, status, note) VALUES (?,?,?,?,?,?,?)`,
		p.ClientID, p.Agreed, p.Total.Amount, p.Total.Currency, string(p.Every), string(data.PlanActive), p.Note)
	if err != nil {
		return constraintError(err, "The payment plan could not be saved.")
	}
	p.ID, p.Status = id, data.PlanActive
	// The plan replaces the client's open promises to pay: its instalments
	// are what the client now promises (withdrawn, as a cancelled plan's
	// later instalments are).
	if _, err := tx.exec(`DELETE FROM promises WHERE client_id = ? AND status = 'open'
		AND id NOT IN (SELECT promise_id FROM plan_instalments WHERE promise_id IS NOT NULL)`, p.ClientID); err != nil {
		return constraintError(err, "The payment plan could not be saved.")
	}
	for _, inv := range p.Invoices {
		if _, err := tx.exec(`INSERT INTO plan_invoices (plan_id, invoice_id) VALUES (?,?)`, id, inv); err != nil {
			return constraintError(err, "The payment plan could not be saved.")
		}
	}
	for i := range p.Instalments {
		in := &p.Instalments[i]
		pr := data.Promise{ClientID: p.ClientID, Made: p.Agreed, PromisedDate: in.Due, Amount: data.M(in.Amount, p.Total.Currency),
			Status: data.PromiseOpen, Note: fmt.Sprintf("Plan #%d · %d/%d", id, in.N, len(p.Instalments))}
		if err := tx.AddPromise(&pr); err != nil {
			return err
		}
		in.PromiseID = pr.ID
		if in.ID, err = tx.insert(`INSERT INTO plan_instalments (plan_id, n, due, amount, promise_id) VALUES (?,?,?,?,?)`,
			id, in.N, in.Due, in.Amount, pr.ID); err != nil {
			return constraintError(err, "The payment plan could not be saved.")
		}
	}
	return nil
}

// EndPlan records that a plan was completed, broken or cancelled on day.
// The instalments' open promises follow: kept when completed; otherwise
// those already due are broken and the later ones withdrawn.
func (tx *Tx) EndPlan(id int64, status data.PlanStatus, day data.Date) error {
	if status == data.PlanActive {
		return data.Errorf(data.EINVALID, "A plan ends completed, broken or cancelled.")
	}
	res, err := tx.exec(`UPDATE payment_plans SET status = ?, ended = ? WHERE id = ? AND status = 'active'`, string(status), day, id)
	if err != nil {
		return constraintError(err, "The payment plan could not be saved.")
	}
	if err := mustAffect(res, "That payment plan is not active."); err != nil {
		return err
	}
	open := `id IN (SELECT promise_id FROM plan_instalments WHERE plan_id = ?) AND status = 'open'`
	if status == data.PlanCompleted {
		_, err = tx.exec(`UPDATE promises SET status = 'kept' WHERE `+open, id)
	} else if _, err = tx.exec(`UPDATE promises SET status = 'broken' WHERE promised_date <= ? AND `+open, day, id); err == nil {
		_, err = tx.exec(`DELETE FROM promises WHERE promised_date > ? AND `+open, day, id)
	}
	return constraintError(err, "The payment plan could not be saved.")
}

// KeepInstalments marks the promises of a plan's first met instalments kept.
func (tx *Tx) KeepInstalments(planID int64, met int) error {
	_, err := tx.exec(`UPDATE promises SET status = 'kept' WHERE status = 'open' AND id IN
		(SELECT promise_id FROM plan_instalments WHERE plan_id = ? AND n <= ?)`, planID, met)
	return constraintError(err, "The payment plan could not be saved.")
}

// Plans lists a client's payment plans (every client's when clientID is
// 0), newest first, only those in the given statuses when any are given.
func (s *Store) Plans(ctx context.Context, clientID int64, statuses ...data.PlanStatus) ([]data.PaymentPlan, error) {
	q := `SELECT id, client_id, agreed, total, currency, every, status, ended, note FROM payment_plans WHERE (? = 0 OR client_id = ?)`
	args := []any{clientID, clientID}
	if len(statuses) > 0 {
		q += ` AND status IN (` + strings.TrimSuffix(strings.Repeat("?,", len(statuses)), ",") + `)`
		for _, st := range statuses {
			args = append(args, string(st))
		}
	}
	plans, err := queryAll(ctx, s.db, "", func(r scanner) (p data.PaymentPlan, err error) {
		var ended string
		err = r.Scan(&p.ID, &p.ClientID, &p.Agreed, &p.Total.Amount, &p.Total.Currency, &p.Every, &p.Status, &ended, &p.Note)
		if ended != "" {
			p.Ended, _ = data.ParseDate(ended)
		}
		return p, err
	}, q+` ORDER BY agreed DESC, id DESC`, args...)
	if err != nil || len(plans) == 0 {
		return plans, err
	}
	index := map[int64]int{}
	for i, p := range plans {
		index[p.ID] = i
	}
	type inv struct{ plan, id int64 }
	invs, err := queryAll(ctx, s.db, "", func(r scanner) (x inv, err error) { return x, r.Scan(&x.plan, &x.id) },
		`SELECT plan_id, invoice_id FROM plan_invoices WHERE plan_id IN (SELECT id FROM payment_plans WHERE ?1 = 0 OR client_id = ?1)
		ORDER BY invoice_id`, clientID)
	if err != nil {
		return nil, err
	}
	for _, x := range invs {
		if i, ok := index[x.plan]; ok {
			plans[i].Invoices = append(plans[i].Invoices, x.id)
		}
	}
	type ins struct {
		plan int64
		in   data.Instalment
	}
	all, err := queryAll(ctx, s.db, "", func(r scanner) (x ins, err error) {
		var pr *int64
		err = r.Scan(&x.plan, &x.in.ID, &x.in.N, &x.in.Due, &x.in.Amount, &pr)
		if pr != nil {
			x.in.PromiseID = *pr
		}
		return x, err
	}, `SELECT plan_id, id, n, due, amount, promise_id FROM plan_instalments
		WHERE plan_id IN (SELECT id FROM payment_plans WHERE ?1 = 0 OR client_id = ?1) ORDER BY plan_id, n`, clientID)
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		if i, ok := index[x.plan]; ok {
			plans[i].Instalments = append(plans[i].Instalments, x.in)
		}
	}
	return plans, nil
}

// PlanPaid is what has been paid towards a plan: its total less what its
// invoices still owe.
func (s *Store) PlanPaid(ctx context.Context, p data.PaymentPlan) (int64, error) {
	var owed int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(sum(i.open_balance), 0) FROM plan_invoices x JOIN invoices i ON i.id = x.invoice_id
		WHERE x.plan_id = ?`, p.ID).Scan(&owed)
	return min(max(p.Total.Amount-owed, 0), p.Total.Amount), readError(err, "")
}

// PlanPromises are the promises that stand for plan instalments.
func (s *Store) PlanPromises(ctx context.Context) (map[int64]bool, error) {
	ids, err := queryAll(ctx, s.db, "", func(r scanner) (id int64, err error) { return id, r.Scan(&id) },
		`SELECT promise_id FROM plan_instalments WHERE promise_id IS NOT NULL`)
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}
