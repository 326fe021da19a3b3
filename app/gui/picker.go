package gui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"cartera/app/i18n"
	"cartera/data"
)

// clientPicker chooses a client by typing part of its name, code, tax ID,
// city or email, accents and case ignored; the matches are in its list
// (the button at its end), and the line below says which client is chosen
// or why none is yet. Every dialog that asks for a client uses it.
type clientPicker struct {
	*selectEntry
	u      *ui
	status *widget.Label
	found  []data.ClientRow  // the matches of the text typed
	byText map[string]int64  // "code · name" → id, for the matches offered
	chosen data.Client       // the client picked; ID 0 while none
	onPick func(data.Client) // called when a client is chosen
}

// maxMatches is how many clients the list offers at once.
const maxMatches = 12

func (u *ui) newClientPicker(onPick func(data.Client)) *clientPicker {
	p := &clientPicker{selectEntry: newSelectEntry(nil), u: u, status: widget.NewLabel(""), byText: map[string]int64{}, onPick: onPick}
	p.SetPlaceHolder(tr("Name, code or tax ID"))
	p.status.Importance = widget.LowImportance
	p.status.Wrapping = fyne.TextWrapWord // whole, in Spanish too
	p.OnChanged = p.typed
	p.typed("")
	u.picker = p
	return p
}

// view is the field with its status line below.
func (p *clientPicker) view() fyne.CanvasObject {
	return container.NewVBox(p.selectEntry, p.status)
}

// typed searches again, or takes the client picked from the list.
func (p *clientPicker) typed(text string) {
	if id, ok := p.byText[text]; ok {
		p.take(id)
		return
	}
	p.chosen = data.Client{}
	rows, err := p.u.store.ListClients(context.Background(), data.ClientQuery{Search: strings.TrimSpace(text), Limit: maxMatches + 1, Sort: data.SortClientName})
	if err != nil {
		p.status.SetText(i18n.Error(lang, err))
		return
	}
	p.found = rows
	var labels []string
	for _, r := range rows[:min(len(rows), maxMatches)] {
		label := r.Code + " · " + r.Name
		p.byText[label] = r.ID
		labels = append(labels, label)
	}
	p.SetOptions(labels)
	switch {
	case strings.TrimSpace(text) == "":
		p.status.SetText(tr("Type part of the name, code or tax ID, or open the list."))
	case len(rows) == 0:
		p.status.SetText(trf("No client matches “%s”.", strings.TrimSpace(text)))
	case len(rows) == 1:
		p.status.SetText(trf("%s (%s) — press Enter or choose it from the list.", rows[0].Name, rows[0].Code))
	case len(rows) > maxMatches:
		p.status.SetText(trf("More than %d clients match: type more, or open the list.", maxMatches))
	default:
		p.status.SetText(trf(i18n.Plural(len(rows), "%d client matches: choose it from the list.", "%d clients match: choose one from the list."), len(rows)))
	}
}

// take chooses client id.
func (p *clientPicker) take(id int64) {
	c, err := p.u.store.Client(context.Background(), id)
	if err != nil {
		p.status.SetText(i18n.Error(lang, err))
		return
	}
	p.chosen = c
	p.status.SetText(trf("Chosen: %s (%s).", c.Name, c.Code))
	if p.onPick != nil {
		p.onPick(c)
	}
}

// Client is the client chosen; when none was picked from the list, the
// one the text names alone (its exact code, or the only match). Otherwise
// a sentence saying what to do.
func (p *clientPicker) Client() (data.Client, error) {
	if p.chosen.ID != 0 {
		return p.chosen, nil
	}
	text := strings.TrimSpace(p.Text)
	if text == "" {
		return data.Client{}, data.Errorf(data.EINVALID, "Choose the client: type part of its name, code or tax ID.")
	}
	if c, err := p.u.store.ClientByCode(context.Background(), text); err == nil {
		p.take(c.ID)
		return c, nil
	}
	switch len(p.found) {
	case 0:
		return data.Client{}, data.Errorf(data.EINVALID, "No client matches “%s”. Type part of its name, code or tax ID.", text)
	case 1:
		p.take(p.found[0].ID)
		return p.chosen, nil
	}
	return data.Client{}, data.Errorf(data.EINVALID, "Several clients match “%s”: choose one from the list.", text)
}
