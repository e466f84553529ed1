-- A NUL byte inside a stored event type.
-- formats: jsonl csv cloudevents
-- expect: type contains a NUL byte
UPDATE messages SET type = 'Order' || char(0) || 'Created' WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
