-- a recording cut short (killed): no fingerprint, the last records missing (the first half of the first
-- trace block kept, rewritten with sqlite3's JSON functions as a block is decoded and encoded).
DELETE FROM trace_blocks WHERE first > 1;
UPDATE trace_blocks SET n = n / 2, data = (SELECT json_group_array(json(j.value)) FROM json_each(trace_blocks.data) j
    WHERE j.key < trace_blocks.n / 2);
UPDATE run SET value = 0 WHERE key = 'finished';
DELETE FROM run WHERE key IN ('fingerprint', 'simTimeUs', 'summary', 'records');
