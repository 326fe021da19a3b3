package remind

import (
	"context"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"cartera/data"
)

// Schedule runs job every day at hh:mm (local time) until Stop.
type Schedule struct{ c *cron.Cron }

// Daily starts a schedule of job at the time "HH:MM".
func Daily(at string, job func()) (*Schedule, error) {
	t, err := time.Parse("15:04", at)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "Write the time as HH:MM, such as 09:00.")
	}
	c := cron.New()
	if _, err := c.AddFunc(fmt.Sprintf("%d %d * * *", t.Minute(), t.Hour()), job); err != nil {
		return nil, data.Wrap(err, data.EINTERNAL, "The daily reminders could not be scheduled.")
	}
	c.Start()
	return &Schedule{c: c}, nil
}

// Stop ends the schedule, waiting for a run under way.
func (s *Schedule) Stop() {
	if s != nil {
		<-s.c.Stop().Done()
	}
}

// TestEmail sends a short message to check the SMTP settings.
func TestEmail(ctx context.Context, m Mailer, cfg Config, company, to string) error {
	defer m.Close()
	rs, err := m.Send(ctx, Email{From: cfg.From, FromName: company, To: []string{to}, Subject: company + ": Cartera test email",
		Text: "This is a test message from Cartera. If you can read it, reminders can be sent.\n\nEste es un mensaje de prueba de Cartera. Si puede leerlo, los recordatorios pueden enviarse."})
	if err != nil {
		return err
	}
	if len(rs) == 0 || !rs[0].Accepted {
		return data.Errorf(data.EINVALID, "The mail server refused %s.", to)
	}
	return nil
}
