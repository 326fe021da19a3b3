package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"
)

func TestDocWithLogoAndUnicode(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var logo bytes.Buffer
	if err := png.Encode(&logo, img); err != nil {
		t.Fatal(err)
	}
	d := New("Prueba", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	pages := 0
	d.Footer(func(int) { pages++ })
	d.AddPage()
	d.SetFont(true, 12)
	if err := d.Image(logo.Bytes(), 15, 15, 30, 30); err != nil {
		t.Fatalf("logo: %v", err)
	}
	if err := d.Image([]byte("not an image"), 15, 50, 30, 30); err == nil {
		t.Error("a file that is not an image was drawn")
	}
	d.Text(15, 60, 100, 6, "Ñandú Müller · 1.234,56 €", Left, false)
	if w := d.Width("Ñandú"); w <= 0 || w > 30 {
		t.Errorf("width of Ñandú = %v mm", w)
	}
	h := d.Paragraph(15, 70, 50, 5, strings.Repeat("palabra ", 40))
	if h < 20 {
		t.Errorf("a long paragraph in 50 mm took %v mm", h)
	}
	var out bytes.Buffer
	if err := d.Write(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) || pages != 1 || d.Page() != 1 {
		t.Errorf("pdf %q… pages %d", out.Bytes()[:8], pages)
	}
}

// TestEmojiAndControlCharacters: a client or company name with an emoji
// (U+1F600, beyond the font's 16-bit tables) once panicked every PDF with
// "index out of range [65536]"; it prints as "?" now.
func TestEmojiAndControlCharacters(t *testing.T) {
	for _, s := range []string{"Panadería 😀 Sol", "\U0010FFFF", "a\x00b\x7fc", string([]byte{0xff, 0xfe}), "Ñandú\n€ 1.234,56"} {
		if n, err := drawText(s, false, 10, Left); err != nil || n == 0 {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// drawText measures s, writes it as a line and as a paragraph on a page,
// and gives the size of the PDF written.
func drawText(s string, bold bool, size float64, a Align) (int, error) {
	d := New("x", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	d.AddPage()
	d.SetFont(bold, size)
	_ = d.Width(s)
	d.Text(10, 10, 100, 5, s, a, bold)
	d.Paragraph(10, 20, 100, 5, s)
	var out bytes.Buffer
	err := d.Write(&out)
	return out.Len(), err
}

// FuzzText: any text, any Unicode, sets without a panic (seeds run in make
// test; go test -fuzz FuzzText ./reports/pdf explores more).
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "😀", "Ñandú", "\x00", "\uFFFD", "\U0001F600\U0001F600", "a\tb\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := drawText(s, true, 9, Right); err != nil {
			t.Fatal(err)
		}
	})
}
