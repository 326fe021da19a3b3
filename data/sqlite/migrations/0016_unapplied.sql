-- What each payment and credit note still holds on account, kept by
-- triggers in the same transaction as every allocation change (as
-- invoices.open_balance is), so money on account as of a day reads the
-- few payments that hold some instead of every allocation ever made.
ALTER TABLE payments ADD COLUMN unapplied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE credit_notes ADD COLUMN unapplied INTEGER NOT NULL DEFAULT 0;
UPDATE payments SET unapplied = amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = payments.id), 0);
UPDATE credit_notes SET unapplied = amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.credit_note_id = credit_notes.id), 0);
CREATE INDEX payments_unapplied ON payments (date, client_id, unapplied) WHERE unapplied > 0;
CREATE INDEX credit_notes_unapplied ON credit_notes (date, client_id, unapplied) WHERE unapplied > 0;

CREATE TRIGGER payments_unapplied_insert AFTER INSERT ON payments BEGIN
    UPDATE payments SET unapplied = NEW.amount WHERE id = NEW.id;
END;
CREATE TRIGGER payments_unapplied_amount AFTER UPDATE OF amount ON payments BEGIN
    UPDATE payments SET unapplied = unapplied + NEW.amount - OLD.amount WHERE id = NEW.id;
END;
CREATE TRIGGER credit_notes_unapplied_insert AFTER INSERT ON credit_notes BEGIN
    UPDATE credit_notes SET unapplied = NEW.amount WHERE id = NEW.id;
END;
CREATE TRIGGER credit_notes_unapplied_amount AFTER UPDATE OF amount ON credit_notes BEGIN
    UPDATE credit_notes SET unapplied = unapplied + NEW.amount - OLD.amount WHERE id = NEW.id;
END;
CREATE TRIGGER allocations_unapplied_insert AFTER INSERT ON allocations BEGIN
    UPDATE payments SET unapplied = unapplied - NEW.amount WHERE id = NEW.payment_id;
    UPDATE credit_notes SET unapplied = unapplied - NEW.amount WHERE id = NEW.credit_note_id;
END;
CREATE TRIGGER allocations_unapplied_delete AFTER DELETE ON allocations BEGIN
    UPDATE payments SET unapplied = unapplied + OLD.amount WHERE id = OLD.payment_id;
    UPDATE credit_notes SET unapplied = unapplied + OLD.amount WHERE id = OLD.credit_note_id;
END;
CREATE TRIGGER allocations_unapplied_update AFTER UPDATE OF amount, payment_id, credit_note_id ON allocations BEGIN
    UPDATE payments SET unapplied = unapplied + OLD.amount WHERE id = OLD.payment_id;
    UPDATE credit_notes SET unapplied = unapplied + OLD.amount WHERE id = OLD.credit_note_id;
    UPDATE payments SET unapplied = unapplied - NEW.amount WHERE id = NEW.payment_id;
    UPDATE credit_notes SET unapplied = unapplied - NEW.amount WHERE id = NEW.credit_note_id;
END;
