package data

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// Locale holds how a company or a user writes numbers, money and dates.
// Cartera speaks Spanish and English; regions decide separators, the place of
// the currency symbol and the order of day and month.
type Locale struct {
	Tag          string // BCP 47, e.g. "es-ES"
	Lang         string // "es" or "en": the language of texts
	Decimal      string
	Group        string
	SymbolBefore bool   // "$1,234.56" rather than "1.234,56 €"
	SymbolSpace  bool   // "$ 1.234,56": a space between a leading symbol and the number
	DateLayout   string // Go layout of a short date: "02/01/2006"
	MonthFirst   bool   // dates read as M/D/Y when ambiguous
}

var locales = []Locale{
	{Tag: "en-US", Lang: "en", Decimal: ".", Group: ",", SymbolBefore: true, DateLayout: "01/02/2006", MonthFirst: true},
	{Tag: "en-GB", Lang: "en", Decimal: ".", Group: ",", SymbolBefore: true, DateLayout: "02/01/2006"},
	{Tag: "es-ES", Lang: "es", Decimal: ",", Group: ".", DateLayout: "02/01/2006"},
	{Tag: "es-MX", Lang: "es", Decimal: ".", Group: ",", SymbolBefore: true, DateLayout: "02/01/2006"},
	{Tag: "es-AR", Lang: "es", Decimal: ",", Group: ".", SymbolBefore: true, SymbolSpace: true, DateLayout: "02/01/2006"},
	{Tag: "es-CO", Lang: "es", Decimal: ",", Group: ".", SymbolBefore: true, SymbolSpace: true, DateLayout: "02/01/2006"},
	{Tag: "es-CL", Lang: "es", Decimal: ",", Group: ".", SymbolBefore: true, SymbolSpace: true, DateLayout: "02-01-2006"},
}

var localeMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(locales))
	for i, l := range locales {
		tags[i] = language.MustParse(l.Tag)
	}
	return language.NewMatcher(tags)
}()

// Locales lists the locales Cartera formats for, English first.
func Locales() []Locale { return append([]Locale(nil), locales...) }

// LocaleFor returns the supported locale closest to tag ("es" → es-ES,
// "es_MX.UTF-8" → es-MX, "en_IE" → en-GB). Anything unknown, empty, "C" or
// "POSIX" falls back to en-US, so the app starts cleanly with LANG=C.
func LocaleFor(tag string) Locale {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, ".@"); i >= 0 { // POSIX "es_ES.UTF-8@euro"
		tag = tag[:i]
	}
	tag = strings.ReplaceAll(tag, "_", "-")
	t, err := language.Parse(tag)
	if err != nil || tag == "" || strings.EqualFold(tag, "C") || strings.EqualFold(tag, "POSIX") {
		return locales[0]
	}
	_, i, conf := localeMatcher.Match(t)
	if conf == language.No {
		return locales[0]
	}
	return locales[i]
}

// Money formats an amount the local way: "1.234,56 €", "$1,234.56".
func (l Locale) Money(m Money) string {
	num := formatNumber(m.Amount, CurrencyDigits(m.Currency), l.Decimal, l.Group)
	sym := l.symbol(m.Currency)
	if !l.SymbolBefore {
		return num + " " + sym
	}
	sign := ""
	if strings.HasPrefix(num, "-") {
		sign, num = "-", num[1:]
	}
	if l.SymbolSpace || isCode(sym) {
		return sign + sym + " " + num
	}
	return sign + sym + num
}

// Number formats minor units with the currency's decimals and no symbol, as in
// statement columns: "1.234,56".
func (l Locale) Number(m Money) string {
	return formatNumber(m.Amount, CurrencyDigits(m.Currency), l.Decimal, l.Group)
}

// Int formats a whole number with grouping: "12.345".
func (l Locale) Int(n int64) string { return formatNumber(n, 0, l.Decimal, l.Group) }

// Date formats a day in the short local form ("31/01/2025", "01/31/2025").
func (l Locale) Date(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(l.DateLayout)
}

// Percent formats a ratio given in basis points (1234 → "12,3 %" / "12.3%").
func (l Locale) Percent(bp int64) string {
	s := formatNumber((bp+sign(bp)*5)/10, 1, l.Decimal, "")
	if l.Lang == "es" {
		return s + " %"
	}
	return s + "%"
}

