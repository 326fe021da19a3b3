package data

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// Company holds one company file's own settings.
type Company struct {
	Name                string
	TaxID               string
	Address             string // street, postcode and city, several lines allowed
	Country             string // ISO 3166 alpha-2
	Email               string
	Phone               string
	Currency            string // base currency, ISO 4217
	Locale              string // BCP 47 tag: "es-ES", "en-US"
	PaymentTermsDays    int    // default terms for new clients and invoices
	AgingBuckets        []int  // upper bounds in days overdue of the overdue buckets: 30, 60, 90 → 1-30, 31-60, 61-90, 91+
	PaymentInstructions string // shown on statements and reminders
	Logo                []byte // PNG or JPEG; empty for none
}

// DefaultAgingBuckets are current, 1-30, 31-60, 61-90 and 91+ days overdue.
var DefaultAgingBuckets = []int{30, 60, 90}

// Validate checks what the rest of the app relies on and normalises codes.
func (c *Company) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return Errorf(EINVALID, "The company needs a name.")
	}
	cur, err := ValidCurrency(c.Currency)
	if err != nil {
		return err
	}
	c.Currency = cur
	c.Locale = LocaleFor(c.Locale).Tag
	if c.PaymentTermsDays < 0 || c.PaymentTermsDays > 365 {
		return Errorf(EINVALID, "Payment terms must be between 0 and 365 days.")
	}
	if len(c.AgingBuckets) == 0 {
		c.AgingBuckets = append([]int(nil), DefaultAgingBuckets...)
	}
	return ValidateBuckets(c.AgingBuckets)
}

// ValidateBuckets checks aging bucket bounds: increasing days above zero.
func ValidateBuckets(bounds []int) error {
	prev := 0
	for _, b := range bounds {
		if b <= prev {
			return Errorf(EINVALID, "Aging buckets must be increasing numbers of days, such as 30, 60, 90.")
		}
		prev = b
	}
	return nil
}

// Channel is how a client is reached.
type Channel string

const (
	ChannelEmail    Channel = "email"
	ChannelCall     Channel = "call"
	ChannelWhatsApp Channel = "whatsapp"
	ChannelLetter   Channel = "letter"
	ChannelVisit    Channel = "visit"
)

// Channels lists every channel in display order.
var Channels = []Channel{ChannelEmail, ChannelCall, ChannelWhatsApp, ChannelLetter, ChannelVisit}

// ValidChannel reports whether c is one of Channels.
func ValidChannel(c Channel) bool { return c.valid() }

func (c Channel) valid() bool {
	for _, k := range Channels {
		if c == k {
			return true
		}
	}
	return false
}

// Client is a customer who buys on credit.
type Client struct {
	ID               int64
	Code             string // the company's own code, unique: "C0042", "0379-NEVHP"
	Name             string
	TaxID            string
	Emails           []string
	Phones           []string
	Address          string
	City             string
	Country          string // ISO 3166 alpha-2
	Industry         string
	Segment          string
	PreferredChannel Channel
	Language         string // "es" or "en": the language of emails and statements
	CreditLimit      int64  // minor units of the company currency; 0 = none
	OpenOrders       int64  // orders taken but not invoiced yet, minor units; they count against the limit
	CapacityScore    int    // the owner's view of the client's capacity to pay: 0 not assessed, 1 cannot pay … 5 pays easily
	CapacityNote     string // why: "cash-flow trouble until the harvest", "new investor"
	PaymentTermsDays int    // 0 = the company's default
	Terms            string // instalment terms such as "30/60/90"; "" = one due date
	Created          Date
	Notes            string
	OptOut           bool // never send automatic reminders
}

// MaxCapacityScore is the best capacity to pay.
const MaxCapacityScore = 5

// Exposure is what the client owes plus the orders it has open: what the
// credit limit is measured against.
func (c Client) Exposure(balance int64) int64 { return balance + c.OpenOrders }

// OverLimit reports whether balance plus open orders exceed the credit
// limit (never, when the client has none).
func (c Client) OverLimit(balance int64) bool {
	return c.CreditLimit > 0 && c.Exposure(balance) > c.CreditLimit
}

