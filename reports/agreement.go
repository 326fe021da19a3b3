package reports

import (
	"io"
	"time"

	"cartera/assets"
	"cartera/data"
	"cartera/reports/pdf"
)

// intervalNames name plan intervals (catalog keys).
var intervalNames = map[data.Interval]string{data.Weekly: "every week", data.Fortnightly: "every two weeks", data.Monthly: "every month"}

// IntervalName is an interval as a phrase ("every month"), a catalog key.
func IntervalName(i data.Interval) string { return intervalNames[i] }

// AgreementKeys lists the catalog keys of the agreement's texts drawn
// through tables, for the translation tests.
func AgreementKeys() []string {
	keys := []string{intervalNames[data.Weekly], intervalNames[data.Fortnightly], intervalNames[data.Monthly]}
	for _, k := range planStatusNames {
		keys = append(keys, k)
	}
	return keys
}

// AgreementPDF writes the payment plan agreement for the client of st,
// in the client's language: the debt it settles, the instalments and the
// terms, with room to sign. st is the client's statement on the day.
func AgreementPDF(w io.Writer, created time.Time, st Statement, p data.PaymentPlan) error {
	doc := pdf.New(assets.T(st.Lang(), "Payment plan agreement"), created)
	DrawAgreement(doc, st, p)
	return writeDoc(doc, w)
}

// DrawAgreement draws a payment plan agreement from a new page of doc.
func DrawAgreement(doc pdf.Doc, st Statement, p data.PaymentPlan) {
	s := newSheet(doc, st.Company, st.Lang(), st.Locale(), assets.T(st.Lang(), "Payment plan agreement"))
	s.cur = p.Total.Currency
	s.start(s.date(p.Agreed), s.t("Plan #%d", p.ID))
	c := st.Client
	s.addressee(c, c.TaxID)
	s.paragraph(s.t("%s and %s agree that the debt below, %s in all, will be paid in %d instalments, %s, from %s.",
		st.Company.Name, c.Name, s.money(p.Total.Amount), len(p.Instalments), s.t(IntervalName(p.Every)),
		s.date(p.Instalments[0].Due)), 10)
	s.y += 2
	s.section(s.t("Invoices covered"))
	items := map[int64]StatementItem{}
	for _, it := range st.Items {
		items[it.InvoiceID] = it
	}
	var rows [][]string
	for _, id := range p.Invoices {
		if it, ok := items[id]; ok {
			rows = append(rows, []string{it.Number, s.date(it.Issue), s.date(it.Due), s.money(it.Amount)})
		}
	}
	s.table([]column{{s.t("Invoice"), 50, false}, {s.t("Issued"), 40, false}, {s.t("Due"), 40, false},
		{s.t("Amount"), 50, true}}, rows, func(int) bool { return false })
	s.y += 3
	s.section(s.t("Instalments"))
	rows = nil
	for _, in := range p.Instalments {
		rows = append(rows, []string{s.loc.Int(int64(in.N)), s.date(in.Due), s.money(in.Amount)})
	}
	rows = append(rows, []string{s.t("Total"), "", s.money(p.Total.Amount)})
	s.table([]column{{s.t("Instalment"), 40, false}, {s.t("Due date"), 60, false}, {s.t("Amount"), 80, true}}, rows,
		func(i int) bool { return i == len(rows)-1 })
	s.y += 3
	s.box(s.t("How to pay"), st.Company.PaymentInstructions)
	s.y += 2
	s.paragraph(s.t("While the instalments are paid on time, no reminders are sent for these invoices. If an instalment is not paid within a few days of its date, the plan ends and the whole balance left falls due at once."), 9.5)
	if p.Note != "" {
		s.paragraph(p.Note, 9.5)
	}
	s.room(30, nil)
	s.y += 14
	s.doc.SetDrawColor(pdf.Grey)
	s.doc.Line(left, s.y, left+70, s.y)
	s.doc.Line(left+width-70, s.y, left+width, s.y)
	s.y += 2
	s.doc.SetFont(false, 9)
	s.doc.Text(left, s.y, 70, 4.5, fit(doc, st.Company.Name, 70), pdf.Left, false)
	s.doc.Text(left+width-70, s.y, 70, 4.5, fit(doc, c.Name, 70), pdf.Left, false)
}

// planStatusNames name plan statuses (catalog keys).
var planStatusNames = map[data.PlanStatus]string{data.PlanActive: "plan active", data.PlanCompleted: "plan completed",
	data.PlanBroken: "plan broken", data.PlanCancelled: "plan cancelled"}

// PlanStatusName is a plan status as shown to users, a catalog key.
func PlanStatusName(s data.PlanStatus) string { return planStatusNames[s] }
