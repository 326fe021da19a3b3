package gui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"cartera/app/remind"
	"cartera/app/remind/smtptest"
	"cartera/data"
)

func TestOutboxPreviewAndSend(t *testing.T) {
	u, s := dashboardOf(t, "es")
	ctx := context.Background()
	srv := smtptest.New(t)
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": strconv.Itoa(srv.Port()),
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
	// One client held back today: it leaves the list, and comes back
	// when put back; held again, Send all leaves it out.
	held := p.Messages[0].Client
	test.Tap(buttonNamed(t, u.win, "Retener hoy"))
	if !shows(u.win, strconv.Itoa(len(p.Messages)-1)+" correos") || !shows(u.win, held.Name+" queda retenido hoy.") {
		t.Fatalf("holding %s back did not take it out of today's %d emails", held.Name, len(p.Messages))
	}
	test.Tap(buttonNamed(t, u.win, "Volver a incluir"))
	if !shows(u.win, strconv.Itoa(len(p.Messages))+" correos") {
		t.Fatal("putting it back did not list it again")
	}
	test.Tap(buttonNamed(t, u.win, "Retener hoy"))
	p.Messages = p.Messages[1:]

	// Send all asks first, saying how many; Cancel sends nothing.
	test.Tap(buttonNamed(t, u.win, "Enviar todos"))
	want := "¿Enviar ahora " + strconv.Itoa(len(p.Messages)) + " correos de recordatorio"
	if !slices.ContainsFunc(overlayTexts(overlay(t, u)), func(s string) bool { return strings.HasPrefix(s, want) }) {
		t.Fatalf("Send all does not ask first: %q", overlayTexts(overlay(t, u)))
	}
	tapIn(t, overlay(t, u), "Cancelar")
	if len(srv.Messages()) != 0 {
		t.Fatal("Cancel sent reminders")
	}
	test.Tap(buttonNamed(t, u.win, "Enviar todos"))
	tapIn(t, overlay(t, u), "Enviar "+strconv.Itoa(len(p.Messages))+" correos")
	for _, m := range srv.Messages() {
		if slices.ContainsFunc(held.Emails, func(a string) bool { return strings.Contains(strings.Join(m.To, ","), a) }) {
			t.Errorf("the client held back got %v", m.To)
		}
	}
	if len(srv.Messages()) < len(p.Messages) {
		t.Fatalf("the server got %d messages for %d reminders", len(srv.Messages()), len(p.Messages))
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