// Fixed formats f with digits decimals the local way: 1.234,5 or 1,234.5.
func (l Locale) Fixed(f float64, digits int) string {
	scale := math.Pow10(digits)
	return formatNumber(int64(math.Round(f*scale)), digits, l.Decimal, l.Group)
}

func sign(n int64) int64 {
	if n < 0 {
		return -1
	}
	return 1
}

// symbol is the currency sign as written in this locale: the dollar sign is
// "$" only where it is the local currency's or unambiguous.
func (l Locale) symbol(cur string) string {
	region := l.Tag[strings.IndexByte(l.Tag, '-')+1:]
	switch cur {
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	case "JPY":
		return "¥"
	case "USD":
		if region == "US" || l.Lang == "en" {
			return "$"
		}
		return "US$"
	case "MXN", "ARS", "COP", "CLP":
		if region == cur[:2] {
			return "$"
		}
	}
	return cur
}

// isCode reports whether sym is a letter code such as "CHF" or "US$" rather than a sign.
func isCode(sym string) bool {
	return len(sym) >= 3 && sym[0] >= 'A' && sym[0] <= 'Z' && sym[1] >= 'A' && sym[1] <= 'Z'
}

// ParseMoney reads an amount as people type it or spreadsheets export it:
// "1.234,56", "1,234.56", "1234.56", "-1.234,56 €", "$1,234.56", "(1,234.56)",
// "1 234,56". Where a lone separator could be either, the locale decides.
// The text is converted exactly; more decimals than the currency has are an
// error unless they are zeros.
func (l Locale) ParseMoney(s, cur string) (Money, error) {
	orig := s
	digits := CurrencyDigits(cur)
	bad := func(format string) (Money, error) {
		return Money{}, Errorf(EINVALID, format, orig)
	}
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	// A currency sign or code may stand before or after the number, never
	// inside it: "12a,50", "1O0", "1e3" and "0x10" are not amounts.
	first := strings.IndexAny(s, "0123456789.,")
	last := strings.LastIndexAny(s, "0123456789")
	if first < 0 || last < 0 {
		return bad("%q is not an amount: it has no digits.")
	}
	prefix, core, suffix := s[:first], s[first:last+1], s[last+1:]
	for _, r := range core {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',', r == '\'', r == ' ', r == '\u00a0', r == '\u202f':
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
			return bad("%q is not an amount: it has letters among its digits.")
		default:
			return bad("%q is not an amount: it has characters that are not part of a number.")
		}
	}
	var sign string
	for _, side := range []string{prefix, suffix} {
		mark, sg, err := currencyMark(side)
		if err != nil {
			return bad("%q is not an amount: it has characters that are not part of a number.")
		}
		if sg != "" {
			if sign != "" {
				return bad("%q is not an amount: it has more than one sign.")
			}
			sign = sg
		}
		if mark != "" && !markFits(mark, cur) {
			return Money{}, Errorf(EINVALID, "%q is written in another currency than %s.", orig, cur)
		}
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, core)
	switch sign {
	case "-":
		neg = !neg
	case "+":
	}
	s = strings.ReplaceAll(s, "'", "") // Swiss grouping 1'234.50
	if s == "" {
		return bad("%q is not an amount: it has no digits.")
	}
	dec := decimalSeparator(s, l)
	intPart, frac := s, ""
	if dec != 0 {
		i := strings.LastIndexByte(s, dec)
		intPart, frac = s[:i], s[i+1:]
	}
	group := byte('.')
	if dec == '.' {
		group = ','
	} else if dec == 0 && strings.ContainsRune(s, ',') {
		group = ','
	}
	if strings.ContainsAny(frac, ".,") {
		return bad("%q is not an amount: its separators are out of place.")
	}
	if parts := strings.Split(intPart, string(group)); len(parts) > 1 {
		for i, p := range parts {
			if (i > 0 && len(p) != 3) || (i == 0 && (len(p) == 0 || len(p) > 3)) {
				return bad("%q is not an amount: its thousands separators are out of place.")
			}
		}
		intPart = strings.Join(parts, "")
	}
	if strings.ContainsAny(intPart, ".,-+") || strings.ContainsAny(frac, "-+") {
		return bad("%q is not an amount: its separators are out of place.")
	}
	for len(frac) > digits && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if len(frac) > digits {
		return Money{}, Errorf(EINVALID, "%q has more decimals than %s allows (%d).", orig, cur, digits)
	}
	frac += strings.Repeat("0", digits-len(frac))
	if intPart == "" {
		intPart = "0"
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil || n > MaxAmount {
		return bad("%q is not an amount Cartera can keep: it is too large.")
	}
	if neg {
		n = -n
	}
	return Money{Amount: n, Currency: cur}, nil
}

