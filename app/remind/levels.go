package remind

import (
	"context"

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
