-- Wards that receive dossiers on Saturday mornings (QĐ 14/2010/QĐ-TTg): Saturday counts as a
-- working day for their deadlines and reminders.
ALTER TABLE units ADD COLUMN saturday_reception INTEGER NOT NULL DEFAULT 0;
