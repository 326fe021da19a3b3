package chase

import (
	"context"
	"path/filepath"
	"testing"

	"cartera/app/demo"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

var today = data.MustDate("2025-06-30")

func demoStore(t *testing.T) *sqlite.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.cartera")
	if _, err := demo.Generate(context.Background(), path, demo.Options{Today: today, Seed: 3, Clients: 60, Invoices: 900}); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Clock: data.FixedClock{T: today.Time()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestAlertsMatchTheFacts(t *testing.T) {
	ctx := context.Background()
	s := demoStore(t)
	as, err := Alerts(ctx, s, today)
	if err != nil {
		t.Fatal(err)
	}
	facts, _ := reports.LoadPromiseFacts(ctx, s.DB(), today)
	bs, _ := reports.Behaviours(ctx, s.DB(), today, 0)
	rising := 0
	for _, b := range bs {
		if b.Rising && b.Balance > 0 {
			rising++
		}
	}
	count := map[AlertKind]int{}
	rank := map[AlertKind]int{AlertBrokenPromise: 0, AlertPromiseToday: 1, AlertOverLimit: 2, AlertRising: 3}
	over, _ := reports.OverLimit(ctx, s.DB())
	for i, a := range as {
		count[a.Kind]++
		if a.Name == "" {
			t.Errorf("alert %d has no client name", i)
		}
		if i > 0 && rank[as[i-1].Kind] > rank[a.Kind] {
			t.Errorf("alert %d (%s) after a %s", i, a.Kind, as[i-1].Kind)
		}
		if a.Kind == AlertPromiseToday && a.Amount != facts.DueToday[a.ClientID] {
			t.Errorf("%s promised %d, facts say %d", a.Name, a.Amount, facts.DueToday[a.ClientID])
		}
	}
	for kind, want := range map[AlertKind]int{AlertBrokenPromise: len(facts.BrokenRecently), AlertPromiseToday: len(facts.DueToday), AlertRising: rising,
		AlertOverLimit: len(over)} {
		if count[kind] != want || want == 0 {
			t.Errorf("%s: %d alerts, want %d (and the demo should have some)", kind, count[kind], want)
		}
	}
}

func TestAlertText(t *testing.T) {
	es, en := data.LocaleFor("es-ES"), data.LocaleFor("en-US")
	for _, tc := range []struct {
		a    Alert
		lang string
		l    data.Locale
		want string
	}{
		{Alert{Kind: AlertBrokenPromise, Name: "Muñoz S.L."}, "es", es, "Muñoz S.L. incumplió una promesa de pago."},
		{Alert{Kind: AlertPromiseToday, Name: "Acme", Amount: 123450}, "en", en, "Acme promised to pay €1,234.50 today."},
		{Alert{Kind: AlertPromiseToday, Name: "Acme", Amount: 123450}, "es", es, "Acme prometió pagar 1.234,50 € hoy."},
		{Alert{Kind: AlertRising, Name: "Acme", Days: 12.4}, "en", en, "Acme takes 12 days longer to pay than before."},
	} {
		if got := tc.a.Text(tc.lang, tc.l, "EUR"); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.a.Kind, tc.lang, got, tc.want)
		}
	}
}

func TestLoadRanksTasks(t *testing.T) {
	s := demoStore(t)
	c, _ := s.Company(context.Background())
	td, err := Load(context.Background(), s, c, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(td.Tasks) == 0 {
		t.Fatal("no tasks on the demo")
	}
	for i, task := range td.Tasks {
		if _, ok := td.Clients[task.ClientID]; !ok {
			t.Errorf("task %d: client %d not loaded", i, task.ClientID)
		}
		if ActionLabels[task.Action] == "" {
			t.Errorf("task %d: action %q has no label", i, task.Action)
		}
		if i > 0 && td.Tasks[i-1].Priority < task.Priority {
			t.Errorf("task %d ranks above a higher priority", i)
		}
	}
}
