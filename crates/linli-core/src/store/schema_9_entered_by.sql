-- Schema version 9: orders taken for a neighbour without a computer. An order records who
-- last entered it for her (the organiser on the telephone, a volunteer with her claimed
-- help request); NULL when she did it herself. The figures count these per pickup day.
ALTER TABLE orders ADD COLUMN entered_by BLOB REFERENCES members(id);
CREATE INDEX orders_entered ON orders(pickup_day) WHERE entered_by IS NOT NULL;
