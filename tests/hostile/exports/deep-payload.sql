-- A payload nested 100 levels deep.
-- formats: jsonl csv cloudevents
-- expect: payload is not valid JSON: nested deeper than 64 levels
UPDATE messages SET data = '{"a":' || replace(hex(zeroblob(100)), '00', '[') || replace(hex(zeroblob(100)), '00', ']') || '}'
 WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
