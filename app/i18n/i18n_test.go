package i18n

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"cartera/assets"
	"cartera/data"
	"cartera/importers"
	"cartera/importers/bank"
	"cartera/reports"
)

// translatable are the functions whose first string-literal argument is a
// text shown to users: errors, translations and the CLI's helpers.
var translatable = map[string]bool{"Errorf": true, "Wrap": true, "T": true, "N": true, "usage": true, "printf": true, "tr": true, "trf": true,
	"readError": true, "t": true, "queryAll": true, "line": true, "mustAffect": true, "bad": true, "constraintError": true,
	"Plural": true, "Text": true, "DateOr": true}

// userTexts finds every text the code shows to users, by walking the
// module's Go sources.
func userTexts(t *testing.T) map[string]string {
	root, _ := filepath.Abs("../..")
	texts := map[string]string{}
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.IsDir() && (info.Name() == ".git" || info.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "assets/icon") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			// Struct fields that hold a text translated where it is shown
			// (column titles, command labels) must be in the catalog too.
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok && (key.Name == "title" || key.Name == "label") {
					if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						texts[s] = path
					}
				}
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "fmt" {
					return true
				}
				name = fn.Sel.Name
			}
			if !translatable[name] {
				return true
			}
			for _, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					texts[s] = path
					if name != "Plural" { // Plural's texts are all its literals
						break
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Texts held in tables rather than passed to a call.
	for _, f := range append(append([]importers.Field{importers.Ignore}, importers.Fields...), importers.StatementFields...) {
		texts[f.Label()] = "importers/header.go"
	}
	for _, k := range []importers.Kind{importers.KindInvoices, importers.KindPayments, importers.KindClients} {
		texts[string(k)] = "importers/layout.go"
	}
	for _, m := range data.PaymentMethods {
		texts[data.MethodLabel(m)] = "data/method.go"
	}
	for _, c := range reports.Classes {
		texts[string(c)] = "reports/behaviour.go"
	}
	for _, k := range append(append(append(reports.ReasonKeys, reports.ModelNames...), reports.LetterKeys()...), append(bank.ReasonKeys, reports.AgreementKeys()...)...) {
		texts[k] = "reports/behaviour.go"
	}
	delete(texts, "")
	return texts
}

// TestEveryTextHasSpanish fails when a user-facing text has no Spanish
// translation, so no error or label reaches a Spanish user in English.
func TestEveryTextHasSpanish(t *testing.T) {
	texts := userTexts(t)
	if len(texts) < 50 {
		t.Fatalf("found only %d texts; the scan is broken", len(texts))
	}
	var missing []string
	for s, path := range texts {
		if !assets.Has("es", s) {
			missing = append(missing, strconv.Quote(s)+" ("+filepath.Base(path)+")")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d texts lack a Spanish translation:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

// TestTranslationsKeepVerbs checks each translation uses the same fmt verbs
// as its English key, so arguments land where they belong.
func TestTranslationsKeepVerbs(t *testing.T) {
	for s := range userTexts(t) {
		if !assets.Has("es", s) {
			continue
		}
		if got, want := verbs(assets.T("es", s)), verbs(s); got != want {
			t.Errorf("%q: Spanish verbs %q, English %q", s, got, want)
		}
	}
}

func verbs(s string) string {
	var out []string
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			out = append(out, s[i:i+2])
			i++
		}
	}
	return strings.Join(out, " ")
}

func TestError(t *testing.T) {
	err := data.Errorf(data.ENOTFOUND, "There is no company file at %s.", "x.cartera")
	if got := Error("es", err); got != "No hay ningún archivo de empresa en x.cartera." {
		t.Errorf("es: %q", got)
	}
	if got := Error("en", err); got != "There is no company file at x.cartera." {
		t.Errorf("en: %q", got)
	}
	if got := Error("es", errors.New("disk on fire")); !strings.Contains(got, "disk on fire") || !strings.HasPrefix(got, "Algo") {
		t.Errorf("plain error: %q", got)
	}
	for env, want := range map[string]string{"C": "en", "es_ES.UTF-8": "es", "es_MX": "es", "en_GB.UTF-8": "en", "": "en", "fr_FR": "en"} {
		if got := SystemLang(func(k string) string {
			if k == "LANG" {
				return env
			}
			return ""
		}); got != want {
			t.Errorf("SystemLang(LANG=%q) = %s, want %s", env, got, want)
		}
	}
}

// TestNoStaleTranslations fails when the Spanish catalog keeps texts the
// code no longer shows, so it does not rot.
func TestNoStaleTranslations(t *testing.T) {
	texts := userTexts(t)
	for _, key := range assets.Keys("es") {
		if _, ok := texts[key]; !ok {
			t.Errorf("es.json translates %q, which the code no longer uses", key)
		}
	}
}

func TestPlural(t *testing.T) {
	const one, other = "%d message may have arrived or not: confirm it in the outbox.", "%d messages may have arrived or not: confirm them in the outbox."
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 message may have arrived or not: confirm it in the outbox."},
		{"en", 2, "2 messages may have arrived or not: confirm them in the outbox."},
		{"en", 0, "0 messages may have arrived or not: confirm them in the outbox."},
		{"es", 1, "1 mensaje puede haber llegado o no: confírmelo en la bandeja de salida."},
		{"es", 3, "3 mensajes pueden haber llegado o no: confírmelos en la bandeja de salida."},
	} {
		if got := T(tc.lang, Plural(tc.n, one, other), tc.n); got != tc.want {
			t.Errorf("%s, %d: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}
