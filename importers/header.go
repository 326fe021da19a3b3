package importers

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Field is what a column of a ledger holds.
type Field string

const (
	Ignore        Field = ""
	InvoiceNumber Field = "invoice_number"
	ClientCode    Field = "client_code"
	ClientName    Field = "client_name"
	TaxID         Field = "tax_id"
	IssueDate     Field = "issue_date"
	DueDate       Field = "due_date"
	Amount        Field = "amount"
	PaidAmount    Field = "paid_amount"
	Balance       Field = "balance"
	PaidDate      Field = "paid_date"
	Currency      Field = "currency"
	Email         Field = "email"
	Phone         Field = "phone"
	Country       Field = "country"
	Disputed      Field = "disputed"
	TermsDays     Field = "terms_days"
	Address       Field = "address"
	City          Field = "city"
	Reference     Field = "reference"
	Product       Field = "product"
	Notes         Field = "notes"
	Industry      Field = "industry"
	DaysToSettle  Field = "days_to_settle" // derived in the IBM ledger: checked, not stored
	DaysLate      Field = "days_late"      // derived in the IBM ledger: checked, not stored
	DocType       Field = "doc_type"       // invoice, credit note, payment or refund
	Corrects      Field = "corrects"       // the invoice a credit note corrects
)

// Fields lists every field in the order the mapping dropdowns show them.
var Fields = []Field{InvoiceNumber, ClientCode, ClientName, TaxID, IssueDate, DueDate, Amount, PaidAmount, Balance,
	PaidDate, Currency, Email, Phone, Country, Disputed, TermsDays, Address, City, Reference, Product, Notes, Industry,
	DaysToSettle, DaysLate, DocType, Corrects}

// fieldLabels are the English names shown to users (translated by the caller).
var fieldLabels = map[Field]string{
	Ignore:        "(ignore)",
	InvoiceNumber: "Invoice number",
	ClientCode:    "Client code",
	ClientName:    "Client name",
	TaxID:         "Tax ID",
	IssueDate:     "Issue date",
	DueDate:       "Due date",
	Amount:        "Amount",
	PaidAmount:    "Amount paid",
	Balance:       "Balance",
	PaidDate:      "Date paid",
	Currency:      "Currency",
	Email:         "Email",
	Phone:         "Phone",
	Country:       "Country",
	Disputed:      "Disputed",
	TermsDays:     "Payment terms (days)",
	Address:       "Address",
	City:          "City",
	Reference:     "Reference",
	Product:       "Product",
	Notes:         "Notes",
	Industry:      "Industry",
	DaysToSettle:  "Days to settle (check)",
	DaysLate:      "Days late (check)",
	DocType:       "Document type",
	Corrects:      "Invoice corrected",
}

// Label is the field's English name, a key of the translation catalog.
func (f Field) Label() string { return fieldLabels[f] }

// ParseField reads a field name as the CLI and saved mappings write it.
func ParseField(s string) (Field, bool) {
	f := Field(strings.TrimSpace(s))
	_, ok := fieldLabels[f]
	return f, ok
}

// synonyms are header texts, folded (lower case, no accents, words split by
// single spaces), that name each field in Spanish and English.
var synonyms = map[Field][]string{
	InvoiceNumber: {"invoice number", "invoicenumber", "invoice no", "invoice n", "invoice num", "invoice", "invoice id",
		"inv no", "number", "no", "n", "num", "numero", "factura", "no factura", "n factura", "num factura",
		"numero factura", "numero de factura", "nro factura", "nro", "folio", "documento", "no documento",
		"numero documento", "document", "document number", "doc no", "comprobante", "bill number"},
	ClientCode: {"customerid", "customer id", "customer code", "customer no", "customer number", "client code",
		"client id", "client no", "account", "account number", "account no", "codigo cliente", "cod cliente",
		"codigo de cliente", "id cliente", "cliente id", "no cliente", "n cliente", "numero cliente", "nro cliente",
		"codigo", "code"},
	ClientName: {"client", "customer", "customer name", "client name", "cliente", "nombre cliente",
		"nombre del cliente", "nombre", "razon social", "company", "company name", "empresa", "name", "deudor",
		"debtor", "titular"},
	TaxID: {"tax id", "taxid", "tax number", "vat", "vat number", "vat id", "nif", "cif", "nif cif", "cif nif", "rut",
		"rfc", "cuit", "nit", "ruc", "dni", "ein", "tin", "id fiscal", "identificacion fiscal", "numero fiscal"},
	IssueDate: {"issue date", "invoice date", "invoicedate", "date", "date issued", "fecha", "fecha emision",
		"fecha de emision", "fecha factura", "fecha de factura", "emision", "fecha expedicion", "fecha de expedicion",
		"fecha documento", "billing date", "posting date", "fecha contable"},
	DueDate: {"due date", "duedate", "due", "due on", "vencimiento", "fecha vencimiento", "fecha de vencimiento",
		"vence", "fecha vto", "vto", "f vencimiento", "payment due"},
	Amount: {"amount", "invoice amount", "invoiceamount", "invoice total", "total", "importe", "monto",
		"importe total", "total factura", "monto total", "valor", "valor total", "gross", "total amount", "amount eur",
		"importe eur", "importe factura", "monto factura", "invoiced", "invoiced amount", "facturado", "importe facturado"},
	PaidAmount: {"paid", "amount paid", "paid amount", "paid to date", "cobrado", "abonado", "pagado",
		"importe cobrado", "monto pagado", "monto cobrado", "importe pagado", "payments", "pagos", "cobros"},
	Balance: {"balance", "open balance", "outstanding", "amount due", "balance due", "saldo", "pendiente",
		"saldo pendiente", "importe pendiente", "monto pendiente", "por cobrar", "remaining", "open amount", "adeudado"},
	PaidDate: {"paid date", "settleddate", "settled date", "settled", "payment date", "date paid", "fecha de cobro",
		"fecha cobro", "fecha de pago", "fecha pago", "cobro", "pago", "fecha abono", "fecha de abono", "paid on",
		"fecha cancelacion"},
	Currency: {"currency", "moneda", "divisa", "curr", "ccy", "currency code"},
	Email:    {"email", "e mail", "mail", "email address", "correo", "correo electronico", "e mail address"},
	Phone: {"phone", "telephone", "tel", "telefono", "movil", "celular", "mobile", "phone number",
		"numero de telefono", "whatsapp"},
	Country:      {"country", "countrycode", "country code", "pais", "codigo pais", "codigo de pais"},
	Disputed:     {"disputed", "dispute", "in dispute", "disputa", "en disputa", "disputada", "reclamada", "litigio"},
	TermsDays:    {"terms", "payment terms", "terms days", "plazo", "plazo pago", "plazo de pago", "dias de pago", "condiciones de pago", "dias credito"},
	Address:      {"address", "direccion", "domicilio", "street"},
	City:         {"city", "ciudad", "poblacion", "localidad", "municipio", "town"},
	Reference:    {"reference", "ref", "referencia", "pedido", "order", "order number", "po", "purchase order", "orden de compra"},
	Product:      {"product", "producto", "item", "articulo", "category", "categoria", "servicio", "service"},
	Notes:        {"notes", "note", "notas", "observaciones", "comentarios", "comments", "description", "descripcion", "concepto"},
	Industry:     {"industry", "sector", "industria", "actividad", "rubro", "giro"},
	DaysToSettle: {"daystosettle", "days to settle", "days to pay", "dias de cobro", "dias para cobrar"},
	DaysLate:     {"dayslate", "days late", "dias de retraso", "dias retraso", "dias de atraso", "dias atraso"},
	DocType: {"type", "document type", "doc type", "voucher type", "transaction type", "tipo", "tipo documento",
		"tipo de documento", "tipo doc", "clase", "clase de documento", "tipo comprobante", "tipo de comprobante",
		"tipo de movimiento", "movimiento"},
	Corrects: {"corrects", "corrects invoice", "corrected invoice", "invoice corrected", "return against", "against invoice",
		"original invoice", "credited invoice", "factura rectificada", "rectifica", "rectifica a", "factura original",
		"factura de origen", "factura afectada", "aplica a"},
}

