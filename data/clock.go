package data

import "time"

// Clock tells the time. Services and the store take one so that tests, the
// demo generator and "as of" reports control what "today" is.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock; only main wires it in.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock always answers the same instant.
type FixedClock struct{ T time.Time }

func (c FixedClock) Now() time.Time { return c.T }

// Today is the clock's current calendar day in local time.
func Today(c Clock) Date { return DateOf(c.Now()) }
