-- Wards after the 2025 reorganisation: which units took over which (an old unit split between
-- several new ones appears once per successor), and the legal kind of each unit (phường, xã,
-- đặc khu, …; NULL = read it from the name).
CREATE TABLE unit_successions (
    predecessor_id  INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    successor_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (predecessor_id, successor_id),
    CHECK (predecessor_id <> successor_id)
);
CREATE INDEX unit_successions_successor ON unit_successions (successor_id, predecessor_id);

ALTER TABLE units ADD COLUMN unit_type TEXT;
UPDATE units SET unit_type = CASE
    WHEN name LIKE 'Phường %' THEN 'phuong'
    WHEN name LIKE 'Xã %' THEN 'xa'
    WHEN name LIKE 'Đặc khu %' THEN 'dac_khu'
    WHEN name LIKE 'Thị trấn %' THEN 'thi_tran'
    WHEN name LIKE 'Thành phố %' THEN 'thanh_pho'
    WHEN name LIKE 'Tỉnh %' THEN 'tinh'
END;

-- An official list is matched by code; a code is reused after a merger, so it is not unique.
CREATE INDEX units_code ON units (code);
