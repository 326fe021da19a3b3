package cli

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cartera/app/remind/smtptest"
)

func TestRemindAndConfigCommands(t *testing.T) {
	srv := smtptest.New(t)
	port := strconv.Itoa(srv.Port())
	count := func() int64 { return int64(len(srv.Messages())) }

	db := filepath.Join(t.TempDir(), "demo.cartera")
	en := map[string]string{"LANG": "C"}
	es := map[string]string{"LANG": "es_ES.UTF-8"}
	if r := run(t, en, "demo", "--out", db, "--today", "2025-06-30", "--clients", "40", "--invoices", "600"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	runCases(t, nil, []cliCase{
		{"no server yet", en, []string{"--db", db, "remind", "--as-of", "2025-06-30"}, 2, "", "config set smtp.host"},
		{"bad port", en, []string{"--db", db, "config", "set", "smtp.port", "0"}, 1, "", "from 1 to 65535"},
		{"bad key", es, []string{"--db", db, "config", "get", "smtp.nope"}, 1, "", "Ajuste desconocido"},
		{"set host", en, []string{"--db", db, "config", "set", "smtp.host", "127.0.0.1"}, 0, "", ""},
		{"set port", en, []string{"--db", db, "config", "set", "smtp.port", port}, 0, "", ""},
		{"set security", en, []string{"--db", db, "config", "set", "smtp.security", "none"}, 0, "", ""},
		{"set from", en, []string{"--db", db, "config", "set", "smtp.from", "cobros@olivar.es"}, 0, "", ""},
		{"get", en, []string{"--db", db, "config", "get", "smtp.security"}, 0, "none", ""},
		{"list", en, []string{"--db", db, "config", "list"}, 0, "smtp.from = cobros@olivar.es", ""},
		{"dry run", en, []string{"--db", db, "remind", "--dry-run", "--as-of", "2025-06-30"}, 0, "Subject: Suministros Olivar S.L.:", ""},
		{"confirm usage", en, []string{"--db", db, "remind", "confirm", "x", "maybe"}, 2, "", "remind confirm ID sent|unsent"},
	})
	if count() != 0 {
		t.Fatalf("a dry run sent %d messages", count())
	}
	r := run(t, en, "--db", db, "remind", "--as-of", "2025-06-30")
	// A message to a client with two addresses goes in two envelopes.
	if r.code != 0 || count() == 0 || !strings.Contains(r.stdout, "Sent ") || strings.Contains(r.stdout, "Sent 0,") {
		t.Fatalf("remind: exit %d, server got %d\n%s%s", r.code, count(), r.stdout, r.stderr)
	}
	sent := count()
	if r := run(t, en, "--db", db, "remind", "--as-of", "2025-06-30"); r.code != 0 || count() != sent || !strings.Contains(r.stdout, "0 reminders to send") {
		t.Errorf("a second run the same day sent %d more: %s", count()-sent, r.stdout)
	}
}
