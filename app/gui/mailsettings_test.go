package gui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"cartera/app/remind"
)

// TestPasswordWithoutKeyring: on a desktop with no Secret Service, saving
// the mail password says so in a sentence (not the keyring's own error),
// offers to use it until Cartera closes, and the field then says where the
// password is, never "stored in the system keyring".
func TestPasswordWithoutKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
	t.Cleanup(keyring.MockInit)
	t.Setenv("CARTERA_SMTP_PASSWORD", "")
	for _, c := range []struct{ lang, says, keep, kept string }{
		{"en", "This computer has no system keyring to keep the mail password safe", "Use it until Cartera closes", "kept until Cartera closes"},
		{"es", "Este ordenador no tiene un llavero del sistema", "Usarla hasta cerrar Cartera", "guardada hasta cerrar Cartera"},
	} {
		u, s := dashboardOf(t, c.lang)
		ctx := context.Background()
		remind.Set(ctx, s, "smtp.user", "cobros"+c.lang)
		m := u.newMailSettings()
		m.password.SetText("s3cret")
		if err := m.save(); err != errAsked {
			t.Fatalf("%s: save gave %v", c.lang, err)
		}
		shown := strings.Join(textsOf(overlay(t, u)), "\n")
		if !strings.Contains(shown, c.says) || strings.Contains(shown, "dbus") {
			t.Fatalf("%s: the dialog says %q", c.lang, shown)
		}
		tapIn(t, overlay(t, u), c.keep)
		if p, err := remind.Password(ctx, s); err != nil || p != "s3cret" {
			t.Errorf("%s: the password in use is %q (%v)", c.lang, p, err)
		}
		if m.password.PlaceHolder != c.kept || m.password.Text != "" {
			t.Errorf("%s: the field says %q", c.lang, m.password.PlaceHolder)
		}
		if !slices.Contains([]string{remind.PasswordFromSession}, remind.PasswordSource(ctx, s)) {
			t.Errorf("%s: the password comes from %q", c.lang, remind.PasswordSource(ctx, s))
		}
	}
}
