-- The durable outbox: every message the bot sends on its own initiative, written in the same
-- transaction as the change that causes it, unique on an idempotency key.
-- Times are epoch milliseconds (UTC) as INTEGER: exact comparisons for "due by not_before".
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    text            TEXT NOT NULL,
    choices         TEXT NOT NULL DEFAULT '[]',   -- JSON list of [data, label]
    document_name   TEXT,
    document        BLOB,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    sent_message_id TEXT,
    last_error      TEXT
);
-- Due pending rows by not_before (partial: sent and dead rows do not weigh on the deliverer).
CREATE INDEX outbox_due ON outbox (not_before, id) WHERE state = 'pending';
-- Pending rows per recipient in order, so a message waits for the earlier ones to that recipient.
CREATE INDEX outbox_pending_recipient ON outbox (channel, recipient, id) WHERE state = 'pending';

-- Where each user is in a conversation the core drives (the citizen intake), as JSON.
CREATE TABLE conversations (
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    state       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
);
