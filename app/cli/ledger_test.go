package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cartera/data"
)

// TestLedgerCommands records money by hand from the command line, as a
// bookkeeper scripts it: a payment spread over the oldest invoices, an
// advance held on account (the client who prepaid 1,000 must not be shown
// owing 250, nor chased), applying it later, a credit note against the
// invoice it corrects, refunds, a void and a reversal with their reasons in
// the audit log, the reminder levels and a client's pause.
func TestLedgerCommands(t *testing.T) {
	en := map[string]string{"LANG": "C"}
	es := map[string]string{"LANG": "es_ES.UTF-8"}
	_, db := ledgerCompany(t, "Factura;Código cliente;Cliente;Fecha;Vencimiento;Importe",
		"F-1;C1;Ñandú Textil S.L.;01/03/2025;31/03/2025;600,00",
		"F-2;C1;Ñandú Textil S.L.;01/04/2025;30/04/2025;400,00",
		"F-3;C2;Bodegas Prepago S.A.;01/05/2025;30/05/2025;250,00")
	runCases(t, []string{"--db", db}, []cliCase{
		{"usage", en, []string{"payment"}, 2, "", "payment add --client CODE"},
		{"letters in an amount", en, []string{"payment", "add", "--client", "C1", "--amount", "12a,50"}, 1, "", "letters among its digits"},
		{"another currency", en, []string{"payment", "add", "--client", "C1", "--amount", "USD 12"}, 1, "", "another currency than EUR"},
		{"year 9999", en, []string{"payment", "add", "--client", "C1", "--amount", "10", "--date", "9999-12-31"}, 1, "", "outside the years Cartera keeps"},
		{"unknown client", en, []string{"payment", "add", "--client", "C9", "--amount", "10"}, 1, "", "no client with code C9"},
		{"apply and on account", en, []string{"payment", "add", "--client", "C1", "--amount", "10", "--apply", "oldest", "--on-account"}, 2, "", "not both"},
		{"oldest first", en, []string{"payment", "add", "--client", "C1", "--amount", "700", "--ref", "TR-1"}, 0,
			"Applied to invoice F-1: 600,00 €.\n  Applied to invoice F-2: 100,00 €.", ""},
		{"advance on account", en, []string{"payment", "add", "--client", "C2", "--amount", "1.000,00", "--ref", "ANT", "--on-account"}, 0,
			"On account: 1.000,00 €.", ""},
		{"report nets it", en, []string{"report", "--format", "json"}, 0, `"net_ar": -450.00`, ""},
		{"report text", es, []string{"report"}, 0, "Saldo a cuenta                     1.000,00 €", ""},
		{"never chased", en, []string{"worklist"}, 0, "Ñandú Textil", ""},
		{"apply the advance", en, []string{"apply", "--payment", "ANT", "--to", "F-3=250"}, 0, "Applied to invoice F-3: 250,00 €.", ""},
		{"apply to another's invoice", en, []string{"apply", "--payment", "ANT", "--to", "F-1=10"}, 1, "", "belongs to another client"},
		{"credit note against F-2", en, []string{"credit-note", "add", "--client", "C1", "--number", "R-1", "--amount", "50", "--invoice", "F-2", "--reason", "damaged"}, 0,
			"Applied to invoice F-2: 50,00 €.", ""},
		{"refund", en, []string{"refund", "--client", "C2", "--amount", "700", "--ref", "DEV-1"}, 0, "50,00 € is left on account", ""},
		{"refund too much", en, []string{"refund", "--client", "C2", "--amount", "100"}, 1, "", "only €50.00 on account"},
		{"void needs a reason", en, []string{"invoice", "void", "F-2"}, 1, "", "Say why"},
		{"void", en, []string{"invoice", "void", "F-2", "--reason", "entered twice"}, 0, "150,00 € applied to it is back on account", ""},
		{"void again", en, []string{"invoice", "void", "F-2", "--reason", "x"}, 1, "", "Invoice F-2 is void."},
		{"pay a void invoice", en, []string{"payment", "add", "--client", "C1", "--amount", "10", "--apply", "F-2=10"}, 1, "", "F-2 is void"},
		{"reverse", es, []string{"payment", "reverse", "TR-1", "--reason", "devuelto por el banco"}, 0, "queda anulado", ""},
		{"reverse again", en, []string{"payment", "reverse", "TR-1", "--reason", "x"}, 1, "", "already reversed"},
		{"audit", en, []string{"audit", "--client", "C1"}, 0, "payment reversed: TR-1 (#1)  [700.00 EUR]  Reason: devuelto por el banco", ""},
		{"audit json", en, []string{"audit", "--format", "json"}, 0, `"action": "invoice.void"`, ""},
		{"levels defaults", en, []string{"levels", "list"}, 0, "No levels are saved yet", ""},
		{"levels set", en, []string{"levels", "set", "--offsets", "-3,1,7,15,30,45"}, 0, "6 reminder levels are set.", ""},
		{"levels listed", en, []string{"levels", "list"}, 0, "  +45  email", ""},
		{"levels twice", en, []string{"levels", "set", "--offsets", "1,1"}, 1, "", "two reminder levels 1 days"},
		{"levels remove", en, []string{"levels", "remove", "6"}, 0, "Reminder level #6 removed.", ""},
		{"pause", en, []string{"client", "pause", "C1", "--until", "2025-07-15"}, 0, "paused until 15/07/2025", ""},
		{"resume", en, []string{"client", "pause", "C1", "--until", ""}, 0, "are resumed", ""},
	})
	// What is left: F-1 (600) open again after the reversal, F-2 void, F-3
	// paid from the advance; C1 holds the credit note's 50, C2 the 50 left.
	runCases(t, []string{"--db", db}, []cliCase{
		{"final figures", en, []string{"report", "--format", "json"}, 0, `"total_ar": 600.00`, ""},
		{"final on account", en, []string{"report", "--format", "json"}, 0, `"unapplied_credit": 100.00`, ""},
	})
}

