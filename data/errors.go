package data

import (
	"errors"
	"fmt"
)

// Error codes, after benbjohnson/wtf: the kind of failure, which decides how it
// is shown and what exit status the CLI uses.
const (
	ECONFLICT = "conflict" // the action clashes with what is stored (duplicate number, newer schema…)
	EINTERNAL = "internal" // a bug or an I/O failure: logged in full, shown politely
	EINVALID  = "invalid"  // bad input from the user or a file
	ENOTFOUND = "not_found"
)

// Error is an application error whose message is a sentence fit for users.
// Format is also the key under which translations are looked up (gettext
// style), so the same error can be shown in English or Spanish.
type Error struct {
	Code   string
	Format string
	Args   []any
	Err    error // the underlying cause, if any; never shown to users as is
}

// Text is a phrase given as an argument of an Error (such as the name of a
// field), translated with the sentence it goes in.
type Text string

// Errorf builds an *Error with a user-facing sentence.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Format: format, Args: args}
}

// Wrap keeps cause behind a user-facing sentence.
func Wrap(cause error, code, format string, args ...any) *Error {
	return &Error{Code: code, Format: format, Args: args, Err: cause}
}

func (e *Error) Error() string {
	msg := fmt.Sprintf(e.Format, e.Args...)
	if e.Err != nil && e.Code == EINTERNAL {
		return msg + " (" + e.Err.Error() + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain; EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
