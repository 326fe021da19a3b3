package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// progress is the dialog long work shows: a title, optional lines, a bar
// and Cancel, which cancels ctx.
type progress struct {
	ctx    context.Context
	cancel context.CancelFunc
	bar    *widget.ProgressBar
	d      dialog.Dialog
}

// startProgress shows a progress dialog; lines go above the bar.
func (u *ui) startProgress(title string, lines ...fyne.CanvasObject) *progress {
	ctx, cancel := context.WithCancel(context.Background())
	p := &progress{ctx: ctx, cancel: cancel, bar: widget.NewProgressBar()}
	box := container.NewVBox(lines...)
	box.Add(p.bar)
	box.Add(widget.NewButton(tr("Cancel"), cancel))
	p.d = dialog.NewCustomWithoutButtons(title, box, u.win)
	p.d.Resize(fyne.NewSize(440, box.MinSize().Height+70))
	p.d.Show()
	u.onEscape(cancel) // Esc is Cancel; the dialog closes when the work stops
	return p
}

// report moves the bar to done of total; any goroutine may call it.
func (p *progress) report(done, total int) {
	fyne.Do(func() { p.bar.SetValue(float64(done) / float64(max(total, 1))) })
}

// end closes the dialog; on the UI goroutine.
func (p *progress) end() {
	p.d.Hide()
	p.cancel()
}
