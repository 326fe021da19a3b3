package pdf

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"image"
	_ "image/jpeg" // logos
	_ "image/png"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"

	"cartera/assets"
)

// gofpdf is unmaintained upstream; this file is the only one that knows it.
type gofpdfDoc struct {
	f      *gofpdf.Fpdf
	footer func(int)
}

// New starts a document dated created (the caller's clock, not the system's).
func New(title string, created time.Time) Doc {
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetMargins(Margin, Margin, Margin)
	f.SetAutoPageBreak(false, Margin)
	f.AddUTF8FontFromBytes("dejavu", "", assets.FontRegular)
	f.AddUTF8FontFromBytes("dejavu", "B", assets.FontBold)
	f.SetTitle(title, true)
	f.SetCreator("Cartera", true)
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	d := &gofpdfDoc{f: f}
	f.SetFooterFunc(func() {
		if d.footer != nil {
			d.footer(f.PageNo())
		}
	})
	return d
}

func (d *gofpdfDoc) AddPage()               { d.f.AddPage() }
func (d *gofpdfDoc) Footer(fn func(int))    { d.footer = fn }
func (d *gofpdfDoc) Page() int              { return d.f.PageNo() }
func (d *gofpdfDoc) Width(s string) float64 { return d.f.GetStringWidth(printable(s)) }
func (d *gofpdfDoc) SetTextColor(c Color)   { d.f.SetTextColor(c.R, c.G, c.B) }
func (d *gofpdfDoc) SetFillColor(c Color)   { d.f.SetFillColor(c.R, c.G, c.B) }
func (d *gofpdfDoc) SetDrawColor(c Color)   { d.f.SetDrawColor(c.R, c.G, c.B) }
func (d *gofpdfDoc) Line(x1, y1, x2, y2 float64) {
	d.f.Line(x1, y1, x2, y2)
}

func (d *gofpdfDoc) SetFont(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.f.SetFont("dejavu", style, size)
}

func (d *gofpdfDoc) Text(x, y, w, h float64, s string, align Align, fill bool) {
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, printable(s), "", 0, [...]string{"LM", "RM", "CM"}[align], fill, 0, "")
}

func (d *gofpdfDoc) Paragraph(x, y, w, lineHeight float64, s string) float64 {
	d.f.SetXY(x, y)
	d.f.MultiCell(w, lineHeight, printable(s), "", "L", false)
	return d.f.GetY() - y
}

func (d *gofpdfDoc) Rect(x, y, w, h float64, fill bool) {
	style := "D"
	if fill {
		style = "F"
	}
	d.f.Rect(x, y, w, h, style)
}

func (d *gofpdfDoc) Image(data []byte, x, y, w, h float64) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return errors.New("not a PNG or JPEG image")
	}
	sum := sha1.Sum(data)
	name := hex.EncodeToString(sum[:8])
	opts := gofpdf.ImageOptions{ImageType: format, ReadDpi: false}
	if d.f.GetImageInfo(name) == nil {
		d.f.RegisterImageOptionsReader(name, opts, bytes.NewReader(data))
	}
	// Fit inside w × h, keeping the proportions.
	scale := min(w/float64(cfg.Width), h/float64(cfg.Height))
	d.f.ImageOptions(name, x, y, float64(cfg.Width)*scale, float64(cfg.Height)*scale, false, opts, 0, "")
	return d.f.Error()
}

func (d *gofpdfDoc) Write(w io.Writer) error {
	return d.f.Output(w)
}

// printable keeps what the embedded font can set: gofpdf indexes its glyph
// tables by rune up to U+FFFF, so a character beyond (an emoji in a client's
// name) panicked every document of a batch. Such characters, invalid UTF-8
// and control characters other than line breaks print as "?".
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r > 0xFFFF || r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n', r == '\t':
			return r
		case r > 0xFFFF, r == utf8.RuneError, r < 0x20, r == 0x7f:
			return '?'
		}
		return r
	}, s)
}
