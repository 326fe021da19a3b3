package data

import (
	"fmt"
	"strings"

	"golang.org/x/text/currency"
)

// Money is an amount in a currency's minor units (cents for EUR and USD,
// whole pesos for CLP). It is never a float.
type Money struct {
	Amount   int64  // minor units
	Currency string // ISO 4217 code, e.g. "EUR"
}

// M builds Money from minor units.
func M(minor int64, cur string) Money { return Money{Amount: minor, Currency: cur} }

func (m Money) IsZero() bool     { return m.Amount == 0 }
func (m Money) IsNegative() bool { return m.Amount < 0 }

// Add returns m+n. Adding different currencies is a programming error: the
// store keeps each invoice's payments in its own currency.
func (m Money) Add(n Money) Money {
	m.mustMatch(n)
	return Money{m.Amount + n.Amount, m.Currency}
}

// Sub returns m−n.
func (m Money) Sub(n Money) Money {
	m.mustMatch(n)
	return Money{m.Amount - n.Amount, m.Currency}
}

func (m Money) mustMatch(n Money) {
	if m.Currency != n.Currency && m.Currency != "" && n.Currency != "" {
		panic(fmt.Sprintf("data: mixing %s and %s", m.Currency, n.Currency))
	}
}

// CurrencyDigits is the number of minor-unit digits of an ISO 4217 currency
// (2 for EUR, 0 for JPY and CLP), from CLDR through golang.org/x/text.
func CurrencyDigits(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// ValidCurrency normalises an ISO 4217 code ("eur" → "EUR") or says why not.
func ValidCurrency(code string) (string, error) {
	u, err := currency.ParseISO(strings.TrimSpace(code))
	if err != nil {
		return "", Errorf(EINVALID, "%q is not an ISO 4217 currency code such as EUR or USD.", code)
	}
	return u.String(), nil
}

// String is a locale-neutral form for logs and debugging: "1234.56 EUR".
func (m Money) String() string {
	return formatNumber(m.Amount, CurrencyDigits(m.Currency), ".", "") + " " + m.Currency
}

// formatNumber writes minor units with the given number of decimals and separators.
func formatNumber(minor int64, digits int, decimal, group string) string {
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor) // also right for math.MinInt64 through wrap-around
	}
	s := fmt.Sprintf("%0*d", digits+1, u)
	intPart, frac := s[:len(s)-digits], s[len(s)-digits:]
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && group != "" && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if digits > 0 {
		b.WriteString(decimal)
		b.WriteString(frac)
	}
	return b.String()
}
