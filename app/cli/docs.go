package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"

	"cartera/app/docs"
	"cartera/app/i18n"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

// runStatements writes statements of account: of one client or of every
// client owing something, into a folder (one PDF each) or one combined PDF.
func runStatements(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("statements")
	asOf := fs.String("as-of", "", "")
	from := fs.String("from", "", "")
	client := fs.String("client", "", "")
	out := fs.String("out", "", "")
	combined := fs.String("combined", "", "")
	r.forceFlag(fs)
	if err := r.parse(fs, args); err != nil {
		return err
	}
	day, err := r.day(*asOf)
	if err != nil {
		return err
	}
	var since data.Date
	if *from != "" {
		if since, err = data.ParseDate(*from); err != nil || since.After(day) {
			return r.usage("--from %q must be a date in the form YYYY-MM-DD, not after --as-of.", *from)
		}
	}
	if (*out == "") == (*combined == "") {
		return r.usage("Say where the statements go: --out FOLDER (one PDF each) or --combined FILE.pdf.")
	}
	s, c, err := r.openCompany(ctx, "statements")
	if err != nil {
		return err
	}
	defer s.Close()
	var codes []string
	if *client != "" {
		codes = []string{*client}
	}
	sts, err := docs.Statements(ctx, s, c, day, since, codes...)
	if err != nil {
		return err
	}
	created := r.env.Clock.Now()
	if *combined != "" {
		if err := docs.WriteCombined(ctx, *combined, r.output(), created, sts, nil); err != nil {
			return err
		}
		r.printf(i18n.Plural(len(sts), "Wrote %d statement to %s.", "Wrote %d statements to %s."), len(sts), *combined)
		return nil
	}
	files, err := docs.WriteFolder(ctx, *out, r.t("Statement"), r.output(), created, sts, nil)
	if err != nil {
		return err
	}
	r.printf(i18n.Plural(len(files), "Wrote %d statement to %s.", "Wrote %d statements to %s."), len(files), *out)
	return nil
}

// runLetter writes a reminder letter of a level to one client.
func runLetter(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("letter")
	asOf := fs.String("as-of", "", "")
	client := fs.String("client", "", "")
	level := fs.Int("level", 1, "")
	out := fs.String("out", "", "")
	r.forceFlag(fs)
	if err := r.parse(fs, args); err != nil {
		return err
	}
	day, err := r.day(*asOf)
	if err != nil {
		return err
	}
	if *client == "" || *out == "" {
		return r.usage("letter needs --client CODE and --out FILE.pdf.")
	}
	if *level < 1 || *level > reports.LetterLevels {
		return r.usage("--level must be between 1 and %d.", reports.LetterLevels)
	}
	s, c, err := r.openCompany(ctx, "letter")
	if err != nil {
		return err
	}
	defer s.Close()
	var buf bytes.Buffer
	if err := docs.Letter(ctx, &buf, s, c, *client, *level, day, r.env.Clock.Now()); err != nil {
		return err
	}
	if err := r.writeOut(*out, buf.Bytes()); err != nil {
		return err
	}
	r.printf("Wrote %s.", *out)
	return nil
}

// runExport writes an xlsx export, or the aging report as a PDF.
func runExport(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("export")
	asOf := fs.String("as-of", "", "")
	out := fs.String("out", "", "")
	r.forceFlag(fs)
	rest, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || !slices.Contains(docs.Exports, rest[0]) {
		return r.usage("Say what to export: %s.", strings.Join(docs.Exports, ", "))
	}
	what := rest[0]
	ext := strings.ToLower(filepath.Ext(*out))
	if *out == "" || (ext != ".xlsx" && !(ext == ".pdf" && what == "aging")) {
		return r.usage("--out must name an .xlsx file (or a .pdf for the aging report).")
	}
	day, err := r.day(*asOf)
	if err != nil {
		return err
	}
	s, c, err := r.openCompany(ctx, "export")
	if err != nil {
		return err
	}
	defer s.Close()
	var buf bytes.Buffer
	if ext == ".pdf" {
		err = docs.AgingPDF(ctx, &buf, s, c, r.lang, day, r.env.Clock.Now())
	} else {
		err = docs.Export(ctx, &buf, s, c, what, r.lang, day)
	}
	if err != nil {
		return err
	}
	if err := r.writeOut(*out, buf.Bytes()); err != nil {
		return err
	}
	r.printf("Wrote %s.", *out)
	return nil
}

// t translates for the files the CLI names.
func (r *runner) t(key string, args ...any) string { return i18n.T(r.lang, key, args...) }

// openCompany opens --db and reads its company settings.
func (r *runner) openCompany(ctx context.Context, command string) (*sqlite.Store, data.Company, error) {
	s, err := r.openStore(ctx, command)
	if err != nil {
		return nil, data.Company{}, err
	}
	c, err := s.Company(ctx)
	if err != nil {
		s.Close()
		return nil, c, err
	}
	return s, c, nil
}
