package gui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"cartera/data"
)

func TestNiceCeil(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{0, 0}, {0.7, 1}, {1, 1}, {1.2, 2}, {2.3, 2.5}, {4, 5}, {7, 10}, {130, 200}, {18_000, 20_000}, {760_000, 1_000_000},
	} {
		if got := niceCeil(tc.in); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("niceCeil(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCompactAxisLabels(t *testing.T) {
	for _, tc := range []struct {
		locale string
		v      float64
		want   string
	}{
		{"es-ES", 0, "0"}, {"es-ES", 250, "250"}, {"es-ES", 12_500, "12,5 k"}, {"es-ES", 750_000, "750 k"},
		{"es-ES", 1_000_000, "1 M"}, {"es-ES", 1_250_000, "1,3 M"}, {"en-US", 1_250_000, "1.3 M"}, {"en-US", 200_000_000, "200 M"},
	} {
		u := &ui{loc: data.LocaleFor(tc.locale)}
		if got := u.compact(tc.v); got != tc.want {
			t.Errorf("%s compact(%v) = %q, want %q", tc.locale, tc.v, got, tc.want)
		}
	}
}

func TestChartTapAndTooltip(t *testing.T) {
	test.NewTempApp(t)
	tapped := -1
	c := newChart([]string{"a", "b", "c"}, func(v float64) string { return data.LocaleFor("en-US").Fixed(v, 0) },
		series{name: "EUR", kind: kindBars, values: []float64{10, 20, math.NaN()}, color: primaryColor})
	c.onTap = func(i int) { tapped = i }
	c.Resize(fyne.NewSize(400, 200))
	left, _, width, height := c.plot(c.Size())
	for i := range 3 {
		c.Tapped(&fyne.PointEvent{Position: fyne.NewPos(left+width/3*(float32(i)+0.5), height/2)})
		if tapped != i {
			t.Errorf("tap on category %d went to %d", i, tapped)
		}
	}
	c.Tapped(&fyne.PointEvent{Position: fyne.NewPos(1, 10)}) // on the axis labels
	if tapped != 2 {
		t.Errorf("a tap outside the plot reached category %d", tapped)
	}
	if got := c.tooltip(1); got != "b  ·  EUR: 20" {
		t.Errorf("tooltip = %q", got)
	}
	if got := c.tooltip(2); got != "c" {
		t.Errorf("tooltip of a gap = %q", got)
	}
}
