package gui

import (
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// seriesKind is how a chart draws a series.
type seriesKind int

const (
	kindBars seriesKind = iota
	kindLines
	kindDots
)

// series is one set of values over a chart's categories; NaN is a gap.
type series struct {
	name   string // already translated; shown in the legend and the tooltip
	kind   seriesKind
	color  func() color.Color      // read when drawn, so the theme variant applies
	each   func(i int) color.Color // bars: a colour per category instead
	values []float64
}

// chart draws bars, lines and dots over categories (months, buckets,
// weeks, invoices) with a y axis in the user's number format. Hovering or
// tapping a category shows its values; onTap, if set, is told which.
type chart struct {
	widget.BaseWidget
	labels  []string // one per category
	series  []series
	yFormat func(float64) string
	onTap   func(i int)
	every   int // label every n-th category on the x axis (0: as many as fit)
	hover   int // the category under the pointer, -1 for none
}

func newChart(labels []string, yFormat func(float64) string, ss ...series) *chart {
	c := &chart{labels: labels, series: ss, yFormat: yFormat, hover: -1}
	c.ExtendBaseWidget(c)
	return c
}

func (c *chart) MinSize() fyne.Size { return fyne.NewSize(260, 180) }

func (c *chart) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{c: c} }

// geometry of the plot area inside the widget.
func (c *chart) plot(size fyne.Size) (left, top, width, height float32) {
	pad := theme.Padding()
	left = c.axisWidth() + 2*pad
	top = pad + legendHeight()
	width = size.Width - left - pad
	height = size.Height - top - textHeight() - 2*pad
	return
}

func legendHeight() float32 { return textHeight() + theme.Padding() }

func textHeight() float32 {
	return fyne.MeasureText("0", smallText(), fyne.TextStyle{}).Height
}

func smallText() float32 { return theme.CaptionTextSize() + 1 }

func (c *chart) axisWidth() float32 {
	var w float32
	for _, t := range c.ticks() {
		w = max(w, fyne.MeasureText(c.yFormat(t), smallText(), fyne.TextStyle{}).Width)
	}
	return w
}

