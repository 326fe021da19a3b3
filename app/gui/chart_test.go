package gui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"cartera/data"
)

// TestChartTicks: axes step by 1, 2 or 5 times a power of ten, as
// spreadsheet charts do; an empty chart does not label 0,25 as "0" and "1".
func TestChartTicks(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		values []float64
		want   []float64
	}{
		{nil, []float64{0, 1}},
		{[]float64{0, 0, 0}, []float64{0, 1}},
		{[]float64{0, 38}, []float64{0, 10, 20, 30, 40}},
		{[]float64{187_500, 12_000}, []float64{0, 50_000, 100_000, 150_000, 200_000}},
		{[]float64{760_000}, []float64{0, 200_000, 400_000, 600_000, 800_000}},
		{[]float64{65.9, 24}, []float64{0, 20, 40, 60, 80}},
		{[]float64{3}, []float64{0, 1, 2, 3}},
		{[]float64{-30, 90}, []float64{-50, 0, 50, 100}},
	} {
		c := newChart(make([]string, len(tc.values)), func(v float64) string { return "" }, series{values: tc.values})
		got := c.ticks()
		if len(got) != len(tc.want) {
			t.Errorf("%v: ticks %v, want %v", tc.values, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-6 {
				t.Errorf("%v: ticks %v, want %v", tc.values, got, tc.want)
				break
			}
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
