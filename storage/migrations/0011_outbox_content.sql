-- Outbox messages carry channel-free content: texts keys with their raw values (JSON, see
-- bot.domain.messages.content_to_json), rendered and escaped by each channel in the recipient's
-- language. `text` keeps text already in the markup vocabulary (rows written before, digests).
ALTER TABLE outbox ADD COLUMN content TEXT;
ALTER TABLE outbox ADD COLUMN lang TEXT NOT NULL DEFAULT 'vi';
