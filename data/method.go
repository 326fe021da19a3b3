package data

import "strings"

// Payment methods are stored as these codes, whatever language they were
// typed or imported in, and shown as words in the user's language.
const (
	MethodTransfer    = "transfer"
	MethodCard        = "card"
	MethodCash        = "cash"
	MethodCheque      = "cheque"
	MethodDirectDebit = "direct_debit"
)

// PaymentMethods are the codes offered, in the order shown.
var PaymentMethods = []string{MethodTransfer, MethodCard, MethodCash, MethodCheque, MethodDirectDebit}

// methodWords are what people write for each method, folded (lower case,
// no accents), in English and Spanish.
var methodWords = map[string][]string{
	MethodTransfer:    {"transfer", "bank transfer", "wire", "wire transfer", "transferencia", "transferencia bancaria", "sepa"},
	MethodCard:        {"card", "credit card", "debit card", "tarjeta", "tarjeta de credito", "tarjeta de debito", "tpv"},
	MethodCash:        {"cash", "efectivo", "metalico", "contado"},
	MethodCheque:      {"cheque", "check", "talon", "pagare"},
	MethodDirectDebit: {"direct debit", "direct_debit", "debit", "domiciliacion", "recibo domiciliado", "adeudo directo", "sepa direct debit"},
}

// MethodCode is the code of a payment method written in English or
// Spanish ("Transferencia", "bank transfer" → transfer); other text, such
// as "Bizum", is kept as written, trimmed.
func MethodCode(s string) string {
	s = strings.TrimSpace(s)
	k := foldMethod(s)
	for _, code := range PaymentMethods {
		for _, w := range methodWords[code] {
			if k == w {
				return code
			}
		}
	}
	return s
}

// MethodLabel is the English word for a method code, to be translated
// where it is shown; text that is not a code is shown as it is.
func MethodLabel(code string) string {
	switch code {
	case MethodTransfer:
		return "Transfer"
	case MethodCard:
		return "Card"
	case MethodCash:
		return "Cash"
	case MethodCheque:
		return "Cheque"
	case MethodDirectDebit:
		return "Direct debit"
	}
	return code
}

func foldMethod(s string) string {
	r := strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n")
	return strings.Join(strings.Fields(r.Replace(strings.ToLower(s))), " ")
}
