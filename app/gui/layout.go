package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// equalRow lays its objects side by side in equal widths, as a grid would,
// but asks only minWidth of each: filters in a row then shrink with the
// window (their texts truncate) instead of widening it.
type equalRow struct{ minWidth float32 }

func (r equalRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(r.minWidth*float32(len(objs))+pad()*float32(max(len(objs)-1, 0)), h)
}

func (r equalRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	w := (size.Width - pad()*float32(len(objs)-1)) / float32(len(objs))
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i)*(w+pad()), 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func pad() float32 { return theme.Padding() }
