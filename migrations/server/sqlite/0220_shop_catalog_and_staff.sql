-- The shop sells the stores' catalog: names, categories, prices and the
-- taxable flag come from catalog_products and the stock count from
-- stock_levels. shop_products keeps only what the shop adds to a catalog
-- product: its numeric id in the API, whether it is published online, the
-- units held for unpaid orders and the rent-to-own terms.

-- Products that only the shop had move into the catalog, with their SKU
-- as barcode, and their stock count moves into stock_levels where the
-- stores have no count yet. Both go to the change feed, so terminals
-- receive them.
CREATE TEMPORARY TABLE shop_only_products AS
SELECT id, sku FROM shop_products WHERE sku NOT IN (SELECT sku FROM catalog_products);

INSERT INTO catalog_products (sku, barcode, name, category, price_cents, taxable, updated_at)
SELECT p.sku, p.sku, p.name, p.category, p.price_cents, p.taxable, p.updated_at
FROM shop_products p JOIN shop_only_products o ON o.id = p.id;

INSERT INTO changes (entity, entity_key, data, changed_at)
SELECT 'product', p.sku,
       json_object('sku', p.sku, 'barcode', p.sku, 'name', p.name, 'category', p.category,
                   'price_cents', p.price_cents,
                   'taxable', json(CASE WHEN p.taxable = 1 THEN 'true' ELSE 'false' END)),
       p.updated_at
FROM shop_products p JOIN shop_only_products o ON o.id = p.id
ORDER BY p.id;

DROP TABLE shop_only_products;

INSERT INTO changes (entity, entity_key, data, changed_at)
SELECT 'stock', sku, json_object('sku', sku, 'on_hand', stock_on_hand), updated_at
FROM shop_products WHERE sku NOT IN (SELECT sku FROM stock_levels)
ORDER BY id;

INSERT INTO stock_levels (sku, on_hand, updated_at)
SELECT sku, stock_on_hand, updated_at FROM shop_products WHERE sku NOT IN (SELECT sku FROM stock_levels);

DROP INDEX shop_products_category;
ALTER TABLE shop_products DROP COLUMN name;
ALTER TABLE shop_products DROP COLUMN category;
ALTER TABLE shop_products DROP COLUMN price_cents;
ALTER TABLE shop_products DROP COLUMN taxable;
ALTER TABLE shop_products DROP COLUMN stock_on_hand;
-- Whether customers can find and buy the product online. A catalog
-- product without a price is never sold online, published or not.
ALTER TABLE shop_products ADD COLUMN published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1));

-- Every catalog product gets its shop row; new catalog products get one
-- when they are saved.
INSERT INTO shop_products (sku, created_at, updated_at)
SELECT sku, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM catalog_products WHERE sku NOT IN (SELECT sku FROM shop_products);

-- A stock movement comes from a terminal's record or from a paid online
-- order. SQLite cannot drop NOT NULL in place, so the table is rebuilt
-- with the same rows and ids.
CREATE TABLE stock_movements_new (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER REFERENCES sync_records (id),
    order_id      INTEGER REFERENCES orders (id),
    sku           TEXT NOT NULL,
    delta         INTEGER NOT NULL,
    on_hand_after INTEGER NOT NULL,
    CONSTRAINT stock_movements_order_sku_key UNIQUE (order_id, sku),
    CONSTRAINT stock_movements_one_source CHECK ((record_id IS NULL) <> (order_id IS NULL))
) STRICT;

INSERT INTO stock_movements_new (id, record_id, sku, delta, on_hand_after)
SELECT id, record_id, sku, delta, on_hand_after FROM stock_movements;

DROP TABLE stock_movements;
ALTER TABLE stock_movements_new RENAME TO stock_movements;
CREATE INDEX stock_movements_sku ON stock_movements (sku);

-- A disabled account cannot sign in and its sessions are ended; staff
-- accounts are disabled with `giggatek-server admin staff disable`.
ALTER TABLE customers ADD COLUMN disabled_at TEXT;
