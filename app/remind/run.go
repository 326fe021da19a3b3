package remind

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"cartera/app/docs"
	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// Options tune a run.
type Options struct {
	Only     map[int64]bool   // send to these clients only; nil: everyone planned
	Backoff  []time.Duration  // waits before each retry of a temporary failure; nil: 2 s, 10 s
	Now      func() time.Time // the clock; nil: time.Now
	Progress func(done, total int)
}

// Result is how a run went.
type Result struct {
	Sent, Failed, Refused int
	Unknown               int // handed over, but the server never said it took them: to confirm
	Thanked               int // thank-yous sent
	Sends                 []data.Send
}

// prepared is a message ready to go: rendered, with its attachments.
type prepared struct {
	m     Message
	r     Rendered
	files []Attachment
	err   error
}

// Prepare renders a message and makes its attachment (the statement or
// the letter as a PDF).
func Prepare(m Message, created time.Time) (r Rendered, files []Attachment, err error) {
	err = docs.DrawSafely(m.Client, func() error { // one bad message never stops the run
		var err error
		r, files, err = prepare(m, created)
		return err
	})
	return r, files, err
}

func prepare(m Message, created time.Time) (Rendered, []Attachment, error) {
	r := Render(m)
	var files []Attachment
	var buf bytes.Buffer
	switch {
	case m.Plan != nil:
		if err := reports.AgreementPDF(&buf, created, m.Statement, *m.Plan); err != nil {
			return r, nil, err
		}
		files = append(files, Attachment{Name: docs.FileName(i18n.T(m.Lang(), "Payment plan"), m.Client), Data: buf.Bytes()})
	case m.Level.Attach == data.AttachStatement:
		if err := reports.StatementPDF(&buf, created, m.Statement); err != nil {
			return r, nil, err
		}
		files = append(files, Attachment{Name: docs.FileName(i18n.T(m.Lang(), "Statement"), m.Client), Data: buf.Bytes()})
	case m.Level.Attach == data.AttachLetter:
		if err := reports.LetterPDF(&buf, created, m.Statement, m.Level.LetterLevel); err != nil {
			return r, nil, err
		}
		files = append(files, Attachment{Name: docs.FileName(i18n.T(m.Lang(), "Letter %d", m.Level.LetterLevel), m.Client), Data: buf.Bytes()})
	}
	return r, files, nil
}

