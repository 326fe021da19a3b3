package data

// ClientSort names a column the clients list can be ordered by.
type ClientSort string

const (
	SortClientName    ClientSort = "name"
	SortClientCode    ClientSort = "code"
	SortClientCountry ClientSort = "country"
	SortClientBalance ClientSort = "balance"
	SortClientOverdue ClientSort = "overdue"
)

// ClientQuery selects a page of the clients list.
type ClientQuery struct {
	ID          int64  // one client only; 0 = all
	Search      string // matched against code, name, tax id, city and emails, ignoring case
	OverdueOnly bool
	Segment     string  // exact, ignoring case; "" = any
	Country     string  // exact, ignoring case; "" = any
	Industry    string  // exact, ignoring case; "" = any
	MinBalance  int64   // balance above this (minor units); 0 = any
	IDs         []int64 // only these clients (the analytics picked them); nil = any
	Sort        ClientSort
	Desc        bool
	Offset      int
	Limit       int  // 0 = all
	AsOf        Date // "overdue" is judged on this day; zero = the store's today
}

// ClientRow is one line of the clients list: the client and its current
// position (from the cached open balances).
type ClientRow struct {
	Client
	Balance      int64 // minor units of the company currency
	Overdue      int64
	OpenInvoices int
}

// InvoiceSort names a column the invoices list can be ordered by.
type InvoiceSort string

const (
	SortInvoiceIssue   InvoiceSort = "issue_date"
	SortInvoiceDue     InvoiceSort = "due_date"
	SortInvoiceNumber  InvoiceSort = "number"
	SortInvoiceClient  InvoiceSort = "client"
	SortInvoiceAmount  InvoiceSort = "amount"
	SortInvoiceBalance InvoiceSort = "balance"
)

// InvoiceFilter narrows the invoices list by state.
type InvoiceFilter string

const (
	FilterAll      InvoiceFilter = ""
	FilterOpen     InvoiceFilter = "open"    // a balance remains
	FilterOverdue  InvoiceFilter = "overdue" // a balance remains past the due date
	FilterPaid     InvoiceFilter = "paid"
	FilterDisputed InvoiceFilter = "disputed"
)

// InvoiceQuery selects a page of the invoices list.
type InvoiceQuery struct {
	Search   string // invoice number, reference or client name/code
	ClientID int64  // 0 = every client
	Filter   InvoiceFilter
	Sort     InvoiceSort // default: newest issue date first
	Desc     bool
	Offset   int
	Limit    int
	AsOf     Date // "overdue" is judged on this day; zero = the store's today
}

// InvoiceRow is one line of the invoices list.
type InvoiceRow struct {
	Invoice
	ClientCode string
	ClientName string
	Balance    int64 // current open balance in the invoice's currency
}

// Status is the row's state on day d, from its current balance: right for
// today; for other days use the store's derived state.
func (r InvoiceRow) Status(d Date) Status {
	return statusOf(r.Invoice, r.Balance, d)
}

// PaymentFilter narrows the payments list.
type PaymentFilter string

const (
	PaymentsAll       PaymentFilter = ""
	PaymentsUnapplied PaymentFilter = "unapplied" // some of it is not applied to any invoice
	PaymentsEntered   PaymentFilter = "entered"   // typed in Cartera
	PaymentsImported  PaymentFilter = "imported"  // made by a ledger import
	PaymentsFromBank  PaymentFilter = "bank"      // confirmed from a bank statement's credit
)

// PaymentQuery selects a page of the payments list, newest first.
type PaymentQuery struct {
	Search   string // client code or name, reference or method, ignoring case
	ClientID int64  // 0 = every client
	Filter   PaymentFilter
	From, To Date // both included; zero = open-ended
	Offset   int
	Limit    int
}

// PaymentRow is one line of the payments list.
type PaymentRow struct {
	Payment    // without its allocations
	ClientCode string
	ClientName string
	Applied    int64 // minor units applied to invoices
}
