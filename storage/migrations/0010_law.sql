-- The law, exactly: Saturday deadlines apart from Saturday reception, the applicant on the
-- dossier, the desk named in the apology letter, the letter as PDF, and late letters.

-- Saturday-morning reception is opening hours shown to citizens; only this setting counts
-- Saturdays in the ward's working-day deadlines. Existing wards start without it: reception
-- alone used to count Saturdays, which QĐ 14/2010/QĐ-TTg does not imply.
ALTER TABLE units ADD COLUMN saturday_deadlines INTEGER NOT NULL DEFAULT 0;
-- "Nơi nhận" of the apology letter names the unit's desk as the unit calls it (NULL: the
-- default wording from the unit's name and kind).
ALTER TABLE units ADD COLUMN apology_desk TEXT;

-- The applicant (chủ hồ sơ) as the one-stop export gives them, for "Kính gửi: Ông/Bà …".
ALTER TABLE dossiers ADD COLUMN applicant TEXT;
ALTER TABLE dossiers ADD COLUMN applicant_address TEXT;
ALTER TABLE dossiers ADD COLUMN applicant_phone TEXT;

-- The letter as PDF beside the DOCX (both kept, so a backup of the database holds them), and
-- whether it was issued after the last working day before the due date (NĐ 61/2018's rule;
-- NULL for letters issued before this was recorded).
ALTER TABLE apology_letters ADD COLUMN pdf_name TEXT;
ALTER TABLE apology_letters ADD COLUMN pdf BLOB;
ALTER TABLE apology_letters ADD COLUMN issued_late INTEGER;

-- Each preset has its own title; a ward's template keeps the one it was made from ('' : the
-- default preset's title).
ALTER TABLE apology_templates ADD COLUMN title TEXT NOT NULL DEFAULT '';
