package reports

import (
	"io"
	"strings"
	"time"

	"cartera/assets"
	"cartera/data"
	"cartera/reports/pdf"
)

// sheet lays out a document on a pdf.Doc: a cursor going down the page, a
// header with the company on every page, tables that break across pages
// repeating their heading.
type sheet struct {
	doc     pdf.Doc
	lang    string
	loc     data.Locale
	cur     string // currency of the amounts
	company data.Company
	title   string
	y       float64
}

const (
	left   = pdf.Margin
	right  = pdf.PageWidth - pdf.Margin
	width  = right - left
	bottom = pdf.PageHeight - 22 // above the footer
	rowH   = 6.0
)

func newSheet(doc pdf.Doc, c data.Company, lang string, loc data.Locale, title string) *sheet {
	s := &sheet{doc: doc, lang: lang, loc: loc, cur: c.Currency, company: c, title: title}
	return s
}

func (s *sheet) t(key string, args ...any) string { return assets.T(s.lang, key, args...) }
func (s *sheet) money(n int64) string             { return s.loc.Money(data.M(n, s.cur)) }
func (s *sheet) date(d data.Date) string          { return s.loc.Date(d) }

// start begins a document's first page: footer with the page number, the
// company letterhead, the title with its subtitle on the right.
func (s *sheet) start(subtitle ...string) {
	s.doc.Footer(func(page int) {
		s.doc.SetFont(false, 7.5)
		s.doc.SetTextColor(pdf.Grey)
		s.doc.Text(left, pdf.PageHeight-12, width/2, 4, s.company.Name+" · "+s.title, pdf.Left, false)
		s.doc.Text(left+width/2, pdf.PageHeight-12, width/2, 4, s.t("Page %d", page), pdf.Right, false)
	})
	s.doc.AddPage()
	y := pdf.Margin
	x := left
	if len(s.company.Logo) > 0 && s.doc.Image(s.company.Logo, left, y, 38, 18) == nil {
		x = left + 42
	}
	s.doc.SetTextColor(pdf.Black)
	s.doc.SetFont(true, 13)
	s.doc.Text(x, y, 95, 6, s.company.Name, pdf.Left, false)
	s.doc.SetFont(false, 8)
	s.doc.SetTextColor(pdf.Grey)
	ly := y + 6.5
	for _, l := range append(strings.Split(s.company.Address, "\n"), joinNonEmpty(" · ", s.company.TaxID, s.company.Email, s.company.Phone)) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		s.doc.Text(x, ly, 100, 4, strings.TrimSpace(l), pdf.Left, false)
		ly += 4
	}
	s.doc.SetTextColor(pdf.Teal)
	s.doc.SetFont(true, 16)
	s.doc.Text(right-85, y, 85, 7, s.title, pdf.Right, false)
	s.doc.SetFont(false, 9)
	s.doc.SetTextColor(pdf.Black)
	ry := y + 8
	for _, l := range subtitle {
		s.doc.Text(right-85, ry, 85, 4.5, l, pdf.Right, false)
		ry += 4.5
	}
	s.y = max(ly, ry, y+20) + 4
	s.doc.SetDrawColor(pdf.Rule)
	s.doc.Line(left, s.y, right, s.y)
	s.y += 5
}

// room starts a new page when h more millimetres do not fit; then is
// called on the new page (to repeat a table heading).
func (s *sheet) room(h float64, then func()) {
	if s.y+h <= bottom {
		return
	}
	s.doc.AddPage()
	s.y = pdf.Margin
	if then != nil {
		then()
	}
}

func joinNonEmpty(sep string, ss ...string) string {
	var out []string
	for _, x := range ss {
		if strings.TrimSpace(x) != "" {
			out = append(out, strings.TrimSpace(x))
		}
	}
	return strings.Join(out, sep)
}

// column of a table: a heading, a width in mm, right-aligned for figures.
type column struct {
	title string
	w     float64
	right bool
}

