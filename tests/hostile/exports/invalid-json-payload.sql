-- A payload cut short.
-- formats: jsonl csv cloudevents
-- expect: payload is not valid JSON
UPDATE messages SET data = '{"total": 12,' WHERE seq = (SELECT max(seq) FROM messages WHERE command = 0);
