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

-- An allocation to an invoice issued after the payment (or credit note)
-- that pays it was an advance until then: flagged, so money on account as
-- of a past day adds back only those few instead of every allocation of
-- the invoices issued since.
ALTER TABLE allocations ADD COLUMN advance INTEGER NOT NULL DEFAULT 0;
UPDATE allocations SET advance = (SELECT issue_date FROM invoices WHERE id = allocations.invoice_id) >
    COALESCE((SELECT date FROM payments WHERE id = allocations.payment_id), (SELECT date FROM credit_notes WHERE id = allocations.credit_note_id));
CREATE INDEX allocations_advance ON allocations (invoice_id) WHERE advance = 1;
CREATE TRIGGER allocations_advance_insert AFTER INSERT ON allocations BEGIN
    UPDATE allocations SET advance = (SELECT issue_date FROM invoices WHERE id = NEW.invoice_id) >
        COALESCE((SELECT date FROM payments WHERE id = NEW.payment_id), (SELECT date FROM credit_notes WHERE id = NEW.credit_note_id))
     WHERE id = NEW.id;
END;
CREATE TRIGGER allocations_advance_invoice AFTER UPDATE OF invoice_id ON allocations BEGIN
    UPDATE allocations SET advance = (SELECT issue_date FROM invoices WHERE id = NEW.invoice_id) >
        COALESCE((SELECT date FROM payments WHERE id = NEW.payment_id), (SELECT date FROM credit_notes WHERE id = NEW.credit_note_id))
     WHERE id = NEW.id;
END;
CREATE TRIGGER invoices_advance AFTER UPDATE OF issue_date ON invoices BEGIN
    UPDATE allocations SET advance = NEW.issue_date >
        COALESCE((SELECT date FROM payments WHERE id = allocations.payment_id), (SELECT date FROM credit_notes WHERE id = allocations.credit_note_id))
     WHERE invoice_id = NEW.id;
END;
CREATE TRIGGER payments_advance AFTER UPDATE OF date ON payments BEGIN
    UPDATE allocations SET advance = (SELECT issue_date FROM invoices WHERE id = allocations.invoice_id) > NEW.date WHERE payment_id = NEW.id;
END;
CREATE TRIGGER credit_notes_advance AFTER UPDATE OF date ON credit_notes BEGIN
    UPDATE allocations SET advance = (SELECT issue_date FROM invoices WHERE id = allocations.invoice_id) > NEW.date WHERE credit_note_id = NEW.id;
END;

-- The invoices due in instalments, found at once (the analytics spread
-- them over their parts; most companies have none or few).
CREATE INDEX invoices_scheduled ON invoices (id) WHERE instalments > 0;
