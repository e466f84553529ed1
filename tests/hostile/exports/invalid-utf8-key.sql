-- A partition key that is not UTF-8 (a lone continuation byte).
-- formats: jsonl csv cloudevents
-- expect: is not valid UTF-8
UPDATE messages SET key = CAST(X'6F2D80' AS TEXT) WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