// table draws rows under a heading in a light band, breaking across pages.
func (s *sheet) table(cols []column, rows [][]string, bold func(i int) bool) {
	heading := func() {
		s.doc.SetFillColor(pdf.Light)
		s.doc.SetTextColor(pdf.Black)
		s.doc.SetFont(true, 8)
		x := left
		for _, c := range cols {
			s.doc.Text(x, s.y, c.w, rowH, " "+c.title+" ", align(c.right), true)
			x += c.w
		}
		s.y += rowH
	}
	s.room(2*rowH, nil)
	heading()
	for i, r := range rows {
		s.room(rowH, heading)
		s.doc.SetFont(bold != nil && bold(i), 8.5)
		s.doc.SetTextColor(pdf.Black)
		x := left
		for k, c := range cols {
			s.doc.Text(x, s.y, c.w, rowH, " "+fit(s.doc, r[k], c.w-2)+" ", align(c.right), false)
			x += c.w
		}
		s.y += rowH
		s.doc.SetDrawColor(pdf.Rule)
		s.doc.Line(left, s.y, left+colsWidth(cols), s.y)
	}
}

func align(right bool) pdf.Align {
	if right {
		return pdf.Right
	}
	return pdf.Left
}

func colsWidth(cols []column) float64 {
	var w float64
	for _, c := range cols {
		w += c.w
	}
	return w
}

