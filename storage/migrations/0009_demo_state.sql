-- The offline demo's Bot API stand-in keeps its id counters here, so a demo started again over
-- the same database continues the update and message ids the bot's ledger already knows.
CREATE TABLE demo_state (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
