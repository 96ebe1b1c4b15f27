-- A store's postal address, as customers read it in their messages (optional: a distribution
-- centre needs none).
ALTER TABLE location ADD COLUMN address text;
