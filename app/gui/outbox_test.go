package gui

import (
	"context"
	"fyne.io/fyne/v2/test"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/emersion/go-smtp"

	"cartera/app/remind"
	"cartera/data"
)

type countingBackend struct{ n atomic.Int64 }

func (b *countingBackend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return countingSession{b}, nil
}

type countingSession struct{ b *countingBackend }

func (countingSession) Reset()                               {}
func (countingSession) Logout() error                        { return nil }
func (countingSession) Mail(string, *smtp.MailOptions) error { return nil }
func (countingSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s countingSession) Data(r io.Reader) error             { io.Copy(io.Discard, r); s.b.n.Add(1); return nil }

func TestOutboxPreviewAndSend(t *testing.T) {
	u, s := dashboardOf(t, "es")
	ctx := context.Background()
	be := &countingBackend{}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": strconv.Itoa(l.Addr().(*net.TCPAddr).Port),
		"smtp.security": "none", "smtp.from": "cobros@olivar.es"} {
		if err := remind.Set(ctx, s, k, v); err != nil {
			t.Fatal(err)
		}
	}
	u.goTo(screenOutbox)
	p, err := remind.MakePlan(ctx, s, u.company, testToday)
	if err != nil || len(p.Messages) == 0 {
		t.Fatalf("plan: %v, %d messages", err, len(p.Messages))
	}
	if !shows(u.win, strconv.Itoa(len(p.Messages))+" correos") {
		t.Errorf("the outbox does not count %d emails", len(p.Messages))
	}
	first := remind.Render(p.Messages[0])
	if !shows(u.win, first.Subject) || !shows(u.win, first.Text) {
		t.Errorf("the preview does not show the first email %q", first.Subject)
	}
	test.Tap(buttonNamed(t, u.win, "Enviar todos"))
	if be.n.Load() < int64(len(p.Messages)) {
		t.Fatalf("the server got %d messages for %d reminders", be.n.Load(), len(p.Messages))
	}
	if !slices.ContainsFunc(overlayTexts(overlay(t, u)), func(s string) bool { return strings.HasPrefix(s, "Enviados "+strconv.Itoa(len(p.Messages))) }) {
		t.Errorf("no summary: %q", overlayTexts(overlay(t, u)))
	}
	if !shows(u.win, "Hoy no toca ningún recordatorio.") {
		t.Error("the outbox still lists reminders after sending them")
	}
	sends, _ := s.Sends(ctx, testToday, data.SendSent)
	if len(sends) != len(p.Messages) {
		t.Errorf("%d sends logged", len(sends))
	}
}
