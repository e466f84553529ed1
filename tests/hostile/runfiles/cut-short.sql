-- a recording cut short (killed): no fingerprint, the last records missing.
DELETE FROM trace_more WHERE id > (SELECT max(id) / 2 FROM trace);
DELETE FROM trace WHERE id > (SELECT max(id) / 2 FROM trace);
UPDATE run SET value = 0 WHERE key = 'finished';
DELETE FROM run WHERE key IN ('fingerprint', 'simTimeUs', 'summary', 'records');
