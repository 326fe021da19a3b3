package remind

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"cartera/data"
	"cartera/data/sqlite"
)

// DefaultLevels are the policy a new company starts with: a friendly
// heads-up 3 days before the due date, reminders 1 and 7 days after, the
// statement at 15 days, the final notice letter at 30.
func DefaultLevels() []data.ReminderLevel {
	table := "{invoices}\n\n"
	return []data.ReminderLevel{
		{OffsetDays: -3, Channel: data.ChannelEmail,
			SubjectES: "{company}: vencimiento próximo de sus facturas",
			BodyES:    "Estimado cliente {client}:\n\nLe recordamos que las facturas siguientes vencen en breve:\n\n" + table + "Total: {total}.\n\n{instructions}\n\nSi ya ha pagado, gracias y disculpe la molestia.\n\n{company}",
			SubjectEN: "{company}: invoices due soon",
			BodyEN:    "Dear {client},\n\nA friendly note that the invoices below fall due shortly:\n\n" + table + "Total: {total}.\n\n{instructions}\n\nIf you have already paid, thank you.\n\n{company}"},
		{OffsetDays: 1, Channel: data.ChannelEmail,
			SubjectES: "{company}: facturas vencidas",
			BodyES:    "Estimado cliente {client}:\n\nSegún nuestros registros, las facturas siguientes han vencido:\n\n" + table + "Total vencido: {total}; la más antigua venció el {oldest_due}.\n\n{instructions}\n\nSi ya ha pagado, gracias y disculpe la molestia.\n\n{company}",
			SubjectEN: "{company}: overdue invoices",
			BodyEN:    "Dear {client},\n\nAccording to our records, the invoices below are now overdue:\n\n" + table + "Total overdue: {total}; the oldest was due on {oldest_due}.\n\n{instructions}\n\nIf you have already paid, thank you.\n\n{company}"},
		{OffsetDays: 7, Channel: data.ChannelEmail,
			SubjectES: "{company}: segundo recordatorio de pago",
			BodyES:    "Estimado cliente {client}:\n\nLas facturas siguientes siguen pendientes, {days_overdue} días después del vencimiento de la más antigua:\n\n" + table + "Total vencido: {total}.\n\nLe agradeceríamos que realizara el pago o nos indicara cuándo podemos esperarlo.\n\n{instructions}\n\n{company}",
			SubjectEN: "{company}: second payment reminder",
			BodyEN:    "Dear {client},\n\nThe invoices below are still unpaid, {days_overdue} days after the oldest fell due:\n\n" + table + "Total overdue: {total}.\n\nWe would be grateful if you could pay them, or tell us when we can expect payment.\n\n{instructions}\n\n{company}"},
		{OffsetDays: 15, Channel: data.ChannelEmail, Attach: data.AttachStatement,
			SubjectES: "{company}: extracto de su cuenta con importes vencidos",
			BodyES:    "Estimado cliente {client}:\n\nLe adjuntamos el extracto de su cuenta: tiene importes vencidos hace más de dos semanas. Estas son las facturas pendientes:\n\n" + table + "Total: {total}; la más antigua venció el {oldest_due}.\n\nPor favor, regularice el pago cuanto antes o póngase en contacto con nosotros.\n\n{instructions}\n\n{company}",
			SubjectEN: "{company}: your statement of account, with overdue amounts",
			BodyEN:    "Dear {client},\n\nPlease find your statement of account attached: some amounts are more than two weeks overdue. These are the invoices outstanding:\n\n" + table + "Total: {total}; the oldest was due on {oldest_due}.\n\nPlease settle them as soon as possible, or get in touch with us.\n\n{instructions}\n\n{company}"},
		{OffsetDays: 30, Channel: data.ChannelEmail, Attach: data.AttachLetter, LetterLevel: 3, ReadReceipt: true,
			SubjectES: "{company}: último aviso antes de emprender otras acciones",
			BodyES:    "Estimado cliente {client}:\n\nPese a nuestros recordatorios, las facturas siguientes siguen impagadas:\n\n" + table + "Total: {total}. Le adjuntamos nuestra carta de último aviso.\n\n{instructions}\n\n{company}",
			SubjectEN: "{company}: final notice before further action",
			BodyEN:    "Dear {client},\n\nDespite our reminders, the invoices below remain unpaid:\n\n" + table + "Total: {total}. Our final notice letter is attached.\n\n{instructions}\n\n{company}"},
	}
}

