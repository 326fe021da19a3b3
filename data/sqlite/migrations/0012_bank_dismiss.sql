-- A bank credit that is not a client's payment (a refund, a loan, cash from
-- the owner) can be set aside, and brought back, without becoming a payment.
ALTER TABLE bank_credits ADD COLUMN dismissed TEXT NOT NULL DEFAULT '';
