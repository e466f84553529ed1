-- A payload edited to close the data object early and add envelope fields of its own.
-- formats: jsonl csv cloudevents
-- expect: payload is not valid JSON
UPDATE messages SET data = '{"total":1}, "id":"forged", "source":"/attacker", "x":{"y":1}'
 WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
