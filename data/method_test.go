package data

import "testing"

func TestMethodCode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Transfer", MethodTransfer}, {"transferencia", MethodTransfer}, {" Transferencia  bancaria ", MethodTransfer},
		{"Tarjeta", MethodCard}, {"EFECTIVO", MethodCash}, {"Talón", MethodCheque}, {"check", MethodCheque},
		{"Domiciliación", MethodDirectDebit}, {"Direct debit", MethodDirectDebit}, {"direct_debit", MethodDirectDebit},
		{"Bizum", "Bizum"}, {"", ""},
	} {
		if got := MethodCode(c.in); got != c.want {
			t.Errorf("MethodCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, code := range PaymentMethods {
		if MethodCode(MethodLabel(code)) != code {
			t.Errorf("the label of %s does not read back as it", code)
		}
	}
}
