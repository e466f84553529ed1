-- A message whose version is a real number and whose partition is text.
-- formats: jsonl csv cloudevents
-- expect: version is not an integer
UPDATE messages SET partition = 'zero', version = 1.5 WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
