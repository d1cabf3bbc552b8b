-- The command menu last set in each Telegram scope (the default menu per language, a staff
-- member's chat), so that a start sets only the menus that changed: one setMyCommands per
-- staff member at every start is one round trip each against the real API.
CREATE TABLE command_menus (
    scope   TEXT PRIMARY KEY,  -- 'telegram:<bot id>:default:vi', 'telegram:<bot id>:chat:<id>'
    digest  TEXT NOT NULL,     -- of the commands and their descriptions; 'none' once deleted
    set_at  TEXT NOT NULL
);
