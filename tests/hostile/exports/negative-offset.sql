-- A count below zero (offsets, partitions, attempts and instances are never negative).
-- formats: jsonl csv cloudevents
-- expect: offset is not a non-negative integer
UPDATE messages SET "offset" = -5 WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
