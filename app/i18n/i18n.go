// Package i18n turns errors and texts into sentences in the user's language.
// Translations live in assets/translations; their keys are the English texts.
package i18n

import (
	"context"
	"errors"

	"cartera/assets"
	"cartera/data"
)

// T translates key into lang and fills in args (see assets.T).
func T(lang, key string, args ...any) string { return assets.T(lang, key, args...) }

// N marks a text for translation where it is defined; it is translated
// later, where it is shown, with T.
func N(key string) string { return key }

// Plural picks the text for a count n, one or other (both keys of the
// catalogs, "%d" in each), so that 1 reads "1 message", not "1 messages".
// English and Spanish both use one only for exactly 1.
func Plural(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

// Error is what a user is told about err, in lang: the translated sentence
// of a *data.Error, a polite general sentence for anything else. Cancelling
// is not an error worth a message and gives "".
func Error(lang string, err error) string {
	if err == nil || errors.Is(err, context.Canceled) {
		return ""
	}
	var e *data.Error
	if !errors.As(err, &e) {
		return T(lang, "Something went wrong: %v", err)
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args { // a reason given as an error is a sentence of its own
		if ae, ok := a.(error); ok && errors.As(ae, new(*data.Error)) {
			a = Error(lang, ae)
		}
		if t, ok := a.(data.Text); ok {
			a = T(lang, string(t))
		}
		if m, ok := a.(data.Money); ok { // amounts the way the language writes them
			a = data.LocaleFor(lang).Money(m)
		}
		args[i] = a
	}
	msg := T(lang, e.Format, args...)
	if e.Code == data.EINTERNAL && e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

// SystemLang is the language the environment asks for (LC_ALL, then
// LC_MESSAGES, then LANG), or "en" when unset or "C".
func SystemLang(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return assets.NormLang(v)
		}
	}
	return "en"
}

// SystemLocale is the locale tag the environment asks for, e.g. "es_ES.UTF-8".
func SystemLocale(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_NUMERIC", "LC_MONETARY", "LANG"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// RowError is one rejected row of an import in lang: "Row 5, column
// Importe: …" (column "" when the whole row is at fault).
func RowError(lang string, row int, column string, err error) string {
	if column == "" {
		return T(lang, "Row %d: %s", row, Error(lang, err))
	}
	return T(lang, "Row %d, column %s: %s", row, column, Error(lang, err))
}
