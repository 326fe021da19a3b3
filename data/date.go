package data

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day with no time or zone: an invoice's issue date, a
// payment's value date. The zero Date means "no date" and is stored as NULL.
type Date struct {
	y int16
	m uint8
	d uint8
}

// NewDate returns the day y-m-d, normalising overflow the way time.Date does
// (NewDate(2024, 2, 30) is 2024-03-01).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// MaxDate is later than any day Cartera records: "as of MaxDate" is after
// everything.
var MaxDate = Date{9999, 12, 31}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{int16(y), uint8(m), uint8(d)}
}

// ParseDate reads an ISO date, YYYY-MM-DD. An empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "%q is not a date in the form YYYY-MM-DD.", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for literals in code and tests; it panics on bad input.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) IsZero() bool      { return d == Date{} }
func (d Date) Year() int         { return int(d.y) }
func (d Date) Month() time.Month { return time.Month(d.m) }
func (d Date) Day() int          { return int(d.d) }

// Time is midnight UTC at the start of the day.
func (d Date) Time() time.Time {
	return time.Date(int(d.y), time.Month(d.m), int(d.d), 0, 0, 0, 0, time.UTC)
}

// AddDays moves the date by n days (n may be negative).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths moves the date by n calendar months, clamping to the month's last day
// (Jan 31 + 1 month is Feb 28/29), as people expect of "the same day next month".
func (d Date) AddMonths(n int) Date {
	first := time.Date(int(d.y), time.Month(d.m)+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := int(d.d)
	if day > last {
		day = last
	}
	return NewDate(first.Year(), first.Month(), day)
}

// DaysSince returns d − e in whole days.
func (d Date) DaysSince(e Date) int {
	return int(d.Time().Sub(e.Time()).Hours() / 24)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.y != e.y:
		return cmpInt(int(d.y), int(e.y))
	case d.m != e.m:
		return cmpInt(int(d.m), int(e.m))
	default:
		return cmpInt(int(d.d), int(e.d))
	}
}

func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String is the ISO form, YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

// Value stores the date as ISO text; the zero Date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads ISO text (or NULL) from the database.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		p, err := ParseDate(v)
		*d = p
		return err
	case []byte:
		p, err := ParseDate(string(v))
		*d = p
		return err
	case time.Time:
		*d = DateOf(v.UTC())
		return nil
	}
	return fmt.Errorf("data: cannot scan %T into Date", src)
}

// CheckDate refuses days outside the years Cartera keeps, 1900 to 2199: a
// year typed as 9999 or 20255 is a mistake, not a date to plan around.
func CheckDate(d Date) error {
	if !d.IsZero() && (d.y < 1900 || d.y > 2199) {
		return Errorf(EINVALID, "%s is outside the years Cartera keeps (1900 to 2199).", d.String())
	}
	return nil
}
