package sqlite

import (
	"database/sql/driver"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// Searches ignore case and accents: "garcia" finds García and "ALVAREZ"
// Álvarez. SQLite's LIKE folds ASCII only, so lists compare
// cartera_fold(column) with a folded pattern; the function is registered
// once for every connection.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("cartera_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return fold(v), nil
		case []byte:
			return fold(string(v)), nil
		case nil:
			return nil, nil
		}
		return args[0], nil
	})
}

// fold lower-cases s and drops its accents (NFD, without combining marks).
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// foldedPattern is a user's search for LIKE … ESCAPE '\' against folded columns.
func foldedPattern(search string) string { return likePattern(fold(search)) }
