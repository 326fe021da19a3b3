// Package localefix makes the app start cleanly under LANG=C. Fyne's lang
// package reads the locale while it initialises and logs an error for "C"
// and "POSIX", which are not language tags. Imported first by main, this
// package (whose only imports are os and strings, so Go initialises it before
// Fyne's) replaces those values with en_US.UTF-8, which means the same to us:
// English, with no other effect.
package localefix

import (
	"os"
	"strings"
)

func init() {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		v := os.Getenv(k)
		base, _, _ := strings.Cut(v, ".")
		if base == "C" || base == "POSIX" {
			os.Setenv(k, "en_US.UTF-8")
		}
	}
}
