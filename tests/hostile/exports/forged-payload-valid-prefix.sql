-- The same, shaped so that the text of the whole line would still parse as one JSON object.
-- formats: jsonl csv cloudevents
-- expect: payload is not valid JSON: text after the JSON value
UPDATE messages SET data = '{"total":1},"id":"forged","extra":{}'
 WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
