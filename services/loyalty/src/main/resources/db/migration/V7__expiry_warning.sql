-- When the customer was last warned that points are about to expire: at most one warning per
-- account per warning window (loyalty.programme.expiry.soon), however often the job runs.
ALTER TABLE account ADD COLUMN expiry_warned_at timestamptz;
