-- A record's detail that is not UTF-8 (an overlong encoding of '/').
-- formats: jsonl mermaid plantuml
-- expect: detail is not valid UTF-8
UPDATE records SET detail = CAST(X'C0AF' AS TEXT)
 WHERE id = (SELECT min(id) FROM records WHERE kind NOT IN ('published', 'command')
   AND message IN (SELECT seq FROM messages WHERE correlation = 'order-000001'));