// fit shortens s with "…" until it fits in w mm.
func fit(d pdf.Doc, s string, w float64) string {
	if d.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && d.Width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// paragraph writes wrapped text at the cursor.
func (s *sheet) paragraph(text string, size float64) {
	s.doc.SetFont(false, size)
	s.doc.SetTextColor(pdf.Black)
	lines := float64(strings.Count(text, "\n")+1) + s.doc.Width(text)/width
	s.room(lines*size*0.5, nil)
	s.y += s.doc.Paragraph(left, s.y, width, size*0.48, text) + 2
}

// box draws a titled box of text lines (payment instructions).
func (s *sheet) box(title, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	h := 7 + float64(len(lines))*4.5
	s.room(h+4, nil)
	s.y += 3
	s.doc.SetFillColor(pdf.Light)
	s.doc.Rect(left, s.y, width, h, true)
	s.doc.SetFont(true, 8.5)
	s.doc.SetTextColor(pdf.Teal)
	s.doc.Text(left+3, s.y+1.5, width-6, 4.5, title, pdf.Left, false)
	s.doc.SetFont(false, 8.5)
	s.doc.SetTextColor(pdf.Black)
	for i, l := range lines {
		s.doc.Text(left+3, s.y+6+float64(i)*4.5, width-6, 4.5, l, pdf.Left, false)
	}
	s.y += h + 2
}

// StatementPDF writes statements (one or many, each from a new page) as
// one PDF. created is the document date written in it.
func StatementPDF(w io.Writer, created time.Time, ss ...Statement) error {
	if len(ss) == 0 {
		return data.Errorf(data.EINVALID, "There is no statement to write.")
	}
	doc := NewStatementDoc(ss[0], created)
	for _, st := range ss {
		DrawStatement(doc, st)
	}
	return writeDoc(doc, w)
}

// NewStatementDoc starts a PDF for statements, titled in st's language.
func NewStatementDoc(st Statement, created time.Time) pdf.Doc {
	return pdf.New(assets.T(st.Lang(), "Statement of account"), created)
}

func writeDoc(doc pdf.Doc, w io.Writer) error {
	if err := doc.Write(w); err != nil {
		return data.Wrap(err, data.EINTERNAL, "The PDF could not be written.")
	}
	return nil
}

// DrawStatement draws a statement of account from a new page of doc.
func DrawStatement(doc pdf.Doc, st Statement) {
	s := newSheet(doc, st.Company, st.Lang(), st.Locale(), assets.T(st.Lang(), "Statement of account"))
	s.start(s.t("As of %s", s.date(st.AsOf)), s.t("Client %s", st.Client.Code))

	// The client's address block and the total due beside it.
	c := st.Client
	s.doc.SetFont(true, 10.5)
	s.doc.SetTextColor(pdf.Black)
	s.doc.Text(left, s.y, 110, 5, fit(doc, c.Name, 110), pdf.Left, false)
	s.doc.SetFont(false, 8.5)
	y := s.y + 5.5
	for _, l := range []string{joinNonEmpty(" · ", c.TaxID), c.Address, joinNonEmpty(", ", c.City, c.Country)} {
		if l != "" {
			s.doc.Text(left, y, 110, 4.2, fit(doc, l, 110), pdf.Left, false)
			y += 4.2
		}
	}
	s.doc.SetFillColor(pdf.Teal)
	s.doc.Rect(right-62, s.y, 62, 18, true)
	s.doc.SetTextColor(pdf.White)
	s.doc.SetFont(false, 8.5)
	s.doc.Text(right-60, s.y+2, 58, 5, s.t("Total due"), pdf.Left, false)
	s.doc.SetFont(true, 14)
	s.doc.Text(right-60, s.y+8, 58, 7, s.money(max(0, st.Due())), pdf.Right, false)
	s.y = max(y, s.y+18) + 6

	// The aging strip: one box per bucket.
	n := float64(len(st.Aging))
	bw := width / n
	for i, b := range st.Aging {
		x := left + float64(i)*bw
		s.doc.SetFillColor(pdf.Light)
		s.doc.Rect(x+0.5, s.y, bw-1, 13, true)
		s.doc.SetTextColor(pdf.Grey)
		s.doc.SetFont(false, 7.5)
		label := s.t("Not yet due")
		if b.From > 0 {
			label = s.t("%s days overdue", b.Label)
		}
		s.doc.Text(x+1.5, s.y+1, bw-3, 4.5, label, pdf.Left, false)
		s.doc.SetTextColor(pdf.Black)
		if b.From > 0 && b.Amount > 0 {
			s.doc.SetTextColor(pdf.Red)
		}
		s.doc.SetFont(true, 9.5)
		s.doc.Text(x+1.5, s.y+6.5, bw-3, 5, s.money(b.Amount), pdf.Right, false)
	}
	s.y += 19

	// Open items.
	s.section(s.t("Open invoices"))
	cols := []column{{s.t("Invoice"), 30, false}, {s.t("Issued"), 22, false}, {s.t("Due"), 22, false},
		{s.t("Amount"), 28, true}, {s.t("Paid so far"), 26, true}, {s.t("Balance"), 28, true}, {s.t("Days overdue"), 24, true}}
	var rows [][]string
	for _, it := range st.Items {
		days := ""
		if it.DaysOverdue > 0 {
			days = s.loc.Int(int64(it.DaysOverdue))
		}
		rows = append(rows, []string{it.Label(), s.date(it.Issue), s.date(it.Due), s.money(it.Amount), s.money(it.Paid), s.money(it.Balance), days})
	}
	if len(rows) == 0 {
		s.paragraph(s.t("Nothing is owed as of %s.", s.date(st.AsOf)), 9)
	} else {
		rows = append(rows, []string{s.t("Total"), "", "", "", "", s.money(st.Total), ""})
		s.table(cols, rows, func(i int) bool { return i == len(rows)-1 })
		s.y += 3
		if st.Overdue > 0 {
			s.paragraph(s.t("Of which overdue: %s.", s.money(st.Overdue)), 9)
		}
	}
	if st.OnAccount > 0 {
		s.paragraph(s.t("Held on account (payments and credit notes not yet applied to invoices), deducted from the total due: %s.", s.money(st.OnAccount)), 9)
	}
	if st.Due() < 0 {
		s.paragraph(s.t("Balance in your favour: %s.", s.money(-st.Due())), 9)
	}

	// The activity of the period.
	if !st.From.IsZero() {
		s.y += 2
		s.section(s.t("Activity from %s to %s", s.date(st.From), s.date(st.AsOf)))
		kinds := map[ActivityKind]string{ActivityInvoice: s.t("Invoice %s"), ActivityPayment: s.t("Payment %s"), ActivityCredit: s.t("Credit note %s"),
			ActivityRefund: s.t("Refund %s"), ActivityReverse: s.t("Reversal of %s")}
		acols := []column{{s.t("Date"), 24, false}, {s.t("Description"), 72, false}, {s.t("Charges"), 28, true}, {s.t("Credits"), 28, true}, {s.t("Balance"), 28, true}}
		arows := [][]string{{s.date(st.From), s.t("Opening balance"), "", "", s.money(st.Opening)}}
		for _, l := range st.Activity {
			d, c := "", ""
			if l.Debit > 0 {
				d = s.money(l.Debit)
			}
			if l.Credit > 0 {
				c = s.money(l.Credit)
			}
			arows = append(arows, []string{s.date(l.Date), strings.TrimSpace(assets.T(s.lang, kinds[l.Kind], l.Ref)), d, c, s.money(l.Balance)})
		}
		arows = append(arows, []string{s.date(st.AsOf), s.t("Closing balance"), "", "", s.money(st.Closing)})
		s.table(acols, arows, func(i int) bool { return i == 0 || i == len(arows)-1 })
	}
	s.box(s.t("How to pay"), st.Company.PaymentInstructions)
	note := s.t("If you have already paid, thank you, and please disregard this statement.")
	if contact := joinNonEmpty(" · ", st.Company.Email, st.Company.Phone); contact != "" {
		note += " " + s.t("Questions: %s.", contact)
	}
	s.paragraph(note, 8)
}

// section writes a small bold heading.
func (s *sheet) section(title string) {
	s.room(3*rowH, nil)
	s.doc.SetFont(true, 10)
	s.doc.SetTextColor(pdf.Teal)
	s.doc.Text(left, s.y, width, 6, title, pdf.Left, false)
	s.y += 7
}

// LetterLevels are the formal reminder letters, mildest first.
const LetterLevels = 3

// letterTexts are each level's title, subject and body (keys of the
// catalog; the body takes the overdue total and the day to pay by).
var letterTexts = [LetterLevels + 1][3]string{
	{},
	{"Payment reminder", "Reminder: overdue invoices", "According to our records, the invoices below are past their due date, for a total of %s. It may have been an oversight: we would be grateful if you could pay by %s."},
	{"Second notice", "Second notice: overdue invoices", "We wrote to you about the invoices below, which remain unpaid for a total of %s. Please pay them by %s, or contact us today if there is a problem with any of them."},
	{"Final notice", "Final notice before further action", "Despite our previous reminders, the invoices below remain unpaid for a total of %s. Unless we receive payment by %s, we will suspend further credit and may pass the debt on for collection. We would much rather settle this with you directly."},
}

// LetterKeys are the catalog keys of the letters' texts.
func LetterKeys() []string {
	var out []string
	for _, l := range letterTexts[1:] {
		out = append(out, l[:]...)
	}
	return out
}

// letterDays is how long each level gives to pay.
var letterDays = [LetterLevels + 1]int{0, 7, 7, 10}

// LetterPDF writes the dunning letter of level (1 to LetterLevels) about
// the overdue invoices of a statement; dated on the statement's day.
func LetterPDF(w io.Writer, created time.Time, st Statement, level int) error {
	if level < 1 || level > LetterLevels {
		return data.Errorf(data.EINVALID, "Reminder letters go from level 1 to %d.", LetterLevels)
	}
	lang := st.Lang()
	doc := pdf.New(assets.T(lang, letterTexts[level][0]), created)
	DrawLetter(doc, st, level)
	return writeDoc(doc, w)
}

// addressee writes who a letter goes to: the client's name, then the
// lines given (its tax ID, say), address and city.
func (s *sheet) addressee(c data.Client, lines ...string) {
	s.doc.SetFont(true, 10.5)
	s.doc.SetTextColor(pdf.Black)
	s.doc.Text(left, s.y, 120, 5, fit(s.doc, c.Name, 120), pdf.Left, false)
	s.doc.SetFont(false, 9)
	s.y += 5.5
	for _, l := range append(lines, c.Address, joinNonEmpty(", ", c.City, c.Country)) {
		if l != "" {
			s.doc.Text(left, s.y, 120, 4.5, fit(s.doc, l, 120), pdf.Left, false)
			s.y += 4.5
		}
	}
	s.y += 6
}

// DrawLetter draws a dunning letter of level from a new page of doc.
func DrawLetter(doc pdf.Doc, st Statement, level int) {
	texts := letterTexts[level]
	s := newSheet(doc, st.Company, st.Lang(), st.Locale(), assets.T(st.Lang(), texts[0]))
	s.start(s.date(st.AsOf), s.t("Client %s", st.Client.Code))
	s.addressee(st.Client)
	s.doc.SetFont(true, 11)
	s.doc.Text(left, s.y, width, 6, s.t(texts[1]), pdf.Left, false)
	s.y += 9
	s.paragraph(s.t("Dear client,"), 10)
	by := st.AsOf.AddDays(letterDays[level])
	s.paragraph(s.t(texts[2], s.money(st.Overdue), s.date(by)), 10)
	s.y += 2
	cols := []column{{s.t("Invoice"), 40, false}, {s.t("Issued"), 30, false}, {s.t("Due"), 30, false},
		{s.t("Days overdue"), 30, true}, {s.t("Balance"), 50, true}}
	var rows [][]string
	for _, it := range st.Items {
		if it.DaysOverdue > 0 {
			rows = append(rows, []string{it.Label(), s.date(it.Issue), s.date(it.Due), s.loc.Int(int64(it.DaysOverdue)), s.money(it.Balance)})
		}
	}
	rows = append(rows, []string{s.t("Total overdue"), "", "", "", s.money(st.Overdue)})
	s.table(cols, rows, func(i int) bool { return i == len(rows)-1 })
	s.y += 3
	s.box(s.t("How to pay"), st.Company.PaymentInstructions)
	s.y += 2
	s.paragraph(s.t("If you have paid in the meantime, thank you, and please disregard this letter."), 10)
	s.y += 4
	s.paragraph(s.t("Yours sincerely,"), 10)
	s.y += 6
	s.doc.SetFont(true, 10)
	s.doc.Text(left, s.y, width, 5, st.Company.Name, pdf.Left, false)
}

// AgingPDF writes the aging report: one line per client with its buckets,
// largest balance first, and the totals. names are the clients' names.
func AgingPDF(w io.Writer, created time.Time, c data.Company, a Aging, names map[int64]string, lang string) error {
	loc := data.LocaleFor(c.Locale)
	title := assets.T(lang, "Aging report")
	doc := pdf.New(title, created)
	s := newSheet(doc, c, lang, loc, title)
	s.start(s.t("As of %s", s.date(a.AsOf)), s.t("%s clients, %s invoices", loc.Int(int64(len(a.Clients))), loc.Int(int64(a.Invoices))))
	n := len(a.Buckets)
	figure := (width - 46) / float64(n+3)
	cols := []column{{s.t("Client"), 46, false}}
	for _, b := range a.Buckets {
		label := s.t("Current")
		if b.From > 0 {
			label = b.Label
		}
		cols = append(cols, column{label, figure, true})
	}
	cols = append(cols, column{s.t("Total"), figure, true}, column{s.t("On account"), figure, true}, column{s.t("Net"), figure, true})
	money := func(n int64) string {
		if n == 0 {
			return "–"
		}
		return loc.Number(data.M(n, c.Currency))
	}
	var rows [][]string
	for _, ca := range a.Clients {
		r := []string{names[ca.ClientID]}
		for _, b := range ca.Buckets {
			r = append(r, money(b.Amount))
		}
		rows = append(rows, append(r, money(ca.Total), money(-ca.OnAccount), money(ca.Net())))
	}
	total := []string{s.t("Total")}
	for _, b := range a.Buckets {
		total = append(total, money(b.Amount))
	}
	rows = append(rows, append(total, money(a.Total), money(-a.OnAccount), money(a.Net())))
	shares := []string{s.t("Share")}
	for _, b := range a.Buckets {
		shares = append(shares, loc.Percent(int64(float64(b.Amount)*10000/float64(max(a.Total, 1)))))
	}
	rows = append(rows, append(shares, "", "", ""))
	s.doc.SetFont(false, 8)
	s.doc.SetTextColor(pdf.Grey)
	s.doc.Text(left, s.y, width, 4, s.t("Amounts in %s, by days overdue.", c.Currency), pdf.Left, false)
	s.y += 6
	s.table(cols, rows, func(i int) bool { return i >= len(rows)-2 })
	return writeDoc(doc, w)
}
