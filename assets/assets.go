// Package assets embeds what Cartera ships besides code: the icon and the
// translations. It imports nothing of ours.
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
)

// Icon is the application icon, 512×512 PNG.
//
//go:embed icon/icon.png
var Icon []byte

// PaymentsIcon is the navigation icon of the payments list (a wallet), SVG
// in one colour so the theme can tint it.
//
//go:embed icons/payments.svg
var PaymentsIcon []byte

// Fonts the PDFs embed: DejaVu Sans and its bold, cut down to Latin
// (fonts/gen.sh makes them; fonts/LICENSE-DejaVu.txt allows it).
//
//go:embed fonts/DejaVuSans.ttf
var FontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var FontBold []byte

//go:embed translations/*.json
var translationFS embed.FS

// Languages Cartera speaks, English first.
var Languages = []string{"en", "es"}

var catalogs = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range Languages {
		b, err := translationFS.ReadFile("translations/" + lang + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("assets: translations/%s.json: %v", lang, err))
		}
		out[lang] = m
	}
	return out
}()

// T translates key, an English sentence that may hold fmt verbs, into lang
// and fills in args. Keys missing in a catalog fall back to English.
func T(lang, key string, args ...any) string {
	if s, ok := catalogs[lang][key]; ok && s != "" {
		key = s
	}
	if len(args) == 0 {
		return key
	}
	return fmt.Sprintf(key, args...)
}

// Has reports whether lang's catalog translates key.
func Has(lang, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// NormLang reduces a language tag to one Cartera speaks ("es-MX" → "es");
// anything else is English.
func NormLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	for _, l := range Languages {
		if tag == l || strings.HasPrefix(tag, l+"-") || strings.HasPrefix(tag, l+"_") {
			return l
		}
	}
	return "en"
}

// Keys lists the texts lang's catalog translates.
func Keys(lang string) []string {
	var keys []string
	for k := range catalogs[lang] {
		keys = append(keys, k)
	}
	return keys
}
