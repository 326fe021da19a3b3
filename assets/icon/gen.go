//go:build ignore

// gen draws Cartera's icon: a teal rounded square with a white "C" and an
// amber coin. Run with: go run assets/icon/gen.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

func main() {
	const size = 512
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	teal := color.RGBA{0x0f, 0x76, 0x6e, 0xff}
	dark := color.RGBA{0x0b, 0x4f, 0x4a, 0xff}
	amber := color.RGBA{0xf5, 0x9e, 0x0b, 0xff}
	r := 96.0
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			if !inRounded(float64(x)+0.5, float64(y)+0.5, 16, 16, size-16, size-16, r) {
				continue
			}
			t := float64(y) / size
			img.Set(x, y, mix(teal, dark, t))
		}
	}
	f, _ := opentype.Parse(gobold.TTF)
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 330, DPI: 72, Hinting: font.HintingFull})
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.White), Face: face}
	w := d.MeasureString("C")
	d.Dot = fixed.Point26_6{X: (fixed.I(size) - w) / 2, Y: fixed.I(372)}
	d.DrawString("C")
	cx, cy, cr := 356.0, 330.0, 62.0
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dd := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			switch {
			case dd < cr-14:
				img.Set(x, y, amber)
			case dd < cr-6:
				img.Set(x, y, color.RGBA{0xfc, 0xd3, 0x4d, 0xff})
			case dd < cr:
				img.Set(x, y, amber)
			}
		}
	}
	out, _ := os.Create("assets/icon/icon.png")
	defer out.Close()
	png.Encode(out, img)
}

func inRounded(x, y, x0, y0, x1, y1, r float64) bool {
	if x < x0 || x > x1 || y < y0 || y > y1 {
		return false
	}
	cx := math.Max(x0+r, math.Min(x, x1-r))
	cy := math.Max(y0+r, math.Min(y, y1-r))
	return math.Hypot(x-cx, y-cy) <= r
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(p, q uint8) uint8 { return uint8(float64(p)*(1-t) + float64(q)*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 0xff}
}
