-- Version 5: the units taken on each deal, kept by triggers on `orders` (as deal_sales is),
-- so placing an order reads its deal's total instead of summing every earlier order of it.
-- An order is taken while placed, confirmed, ready, picked_up or unclaimed.
--   qty:  its ordered units (what stock and the limit count: rows::tally);
--   sold: its allocated units once arrival set them, else its ordered units (the sold
--         count the hub publishes with a deal).
-- No reference to deals: a synced order may arrive before its deal.
CREATE TABLE deal_taken (
    deal_id  BLOB PRIMARY KEY,
    qty      INTEGER NOT NULL,
    sold     INTEGER NOT NULL
) STRICT;

CREATE TRIGGER orders_taken_insert AFTER INSERT ON orders
WHEN NEW.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed') BEGIN
    INSERT INTO deal_taken (deal_id, qty, sold)
    VALUES (NEW.deal_id, NEW.qty, COALESCE(NEW.allocated, NEW.qty))
    ON CONFLICT(deal_id) DO UPDATE SET qty = qty + excluded.qty, sold = sold + excluded.sold;
END;

CREATE TRIGGER orders_taken_update AFTER UPDATE OF deal_id, state, qty, allocated ON orders
WHEN OLD.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')
  OR NEW.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed') BEGIN
    UPDATE deal_taken SET qty = qty - OLD.qty, sold = sold - COALESCE(OLD.allocated, OLD.qty)
    WHERE deal_id = OLD.deal_id
      AND OLD.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed');
    INSERT INTO deal_taken (deal_id, qty, sold)
    SELECT NEW.deal_id, NEW.qty, COALESCE(NEW.allocated, NEW.qty)
    WHERE NEW.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')
    ON CONFLICT(deal_id) DO UPDATE SET qty = qty + excluded.qty, sold = sold + excluded.sold;
END;

CREATE TRIGGER orders_taken_delete AFTER DELETE ON orders
WHEN OLD.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed') BEGIN
    UPDATE deal_taken SET qty = qty - OLD.qty, sold = sold - COALESCE(OLD.allocated, OLD.qty)
    WHERE deal_id = OLD.deal_id;
END;

INSERT INTO deal_taken (deal_id, qty, sold)
SELECT deal_id, SUM(qty), SUM(COALESCE(allocated, qty)) FROM orders
WHERE state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')
GROUP BY deal_id;
