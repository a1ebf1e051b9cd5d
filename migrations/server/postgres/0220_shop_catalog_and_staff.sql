-- The shop sells the stores' catalog: names, categories, prices and the
-- taxable flag come from catalog_products and the stock count from
-- stock_levels. shop_products keeps only what the shop adds to a catalog
-- product: its numeric id in the API, whether it is published online, the
-- units held for unpaid orders and the rent-to-own terms.

-- Products that only the shop had move into the catalog, with their SKU
-- as barcode, and their stock count moves into stock_levels where the
-- stores have no count yet. Both go to the change feed, so terminals
-- receive them.
CREATE TEMPORARY TABLE shop_only_products ON COMMIT DROP AS
SELECT id, sku FROM shop_products WHERE sku NOT IN (SELECT sku FROM catalog_products);

INSERT INTO catalog_products (sku, barcode, name, category, price_cents, taxable, updated_at)
SELECT p.sku, p.sku, p.name, p.category, p.price_cents, p.taxable = 1, p.updated_at::timestamptz
FROM shop_products p JOIN shop_only_products o ON o.id = p.id;

INSERT INTO changes (entity, entity_key, data, changed_at)
SELECT 'product', p.sku,
       json_build_object('sku', p.sku, 'barcode', p.sku, 'name', p.name, 'category', p.category,
                         'price_cents', p.price_cents, 'taxable', p.taxable = 1)::text,
       p.updated_at::timestamptz
FROM shop_products p JOIN shop_only_products o ON o.id = p.id
ORDER BY p.id;

INSERT INTO changes (entity, entity_key, data, changed_at)
SELECT 'stock', sku, json_build_object('sku', sku, 'on_hand', stock_on_hand)::text, updated_at::timestamptz
FROM shop_products WHERE sku NOT IN (SELECT sku FROM stock_levels)
ORDER BY id;

INSERT INTO stock_levels (sku, on_hand, updated_at)
SELECT sku, stock_on_hand, updated_at::timestamptz FROM shop_products WHERE sku NOT IN (SELECT sku FROM stock_levels);

DROP INDEX shop_products_category;
ALTER TABLE shop_products
    DROP COLUMN name,
    DROP COLUMN category,
    DROP COLUMN price_cents,
    DROP COLUMN taxable,
    DROP COLUMN stock_on_hand,
    -- Whether customers can find and buy the product online. A catalog
    -- product without a price is never sold online, published or not.
    ADD COLUMN published BIGINT NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
    ADD CONSTRAINT shop_products_sku_fkey FOREIGN KEY (sku) REFERENCES catalog_products (sku);

-- Every catalog product gets its shop row; new catalog products get one
-- when they are saved.
INSERT INTO shop_products (sku, created_at, updated_at)
SELECT sku, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
FROM catalog_products WHERE sku NOT IN (SELECT sku FROM shop_products);

-- A stock movement comes from a terminal's record or from a paid online
-- order.
ALTER TABLE stock_movements
    ALTER COLUMN record_id DROP NOT NULL,
    ADD COLUMN order_id BIGINT REFERENCES orders (id),
    ADD CONSTRAINT stock_movements_order_sku_key UNIQUE (order_id, sku),
    ADD CONSTRAINT stock_movements_one_source CHECK ((record_id IS NULL) <> (order_id IS NULL));

-- A disabled account cannot sign in and its sessions are ended; staff
-- accounts are disabled with `giggatek-server admin staff disable`.
ALTER TABLE customers ADD COLUMN disabled_at TEXT;