// Validate normalises the client and checks required fields.
func (c *Client) Validate() error {
	c.Code = strings.TrimSpace(c.Code)
	c.Name = strings.TrimSpace(c.Name)
	if c.Code == "" {
		return Errorf(EINVALID, "A client needs a code.")
	}
	if c.Name == "" {
		return Errorf(EINVALID, "Client %s needs a name.", c.Code)
	}
	if c.PreferredChannel == "" {
		c.PreferredChannel = ChannelEmail
	}
	if !c.PreferredChannel.valid() {
		return Errorf(EINVALID, "Client %s has an unknown preferred channel %q.", c.Code, string(c.PreferredChannel))
	}
	c.Language = LocaleFor(c.Language).Lang
	if c.CreditLimit < 0 {
		return Errorf(EINVALID, "Client %s cannot have a negative credit limit.", c.Code)
	}
	if c.OpenOrders < 0 {
		return Errorf(EINVALID, "Client %s cannot have negative open orders.", c.Code)
	}
	if c.CapacityScore < 0 || c.CapacityScore > MaxCapacityScore {
		return Errorf(EINVALID, "The capacity to pay of client %s is scored from 1 to %d (0 = not assessed).", c.Code, MaxCapacityScore)
	}
	if c.PaymentTermsDays < 0 || c.PaymentTermsDays > 365 {
		return Errorf(EINVALID, "Payment terms must be between 0 and 365 days.")
	}
	if _, err := ParseTerms(c.Terms); err != nil {
		return err
	}
	c.Terms = strings.TrimSpace(c.Terms)
	c.Emails = trimAll(c.Emails)
	c.Phones = trimAll(c.Phones)
	return nil
}

func trimAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ContactWarnings lists what is wrong with a client's contact data, so the
// UI can flag it and reminders can skip it.
func (c Client) ContactWarnings() []error {
	var w []error
	if len(c.Emails) == 0 {
		w = append(w, Errorf(EINVALID, "No email address."))
	}
	for _, e := range c.Emails {
		if !ValidEmail(e) {
			w = append(w, Errorf(EINVALID, "The email address %s is not valid.", e))
		}
	}
	for _, p := range c.Phones {
		if !ValidPhone(p) {
			w = append(w, Errorf(EINVALID, "The phone number %s is not valid.", p))
		}
	}
	return w
}

// ValidEmail reports whether s is a plain address such as ana@example.com.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return strings.Contains(s[at+1:], ".")
}

// ValidPhone accepts international or national numbers with 7 to 15 digits
// and the usual separators: "+34 912 345 678", "(555) 123-4567".
func ValidPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

// Invoice is a bill sent to a client. Its balance and status are derived from
// the payments and credit notes allocated to it (see State).
type Invoice struct {
	ID        int64
	Number    string
	ClientID  int64
	IssueDate Date
	DueDate   Date
	Amount    Money
	Product   string // product or category
	Reference string // the client's order number, a contract…
	Notes     string
	Disputed  bool // read-only: true while a dispute on the invoice is open
	// Voided is the day the invoice was voided (zero if it stands): it
	// stays visible, marked void, and leaves every figure.
	Voided     Date
	VoidReason string
	// Schedule lists the instalments when the invoice falls due in parts
	// (nil: all of it on DueDate). Read with the invoice only where asked.
	Schedule []DuePart
}

// Validate checks an invoice before it is stored.
func (inv *Invoice) Validate() error {
	inv.Number = strings.TrimSpace(inv.Number)
	if inv.Number == "" {
		return Errorf(EINVALID, "An invoice needs a number.")
	}
	if inv.IssueDate.IsZero() {
		return Errorf(EINVALID, "Invoice %s needs an issue date.", inv.Number)
	}
	if inv.DueDate.IsZero() {
		return Errorf(EINVALID, "Invoice %s needs a due date.", inv.Number)
	}
	if inv.DueDate.Before(inv.IssueDate) {
		return Errorf(EINVALID, "Invoice %s is due before it was issued.", inv.Number)
	}
	if err := checkDates(inv.IssueDate, inv.DueDate); err != nil {
		return err
	}
	if err := inv.checkSchedule(); err != nil {
		return err
	}
	if inv.Amount.Amount <= 0 {
		return Errorf(EINVALID, "Invoice %s must have an amount above zero; use a credit note to reduce what a client owes.", inv.Number)
	}
	if inv.Amount.Amount > MaxAmount {
		return errTooLarge
	}
	cur, err := ValidCurrency(inv.Amount.Currency)
	if err != nil {
		return err
	}
	inv.Amount.Currency = cur
	return nil
}

// Allocation applies part of a payment or credit note to one invoice.
type Allocation struct {
	InvoiceID int64
	Amount    int64 // minor units, > 0
}

// Payment is money received from a client, allocated to zero or more of its
// invoices; what is not allocated is a credit in the client's favour.
type Payment struct {
	ID          int64
	ClientID    int64
	Date        Date
	Amount      Money
	Method      string // transfer, card, cash, cheque, direct debit…
	Reference   string
	Notes       string
	Source      PaymentSource
	Allocations []Allocation
	Reversed    Date // the day it was reversed; zero while it stands
}

// PaymentSource says where a payment came from.
type PaymentSource string

