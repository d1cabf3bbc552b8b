-- Zalo Official Accounts, one per ward. The app secret, the OA secret key and the token pair are
-- stored here, in the database: protect the file (and its backups) like the .env file.
-- Times are epoch milliseconds (UTC), as in the outbox.
CREATE TABLE zalo_accounts (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL UNIQUE REFERENCES units(id) ON DELETE CASCADE,
    app_id            TEXT NOT NULL,
    oa_id             TEXT NOT NULL UNIQUE,
    app_secret        TEXT NOT NULL,
    oa_secret_key     TEXT NOT NULL,
    access_token      TEXT NOT NULL,
    refresh_token     TEXT NOT NULL,
    access_expires_at INTEGER,                         -- NULL: unknown, refreshed on -216
    allow_charged     INTEGER NOT NULL DEFAULT 0,      -- send 48 h–7 d (charged) messages?
    zbs_template_id   TEXT,                            -- ZBS template for citizens silent > 7 d
    updated_at        INTEGER NOT NULL
);

-- Citizens who wrote to an OA: when they last did (the 48 h / 7 d windows) and the message to
-- reply to. Zalo user ids are scoped to the OA. No phone here: the ZBS path reads the phone
-- from the citizen's case at send time, so an erasure takes effect at once.
CREATE TABLE zalo_users (
    oa_id           TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    last_message_at INTEGER,
    last_msg_id     TEXT,
    followed        INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (oa_id, user_id)
);
CREATE INDEX zalo_users_user ON zalo_users (user_id, last_message_at);

-- Webhook events already taken (Zalo retries a delivery up to 5 times).
CREATE TABLE zalo_events (
    msg_id      TEXT PRIMARY KEY,
    oa_id       TEXT NOT NULL,
    event_name  TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
