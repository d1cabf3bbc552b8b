-- The choices a Zalo user was last shown as numbered text (a button template holds 5 at most):
-- a JSON list of [label, payload], numbered from 1 in the order shown, so that "2" — or the
-- second label typed — does what tapping its button would. Emptied (NULL) when the user writes
-- again, since the answer to that message shows its own choices.
ALTER TABLE zalo_users ADD COLUMN choices TEXT;
