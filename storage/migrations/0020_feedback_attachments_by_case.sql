-- A case is read with its attachments (every /tracuu, every filing, the officers' inbox): by
-- the case, not by a scan of every attachment of every case.
CREATE INDEX feedback_attachments_case ON feedback_attachments (feedback_id, id);
