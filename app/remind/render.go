package remind

import (
	"fmt"
	"html"
	"strings"

	"cartera/app/i18n"
	"cartera/data"
)

// Rendered is a message's subject, plain text and HTML.
type Rendered struct {
	Subject, Text, HTML string
}

// oneLine drops line breaks and control characters, so a name or subject
// can never add a header.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 32 || r == 127 }), " ")
}

// Render fills the level's template in the message's language. Values
// are escaped in the HTML; line breaks never reach the subject.
func Render(m Message) Rendered {
	lang := m.Lang()
	loc := m.Statement.Locale()
	cur := m.Statement.Company.Currency
	money := func(n int64) string { return loc.Money(data.M(n, cur)) }
	oldest := m.Items[0].Due
	for _, it := range m.Items {
		if it.Due.Before(oldest) {
			oldest = it.Due
		}
	}
	days := max(0, m.Statement.AsOf.DaysSince(oldest))
	values := map[string]string{
		"{client}":       oneLine(m.Client.Name),
		"{company}":      oneLine(m.Statement.Company.Name),
		"{total}":        money(m.Total()),
		"{oldest_due}":   loc.Date(oldest),
		"{days_overdue}": fmt.Sprint(days),
		"{instructions}": m.Statement.Company.PaymentInstructions,
	}
	head := []string{i18n.T(lang, "Invoice"), i18n.T(lang, "Due"), i18n.T(lang, "Balance")}
	var text, rows strings.Builder
	fmt.Fprintf(&text, "  %-16s %-12s %14s\n", head[0], head[1], head[2])
	if m.Thanks {
		head[2] = i18n.T(lang, "Amount")
	}
	for _, it := range m.Items {
		shown := it.Balance
		if m.Thanks {
			shown = it.Amount
		}
		fmt.Fprintf(&text, "  %-16s %-12s %14s\n", it.Label(), loc.Date(it.Due), money(shown))
		fmt.Fprintf(&rows, `<tr><td>%s</td><td>%s</td><td style="text-align:right">%s</td></tr>`,
			html.EscapeString(it.Label()), html.EscapeString(loc.Date(it.Due)), html.EscapeString(money(shown)))
	}
	if held := m.Held(); held > 0 { // money on account is deducted from the total asked for
		for _, l := range [][2]string{{i18n.T(lang, "Held on account"), money(-held)}, {i18n.T(lang, "To pay"), money(m.Total())}} {
			fmt.Fprintf(&text, "  %-29s %14s\n", l[0], l[1])
			fmt.Fprintf(&rows, `<tr><td colspan="2">%s</td><td style="text-align:right">%s</td></tr>`, html.EscapeString(l[0]), html.EscapeString(l[1]))
		}
	}
	table := fmt.Sprintf(`<table cellpadding="4" style="border-collapse:collapse"><tr><th align="left">%s</th><th align="left">%s</th><th align="right">%s</th></tr>%s</table>`,
		html.EscapeString(head[0]), html.EscapeString(head[1]), html.EscapeString(head[2]), rows.String())

	subject, body := m.Level.Text(lang)
	if in := m.Instalment; in != nil {
		values["{n}"] = fmt.Sprint(in.N)
		values["{count}"] = fmt.Sprint(len(m.Plan.Instalments))
		values["{amount}"] = money(in.Amount)
		values["{due}"] = loc.Date(in.Due)
		values["{agreed}"] = loc.Date(m.Plan.Agreed)
		values["{paid}"] = money(m.PlanPaid)
		values["{plan_total}"] = money(m.Plan.Total.Amount)
		subject = i18n.T(lang, "{company}: instalment {n} of {count} of your payment plan, due on {due}")
		body = i18n.T(lang, "Dear {client},\n\nAs agreed on {agreed}, instalment {n} of {count} of your payment plan, {amount}, falls due on {due}. So far {paid} of {plan_total} has been paid.\n\n{instructions}\n\nThe plan covers these invoices:\n\n{invoices}\n\nThe agreement is attached. Thank you,\n{company}")
	}
	if m.Thanks {
		subject = i18n.T(lang, "{company}: thank you for your payment")
		body = i18n.T(lang, "Dear {client},\n\nWe have received the payment of the invoices below, for {total}. Thank you!\n\n{invoices}\n\n{company}")
	}
	if strings.TrimSpace(subject) == "" { // the level was written in the other language only
		other := map[string]string{"es": "en", "en": "es"}[lang]
		subject, body = m.Level.Text(other)
	}
	fill := func(s string, escape func(string) string, invoices string) string {
		pairs := []string{"{invoices}", invoices}
		for k, v := range values {
			pairs = append(pairs, k, escape(v))
		}
		return strings.NewReplacer(pairs...).Replace(s)
	}
	plain := func(s string) string { return s }
	r := Rendered{Subject: oneLine(fill(subject, plain, ""))}
	if m.Broken {
		r.Subject = oneLine(i18n.T(lang, "Broken promise") + ": " + r.Subject)
	}
	r.Text = fill(body, plain, strings.TrimRight(text.String(), "\n"))
	var h strings.Builder
	h.WriteString(`<html><body style="font-family:sans-serif;font-size:14px">`)
	for _, para := range strings.Split(body, "\n\n") {
		if strings.TrimSpace(para) == "{invoices}" {
			h.WriteString(table)
			continue
		}
		p := fill(html.EscapeString(para), html.EscapeString, table)
		h.WriteString("<p>" + strings.ReplaceAll(p, "\n", "<br>") + "</p>")
	}
	h.WriteString("</body></html>")
	r.HTML = h.String()
	return r
}
