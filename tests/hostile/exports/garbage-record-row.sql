-- A record whose fields are of the wrong types: text for the time, a blob for the kind.
-- formats: jsonl mermaid
-- expect: t is not an integer
INSERT INTO records (id, t, kind, message, service, partition)
 VALUES ((SELECT max(id) FROM records) + 1, 'soon', X'00FF', (SELECT min(seq) FROM messages WHERE correlation = 'order-000001'), X'FFFE', -7);
