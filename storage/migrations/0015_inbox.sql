-- The durable inbox: every update (Telegram polling or webhook, Zalo webhook) is stored here
-- before the channel is told it arrived, processed from here in order per chat, and removed in
-- the transaction that records it in the ledger below. Times are epoch milliseconds (UTC).
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    bot         TEXT NOT NULL,        -- 'telegram:<bot id>' or 'zalo:<oa id>'
    update_id   TEXT NOT NULL,
    chat        TEXT NOT NULL,        -- updates of one chat are processed one after the other
    payload     TEXT NOT NULL,        -- the update as JSON
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    not_before  INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    last_error  TEXT,
    UNIQUE (bot, update_id)
);
CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';
CREATE INDEX inbox_pending_chat ON inbox (chat, id) WHERE state = 'pending';

-- The ledger of handled updates is keyed by bot from now on: its `channel` column holds the
-- bot ('telegram:<bot id>', 'zalo:<oa id>'), since a new token on the same database restarts
-- Telegram's update ids and those must not be taken for old ones. Rows from before keep the
-- bare channel name (they match no bot and are pruned after LEDGER_RETENTION_DAYS). Times
-- become UTC, so that pruning can compare them as text.
UPDATE processed_updates
   SET processed_at = COALESCE(strftime('%Y-%m-%dT%H:%M:%S+00:00', processed_at), processed_at);
CREATE INDEX processed_updates_at ON processed_updates (processed_at);
-- zalo_events is no longer written: the inbox stores a Zalo event once, the ledger remembers it.

-- Replies to a user (0) are sent before pushes such as digests and reminders (1).
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
CREATE INDEX outbox_due_priority ON outbox (priority, id) WHERE state = 'pending';
