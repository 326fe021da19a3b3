-- Payment methods become codes (transfer, card, cash, cheque, direct_debit)
-- whatever language they were typed or imported in; the app shows them as
-- words in the reader's language. Other text (such as "Bizum") stays.
UPDATE payments SET method = CASE
    WHEN lower(trim(method)) IN ('transfer', 'bank transfer', 'wire', 'wire transfer', 'transferencia', 'transferencia bancaria', 'sepa') THEN 'transfer'
    WHEN lower(trim(method)) IN ('card', 'credit card', 'debit card', 'tarjeta', 'tarjeta de crédito', 'tarjeta de credito', 'tarjeta de débito', 'tarjeta de debito', 'tpv') THEN 'card'
    WHEN lower(trim(method)) IN ('cash', 'efectivo', 'metálico', 'metalico', 'contado') THEN 'cash'
    WHEN lower(trim(method)) IN ('cheque', 'check', 'talón', 'talon', 'pagaré', 'pagare') THEN 'cheque'
    WHEN lower(trim(method)) IN ('direct debit', 'debit', 'domiciliación', 'domiciliacion', 'recibo domiciliado', 'adeudo directo', 'sepa direct debit') THEN 'direct_debit'
    ELSE method END;
UPDATE refunds SET method = CASE
    WHEN lower(trim(method)) IN ('transfer', 'bank transfer', 'wire', 'wire transfer', 'transferencia', 'transferencia bancaria', 'sepa') THEN 'transfer'
    WHEN lower(trim(method)) IN ('card', 'credit card', 'debit card', 'tarjeta', 'tarjeta de crédito', 'tarjeta de credito', 'tarjeta de débito', 'tarjeta de debito', 'tpv') THEN 'card'
    WHEN lower(trim(method)) IN ('cash', 'efectivo', 'metálico', 'metalico', 'contado') THEN 'cash'
    WHEN lower(trim(method)) IN ('cheque', 'check', 'talón', 'talon', 'pagaré', 'pagare') THEN 'cheque'
    WHEN lower(trim(method)) IN ('direct debit', 'debit', 'domiciliación', 'domiciliacion', 'recibo domiciliado', 'adeudo directo', 'sepa direct debit') THEN 'direct_debit'
    ELSE method END;
