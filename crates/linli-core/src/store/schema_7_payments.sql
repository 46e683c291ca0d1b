-- Schema version 7: how a payment was made. (Versions 5 and 6 are other changes; this step
-- is appended after them.) 'cash' or 'transfer' on payments; NULL on charges and refunds,
-- and on payments recorded before this version.
ALTER TABLE ledger ADD COLUMN method TEXT
    CHECK (method IS NULL OR (method IN ('cash', 'transfer') AND kind = 'payment'));
