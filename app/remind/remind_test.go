package remind

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cartera/app/remind/smtptest"
	"cartera/data"
	"cartera/data/sqlite"
)

var day0 = data.MustDate("2025-06-30")

// world is a company whose clients each test one rule.
type world struct {
	s      *sqlite.Store
	c      data.Company
	srv    *smtptest.Server
	client map[string]data.Client // by code
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{client: map[string]data.Client{}}
	var err error
	w.s, err = sqlite.Create(ctx, filepath.Join(t.TempDir(), "co.cartera"), data.Company{Name: "Suministros Olivar S.L.", Currency: "EUR",
		Locale: "es-ES", PaymentTermsDays: 30, PaymentInstructions: "IBAN ES91 2100 0418 4502 0005 1332"}, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.s.Close() })
	w.c, _ = w.s.Company(ctx)
	type inv struct {
		number string
		due    data.Date
		amount int64
	}
	add := func(cl data.Client, invs ...inv) {
		err := w.s.Update(ctx, func(tx *sqlite.Tx) error {
			if err := tx.CreateClient(&cl); err != nil {
				return err
			}
			for _, i := range invs {
				x := data.Invoice{Number: i.number, ClientID: cl.ID, IssueDate: i.due.AddDays(-30), DueDate: i.due, Amount: data.M(i.amount, "EUR")}
				if err := tx.CreateInvoice(&x); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		w.client[cl.Code] = cl
	}
	add(data.Client{Code: "A", Name: "Óptica Núñez", Language: "es", Country: "ES", Emails: []string{"pagos@optica.es"}},
		inv{"A1", day0.AddDays(-1), 12050})
	add(data.Client{Code: "B", Name: "Bright Path Ltd", Language: "en", Country: "GB", Emails: []string{"ap@brightpath.co.uk"}},
		inv{"B1", day0.AddDays(3), 50000})
	add(data.Client{Code: "C", Name: "Carpintería Garrido", Language: "es", Emails: []string{"admin@garrido.es"}},
		inv{"C1", day0.AddDays(-16), 30000}, inv{"C2", day0.AddDays(-1), 4500})
	add(data.Client{Code: "D", Name: "No Reminders S.A.", OptOut: true, Emails: []string{"d@d.es"}}, inv{"D1", day0.AddDays(-10), 1000})
	add(data.Client{Code: "E", Name: "Disputas S.L.", Emails: []string{"e@e.es"}}, inv{"E1", day0.AddDays(-10), 1000})
	add(data.Client{Code: "F", Name: "Promesas S.L.", Language: "es", Emails: []string{"f@f.es"}}, inv{"F1", day0.AddDays(-8), 7000})
	add(data.Client{Code: "G", Name: "Sin Correo S.L."}, inv{"G1", day0.AddDays(-5), 1000})
	add(data.Client{Code: "H", Name: "Rebota S.L.", Emails: []string{"refuse@rebota.es"}}, inv{"H1", day0.AddDays(-5), 1000})
	add(data.Client{Code: "I", Name: "Evil\r\nBcc: victim@evil.example", Emails: []string{"i@ok.example"}}, inv{"I1", day0.AddDays(-2), 1000})
	err = w.s.Update(ctx, func(tx *sqlite.Tx) error {
		e1, _, _ := tx.InvoiceByNumber("E1")
		return tx.OpenDispute(&data.Dispute{InvoiceID: e1.ID, Opened: day0.AddDays(-3), Reason: "damaged"})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = smtptest.New(t)
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": strconv.Itoa(w.srv.Port()), "smtp.security": "none",
		"smtp.from": "cobros@olivar.es"} {
		if err := Set(ctx, w.s, k, v); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// run plans and sends the reminders of day.
func (w *world) run(t *testing.T, day data.Date) (Plan, Result) {
	t.Helper()
	ctx := context.Background()
	p, err := MakePlan(ctx, w.s, w.c, day)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := LoadConfig(ctx, w.s)
	res, err := Run(ctx, w.s, w.c, NewSMTP(cfg, ""), p, Options{Backoff: []time.Duration{time.Millisecond}, Now: func() time.Time { return day.Time().Add(9 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	return p, res
}

// to is the message the server received for address, or fails.
func (w *world) to(t *testing.T, msgs []smtptest.Message, address string) smtptest.Message {
	t.Helper()
	for _, m := range msgs {
		if slices.Contains(m.To, address) {
			return m
		}
	}
	t.Fatalf("nothing was sent to %s", address)
	return smtptest.Message{}
}

func TestRightClientsGetTheRightLevel(t *testing.T) {
	w := newWorld(t)
	p, res := w.run(t, day0)
	msgs := w.srv.Messages()
	if res.Sent != 5 || res.Refused != 1 || len(msgs) != 5 {
		t.Fatalf("sent %d, refused %d, server got %d; plan %d messages, %d tasks, skipped %v", res.Sent, res.Refused, len(msgs), len(p.Messages), len(p.Tasks), p.Skipped)
	}
	for _, tc := range []struct {
		to, subject string
		has         []string
		hasNot      []string
		attachment  string
	}{
		{"pagos@optica.es", "Suministros Olivar S.L.: facturas vencidas", []string{"Estimado cliente Óptica Núñez", "A1", "120,50 €", "29/06/2025", "IBAN ES91"}, nil, ""},
		{"ap@brightpath.co.uk", "Suministros Olivar S.L.: invoices due soon", []string{"Dear Bright Path Ltd", "B1", "€500.00", "03/07/2025"}, nil, ""},
		{"admin@garrido.es", "Suministros Olivar S.L.: extracto de su cuenta con importes vencidos", []string{"C1", "C2", "345,00 €"}, nil, "Extracto C Carpintería Garrido.pdf"},
		{"f@f.es", "Suministros Olivar S.L.: segundo recordatorio de pago", []string{"F1"}, nil, ""},
	} {
		m := w.to(t, msgs, tc.to)
		if m.Subject != tc.subject {
			t.Errorf("%s: subject %q, want %q", tc.to, m.Subject, tc.subject)
		}
		for _, s := range tc.has {
			if !strings.Contains(m.Text, s) || !strings.Contains(m.HTML, s) {
				t.Errorf("%s: the text or the HTML lacks %q\n%s", tc.to, s, m.Text)
			}
		}
		if got := strings.Join(m.Attachments, ","); got != tc.attachment {
			t.Errorf("%s: attachments %q, want %q", tc.to, got, tc.attachment)
		}
	}
	// Nothing to the opted-out, the disputed, the one without email, the refused.
	for _, addr := range []string{"d@d.es", "e@e.es", "refuse@rebota.es"} {
		for _, m := range msgs {
			if slices.Contains(m.To, addr) {
				t.Errorf("%s received %q", addr, m.Subject)
			}
		}
	}
	if p.Skipped[SkipOptOut] != 1 || p.Skipped[SkipDisputed] != 1 {
		t.Errorf("skipped %v", p.Skipped)
	}
	if len(p.Tasks) != 1 || p.Tasks[0].Client.Code != "G" || p.Tasks[0].Reason != ReasonNoEmail {
		t.Errorf("tasks %+v", p.Tasks)
	}
	// The refused address is recorded and the client becomes a task next time.
	holds, _ := w.s.ReminderHolds(context.Background())
	if holds[w.client["H"].ID].EmailRefused != "refuse@rebota.es" {
		t.Errorf("holds %+v", holds)
	}
	// Each message is in the client's contact log.
	cs, _ := w.s.Contacts(context.Background(), w.client["A"].ID)
	if len(cs) != 1 || cs[0].Outcome != data.OutcomeSent || !strings.Contains(cs[0].Note, "A1") {
		t.Errorf("contact log of A: %+v", cs)
	}

	// A second run the same day sends nothing.
	p2, res2 := w.run(t, day0)
	if res2.Sent != 0 || len(w.srv.Messages()) != 5 || len(p2.Messages) != 0 {
		t.Errorf("second run: %d planned, %d sent", len(p2.Messages), res2.Sent)
	}
	// Next day nothing new either: every invoice already had its level.
	if p3, _ := w.run(t, day0.AddDays(1)); len(p3.Messages) != 0 {
		for _, m := range p3.Messages {
			t.Errorf("the next day %s gets level %+d again", m.Client.Code, m.Level.OffsetDays)
		}
	}
	if len(p3tasks(w, t)) != 2 {
		t.Errorf("the client with a refused address is not a task")
	}
}

func p3tasks(w *world, t *testing.T) []Task {
	p, err := MakePlan(context.Background(), w.s, w.c, day0.AddDays(2))
	if err != nil {
		t.Fatal(err)
	}
	return p.Tasks
}

func TestHeaderInjectionThroughTheName(t *testing.T) {
	w := newWorld(t)
	w.run(t, day0)
	m := w.to(t, w.srv.Messages(), "i@ok.example")
	if len(m.To) != 1 {
		t.Errorf("envelope recipients %q", m.To)
	}
	if m.Header.Get("Bcc") != "" || strings.Contains(string(m.Raw), "\r\nBcc:") {
		t.Errorf("a Bcc header got in:\n%s", m.Raw)
	}
	if !strings.Contains(m.Text, "Evil Bcc: victim@evil.example") {
		t.Errorf("the name should appear on one line in the text:\n%s", m.Text)
	}
}

func TestPromisePausesThenBrokenResumesALevelUp(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.run(t, day0) // F1 (8 days overdue) gets +7
	f := w.client["F"]
	err := w.s.Update(ctx, func(tx *sqlite.Tx) error {
		return tx.AddPromise(&data.Promise{ClientID: f.ID, Made: day0, PromisedDate: day0.AddDays(2), Amount: data.M(7000, "EUR")})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Within the promise and its 3 days of grace, and past +15: nothing.
	p, _ := w.run(t, day0.AddDays(5))
	if p.Skipped[SkipPromise] != 1 {
		t.Errorf("skipped %v", p.Skipped)
	}
	for _, m := range p.Messages {
		if m.Client.Code == "F" {
			t.Fatalf("F was chased under its promise")
		}
	}
	// The promise broke: chasing resumes at the level after the last (+15), flagged.
	before := len(w.srv.Messages())
	p, _ = w.run(t, day0.AddDays(6))
	var got *smtptest.Message
	for _, m := range w.srv.Messages()[before:] {
		if slices.Contains(m.To, "f@f.es") {
			got = &m
		}
	}
	if got == nil {
		t.Fatalf("F got nothing after breaking its promise; plan %+v", p.Skipped)
	}
	if !strings.HasPrefix(got.Subject, "Promesa incumplida: ") || !strings.Contains(got.Subject, "extracto") {
		t.Errorf("subject %q", got.Subject)
	}
}

func TestTemporaryFailureRetriesThenShowsInTheOutbox(t *testing.T) {
	w := newWorld(t)
	w.srv.FailNext(1) // the first message is answered "try later" once
	_, res := w.run(t, day0)
	if res.Failed != 0 || res.Sent != 5 {
		t.Errorf("with one 451: sent %d failed %d", res.Sent, res.Failed)
	}
	retried := false
	for _, s := range res.Sends {
		retried = retried || s.Attempts == 2
	}
	if !retried {
		t.Error("no message was tried twice")
	}
	w2 := newWorld(t)
	w2.srv.FailNext(1000)
	p, res := w2.run(t, day0)
	if res.Failed != len(p.Messages) || res.Sent != 0 {
		t.Fatalf("server always failing: %+v", res)
	}
	p2, _ := MakePlan(context.Background(), w2.s, w2.c, day0)
	if len(p2.Failed) != len(p.Messages) || len(p2.Messages) != len(p.Messages) {
		t.Errorf("failed messages: %d in the outbox, %d planned again", len(p2.Failed), len(p2.Messages))
	}
}

func TestDryRunRendersWithoutSending(t *testing.T) {
	w := newWorld(t)
	p, err := MakePlan(context.Background(), w.s, w.c, day0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range p.Messages {
		r, files, err := Prepare(m, day0.Time())
		if err != nil || r.Subject == "" || r.Text == "" || !strings.Contains(r.HTML, "<table") {
			t.Errorf("%s: %v %q", m.Client.Code, err, r.Subject)
		}
		if (m.Level.Attach != "") != (len(files) == 1) {
			t.Errorf("%s: %d attachments for %q", m.Client.Code, len(files), m.Level.Attach)
		}
	}
	if len(w.srv.Messages()) != 0 {
		t.Error("planning sent something")
	}
	log, _ := w.s.Sends(context.Background(), data.Date{})
	if len(log) != 0 {
		t.Errorf("planning logged %d sends", len(log))
	}
}

func TestConfig(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, tc := range []struct{ key, value, err string }{
		{"smtp.port", "70000", "from 1 to 65535"},
		{"smtp.security", "ssl", "none, starttls, tls"},
		{"smtp.from", "not an address", "not an email address"},
		{"reminders.time", "9am", "HH:MM"},
		{"reminders.auto", "yes", "on, off"},
		{"nope", "1", "Unknown setting"},
	} {
		err := Set(ctx, w.s, tc.key, tc.value)
		if err == nil || !strings.Contains(fmt.Sprint(err), tc.err) {
			t.Errorf("set %s=%s: %v", tc.key, tc.value, err)
		}
	}
	if err := Set(ctx, w.s, "reminders.time", "07:30"); err != nil {
		t.Fatal(err)
	}
	if v, _ := Get(ctx, w.s, "reminders.time"); v != "07:30" {
		t.Errorf("time %q", v)
	}
	if v, _ := Get(ctx, w.s, "reminders.auto"); v != "off" {
		t.Errorf("default auto %q", v)
	}
	if _, set, _ := w.s.Setting(ctx, "smtp.password"); set {
		t.Error("a password reached the company file")
	}
}

func TestPausedClientWaits(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.client["A"]
	if err := w.s.Update(ctx, func(tx *sqlite.Tx) error { return tx.PauseReminders(a.ID, day0.AddDays(2)) }); err != nil {
		t.Fatal(err)
	}
	p, _ := w.run(t, day0)
	if p.Skipped[SkipPaused] != 1 {
		t.Errorf("skipped %v", p.Skipped)
	}
	for _, m := range w.srv.Messages() {
		if slices.Contains(m.To, "pagos@optica.es") {
			t.Fatal("a paused client was reminded")
		}
	}
	w.run(t, day0.AddDays(3))
	w.to(t, w.srv.Messages(), "pagos@optica.es")
}

func TestHeaderInjectionThroughTheAddress(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	i := w.client["I"]
	i.Emails = []string{"i@ok.example\r\nBcc: victim@evil.example", "i2@ok.example>\nBcc: victim@evil.example"}
	if err := w.s.Update(ctx, func(tx *sqlite.Tx) error { return tx.UpdateClient(&i) }); err != nil {
		t.Fatal(err)
	}
	p, _ := w.run(t, day0)
	for _, m := range w.srv.Messages() {
		if slices.Contains(m.To, "victim@evil.example") || strings.Contains(string(m.Raw), "victim@evil.example") {
			t.Fatalf("an address smuggled a recipient in:\n%s", m.Raw)
		}
	}
	found := false
	for _, task := range p.Tasks {
		found = found || (task.Client.ID == i.ID && task.Reason == ReasonNoEmail)
	}
	if !found {
		t.Error("the client with only broken addresses is not a task")
	}
}

func TestThankYouAfterFullPayment(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if err := Set(ctx, w.s, "reminders.thank_you", "on"); err != nil {
		t.Fatal(err)
	}
	w.run(t, day0) // A is reminded of A1
	err := w.s.Update(ctx, func(tx *sqlite.Tx) error {
		a1, _, _ := tx.InvoiceByNumber("A1")
		return tx.RecordPayment(&data.Payment{ClientID: w.client["A"].ID, Date: day0.AddDays(1), Amount: data.M(12050, "EUR"),
			Allocations: []data.Allocation{{InvoiceID: a1.ID, Amount: 12050}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	before := len(w.srv.Messages())
	_, res := w.run(t, day0.AddDays(1))
	if res.Thanked != 1 {
		t.Fatalf("thanked %d", res.Thanked)
	}
	var thanks []smtptest.Message
	for _, m := range w.srv.Messages()[before:] {
		if slices.Contains(m.To, "pagos@optica.es") {
			thanks = append(thanks, m)
		}
	}
	if len(thanks) != 1 || thanks[0].Subject != "Suministros Olivar S.L.: gracias por su pago" || !strings.Contains(thanks[0].Text, "120,50 €") {
		t.Fatalf("thank-you: %+v", thanks)
	}
	if _, res := w.run(t, day0.AddDays(2)); res.Thanked != 0 {
		t.Error("thanked twice")
	}
}

// TestMoneyOnAccount: a client whose money on account covers what it owes
// gets no reminder (a prepayment of 1,000 against an invoice of 250 is
// not chased); one partly covered is told the net amount, with what is
// held shown beside its invoices, and the attached statement deducts it.
func TestMoneyOnAccount(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	err := w.s.Update(ctx, func(tx *sqlite.Tx) error {
		// A owes 120.50 overdue and prepaid 1,000.00; C owes 300.00 + 45.00
		// and has a 100.00 credit note not applied to either.
		if err := tx.RecordPayment(&data.Payment{ClientID: w.client["A"].ID, Date: day0.AddDays(-60), Amount: data.M(100000, "EUR"), Reference: "anticipo"}); err != nil {
			return err
		}
		return tx.CreateCreditNote(&data.CreditNote{Number: "R-1", ClientID: w.client["C"].ID, Date: day0.AddDays(-2), Amount: data.M(10000, "EUR")})
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := MakePlan(ctx, w.s, w.c, day0)
	if err != nil {
		t.Fatal(err)
	}
	var c *Message
	for i, m := range p.Messages {
		switch m.Client.Code {
		case "A":
			t.Errorf("A is covered by its prepayment and was reminded: %v", m.Total())
		case "C":
			c = &p.Messages[i]
		}
	}
	if p.Skipped[SkipCovered] != 1 {
		t.Errorf("skipped as covered: %d, want 1 (%v)", p.Skipped[SkipCovered], p.Skipped)
	}
	if c == nil {
		t.Fatal("C was not reminded")
	}
	if c.Gross() != 34500 || c.Held() != 10000 || c.Total() != 24500 {
		t.Errorf("C: gross %d, held %d, total %d; want 34500, 10000, 24500", c.Gross(), c.Held(), c.Total())
	}
	r, files, err := Prepare(*c, day0.Time())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"245,00 €", "Saldo a cuenta", "-100,00 €"} {
		if !strings.Contains(r.Text, want) || !strings.Contains(r.HTML, want) {
			t.Errorf("the message lacks %q:\n%s", want, r.Text)
		}
	}
	if len(files) != 1 {
		t.Fatalf("C1 is 16 days overdue: the statement should be attached (%d files)", len(files))
	}
	{
		text := pdfText(t, files[0].Data)
		for _, want := range []string{"245,00 €", "100,00 €"} {
			if !strings.Contains(text, want) {
				t.Errorf("the statement lacks %q:\n%s", want, text)
			}
		}
	}
}

// pdfText is a PDF's text through pdftotext (poppler-utils, installed by
// make deps); the test fails rather than skips without it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (make deps installs poppler-utils): %v", err)
	}
	return string(out)
}

// TestInstalmentsRemindedEachOnTheirOwn: an invoice due in two parts gets
// each level once per part: the first part's reminders never keep the
// second from getting its own when it falls due.
func TestInstalmentsRemindedEachOnTheirOwn(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	z := data.Client{Code: "Z", Name: "Plazos S.L.", Language: "es", Emails: []string{"z@plazos.es"}}
	var inv data.Invoice
	err := w.s.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.CreateClient(&z); err != nil {
			return err
		}
		issue := day0.AddDays(-40)
		inv = data.Invoice{Number: "Z1", ClientID: z.ID, IssueDate: issue, DueDate: issue, Amount: data.M(30000, "EUR"),
			Schedule: []data.DuePart{{Due: day0.AddDays(-2), Amount: 10000}, {Due: day0.AddDays(20), Amount: 20000}}}
		return tx.CreateInvoice(&inv)
	})
	if err != nil {
		t.Fatal(err)
	}
	levelOf := func(day data.Date) map[int]int {
		t.Helper()
		p, _ := w.run(t, day)
		out := map[int]int{}
		for _, m := range p.Messages {
			if m.Client.Code != "Z" {
				continue
			}
			for i, it := range m.Items {
				for _, l := range mustLevels(t, w) {
					if l.ID == m.Levels[i] {
						out[it.Instalment] = l.OffsetDays
					}
				}
			}
			if !strings.Contains(Render(m).Text, "Z1 1/2") {
				t.Errorf("the message does not name the instalment:\n%s", Render(m).Text)
			}
		}
		return out
	}
	if got := levelOf(day0); len(got) != 1 || got[1] != 1 {
		t.Errorf("day 0: levels %v, want part 1 at +1", got)
	}
	if got := levelOf(day0.AddDays(21)); got[2] != 1 || got[1] != 15 {
		t.Errorf("day 21: levels %v, want part 2 at +1 and part 1 at +15", got)
	}
	sent, _ := w.s.SentLevels(ctx)
	if len(sent[data.SentKey{Invoice: inv.ID, Instalment: 1}]) != 2 || len(sent[data.SentKey{Invoice: inv.ID, Instalment: 2}]) != 1 {
		t.Errorf("send log: %v", sent)
	}
}

func mustLevels(t *testing.T, w *world) []data.ReminderLevel {
	ls, err := w.s.Levels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ls
}
