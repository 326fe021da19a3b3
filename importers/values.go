package importers

import (
	"math"
	"strconv"
	"strings"
	"time"

	"cartera/data"
)

// DateOrder is how a column writes day, month and year in text dates.
type DateOrder string

const (
	DMY DateOrder = "dmy" // 31/01/2024: Spain, Latin America, the UK
	MDY DateOrder = "mdy" // 1/31/2024: the United States
	YMD DateOrder = "ymd" // 2024-01-31: ISO
)

// ParseDateOrder reads "dmy", "mdy" or "ymd"; "" is no preference.
func ParseDateOrder(s string) (DateOrder, error) {
	switch o := DateOrder(strings.ToLower(strings.TrimSpace(s))); o {
	case "", DMY, MDY, YMD:
		return o, nil
	}
	return "", data.Errorf(data.EINVALID, "Unknown date order %q: use dmy, mdy or ymd.", s)
}

// localeOrder is the order a locale writes dates in.
func localeOrder(l data.Locale) DateOrder {
	if l.Tag == "en-US" {
		return MDY
	}
	return DMY
}

// dateParts splits a text date into three numbers, or a month name into its
// number: "31/01/2024", "2024-01-31", "31.1.24", "2024-01-31 00:00:00",
// "31-ene-2024", "Jan 31, 2024". named reports which part was a month name.
func dateParts(s string) (p [3]int, widths [3]int, named int, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "T "); i >= 8 && strings.Count(s[:i], "-") == 2 {
		s = s[:i] // ISO date with a time of day
	}
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == '-' || r == '.' || r == ' ' || r == ','
	})
	if len(fields) != 3 {
		return p, widths, 0, false
	}
	named = -1
	for i, f := range fields {
		if n, err := strconv.Atoi(f); err == nil && n >= 0 && len(f) <= 4 {
			p[i], widths[i] = n, len(f)
			continue
		}
		m := monthByName(f)
		if m == 0 || named >= 0 {
			return p, widths, 0, false
		}
		p[i], widths[i], named = m, 2, i
	}
	return p, widths, named, true
}

var monthNames = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	"ene": 1, "abr": 4, "ago": 8, "set": 9, "dic": 12,
}

func monthByName(s string) int {
	s = Fold(s)
	if len(s) < 3 {
		return 0
	}
	return monthNames[s[:3]]
}

// dateEvidence gathers, for one column, which orders its text dates allow.
type dateEvidence struct {
	dmy, mdy, ymd, ambiguous int
}

func (e *dateEvidence) add(s string) {
	p, w, named, ok := dateParts(s)
	switch {
	case !ok:
	case w[0] == 4:
		e.ymd++
	case named == 1: // 31-ene-2024
		e.dmy++
	case named == 0: // Jan 31, 2024
		e.mdy++
	case p[0] > 12 && p[1] <= 12:
		e.dmy++
	case p[1] > 12 && p[0] <= 12:
		e.mdy++
	default:
		e.ambiguous++
	}
}

// decide picks the column's order; fallback says the values did not settle
// it and the locale's order was taken.
func (e dateEvidence) decide(locale DateOrder) (o DateOrder, fallback bool) {
	switch {
	case e.dmy > e.mdy:
		return DMY, false
	case e.mdy > e.dmy:
		return MDY, false
	case e.ambiguous == 0 && e.ymd > 0:
		return YMD, false
	case e.ambiguous == 0:
		return locale, false // nothing to decide: no day-month text dates
	}
	return locale, true
}

// excelEpoch is day zero of Excel's 1900 date system (which counts the
// non-existent 29 February 1900, so serials from 61 on line up with it).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
var excel1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)

// parseDate reads one date cell. A plain number is an Excel serial (a date
// cell read raw, or a CSV saved without date formats); eight digits are
// YYYYMMDD; anything else is a text date in the column's order.
func parseDate(s string, order DateOrder, date1904 bool) (data.Date, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "/-") {
		if len(s) == 8 && !strings.Contains(s, ".") {
			if d, err := ymd(int(f)/10000, int(f)/100%100, int(f)%100); err == nil {
				return d, nil
			}
		}
		if f >= 1 && f < 2958466 { // 1900-01-01 … 9999-12-31
			epoch := excelEpoch
			if date1904 {
				epoch = excel1904
			}
			return data.DateOf(epoch.AddDate(0, 0, int(math.Floor(f)))), nil
		}
		return data.Date{}, data.Errorf(data.EINVALID, "%q is not a date.", s)
	}
	p, w, named, ok := dateParts(s)
	if !ok {
		return data.Date{}, data.Errorf(data.EINVALID, "%q is not a date.", s)
	}
	var y, m, d int
	switch {
	case w[0] == 4:
		y, m, d = p[0], p[1], p[2]
	case order == YMD && named < 0:
		return data.Date{}, data.Errorf(data.EINVALID, "%q does not fit the column's date order (%s).", s, orderExample(order))
	case named == 1 || (named < 0 && order == DMY):
		d, m, y = p[0], p[1], p[2]
	default:
		m, d, y = p[0], p[1], p[2]
	}
	if w[2] <= 2 && !(w[0] == 4) {
		y += 2000
		if y > 2069 {
			y -= 100
		}
	}
	if m > 12 && d <= 12 && named < 0 {
		return data.Date{}, data.Errorf(data.EINVALID, "%q does not fit the column's date order (%s).", s, orderExample(order))
	}
	date, err := ymd(y, m, d)
	if err != nil {
		return date, data.Errorf(data.EINVALID, "%q is not a date.", s)
	}
	return date, nil
}

