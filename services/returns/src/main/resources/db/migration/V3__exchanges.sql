-- An exchange: the replacement order placed for the return and the part of the refund that paid
-- for it (refunds then hold only what is left to pay back; money stays the return's whole value).
ALTER TABLE return_record
    ADD COLUMN exchange_order_id text,
    ADD COLUMN exchange_credit   bigint NOT NULL DEFAULT 0 CHECK (exchange_credit >= 0);
