// Package pdf is Cartera's seam to a PDF library: statements, letters and
// reports draw on Doc, and one file (gofpdf.go) implements it, so the
// library can be replaced in one place. Units are millimetres on A4.
package pdf

import "io"

// Align places text in a cell.
type Align int

const (
	Left Align = iota
	Right
	Center
)

// Color is an RGB colour.
type Color struct{ R, G, B int }

// Colours the documents use.
var (
	Black = Color{0x22, 0x22, 0x22}
	Grey  = Color{0x6b, 0x72, 0x80}
	Light = Color{0xee, 0xf2, 0xf1}
	Rule  = Color{0xcf, 0xd6, 0xd4}
	Teal  = Color{0x0f, 0x76, 0x6e}
	Red   = Color{0xb9, 0x1c, 0x1c}
	White = Color{0xff, 0xff, 0xff}
)

// Doc is a PDF being written: pages of A4, text in the embedded Unicode
// font (regular or bold).
type Doc interface {
	// AddPage starts a page; the footer, if set, is drawn on each.
	AddPage()
	// Footer sets what is drawn at the bottom of every page (its number given).
	Footer(fn func(page int))
	SetFont(bold bool, size float64)
	SetTextColor(c Color)
	SetFillColor(c Color)
	SetDrawColor(c Color)
	// Text writes s in a box of width w and height h at x, y; fill paints
	// the box first.
	Text(x, y, w, h float64, s string, align Align, fill bool)
	// Paragraph writes s wrapped to width w from x, y, lineHeight apart, and
	// returns the height it took.
	Paragraph(x, y, w, lineHeight float64, s string) float64
	Line(x1, y1, x2, y2 float64)
	Rect(x, y, w, h float64, fill bool)
	// Image draws a PNG or JPEG fitted in w × h at x, y.
	Image(data []byte, x, y, w, h float64) error
	Width(s string) float64
	Page() int
	// Write finishes the document into w.
	Write(w io.Writer) error
}

// Page geometry of A4 portrait, in mm.
const (
	PageWidth  = 210.0
	PageHeight = 297.0
	Margin     = 15.0
)
