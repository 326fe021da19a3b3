package gui

import (
	"context"

	"fyne.io/fyne/v2"
)

// pager feeds a virtualised table from paged queries, so a list of a million
// invoices costs one page of rows at a time. Its state is touched only on
// the UI goroutine; queries run through async and report back with fyne.Do.
type pager[T any] struct {
	size    int
	async   func(func())
	count   func(ctx context.Context) (int, error)
	load    func(ctx context.Context, offset, limit int) ([]T, error)
	refresh func()      // redraw the table
	onError func(error) // show a failed query
	loaded  func()      // optional: told when the count arrives

	total   int
	ready   bool
	pages   map[int][]T
	pending map[int]bool
	gen     int
	ctx     context.Context // of the current query; cancelled when it changes
	cancel  context.CancelFunc
	inRow   bool
}

const maxPages = 40

func newPager[T any](size int, async func(func())) *pager[T] {
	return &pager[T]{size: size, async: async, pages: map[int][]T{}, pending: map[int]bool{}, ctx: context.Background(), cancel: func() {}}
}

// reset drops what was loaded (the query changed) and counts again, loading
// the first page with the count.
func (p *pager[T]) reset() {
	p.cancel()
	ctx, cancel := context.WithCancel(context.Background())
	p.ctx, p.cancel = ctx, cancel
	p.gen++
	gen := p.gen
	p.pages, p.pending = map[int][]T{}, map[int]bool{0: true}
	p.async(func() {
		n, err := p.count(ctx)
		var rows []T
		if err == nil {
			rows, err = p.load(ctx, 0, p.size)
		}
		fyne.Do(func() {
			if gen != p.gen || ctx.Err() != nil {
				return
			}
			delete(p.pending, 0)
			if err != nil {
				p.onError(err)
				return
			}
			p.total, p.ready, p.pages[0] = n, true, rows
			if p.loaded != nil {
				p.loaded()
			}
			p.refresh()
		})
	})
}

// len is the number of rows the query selects, 0 until counted.
func (p *pager[T]) len() int { return p.total }

// row returns row i if its page is loaded; otherwise it starts loading the
// page and the table is refreshed when it arrives.
func (p *pager[T]) row(i int) (T, bool) {
	var zero T
	pg := i / p.size
	if rows, ok := p.pages[pg]; ok {
		if i%p.size < len(rows) {
			return rows[i%p.size], true
		}
		return zero, false
	}
	if p.pending[pg] {
		return zero, false
	}
	p.pending[pg] = true
	gen, ctx := p.gen, p.ctx
	p.inRow = true
	p.async(func() {
		rows, err := p.load(ctx, pg*p.size, p.size)
		fyne.Do(func() {
			if gen != p.gen || ctx.Err() != nil {
				return
			}
			delete(p.pending, pg)
			if err != nil {
				p.onError(err)
				return
			}
			p.evict(pg)
			p.pages[pg] = rows
			if !p.inRow {
				p.refresh()
			}
		})
	})
	p.inRow = false
	if rows, ok := p.pages[pg]; ok && i%p.size < len(rows) {
		return rows[i%p.size], true
	}
	return zero, false
}

// evict keeps memory bounded while scrolling far: it drops the page farthest
// from the one being loaded.
func (p *pager[T]) evict(near int) {
	if len(p.pages) < maxPages {
		return
	}
	far, dist := -1, -1
	for pg := range p.pages {
		if d := abs(pg - near); d > dist {
			far, dist = pg, d
		}
	}
	delete(p.pages, far)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