// EnsureLevels returns the company's levels, writing the defaults first
// when it has none.
func EnsureLevels(ctx context.Context, s *sqlite.Store) ([]data.ReminderLevel, error) {
	ls, err := s.Levels(ctx)
	if err != nil || len(ls) > 0 {
		return ls, err
	}
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		for _, l := range DefaultLevels() {
			if err := tx.SaveLevel(&l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Levels(ctx)
}

// SetOffsets changes the days from the due date of the company's levels,
// in order: the first offset goes to the earliest level, and so on. Extra
// offsets add email levels worded like the nearest default; levels left
// over are removed (refused for a level reminders were sent at). One
// transaction, with a line in the audit log.
func SetOffsets(ctx context.Context, s *sqlite.Store, offsets []int, who string) ([]data.ReminderLevel, error) {
	if len(offsets) == 0 {
		return nil, data.Errorf(data.EINVALID, "Give at least one reminder level, such as -3,1,7,15,30.")
	}
	sorted := slices.Clone(offsets)
	slices.Sort(sorted)
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return nil, data.Errorf(data.EINVALID, "There are two reminder levels %d days from the due date.", sorted[i])
		}
	}
	for _, o := range sorted {
		l := nearestDefault(o)
		l.OffsetDays = o
		if err := l.Validate(); err != nil {
			return nil, err
		}
	}
	old, err := EnsureLevels(ctx, s)
	if err != nil {
		return nil, err
	}
	before := offsetList(old)
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		for i, l := range old { // out of the way first: offsets are unique
			if err := tx.SetLevelOffset(l.ID, -1000-i); err != nil {
				return err
			}
		}
		for i, o := range sorted {
			if i < len(old) {
				if err := tx.SetLevelOffset(old[i].ID, o); err != nil {
					return err
				}
				continue
			}
			l := nearestDefault(o)
			l.OffsetDays = o
			if err := tx.SaveLevel(&l); err != nil {
				return err
			}
		}
		for _, l := range old[min(len(old), len(sorted)):] {
			if err := tx.DeleteLevel(l.ID); err != nil {
				return err
			}
		}
		return tx.Audit(data.AuditEntry{User: who, Action: data.AuditLevels, Before: before, After: offsetList(levelsOf(sorted))})
	})
	if err != nil {
		return nil, err
	}
	return s.Levels(ctx)
}

// AddLevel adds a level some days from the due date, worded like the
// nearest default level, on the channel given.
func AddLevel(ctx context.Context, s *sqlite.Store, offset int, ch data.Channel, who string) (data.ReminderLevel, error) {
	old, err := EnsureLevels(ctx, s)
	if err != nil {
		return data.ReminderLevel{}, err
	}
	l := nearestDefault(offset)
	l.OffsetDays = offset
	if ch != "" {
		l.Channel = ch
	}
	err = s.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.SaveLevel(&l); err != nil {
			return err
		}
		return tx.Audit(data.AuditEntry{User: who, Action: data.AuditLevels, Before: offsetList(old),
			After: offsetList(append(slices.Clone(old), l))})
	})
	return l, err
}

// RemoveLevel removes a level (refused for one reminders were sent at).
func RemoveLevel(ctx context.Context, s *sqlite.Store, id int64, who string) error {
	old, err := EnsureLevels(ctx, s)
	if err != nil {
		return err
	}
	var kept []data.ReminderLevel
	found := false
	for _, l := range old {
		if l.ID == id {
			found = true
		} else {
			kept = append(kept, l)
		}
	}
	if !found {
		return data.Errorf(data.ENOTFOUND, "There is no reminder level #%d.", id)
	}
	return s.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.DeleteLevel(id); err != nil {
			return err
		}
		return tx.Audit(data.AuditEntry{User: who, Action: data.AuditLevels, Before: offsetList(old), After: offsetList(kept)})
	})
}

// nearestDefault is the default level closest in days to offset.
func nearestDefault(offset int) data.ReminderLevel {
	ds := DefaultLevels()
	best := ds[0]
	for _, d := range ds {
		if abs(d.OffsetDays-offset) < abs(best.OffsetDays-offset) {
			best = d
		}
	}
	return best
}

func abs(n int) int { return max(n, -n) }

func levelsOf(offsets []int) []data.ReminderLevel {
	out := make([]data.ReminderLevel, len(offsets))
	for i, o := range offsets {
		out[i].OffsetDays = o
	}
	return out
}

// offsetList writes levels' days as "-3, 1, 7, 15, 30".
func offsetList(ls []data.ReminderLevel) string {
	var days []int
	for _, l := range ls {
		days = append(days, l.OffsetDays)
	}
	slices.Sort(days)
	return strings.Trim(strings.Join(strings.Fields(fmt.Sprint(days)), ", "), "[]")
}

// Pause stops a client's reminders until day (inclusive); a zero day
// resumes them. One transaction, with a line in the audit log.
func Pause(ctx context.Context, s *sqlite.Store, code string, day data.Date, who string) (data.Client, error) {
	var c data.Client
	if err := data.CheckDate(day); err != nil {
		return c, err
	}
	err := s.Update(ctx, func(tx *sqlite.Tx) error {
		var err error
		if c, err = tx.ClientByCode(code); err != nil {
			return err
		}
		if err := tx.PauseReminders(c.ID, day); err != nil {
			return err
		}
		after := "–"
		if !day.IsZero() {
			after = day.String()
		}
		return tx.Audit(data.AuditEntry{User: who, ClientID: c.ID, Action: data.AuditPause, Subject: c.Code, After: after})
	})
	return c, err
}
