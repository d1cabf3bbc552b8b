-- Officials on Zalo: the phone an official agreed to record, for the ward's ZBS template when
-- they have not written to the OA for more than 48 h (alerts are never dropped; without a phone
-- they wait and the admins are told).
ALTER TABLE staff ADD COLUMN phone TEXT;
