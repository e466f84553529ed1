-- a recording cut short (killed): no fingerprint, the last records missing.
DELETE FROM records WHERE id > (SELECT max(id) / 2 FROM records);
UPDATE run SET value = 0 WHERE key = 'finished';
DELETE FROM run WHERE key IN ('fingerprint', 'simTimeUs', 'summary', 'records');
