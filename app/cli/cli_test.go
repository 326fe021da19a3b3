package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Version: "1.2.3",
		Getenv: func(k string) string { return env[k] },
		Clock:  data.FixedClock{T: time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)},
		GUI: func(o GUIOptions) error {
			out.WriteString("GUI " + o.DB)
			return nil
		},
	})
	return result{code, out.String(), errb.String()}
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CARTERA_DATA_DIR", dir)
	existing := filepath.Join(dir, "existing.cartera")
	os.WriteFile(existing, []byte("x"), 0o600)
	en := map[string]string{"LANG": "C"}
	es := map[string]string{"LANG": "es_ES.UTF-8"}
	tests := []struct {
		name         string
		env          map[string]string
		args         []string
		code         int
		stdout       string // substring expected on stdout
		stderr       string // substring expected on stderr
		lineOnStderr bool
	}{
		{"no command opens the GUI", en, []string{"--db", "x.cartera"}, 0, "GUI x.cartera", "", false},
		{"version", en, []string{"version"}, 0, "cartera 1.2.3", "", false},
		{"help", en, []string{"help"}, 0, "Commands:", "", false},
		{"help in Spanish", es, []string{"help"}, 0, "Órdenes:", "", false},
		{"--help", en, []string{"--help"}, 0, "init", "", false},
		{"unknown command", en, []string{"frobnicate"}, 2, "", `Unknown command "frobnicate"`, true},
		{"unknown command in Spanish", es, []string{"frobnicate"}, 2, "", `La orden "frobnicate" no existe`, true},
		{"bad global flag", en, []string{"--nope"}, 2, "", "flag provided but not defined", true},
		{"init without --db", en, []string{"init"}, 2, "", "init needs the new file's name", true},
		{"init on an existing file", en, []string{"--db", existing, "init"}, 1, "", "A file already exists at", true},
		{"init in Spanish on an existing file", es, []string{"--db", existing, "init"}, 1, "", "Ya existe un archivo en", true},
		{"init with a bad currency", en, []string{"--db", filepath.Join(dir, "bad.cartera"), "init", "--currency", "EURO"}, 1, "", "not an ISO 4217 currency code", true},
		{"init", en, []string{"--db", filepath.Join(dir, "new.cartera"), "init", "--name", "Acme", "--locale", "en-GB"}, 0, "Acme (GBP, en-GB)", "", false},
		{"init Spanish defaults", es, []string{"--db", filepath.Join(dir, "nuevo.cartera"), "init"}, 0, "Mi empresa (EUR, es-ES)", "", false},
		{"demo bad date", en, []string{"demo", "--out", filepath.Join(dir, "d.cartera"), "--today", "30/06/2025"}, 2, "", "not a date", true},
		{"demo stray argument", en, []string{"demo", "extra"}, 2, "", `unexpected argument "extra"`, true},
		{"demo", en, []string{"demo", "--out", filepath.Join(dir, "d.cartera"), "--clients", "20", "--invoices", "300"}, 0, "20 clients, 300 invoices", "", false},
		{"demo into the data folder", en, []string{"demo", "--clients", "5", "--invoices", "50"}, 0, filepath.Join(dir, "demo.cartera"), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.env, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Errorf("stdout %q lacks %q", r.stdout, tt.stdout)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.stderr)
			}
			if tt.lineOnStderr && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
		})
	}
	// The file init made opens, with the settings asked for and mode 0600.
	s, err := sqlite.Open(context.Background(), filepath.Join(dir, "new.cartera"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, _ := s.Company(context.Background())
	if c.Name != "Acme" || c.Currency != "GBP" || c.Locale != "en-GB" || c.PaymentTermsDays != 30 {
		t.Errorf("company = %+v", c)
	}
	if st, _ := os.Stat(filepath.Join(dir, "new.cartera")); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o", st.Mode().Perm())
	}
}

// ledgerCompany makes a EUR company (Spanish locale) in a temporary folder
// and imports a CSV ledger of the given lines below a Spanish header.
func ledgerCompany(t *testing.T, header string, lines ...string) (dir, db string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "co.cartera")
	en := map[string]string{"LANG": "C"}
	run(t, en, "--db", db, "init", "--currency", "EUR", "--locale", "es-ES")
	ledger := filepath.Join(dir, "ledger.csv")
	os.WriteFile(ledger, []byte(header+"\n"+strings.Join(lines, "\n")+"\n"), 0o644)
	if r := run(t, en, "--db", db, "import", ledger); r.code != 0 {
		t.Fatal(r.stderr)
	}
	return dir, db
}

// cliCase is one command line run against a company file: the exit code
// and what stdout and stderr must contain.
type cliCase struct {
	name   string
	env    map[string]string
	args   []string
	code   int
	stdout string
	stderr string
}

// runCases runs each case in order, as a subtest, with prefix (such as
// --db FILE) before its arguments.
func runCases(t *testing.T, prefix []string, cases []cliCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.env, append(slices.Clone(prefix), c.args...)...)
			if r.code != c.code || !strings.Contains(r.stdout, c.stdout) || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", r.code, c.code, r.stdout, c.stdout, r.stderr, c.stderr)
			}
		})
	}
}