const (
	Entered  PaymentSource = ""       // typed in Cartera
	Imported PaymentSource = "import" // created by a ledger import from a paid amount, balance or paid date
)

// Unallocated is the part of the payment not applied to any invoice.
func (p Payment) Unallocated() Money {
	return Money{p.Amount.Amount - sumAllocations(p.Allocations), p.Amount.Currency}
}

func sumAllocations(as []Allocation) int64 {
	var n int64
	for _, a := range as {
		n += a.Amount
	}
	return n
}

var errTooLarge = Errorf(EINVALID, "The amount is larger than Cartera can keep.")

func validateAllocations(total Money, as []Allocation) error {
	seen := map[int64]bool{}
	for _, a := range as {
		if a.Amount <= 0 {
			return Errorf(EINVALID, "Each amount applied to an invoice must be above zero.")
		}
		if seen[a.InvoiceID] {
			return Errorf(EINVALID, "The same invoice is listed twice.")
		}
		seen[a.InvoiceID] = true
	}
	if sumAllocations(as) > total.Amount {
		return Errorf(EINVALID, "The amounts applied to invoices add up to more than %s.", total)
	}
	return nil
}

// Validate checks a payment's own fields and allocations.
func (p *Payment) Validate() error {
	if p.Date.IsZero() {
		return Errorf(EINVALID, "A payment needs a date.")
	}
	if err := CheckDate(p.Date); err != nil {
		return err
	}
	if p.Amount.Amount <= 0 {
		return Errorf(EINVALID, "A payment must be above zero.")
	}
	if p.Amount.Amount > MaxAmount {
		return errTooLarge
	}
	if p.Source != Entered && p.Source != Imported {
		return Errorf(EINVALID, "Unknown payment source %q.", string(p.Source))
	}
	return validateAllocations(p.Amount, p.Allocations)
}

// CreditNote reduces what a client owes, usually against one invoice.
type CreditNote struct {
	ID          int64
	Number      string
	ClientID    int64
	Date        Date
	Amount      Money
	Reason      string
	Corrects    string // the number of the invoice it corrects, as the ledger names it; "" for none
	Allocations []Allocation
	Reversed    Date // the day it was reversed; zero while it stands
}

// Unallocated is what of the credit note is not applied to invoices: held
// on account.
func (n CreditNote) Unallocated() Money {
	return Money{n.Amount.Amount - sumAllocations(n.Allocations), n.Amount.Currency}
}

// Validate checks a credit note's own fields and allocations.
func (c *CreditNote) Validate() error {
	c.Number = strings.TrimSpace(c.Number)
	if c.Number == "" {
		return Errorf(EINVALID, "A credit note needs a number.")
	}
	if c.Date.IsZero() {
		return Errorf(EINVALID, "Credit note %s needs a date.", c.Number)
	}
	if err := CheckDate(c.Date); err != nil {
		return err
	}
	if c.Amount.Amount <= 0 {
		return Errorf(EINVALID, "Credit note %s must be above zero.", c.Number)
	}
	if c.Amount.Amount > MaxAmount {
		return errTooLarge
	}
	return validateAllocations(c.Amount, c.Allocations)
}

// Refund is money on account paid back to a client: it lowers what the
// client holds on account and never touches an invoice.
type Refund struct {
	ID        int64
	Kind      RefundKind
	ClientID  int64
	Date      Date
	Amount    Money
	Method    string
	Reference string
	Notes     string
}

// RefundKind tells a refund from the reversal of a payment or credit note.
type RefundKind string

const (
	RefundPaid     RefundKind = "refund"   // money on account paid back to the client
	RefundReversal RefundKind = "reversal" // a payment or credit note taken back
)

// Validate checks a refund's own fields.
func (r *Refund) Validate() error {
	if r.Date.IsZero() {
		return Errorf(EINVALID, "A refund needs a date.")
	}
	if err := CheckDate(r.Date); err != nil {
		return err
	}
	if r.Amount.Amount <= 0 {
		return Errorf(EINVALID, "A refund must be above zero.")
	}
	if r.Amount.Amount > MaxAmount {
		return errTooLarge
	}
	return nil
}

// Direction of a contact: we reached out, or the client did.
type Direction string

const (
	Outbound Direction = "out"
	Inbound  Direction = "in"
)

// Outcomes of a contact, as the worklist and the 360° view use them.
const (
	OutcomeSent        = "sent"
	OutcomeReached     = "reached"
	OutcomeNoAnswer    = "no_answer"
	OutcomeLeftMessage = "left_message"
	OutcomePromised    = "promised"
	OutcomeRefused     = "refused"
	OutcomeDisputed    = "disputed"
	OutcomeBounced     = "bounced"
)

