-- Dossier codes are looked up case-insensitively ("nq-2025-000157" finds NQ-2025-000157): an
-- index on the upper-case code serves that lookup.
CREATE INDEX dossiers_code_upper ON dossiers (upper(code));