// vocab maps folded header texts to the fields they name.
type vocab map[string]Field

// ledgerVocab names the columns of ledgers; bankVocab those of bank statements.
var ledgerVocab = newVocab(synonyms)

func newVocab(synonyms map[Field][]string) vocab {
	m := vocab{}
	for f, ss := range synonyms {
		for _, s := range ss {
			if prev, dup := m[s]; dup {
				panic("importers: synonym " + s + " names both " + string(prev) + " and " + string(f))
			}
			m[s] = f
		}
	}
	return m
}

// Fold lower-cases s, drops accents ("Razón" → "razon", "Nº" → "no") and
// splits words at anything that is not a letter or digit, so "Nº  Factura:"
// and "no_factura" both read "no factura". Header mapping and bank matching
// compare texts through it.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf { // accents to drop; a chain per call: transformers keep state
			chain := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			if out, _, err := transform.String(chain, s); err == nil {
				s = out
			}
			break
		}
	}
	s = strings.ToLower(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// guessField names the field a header text means: an exact synonym, else the
// longest synonym of two or more words found inside it ("Fecha de
// vencimiento de la factura").
func guessField(header string) (Field, bool) { return ledgerVocab.guess(header) }

func (v vocab) guess(header string) (Field, bool) {
	h := Fold(header)
	if f, ok := v[h]; ok {
		return f, true
	}
	best, bestLen := Ignore, 0
	padded := " " + h + " "
	for s, f := range v {
		if strings.Contains(s, " ") && len(s) > bestLen && strings.Contains(padded, " "+s+" ") {
			best, bestLen = f, len(s)
		}
	}
	return best, best != Ignore
}

// headerRowsScanned is how far down a sheet the header row is looked for.
const headerRowsScanned = 20

// findHeader picks, among the first rows, the one whose cells name the most
// fields (at least two): title rows above the table are skipped. It returns
// the row's index in rows, or -1.
func findHeader(rows [][]string) int { return ledgerVocab.findHeader(rows) }

func (v vocab) findHeader(rows [][]string) int {
	best, bestScore := -1, 1
	for i, row := range rows {
		if i >= headerRowsScanned {
			break
		}
		seen, score := map[Field]bool{}, 0
		for _, cell := range row {
			if f, ok := v.guess(cell); ok && !seen[f] {
				seen[f] = true
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// autoMap maps each header to a field, each field at most once: exact
// synonyms first, then the partial matches, left to right.
func autoMap(headers []string) []Field { return ledgerVocab.autoMap(headers) }

func (v vocab) autoMap(headers []string) []Field {
	out := make([]Field, len(headers))
	used := map[Field]bool{}
	for pass := 0; pass < 2; pass++ {
		for i, h := range headers {
			if out[i] != Ignore {
				continue
			}
			f, ok := v.guess(h)
			exact := v[Fold(h)] == f
			if !ok || used[f] || (pass == 0 && !exact) {
				continue
			}
			out[i], used[f] = f, true
		}
	}
	return out
}

// headerKey identifies a header row regardless of case, accents and spacing,
// so a saved mapping is found again for the same columns.
func headerKey(headers []string) string {
	parts := make([]string, len(headers))
	for i, h := range headers {
		parts[i] = Fold(h)
	}
	return strings.Join(parts, "|")
}
