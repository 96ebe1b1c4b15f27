-- The sweep also voids authorisations the provider approved after their checkout attempt gave them
-- up (abandoned_at stays set until a later attempt takes the payment over).
DROP INDEX card_payment_abandoned;
CREATE INDEX card_payment_abandoned ON card_payment (abandoned_at)
    WHERE status IN ('AUTHORISING', 'AUTHORISED') AND abandoned_at IS NOT NULL;
