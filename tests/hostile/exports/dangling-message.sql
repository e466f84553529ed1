-- A delivery naming a message that is not in the file.
-- formats: jsonl
-- expect: names message 999999, which is not in the file
UPDATE records SET message = 999999 WHERE id = (SELECT min(id) FROM records WHERE kind = 'delivered');
