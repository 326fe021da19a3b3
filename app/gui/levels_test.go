package gui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"cartera/app/remind"
	"cartera/data"
)

// TestLevelEditor: days that are not a number and a misspelt placeholder
// are refused with a sentence that says which and why, and nothing is
// saved; levels can be added (then edited) and removed.
func TestLevelEditor(t *testing.T) {
	for _, c := range []struct {
		lang, days, subject, want string
	}{
		{"en", "x", "", "Days from the due date: write a whole number."},
		{"es", "x", "", "Días desde el vencimiento: escriba un número entero."},
		{"en", "15", "Invoices of {clinet}", "The English subject has {clinet}, which Cartera does not know: did you mean {client}?"},
		{"es", "15", "Facturas de {clinet}", "El asunto en inglés contiene {clinet}, que Cartera no reconoce: ¿quiso decir {client}?"},
	} {
		u, s := dashboardOf(t, c.lang)
		ctx := context.Background()
		levels, _ := remind.EnsureLevels(ctx, s)
		u.levelDialog(levels[0])
		form := overlay(t, u)
		es := entries(form)
		es[0].SetText(c.days)
		if c.subject != "" {
			for _, e := range es {
				if e.Text == levels[0].SubjectEN {
					e.SetText(c.subject)
				}
			}
		}
		tapIn(t, form, map[string]string{"en": "Save", "es": "Guardar"}[c.lang])
		if got := textsOf(u.win.Canvas().Overlays().Top()); !slices.Contains(got, c.want) {
			t.Errorf("%s %q/%q: the error says %q, want %q", c.lang, c.days, c.subject, got, c.want)
		}
		if after, _ := s.Levels(ctx); after[0] != levels[0] {
			t.Errorf("%s: the level changed after a refusal: %+v", c.lang, after[0])
		}
	}

	u, s := dashboardOf(t, "en")
	ctx := context.Background()
	before, _ := remind.EnsureLevels(ctx, s)
	u.addLevelDialog()
	form := overlay(t, u)
	entries(form)[0].SetText("45")
	tapIn(t, form, "Add")
	after, _ := s.Levels(ctx)
	if len(after) != len(before)+1 || !slices.ContainsFunc(after, func(l data.ReminderLevel) bool { return l.OffsetDays == 45 }) {
		t.Fatalf("no level at 45 days: %d levels, were %d", len(after), len(before))
	}
	if !slices.ContainsFunc(textsOf(overlay(t, u)), func(s string) bool { return s == "Reminder level" }) {
		t.Error("the new level does not open for its texts to be reviewed")
	}
	press(u, fyne.KeyEscape)
	i := slices.IndexFunc(after, func(l data.ReminderLevel) bool { return l.OffsetDays == 45 })
	u.removeLevel(after[i])
	if !slices.ContainsFunc(textsOf(overlay(t, u)), func(s string) bool { return strings.HasPrefix(s, "45 days after the due date will no longer be sent") }) {
		t.Errorf("removing does not ask: %q", textsOf(overlay(t, u)))
	}
	tapIn(t, overlay(t, u), "Remove")
	if again, _ := s.Levels(ctx); len(again) != len(before) {
		t.Fatalf("%d levels after removing, want %d", len(again), len(before))
	}
}
