-- Demo data for scripts/run.sh: four stores and a distribution centre in Paris, 300 SKUs and
-- their stock. Loaded once, into an empty inventory, only when inventory.seed.demo=true.
INSERT INTO location (id, name, type, latitude, longitude, pickup_enabled, accepts_returns, pickup_hold_hours) VALUES
    ('store-001', 'Paris Rivoli', 'STORE', 48.8606, 2.3376, true, true, 72),
    ('store-002', 'Paris Bastille', 'STORE', 48.8532, 2.3692, true, true, 72),
    ('store-003', 'Paris Montparnasse', 'STORE', 48.8421, 2.3219, true, true, 48),
    ('store-004', 'La Defense', 'STORE', 48.8919, 2.2384, false, true, 48),
    ('dc-paris', 'DC Gennevilliers', 'DC', 48.9333, 2.3000, false, true, 1);

INSERT INTO item (sku, name, category, list_price, currency, returnable, return_days)
SELECT 'SKU-' || lpad(n::text, 4, '0'),
       (ARRAY['Trail shoe', 'Rain jacket', 'Wool socks', 'Camp stove', 'Wooden train'])[1 + n % 5] || ' ' || n,
       (ARRAY['footwear', 'apparel', 'apparel', 'outdoor', 'toys'])[1 + n % 5],
       499 + (n * 137) % 20000,
       'EUR',
       n % 10 <> 0,
       CASE WHEN n % 10 = 0 THEN NULL WHEN n % 5 = 1 THEN 60 ELSE NULL END
FROM generate_series(1, 300) AS n;

INSERT INTO stock (location_id, sku, on_hand, safety_stock)
SELECT l.id, i.sku,
       CASE WHEN l.type = 'DC' THEN 100 ELSE (substr(i.sku, 5)::int * 7 + length(l.id) * 13 + ascii(right(l.id, 1))) % 25 END,
       CASE WHEN l.type = 'STORE' AND substr(i.sku, 5)::int % 4 = 0 THEN 1 ELSE 0 END
FROM location l CROSS JOIN item i;

INSERT INTO stock_movement (location_id, sku, kind, on_hand_delta, reason, reference, actor)
SELECT location_id, sku, 'ADJUSTMENT', on_hand, 'RECEIVED', 'demo seed', 'seed'
FROM stock WHERE on_hand > 0;
