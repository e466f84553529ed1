-- A payload number beyond a double's range.
-- formats: jsonl csv cloudevents
-- expect: payload is not valid JSON: a number out of range
UPDATE messages SET data = '{"total":1e999}' WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