// ymd builds a date, refusing 31 February and the like.
func ymd(y, m, d int) (data.Date, error) {
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return data.Date{}, data.Errorf(data.EINVALID, "%04d-%02d-%02d is not a date.", y, m, d)
	}
	date := data.NewDate(y, time.Month(m), d)
	if date.Day() != d {
		return data.Date{}, data.Errorf(data.EINVALID, "%04d-%02d-%02d is not a date.", y, m, d)
	}
	return date, nil
}

// columnDateOrder decides the order of the text dates in column i of rows:
// the one their values allow, else the locale's (fallback then says so).
func columnDateOrder(rows [][]string, i int, locale DateOrder) (o DateOrder, fallback bool) {
	var ev dateEvidence
	for _, r := range rows {
		if i < len(r) {
			ev.add(r[i])
		}
	}
	return ev.decide(locale)
}

// columnLocale decides how column i of rows writes amounts: the locale
// whose decimal point its values show, else the company's.
func columnLocale(rows [][]string, i int, company data.Locale) data.Locale {
	var ev amountEvidence
	for _, r := range rows {
		if i < len(r) {
			ev.add(r[i])
		}
	}
	l, _ := ev.decide(company)
	return l
}

// amountEvidence gathers which character a column uses as its decimal point.
type amountEvidence struct{ dot, comma, ambiguous int }

func (e *amountEvidence) add(s string) {
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case lastDot >= 0 && lastComma >= 0:
		if lastDot > lastComma {
			e.dot++
		} else {
			e.comma++
		}
	case lastDot >= 0:
		if strings.Count(s, ".") > 1 {
			e.comma++ // 1.234.567: dots group thousands
		} else if digitsAfter(s, lastDot) != 3 {
			e.dot++
		} else {
			e.ambiguous++
		}
	case lastComma >= 0:
		if strings.Count(s, ",") > 1 {
			e.dot++
		} else if digitsAfter(s, lastComma) != 3 {
			e.comma++
		} else {
			e.ambiguous++
		}
	}
}

func digitsAfter(s string, i int) int {
	n := 0
	for _, r := range s[i+1:] {
		if r >= '0' && r <= '9' {
			n++
		} else if r != ' ' && r != ')' && r != '-' {
			break
		}
	}
	return n
}

// decide returns the locale to read the column with: the one whose decimal
// point the values show, else the company's.
func (e amountEvidence) decide(company data.Locale) (l data.Locale, fallback bool) {
	switch {
	case e.dot > e.comma:
		return data.LocaleFor("en-US"), false
	case e.comma > e.dot:
		return data.LocaleFor("es-ES"), false
	}
	return company, e.ambiguous > 0
}

// parseAmount reads an amount cell. raw says the cell came from a numeric
// spreadsheet cell, whose text is Go/Excel float syntax ("1234.5",
// "147703.17999999999", "1E-2"): it is rounded to the currency's decimals.
func parseAmount(s string, l data.Locale, cur string, raw bool) (data.Money, error) {
	if raw {
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) < 1e15 {
			s = strconv.FormatFloat(f, 'f', data.CurrencyDigits(cur), 64)
			l = data.LocaleFor("en-US")
		}
	}
	return l.ParseMoney(s, cur)
}

// isRawNumber reports whether s is written the way spreadsheet files store
// numbers: digits, at most one '.', an optional exponent, no grouping.
func isRawNumber(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, ", _xXpP") && !strings.HasPrefix(s, "+") && !strings.ContainsAny(s, "InfNa")
}

// parseBool reads yes/no cells in both languages.
func parseBool(s string) (bool, bool) {
	switch Fold(s) {
	case "yes", "y", "si", "s", "true", "1", "x", "verdadero", "disputed", "disputada", "en disputa":
		return true, true
	case "no", "n", "false", "0", "", "falso":
		return false, true
	}
	return false, false
}

// parseID keeps an identifier as text: leading zeros stay, and a number a
// spreadsheet stored as a float ("1.2345E+5", "611365.0") is written whole.
func parseID(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "Ee.") && isRawNumber(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
	}
	return s
}