// scale is the y axis: from lo to hi in steps of 1, 2 or 5 times a power
// of ten (0, 50 k, 100 k… never 62,5 k), at most four steps above the
// values and one below zero when some are negative. A chart with nothing
// to show has one step, 0 to 1.
func (c *chart) scale() (lo, hi, step float64) {
	for _, s := range c.series {
		for _, v := range s.values {
			if !math.IsNaN(v) {
				hi, lo = max(hi, v), min(lo, v)
			}
		}
	}
	if hi <= 0 && lo == 0 {
		return 0, 1, 1
	}
	step = niceStep((hi - lo) / 4)
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

// niceStep is the smallest of 1, 2 and 5 times a power of ten that is at
// least v.
func niceStep(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5} {
		if v <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// ticks are the values with a grid line: every step from lo to hi.
func (c *chart) ticks() []float64 {
	lo, hi, step := c.scale()
	var out []float64
	for i := 0; lo+float64(i)*step <= hi+step/2; i++ {
		out = append(out, lo+float64(i)*step)
	}
	return out
}

// category is the category under x, or -1.
func (c *chart) category(x float32) int {
	left, _, width, _ := c.plot(c.Size())
	n := len(c.labels)
	if n == 0 || x < left || x > left+width {
		return -1
	}
	return min(int((x-left)/(width/float32(n))), n-1)
}

func (c *chart) Tapped(e *fyne.PointEvent) {
	i := c.category(e.Position.X)
	if i < 0 {
		return
	}
	c.hover = i
	c.Refresh()
	if c.onTap != nil {
		c.onTap(i)
	}
}

func (c *chart) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }
func (c *chart) MouseMoved(e *desktop.MouseEvent) {
	if i := c.category(e.Position.X); i != c.hover {
		c.hover = i
		c.Refresh()
	}
}
func (c *chart) MouseOut() { c.hover = -1; c.Refresh() }

// Cursor shows a hand over charts whose categories can be tapped.
func (c *chart) Cursor() desktop.Cursor {
	if c.onTap != nil && c.hover >= 0 {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// tooltip is the text shown for category i: its label and every value.
func (c *chart) tooltip(i int) string {
	parts := []string{c.labels[i]}
	for _, s := range c.series {
		if i < len(s.values) && !math.IsNaN(s.values[i]) {
			v := c.yFormat(s.values[i])
			if s.name != "" {
				v = s.name + ": " + v
			}
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "  ·  ")
}

type chartRenderer struct {
	c       *chart
	objects []fyne.CanvasObject
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chartRenderer) Refresh()                     { r.Layout(r.c.Size()) }

// Layout draws the whole chart again for size: it is a few hundred objects
// at most, and a redraw keeps the colours of the current theme.
func (r *chartRenderer) Layout(size fyne.Size) {
	c := r.c
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameSeparator)
	ts := smallText()
	var objs []fyne.CanvasObject
	text := func(s string, x, y float32, align fyne.TextAlign, col color.Color) *canvas.Text {
		t := canvas.NewText(s, col)
		t.TextSize = ts
		w := fyne.MeasureText(s, ts, fyne.TextStyle{}).Width
		switch align {
		case fyne.TextAlignTrailing:
			x -= w
		case fyne.TextAlignCenter:
			x = min(max(x-w/2, 0), size.Width-w) // inside the widget
		}
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(w, textHeight()))
		objs = append(objs, t)
		return t
	}
	left, top, width, height := c.plot(size)
	if width <= 0 || height <= 0 {
		r.objects = nil
		return
	}
	lo, hi, _ := c.scale()
	y := func(v float64) float32 { return top + height - float32((v-lo)/(hi-lo))*height }

	// Legend, grid and y labels.
	lx := left
	for _, s := range c.series {
		if s.name == "" {
			continue
		}
		sw := canvas.NewRectangle(s.color())
		sw.Move(fyne.NewPos(lx, theme.Padding()+textHeight()/4))
		sw.Resize(fyne.NewSize(textHeight()/2, textHeight()/2))
		objs = append(objs, sw)
		text(s.name, lx+textHeight()*0.7, theme.Padding()-1, fyne.TextAlignLeading, fg)
		lx += textHeight() + fyne.MeasureText(s.name, ts, fyne.TextStyle{}).Width + 2*theme.Padding()
	}
	for _, t := range c.ticks() {
		ln := canvas.NewLine(grid)
		ln.Position1, ln.Position2 = fyne.NewPos(left, y(t)), fyne.NewPos(left+width, y(t))
		objs = append(objs, ln)
		text(c.yFormat(t), left-theme.Padding(), y(t)-textHeight()/2, fyne.TextAlignTrailing, fg)
	}

	n := len(c.labels)
	if n == 0 {
		r.objects = objs
		return
	}
	step := width / float32(n)
	if c.hover >= 0 && c.hover < n {
		hl := canvas.NewRectangle(theme.Color(theme.ColorNameHover))
		hl.Move(fyne.NewPos(left+step*float32(c.hover), top))
		hl.Resize(fyne.NewSize(step, height))
		objs = append(objs, hl)
	}

	// X labels: as many as fit without touching.
	every := c.every
	if every == 0 {
		var widest float32
		for _, l := range c.labels {
			widest = max(widest, fyne.MeasureText(l, ts, fyne.TextStyle{}).Width)
		}
		every = max(1, int(math.Ceil(float64((widest+2*theme.Padding())/step))))
	}
	for i, l := range c.labels {
		if i%every == 0 {
			text(l, left+step*(float32(i)+0.5), top+height+theme.Padding(), fyne.TextAlignCenter, fg)
		}
	}

	// Series: bars side by side in each category, then lines and dots on top.
	var barSeries []series
	for _, s := range c.series {
		if s.kind == kindBars {
			barSeries = append(barSeries, s)
		}
	}
	if len(barSeries) > 0 {
		gap := step * 0.2
		bw := (step - gap) / float32(len(barSeries))
		for k, s := range barSeries {
			for i, v := range s.values {
				if i >= n || math.IsNaN(v) || v == 0 {
					continue
				}
				col := s.color
				if s.each != nil {
					col = func() color.Color { return s.each(i) }
				}
				b := canvas.NewRectangle(col())
				y0, y1 := y(0), y(v)
				b.Move(fyne.NewPos(left+step*float32(i)+gap/2+bw*float32(k), min(y0, y1)))
				b.Resize(fyne.NewSize(max(bw-1, 1), max(float32(math.Abs(float64(y1-y0))), 1)))
				objs = append(objs, b)
			}
		}
	}
	for _, s := range c.series {
		if s.kind == kindBars {
			continue
		}
		var prev *fyne.Position
		for i, v := range s.values {
			if i >= n {
				break
			}
			if math.IsNaN(v) {
				prev = nil
				continue
			}
			p := fyne.NewPos(left+step*(float32(i)+0.5), y(v))
			switch s.kind {
			case kindLines:
				if prev != nil {
					ln := canvas.NewLine(s.color())
					ln.StrokeWidth = 2
					ln.Position1, ln.Position2 = *prev, p
					objs = append(objs, ln)
				}
				prev = &p
			case kindDots:
				d := canvas.NewCircle(s.color())
				rad := min(float32(4), step/2)
				d.Move(fyne.NewPos(p.X-rad, p.Y-rad))
				d.Resize(fyne.NewSize(2*rad, 2*rad))
				objs = append(objs, d)
			}
		}
	}

	// The tooltip of the hovered or tapped category, kept inside the plot.
	if c.hover >= 0 && c.hover < n {
		tip := c.tooltip(c.hover)
		w := fyne.MeasureText(tip, ts, fyne.TextStyle{Bold: true}).Width + 2*theme.Padding()
		x := min(max(left+step*(float32(c.hover)+0.5)-w/2, left), left+width-w)
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
		bg.StrokeColor = grid
		bg.StrokeWidth = 1
		bg.CornerRadius = 4
		bg.Move(fyne.NewPos(x, top))
		bg.Resize(fyne.NewSize(w, textHeight()+theme.Padding()))
		objs = append(objs, bg)
		t := text(tip, x+theme.Padding(), top+theme.Padding()/2, fyne.TextAlignLeading, fg)
		t.TextStyle.Bold = true
	}
	r.objects = objs
}

// Chart colours: the theme's primary, an orange and the theme's error red, readable
// on light and dark backgrounds.
func primaryColor() color.Color { return theme.Color(theme.ColorNamePrimary) }
func accentColor() color.Color  { return color.NRGBA{R: 0xea, G: 0x8a, B: 0x1e, A: 0xff} }
func dangerColor() color.Color  { return theme.Color(theme.ColorNameError) }
