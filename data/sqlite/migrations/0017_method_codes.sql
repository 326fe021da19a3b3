-- Payment methods become codes (transfer, card, cash, cheque, direct_debit)
-- whatever language they were typed or imported in; the app shows them as
-- words in the reader's language. Other text (such as "Bizum") stays. The
-- words are those of data.MethodCode, lower case (SQLite lowers ASCII only,
-- so the accented ones are listed as written).
CREATE TEMP TABLE method_words (word TEXT PRIMARY KEY, code TEXT NOT NULL);
INSERT INTO method_words (word, code) VALUES
    ('transfer', 'transfer'),
    ('bank transfer', 'transfer'),
    ('wire', 'transfer'),
    ('wire transfer', 'transfer'),
    ('transferencia', 'transfer'),
    ('transferencia bancaria', 'transfer'),
    ('sepa', 'transfer'),
    ('card', 'card'),
    ('credit card', 'card'),
    ('debit card', 'card'),
    ('tarjeta', 'card'),
    ('tarjeta de crédito', 'card'),
    ('tarjeta de credito', 'card'),
    ('tarjeta de débito', 'card'),
    ('tarjeta de debito', 'card'),
    ('tpv', 'card'),
    ('cash', 'cash'),
    ('efectivo', 'cash'),
    ('metálico', 'cash'),
    ('metalico', 'cash'),
    ('contado', 'cash'),
    ('cheque', 'cheque'),
    ('check', 'cheque'),
    ('talón', 'cheque'),
    ('talon', 'cheque'),
    ('pagaré', 'cheque'),
    ('pagare', 'cheque'),
    ('direct debit', 'direct_debit'),
    ('direct_debit', 'direct_debit'),
    ('debit', 'direct_debit'),
    ('domiciliación', 'direct_debit'),
    ('domiciliacion', 'direct_debit'),
    ('recibo domiciliado', 'direct_debit'),
    ('adeudo directo', 'direct_debit'),
    ('sepa direct debit', 'direct_debit');
UPDATE payments SET method = (SELECT code FROM method_words WHERE word = lower(trim(method)))
    WHERE lower(trim(method)) IN (SELECT word FROM method_words);
UPDATE refunds SET method = (SELECT code FROM method_words WHERE word = lower(trim(method)))
    WHERE lower(trim(method)) IN (SELECT word FROM method_words);
DROP TABLE method_words;
