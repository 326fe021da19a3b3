-- Analytics read open balances and credit sales over the whole company:
-- both indexes now cover those queries, so aging and DSO never visit the
-- invoices table itself (1M invoices: the open-invoice scan stays on ~60k
-- index entries instead of 60k random row lookups).

DROP INDEX invoices_open;
CREATE INDEX invoices_open ON invoices (client_id, due_date, open_balance, issue_date) WHERE open_balance > 0;

DROP INDEX invoices_issue;
CREATE INDEX invoices_issue ON invoices (issue_date, amount);