// TestOutputsNeverReplace: --out or --combined naming the open company
// file is refused for every command that writes one, and the company file
// is untouched; an existing file is replaced only with --force.
func TestOutputsNeverReplace(t *testing.T) {
	en := map[string]string{"LANG": "C"}
	dir, db := ledgerCompany(t, "Factura;Código cliente;Cliente;Fecha;Vencimiento;Importe",
		"F-1;C1;Ñandú Textil S.L.;01/03/2025;31/03/2025;600,00")
	before, _ := os.ReadFile(db)
	existing := filepath.Join(dir, "report.txt")
	os.WriteFile(existing, []byte("keep"), 0o644)
	runCases(t, []string{"--db", db}, []cliCase{
		{"report over the company", en, []string{"report", "--out", db}, 1, "", "is the company file"},
		{"worklist over the company", en, []string{"worklist", "--out", db, "--force"}, 1, "", "is the company file"},
		{"statements over the company", en, []string{"statements", "--combined", db}, 1, "", "is the company file"},
		{"letter over the company", en, []string{"letter", "--client", "C1", "--out", db}, 1, "", "is the company file"},
		{"export over the company", en, []string{"export", "clients", "--out", db + ".xlsx"}, 0, "Wrote", ""},
		{"report over a file", en, []string{"report", "--out", existing}, 1, "", "already exists"},
		{"report over a file, forced", en, []string{"report", "--out", existing, "--force"}, 0, "", ""},
		{"statements twice into a folder", en, []string{"statements", "--out", filepath.Join(dir, "st")}, 0, "Wrote 1 statement to", ""},
		{"again", en, []string{"statements", "--out", filepath.Join(dir, "st")}, 1, "", "add --force to replace them"},
		{"again, forced", en, []string{"statements", "--out", filepath.Join(dir, "st"), "--force"}, 0, "Wrote 1 statement to", ""},
	})
	after, _ := os.ReadFile(db)
	if !bytes.Equal(before, after) {
		t.Error("the company file changed")
	}
	if b, _ := os.ReadFile(existing); !strings.Contains(string(b), "Receivables") {
		t.Errorf("--force did not replace the report: %q", b)
	}
}

// TestInterruptedExits130: a command stopped by Ctrl-C (its context ended)
// exits 130 with a sentence, as shells expect.
func TestInterruptedExits130(t *testing.T) {
	_, db := ledgerCompany(t, "Factura;Código cliente;Cliente;Fecha;Vencimiento;Importe",
		"F-1;C1;Ñandú Textil S.L.;01/03/2025;31/03/2025;600,00")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := Run(ctx, []string{"--db", db, "payment", "add", "--client", "C1", "--amount", "10"}, Env{Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "C" }, Clock: data.FixedClock{T: time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)}})
	if code != ExitInterrupted || !strings.Contains(errb.String(), "Cancelled") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestReadsLeaveTheFileUnchanged: the commands that only read — the new
// audit and levels list, the report with its money on account, a dry run
// of a ledger with credit notes and refunds — leave the company file
// byte-identical (levels list shows the defaults without saving them).
func TestReadsLeaveTheFileUnchanged(t *testing.T) {
	en := map[string]string{"LANG": "C"}
	dir, db := ledgerCompany(t, "Factura;Código cliente;Cliente;Fecha;Vencimiento;Importe",
		"F-1;C1;Ñandú Textil S.L.;01/03/2025;31/03/2025;600,00")
	run(t, en, "--db", db, "payment", "add", "--client", "C1", "--amount", "700", "--ref", "TR-1")
	ledger := filepath.Join(dir, "abonos.csv")
	os.WriteFile(ledger, []byte("Tipo;Factura;Código cliente;Fecha;Importe;Factura rectificada\nAbono;R-1;C1;01/04/2025;-50,00;F-1\nDevolución;D-1;C1;02/04/2025;20,00;\n"), 0o600)
	files := func() string {
		var all []byte
		for _, suffix := range []string{"", "-wal"} {
			b, _ := os.ReadFile(db + suffix)
			all = append(all, b...)
		}
		return string(all)
	}
	before := files()
	for _, args := range [][]string{
		{"report"}, {"report", "--format", "json", "--as-of", "2025-04-30"}, {"audit"}, {"audit", "--format", "json"},
		{"levels", "list"}, {"import", ledger, "--dry-run"}, {"statements", "--client", "C1", "--combined", filepath.Join(dir, "s.pdf")},
	} {
		if r := run(t, en, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %s", args, r.stderr)
		}
		if files() != before {
			t.Fatalf("%v changed the company file", args)
		}
	}
}