// decimalSeparator decides which of '.' and ',' in s is the decimal point, or 0
// if s has none. With both, the last one is; a separator that appears twice
// groups thousands; a lone one followed by exactly three digits is read the
// locale's way; otherwise it is the decimal point.
func decimalSeparator(s string, l Locale) byte {
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case lastDot >= 0 && lastComma >= 0:
		if lastDot > lastComma {
			return '.'
		}
		return ','
	case lastDot < 0 && lastComma < 0:
		return 0
	}
	sep, at := byte('.'), lastDot
	if lastComma >= 0 {
		sep, at = ',', lastComma
	}
	if strings.Count(s, string(sep)) > 1 {
		return 0
	}
	if len(s)-at-1 == 3 && l.Decimal[0] != sep {
		return 0 // "1,234" in English, "1.234" in Spanish: thousands
	}
	return sep
}

// MaxAmount is the largest amount Cartera keeps, in minor units (just under
// ten trillion euros): thousands of them still add up inside an int64, and
// CheckedAdd catches the rest.
const MaxAmount int64 = 999_999_999_999_999

// currencyMark reads what may stand before or after the digits of an
// amount: spaces, one sign, and a currency sign or code ("€", "US$", "EUR",
// "euros"). mark is the sign or code, upper-cased.
func currencyMark(side string) (mark, sign string, err error) {
	var b strings.Builder
	for _, r := range side {
		switch {
		case r == ' ', r == '\u00a0', r == '\u202f':
		case r == '-' || r == '+':
			if sign != "" {
				return "", "", errNotAmount
			}
			sign = string(r)
		case r == '$' || r == '€' || r == '£' || r == '¥', unicode.IsLetter(r):
			b.WriteRune(r)
		default:
			return "", "", errNotAmount
		}
	}
	mark = strings.ToUpper(b.String())
	if mark == "" {
		return "", sign, nil
	}
	if _, ok := markCurrencies[mark]; ok {
		return mark, sign, nil
	}
	if len(mark) == 3 && isLetters(mark) {
		if _, err := ValidCurrency(mark); err == nil {
			return mark, sign, nil
		}
	}
	return "", "", errNotAmount
}

var errNotAmount = errors.New("not an amount")

// markCurrencies are the signs and words people write beside amounts, and
// the currencies each may stand for ("" for any: the dollar and peso sign).
var markCurrencies = map[string][]string{
	"$": nil, "€": {"EUR"}, "£": {"GBP"}, "¥": {"JPY", "CNY"},
	"US$": {"USD"}, "U$S": {"USD"}, "EURO": {"EUR"}, "EUROS": {"EUR"},
	"DOLLAR": {"USD"}, "DOLLARS": {"USD"}, "DOLAR": {"USD"}, "DOLARES": {"USD"}, "DÓLAR": {"USD"}, "DÓLARES": {"USD"},
	"PESO": nil, "PESOS": nil,
}

// markFits reports whether a currency sign or code may be cur's: "EUR" and
// "€" only for EUR, "$" for any currency that writes it (not the euro and
// the pound).
func markFits(mark, cur string) bool {
	if curs, ok := markCurrencies[mark]; ok {
		if curs == nil {
			return cur != "EUR" && cur != "GBP"
		}
		for _, c := range curs {
			if c == cur {
				return true
			}
		}
		return false
	}
	return mark == cur
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// CheckedAdd returns a+b, or an error when the sum leaves the range of
// amounts Cartera keeps (it can never wrap around).
func CheckedAdd(a, b int64) (int64, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) || s > MaxSum || s < -MaxSum {
		return 0, Errorf(EINVALID, "The amounts add up to more than Cartera can keep.")
	}
	return s, nil
}

// MaxSum bounds any total: a thousand times the largest amount.
const MaxSum = MaxAmount * 1000
