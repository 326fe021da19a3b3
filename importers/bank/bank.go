// Package bank reads bank statements (ISO 20022 camt.053, OFX/QFX) and
// proposes which open invoices each credit pays, with a confidence and the
// reason. It reads and proposes only: confirming, storing and undoing are
// the caller's.
package bank

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aclindsa/ofxgo"

	"cartera/data"
)

// Credit is money that came into the account.
type Credit struct {
	ID        string // the bank's transaction ID, else a hash of date, amount, reference and balance
	Date      data.Date
	Amount    data.Money
	Reference string // remittance information, memo
	Name      string // who paid, when the bank says
}

// idOf is the bank's ID, or a stable hash when it gives none.
func idOf(bankID string, d data.Date, amount int64, ref, balance string) string {
	if strings.TrimSpace(bankID) != "" {
		return strings.TrimSpace(bankID)
	}
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s|%s", d, amount, ref, balance)))
	return "h:" + hex.EncodeToString(h[:12])
}

// minor turns a decimal text into minor units of cur.
func minor(s, cur string) (int64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, data.Errorf(data.EINVALID, "%q is not an amount.", s)
	}
	return int64(math.Round(f * math.Pow10(data.CurrencyDigits(cur)))), nil
}

// camt is the part of a camt.053 document Cartera reads; names match any
// namespace version.
type camt struct {
	Stmts []struct {
		Entries []struct {
			Amt struct {
				Value string `xml:",chardata"`
				Ccy   string `xml:"Ccy,attr"`
			} `xml:"Amt"`
			Ind     string `xml:"CdtDbtInd"`
			Booking struct {
				Dt   string `xml:"Dt"`
				DtTm string `xml:"DtTm"`
			} `xml:"BookgDt"`
			Ref     string `xml:"AcctSvcrRef"`
			Details []struct {
				Txs []struct {
					Ustrd  []string `xml:"RmtInf>Ustrd"`
					Strd   []string `xml:"RmtInf>Strd>CdtrRefInf>Ref"`
					Debtor string   `xml:"RltdPties>Dbtr>Nm"`
					E2E    string   `xml:"Refs>EndToEndId"`
				} `xml:"TxDtls"`
			} `xml:"NtryDtls"`
		} `xml:"Ntry"`
	} `xml:"BkToCstmrStmt>Stmt"`
}

// ReadCamt053 reads the credits of an ISO 20022 camt.053 statement.
func ReadCamt053(r io.Reader, name string) ([]Credit, error) {
	var doc camt
	if err := xml.NewDecoder(r).Decode(&doc); err != nil {
		return nil, data.Errorf(data.EINVALID, "%s is not a camt.053 statement that Cartera can read (%v).", name, err)
	}
	var out []Credit
	for _, st := range doc.Stmts {
		for i, e := range st.Entries {
			if e.Ind != "CRDT" {
				continue
			}
			day := e.Booking.Dt
			if day == "" && len(e.Booking.DtTm) >= 10 {
				day = e.Booking.DtTm[:10]
			}
			d, err := data.ParseDate(day)
			if err != nil {
				return nil, data.Errorf(data.EINVALID, "%s, entry %d: the booking date %q is not a date.", name, i+1, day)
			}
			amt, err := minor(e.Amt.Value, e.Amt.Ccy)
			if err != nil {
				return nil, data.Errorf(data.EINVALID, "%s, entry %d: the amount %q is not a number.", name, i+1, e.Amt.Value)
			}
			var refs []string
			debtor := ""
			for _, dt := range e.Details {
				for _, tx := range dt.Txs {
					refs = append(refs, tx.Ustrd...)
					refs = append(refs, tx.Strd...)
					if tx.E2E != "" && tx.E2E != "NOTPROVIDED" {
						refs = append(refs, tx.E2E)
					}
					if debtor == "" {
						debtor = tx.Debtor
					}
				}
			}
			ref := strings.Join(refs, " ")
			out = append(out, Credit{ID: idOf(e.Ref, d, amt, ref, ""), Date: d, Amount: data.M(amt, e.Amt.Ccy), Reference: ref, Name: debtor})
		}
	}
	return out, nil
}

// ReadOFX reads the credits of an OFX or QFX bank statement.
func ReadOFX(r io.Reader, name string) ([]Credit, error) {
	resp, err := ofxgo.ParseResponse(r)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "%s is not an OFX statement that Cartera can read (%v).", name, err)
	}
	var out []Credit
	for _, m := range resp.Bank {
		st, ok := m.(*ofxgo.StatementResponse)
		if !ok || st.BankTranList == nil {
			continue
		}
		cur := st.CurDef.String()
		for _, t := range st.BankTranList.Transactions {
			f, _ := t.TrnAmt.Float64()
			if f <= 0 {
				continue
			}
			amt := int64(math.Round(f * math.Pow10(data.CurrencyDigits(cur))))
			d := data.DateOf(t.DtPosted.Time.In(time.UTC))
			ref := strings.TrimSpace(string(t.Memo) + " " + string(t.RefNum) + " " + string(t.CheckNum))
			out = append(out, Credit{ID: idOf(string(t.FiTID), d, amt, ref, ""), Date: d, Amount: data.M(amt, cur),
				Reference: ref, Name: strings.TrimSpace(string(t.Name))})
		}
	}
	return out, nil
}