// ContactEntry is one line of a client's contact log.
type ContactEntry struct {
	ID        int64
	ClientID  int64
	InvoiceID int64 // 0 when about the account as a whole
	At        time.Time
	Channel   Channel
	Direction Direction
	Outcome   string
	Note      string
}

// Validate checks a contact log entry.
func (e *ContactEntry) Validate() error {
	if e.At.IsZero() {
		return Errorf(EINVALID, "A contact needs a date and time.")
	}
	if !e.Channel.valid() {
		return Errorf(EINVALID, "Unknown contact channel %q.", string(e.Channel))
	}
	if e.Direction == "" {
		e.Direction = Outbound
	}
	if e.Direction != Outbound && e.Direction != Inbound {
		return Errorf(EINVALID, "Unknown contact direction %q.", string(e.Direction))
	}
	return nil
}

// PromiseStatus tracks a promise to pay.
type PromiseStatus string

const (
	PromiseOpen   PromiseStatus = "open"
	PromiseKept   PromiseStatus = "kept"
	PromiseBroken PromiseStatus = "broken"
)

// Promise is a client's commitment to pay an amount by a date.
type Promise struct {
	ID           int64
	ClientID     int64
	InvoiceID    int64 // 0 when for the account as a whole
	Made         Date
	PromisedDate Date
	Amount       Money
	Status       PromiseStatus
	Note         string
}

// Validate checks a promise to pay.
func (p *Promise) Validate() error {
	if p.Made.IsZero() || p.PromisedDate.IsZero() {
		return Errorf(EINVALID, "A promise to pay needs the day it was made and the day promised.")
	}
	if p.PromisedDate.Before(p.Made) {
		return Errorf(EINVALID, "A promise to pay cannot be for a day before it was made.")
	}
	if p.Amount.Amount <= 0 {
		return Errorf(EINVALID, "A promise to pay needs an amount above zero.")
	}
	if p.Status == "" {
		p.Status = PromiseOpen
	}
	switch p.Status {
	case PromiseOpen, PromiseKept, PromiseBroken:
		return nil
	}
	return Errorf(EINVALID, "Unknown promise status %q.", string(p.Status))
}

// Dispute is a client's objection to an invoice; while open, the invoice is
// disputed and reminders leave it alone.
type Dispute struct {
	ID         int64
	InvoiceID  int64
	Opened     Date
	Reason     string
	Resolved   Date // zero while open
	Resolution string
}

// Open reports whether the dispute is still unresolved.
func (d Dispute) Open() bool { return d.Resolved.IsZero() }

// Validate checks a dispute.
func (d *Dispute) Validate() error {
	if d.Opened.IsZero() {
		return Errorf(EINVALID, "A dispute needs the day it was opened.")
	}
	if !d.Resolved.IsZero() && d.Resolved.Before(d.Opened) {
		return Errorf(EINVALID, "A dispute cannot be resolved before it was opened.")
	}
	return nil
}

// ImportMapping is a saved choice of what each column of a spreadsheet
// holds, found again when a file with the same header row is imported.
type ImportMapping struct {
	Name      string
	HeaderKey string   // the header row, folded, columns joined by "|"
	Kind      string   // invoices, payments or clients
	Columns   []string // a field name per column; "" = ignored
	DateOrder string   // "", "dmy", "mdy" or "ymd"
	Used      time.Time
}

// ImportRecord is one import in the history.
type ImportRecord struct {
	ID          int64
	File        string // the file's name
	Hash        string // SHA-256 of its bytes
	At          time.Time
	Added       int
	Updated     int
	Rejected    int
	Backup      string // the copy taken before it
	Fingerprint string // the data right after it
	Undone      bool
}

// AuditEntry is one line of the audit log: who changed what, when, from
// what to what, and why.
type AuditEntry struct {
	ID       int64
	At       time.Time
	User     string // the operating system's user
	ClientID int64  // 0 when not about one client
	Action   string // one of the Audit… constants
	Subject  string // "invoice F-1", "payment TR-7"
	Before   string
	After    string
	Reason   string
}

// Actions of the audit log (keys of the translation catalog).
const (
	AuditPaymentAdd     = "payment.add"
	AuditCreditNoteAdd  = "credit_note.add"
	AuditApply          = "apply"
	AuditRefund         = "refund"
	AuditInvoiceVoid    = "invoice.void"
	AuditInvoiceEdit    = "invoice.edit"
	AuditPaymentReverse = "payment.reverse"
	AuditCreditReverse  = "credit_note.reverse"
	AuditLevels         = "levels"
	AuditPause          = "client.pause"
)

func checkDates(ds ...Date) error {
	for _, d := range ds {
		if err := CheckDate(d); err != nil {
			return err
		}
	}
	return nil
}
