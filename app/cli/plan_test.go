package cli

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanCommands(t *testing.T) {
	en := map[string]string{"LANG": "C"}
	es := map[string]string{"LANG": "es_ES.UTF-8"}
	dir, db := ledgerCompany(t, "Factura;Código cliente;Cliente;Idioma;Fecha;Vencimiento;Importe",
		"F-1;C1;Ñandú Textil S.L.;es;01/03/2025;31/03/2025;600,00",
		"F-2;C1;Ñandú Textil S.L.;es;01/04/2025;30/04/2025;400,00",
		"F-3;C1;Ñandú Textil S.L.;es;01/05/2025;31/05/2025;50,00")
	pdf := filepath.Join(dir, "acuerdo.pdf")
	runCases(t, []string{"--db", db}, []cliCase{
		{"usage", en, []string{"plan"}, 2, "", "plan create --client CODE"},
		{"create", en, []string{"plan", "create", "--client", "C1", "--instalments", "3", "--first", "2025-05-20", "--as-of", "2025-05-15", "--agreement", pdf},
			0, "Payment plan #1 for Ñandú Textil S.L.: 1.000,00 € in 3 instalments.\n   1  20/05/2025  333,33 €\n   2  20/06/2025  333,33 €\n   3  20/07/2025  333,34 €", ""},
		{"again", en, []string{"plan", "create", "--client", "C1", "--instalments", "2", "--first", "2025-05-20", "--as-of", "2025-05-15"}, 1, "", "no overdue invoices"},
		{"list", es, []string{"plan", "list", "--as-of", "2025-05-18"}, 0, "#1 Ñandú Textil S.L. · plan activo · pagado 0,00 € / 1.000,00 € · 0/3 · próxima 333,33 € el 20/05/2025", ""},
		{"missed", en, []string{"plan", "list", "--format", "json"}, 0, `"status": "broken"`, ""},
		{"cancel broken", en, []string{"plan", "cancel", "1"}, 1, "", "not active"},
		{"agreement", en, []string{"plan", "agreement", "1", "--out", filepath.Join(dir, "again.pdf")}, 0, "Wrote", ""},
		{"no such plan", en, []string{"plan", "agreement", "9", "--out", filepath.Join(dir, "x.pdf")}, 1, "", "no payment plan #9"},
	})

	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Acuerdo de plan de pagos", "Ñandú Textil S.L.", "1.000,00 €", "3 cuotas, cada mes", "20/07/2025", "333,34 €", "F-1", "F-2"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the agreement lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(string(text), "F-3") {
		t.Error("the agreement lists an invoice not yet due")
	}
}