// Run sends the plan's messages (those of opts.Only, when set): each is
// written as "sending" in a committed transaction before the server hears
// of it and as sent after, so an invoice never gets a level twice even if
// the process dies in between. Messages are rendered (PDFs included) on
// every core while the previous ones are being sent over one connection.
func Run(ctx context.Context, s *sqlite.Store, c data.Company, m Mailer, p Plan, opts Options) (Result, error) {
	var res Result
	cfg, err := LoadConfig(ctx, s)
	if err != nil {
		return res, err
	}
	if cfg.From == "" {
		return res, data.Errorf(data.EINVALID, "Set the sender address first (Settings, or cartera config set smtp.from ADDRESS).")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	backoff := opts.Backoff
	if backoff == nil {
		backoff = []time.Duration{2 * time.Second, 10 * time.Second}
	}
	var msgs []Message
	for _, msg := range p.Messages {
		if opts.Only == nil || opts.Only[msg.Client.ID] {
			msgs = append(msgs, msg)
		}
	}
	ready := make([]chan prepared, len(msgs))
	for i := range ready {
		ready[i] = make(chan prepared, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r, files, err := Prepare(msgs[i], now())
				ready[i] <- prepared{m: msgs[i], r: r, files: files, err: err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range msgs {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	defer wg.Wait()
	defer m.Close()
	for i := range msgs {
		var pr prepared
		select {
		case pr = <-ready[i]:
		case <-ctx.Done():
			return res, ctx.Err()
		}
		if pr.err != nil {
			return res, pr.err
		}
		send, err := deliver(ctx, s, cfg, c, m, p.Day, pr, now, backoff)
		if err != nil {
			return res, err
		}
		res.Sends = append(res.Sends, send)
		switch send.Status {
		case data.SendSent:
			res.Sent++
		case data.SendRefused:
			res.Refused++
		case data.SendFailed:
			res.Failed++
		case data.SendSending:
			res.Unknown++
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(msgs))
		}
	}
	for _, t := range p.Thanks {
		if opts.Only != nil && !opts.Only[t.Client.ID] {
			continue
		}
		ok, err := thank(ctx, s, cfg, c, m, p.Day, t, now)
		if err != nil {
			return res, err
		}
		if ok {
			res.Thanked++
		}
	}
	return res, nil
}

// thank sends a thank-you, logged like a reminder: "sending" committed
// first, so a crash never thanks twice.
func thank(ctx context.Context, s *sqlite.Store, cfg Config, c data.Company, m Mailer, day data.Date, t Message, now func() time.Time) (bool, error) {
	var invs []int64
	for _, it := range t.Items {
		invs = append(invs, it.InvoiceID)
	}
	if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.StartThanks(t.Client.ID, day, invs) }); err != nil {
		return false, err
	}
	r := Render(t)
	created := now()
	email := Email{From: cfg.From, FromName: c.Name, To: t.To, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: fmt.Sprintf("<cartera.thanks.%d.%d@%s>", invs[0], created.UnixNano(), domain(cfg.From))}
	recips, err := m.Send(ctx, email)
	status, errText := data.SendFailed, ""
	if err != nil {
		errText = i18n.Error("en", err)
	}
	for _, rc := range recips {
		if rc.Accepted {
			status = data.SendSent
		}
	}
	err = s.Update(context.WithoutCancel(ctx), func(tx *sqlite.Tx) error {
		if err := tx.FinishThanks(invs, status, email.MessageID, errText); err != nil || status != data.SendSent {
			return err
		}
		return logSent(tx, t, created, email.Subject)
	})
	return status == data.SendSent, err
}

// deliver logs, sends (retrying temporary failures) and records one message.
func deliver(ctx context.Context, s *sqlite.Store, cfg Config, c data.Company, m Mailer, day data.Date, pr prepared,
	now func() time.Time, backoff []time.Duration) (data.Send, error) {
	send := data.Send{ClientID: pr.m.Client.ID, LevelID: pr.m.Level.ID, Day: day, Created: now(), Levels: pr.m.Levels}
	if pr.m.Instalment != nil { // the plan's instalment, not a level of its invoices
		send.InstalmentID = pr.m.Instalment.ID
	} else {
		for _, it := range pr.m.Items {
			send.Invoices = append(send.Invoices, it.InvoiceID)
			send.Instalments = append(send.Instalments, it.Instalment)
		}
	}
	if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.StartSend(&send) }); err != nil {
		return send, err // another run logged it first: never twice
	}
	email := Email{From: cfg.From, FromName: c.Name, To: pr.m.To, Subject: pr.r.Subject, Text: pr.r.Text, HTML: pr.r.HTML,
		ReadReceipt: pr.m.Level.ReadReceipt, Attachments: pr.files,
		MessageID: fmt.Sprintf("<cartera.%d.%d@%s>", send.ID, send.Created.UnixNano(), domain(cfg.From))}
	var recips []data.Recipient
	var err error
	for attempt := 0; ; attempt++ {
		send.Attempts = attempt + 1
		recips, err = m.Send(ctx, email)
		if err == nil || !Temporary(err) || attempt >= len(backoff) {
			break
		}
		select {
		case <-time.After(backoff[attempt]):
		case <-ctx.Done():
			err = ctx.Err()
		}
		if ctx.Err() != nil {
			break
		}
	}
	send.Recipients, send.MessageID = recips, email.MessageID
	var refused []string
	switch {
	case Unknown(err):
		// It may have arrived: kept "sending", like a message a crash
		// interrupted, for the user to confirm; never sent again by itself.
		send.Status, send.Error = data.SendSending, i18n.Error("en", err)
	case err != nil:
		send.Status, send.Error = data.SendFailed, i18n.Error("en", err)
	default:
		send.Status = data.SendRefused
		for _, r := range recips {
			if r.Accepted {
				send.Status = data.SendSent
			} else {
				refused = append(refused, r.Address)
			}
		}
		if send.Status == data.SendRefused {
			send.Error = "every address was refused"
		}
	}
	err = s.Update(context.WithoutCancel(ctx), func(tx *sqlite.Tx) error {
		if err := tx.FinishSend(send); err != nil {
			return err
		}
		if len(refused) > 0 {
			if err := tx.SetEmailRefused(send.ClientID, refused[0]); err != nil {
				return err
			}
		}
		if send.Status != data.SendSent {
			return nil
		}
		return logSent(tx, pr.m, send.Created, email.Subject)
	})
	return send, err
}

// logSent writes a message that went out to the client's contact log: its
// subject and the invoices it was about.
func logSent(tx *sqlite.Tx, m Message, at time.Time, subject string) error {
	var numbers []string
	for _, it := range m.Items {
		numbers = append(numbers, it.Number)
	}
	return tx.AddContact(&data.ContactEntry{ClientID: m.Client.ID, At: at, Channel: data.ChannelEmail, Direction: data.Outbound,
		Outcome: data.OutcomeSent, Note: oneLine(subject) + " · " + strings.Join(numbers, ", ")})
}

func domain(addr string) string {
	if i := strings.LastIndex(addr, "@"); i >= 0 {
		return strings.Trim(addr[i+1:], "> ")
	}
	return "cartera.local"
}
