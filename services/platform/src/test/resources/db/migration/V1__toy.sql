-- The toy aggregate of the platform's tests, and the table its consumer changes.
CREATE TABLE toy_counter (id TEXT PRIMARY KEY, value INT NOT NULL);
CREATE TABLE toy_effect (id TEXT PRIMARY KEY, applied INT NOT NULL);
