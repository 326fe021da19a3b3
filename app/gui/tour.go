package gui

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"cartera/app/remind"
	"cartera/data"
)

// The tour is how `make screenshots` photographs the real window: the app
// opens as usual, then walks every screen and the dialogs a new user meets
// at each window size, writes a PNG of each, and quits. It runs in the real
// desktop driver (under Xvfb in the script), so the pictures are what users
// see. The window is never made to grow: when it does, the tour says so.

// tourSize is a window size the tour visits; readme marks the size of the
// README's pictures (name-lang.png); the rest go to tour/name-lang-WxH.png.
type tourSize struct {
	w, h   float32
	readme bool
}

var tourSizes = []tourSize{{1200, 760, true}, {1024, 640, false}, {1920, 1080, false}}

// readmeShots are the pictures the README shows, at 1200×760.
var readmeShots = map[string]bool{"dashboard": true, "client": true, "plan": true, "bank": true, "worklist": true, "outbox": true,
	"import": true, "outbox-confirm": true, "picker": true, "level-error": true}

// tour runs in its own goroutine once the window is up.
func (u *ui) tour(dir, spreadsheet string) {
	defer fyne.Do(u.app.Quit)
	ui := func(f func()) { fyne.DoAndWait(f) }
	settle := func(d time.Duration) { time.Sleep(d); ui(func() {}) }
	settle(4 * time.Second) // the dashboard's first figures
	if u.store == nil {
		log.Print("tour: no company is open")
		return
	}
	ctx := context.Background()
	rows, err := u.store.ListClients(ctx, data.ClientQuery{OverdueOnly: true, AsOf: data.Today(u.clock), Sort: data.SortClientOverdue, Desc: true, Limit: 1})
	if err != nil || len(rows) == 0 {
		log.Printf("tour: no overdue client (%v)", err)
		return
	}
	client := rows[0].Client
	for _, size := range tourSizes {
		want := fyne.NewSize(size.w, size.h)
		ui(func() { u.win.Resize(want) })
		settle(time.Second)
		shot := func(name string) {
			settle(500 * time.Millisecond)
			var got fyne.Size
			ui(func() { got = u.win.Canvas().Size() })
			if got.Width > want.Width+1 || got.Height > want.Height+1 {
				log.Printf("tour: %s made the window grow to %.0f×%.0f from %.0f×%.0f", name, got.Width, got.Height, want.Width, want.Height)
			}
			file := filepath.Join(dir, fmt.Sprintf("%s-%s.png", name, lang))
			if !size.readme || !readmeShots[name] {
				file = filepath.Join(dir, "tour", fmt.Sprintf("%s-%s-%.0fx%.0f.png", name, lang, size.w, size.h))
			}
			if err := snap(file, got); err != nil {
				log.Printf("tour: %s: %v", name, err)
			}
		}
		closeAll := func() {
			ui(func() {
				for u.win.Canvas().Overlays().Top() != nil {
					u.escape()
				}
			})
		}
		names := []string{"dashboard", "clients", "invoices", "payments", "bank", "worklist", "outbox", "settings"}
		for i, name := range names {
			ui(func() { u.goTo(i) })
			settle(2 * time.Second)
			shot(name)
		}
		ui(func() { u.goTo(screenClients); u.showClient(client.ID) }) // reached from the clients list
		settle(2 * time.Second)
		shot("client")

		// The dialogs a new user trips over first.
		ui(func() {
			u.invoiceDialog(data.Invoice{}, nil)
			u.picker.SetText("s")
		})
		shot("picker")
		closeAll()
		ui(func() {
			if count := u.planDialog(client, nil); count != nil {
				count.SetText("60")
			}
		})
		shot("plan")
		closeAll()
		ui(func() { u.goTo(screenOutbox) })
		settle(2 * time.Second)
		ui(func() {
			if u.outbox != nil {
				u.outbox.confirmSendAll()
			}
		})
		shot("outbox-confirm")
		closeAll()
		levels, _ := remind.EnsureLevels(ctx, u.store)
		if len(levels) > 0 {
			ui(func() {
				d, offset := u.levelDialog(levels[0])
				offset.SetText("x")
				d.Confirm()
			})
			shot("level-error")
			closeAll()
		}
		if spreadsheet != "" {
			ui(func() { u.goTo(screenDashboard); u.openImport(spreadsheet) })
			settle(3 * time.Second)
			shot("import")
			ui(func() { u.goTo(screenDashboard) })
		}
	}
}

// snap photographs the window, at the top left of the X screen the
// script runs the app on, with ImageMagick's import: Fyne's own Capture
// gives a blank picture from an OpenGL window under Xvfb.
func snap(file string, size fyne.Size) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	crop := fmt.Sprintf("%.0fx%.0f+0+0", size.Width, size.Height)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a stuck X server never stalls the tour
	defer cancel()
	if out, err := exec.CommandContext(ctx, "import", "-window", "root", "-crop", crop, "+repage", file).CombinedOutput(); err != nil {
		return fmt.Errorf("import: %v: %s", err, out)
	}
	return nil
}
