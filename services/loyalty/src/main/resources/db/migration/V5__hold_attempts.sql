-- Which attempt of a checkout took a points hold. A checkout retried after a refusal holds again
-- under the same reference (the order id) as a new attempt; a request of an older attempt than
-- the hold's is refused, so an attempt given up for dead never takes or gives back its successor's points.
ALTER TABLE point_hold ADD COLUMN attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0);

-- A folded customer's account points to the survivor's: what arrives for the folded customer after
-- the merge (an earn on an order placed before it, say) lands on the survivor.
ALTER TABLE account ADD COLUMN merged_into text;
