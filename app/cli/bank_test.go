package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBankCommands(t *testing.T) {
	en := map[string]string{"LANG": "C"}
	dir, db := ledgerCompany(t, "Factura;Código cliente;Cliente;NIF;Fecha;Vencimiento;Importe",
		"F-2025-0001;C1;Óptica Núñez S.L.;B12345678;30/04/2025;30/05/2025;1.210,00",
		"F-2025-0002;C2;Carpintería Garrido;B11111111;10/04/2025;10/05/2025;400,00",
		"F-2025-0003;C2;Carpintería Garrido;B11111111;15/05/2025;14/06/2025;450,50")
	camt, _ := filepath.Abs("../../importers/bank/testdata/camt053.xml")
	csv, _ := filepath.Abs("../../importers/bank/testdata/extracto-santander.csv")
	os.WriteFile(filepath.Join(dir, "extracto.pdf"), []byte("%PDF-1.4"), 0o644)
	odd, july := filepath.Join(dir, "junio.csv"), filepath.Join(dir, "julio.csv")
	os.WriteFile(odd, []byte("F. Op.;Texto libre;Eur\n01/06/2025;PAGO F-2025-0003;450,50\n"), 0o644)
	os.WriteFile(july, []byte("F. Op.;Texto libre;Eur\n02/07/2025;PAGO F-2025-0002;10,00\n"), 0o644)
	runCases(t, []string{"--db", db}, []cliCase{
		{"dry run", en, []string{"bank", "import", camt, "--dry-run"}, 0, "2 new", ""},
		{"import", en, []string{"bank", "import", camt}, 0, "2 credits in camt053.xml: 2 new, 0 already read.", ""},
		{"again", en, []string{"bank", "import", camt}, 0, "0 new, 2 already read", ""},
		{"match", en, []string{"bank", "match"}, 0, "Óptica Núñez S.L. · high", ""},
		{"confirm high", en, []string{"bank", "match", "--auto-confirm", "high"}, 0, "1 confirmed as payments", ""},
		{"left", en, []string{"bank", "match"}, 0, "1 credits waiting", ""},
		{"undo", en, []string{"bank", "undo", "1"}, 0, "back in the queue", ""},
		{"undo twice", en, []string{"bank", "undo", "1"}, 1, "", "not confirmed"},
		{"unknown format", en, []string{"bank", "import", filepath.Join(dir, "extracto.pdf")}, 1, "", "camt.053"},
		{"csv, Spanish headers and decimal commas", en, []string{"bank", "import", csv, "--bank", "Santander"}, 0, "3 credits in extracto-santander.csv: 3 new", ""},
		{"csv mapping saved", en, []string{"bank", "import", csv}, 0, "mapping of bank Santander", ""},
		{"odd headers, no mapping", en, []string{"bank", "import", odd}, 1, "", "no header row"},
		{"odd headers mapped by hand", en, []string{"bank", "import", odd, "--bank", "Caja Rural", "--map", "F. Op.=booking_date,Texto libre=description,Eur=amount"},
			0, "1 credit in junio.csv: 1 new", ""},
		{"the bank's next statement", en, []string{"bank", "import", july, "--bank", "Caja Rural"}, 0, "1 credit in julio.csv: 1 new", ""},
		{"a field that is not a column", en, []string{"bank", "import", odd, "--map", "Eur=invoice_number"}, 1, "", "is not a column of bank statements"},
		{"a header that is not there", en, []string{"bank", "import", july, "--map", "Importe=amount"}, 1, "", "has no column called Importe"},
		{"assign needs a client", en, []string{"bank", "assign", "5"}, 2, "", "bank assign ID --client CODE"},
		{"assign the cash to a client", en, []string{"bank", "assign", "5", "--client", "C2"}, 0, "Bank credit #5 is a payment of Carpintería Garrido for 100,00 €: F-2025-0002.", ""},
		{"assign twice", en, []string{"bank", "assign", "5", "--client", "C2"}, 1, "", "not waiting"},
		{"dismiss", en, []string{"bank", "dismiss", "4"}, 0, "set aside", ""},
		{"dismissed leaves the queue", en, []string{"bank", "match"}, 0, "5 credits waiting", ""},
		{"dismiss twice", en, []string{"bank", "dismiss", "4"}, 1, "", "not waiting"},
		{"undo a dismissal", en, []string{"bank", "undo", "4"}, 0, "back in the queue", ""},
		{"undo an assignment", en, []string{"bank", "undo", "5"}, 0, "back in the queue", ""},
		{"all back", en, []string{"bank", "match"}, 0, "7 credits waiting", ""},
	})
	// The Garrido credit (850.50 for two invoices) is proposed by the payer's name.
	if r := run(t, en, "--db", db, "bank", "match", "--format", "json"); !strings.Contains(r.stdout, `"reason": "The payer is the client and the amount is the total of several of its invoices."`) {
		t.Errorf("match JSON: %s", r.stdout)
	}
}
