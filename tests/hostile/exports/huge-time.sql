-- A message time no RFC 3339 timestamp can hold (the largest 64-bit integer, in microseconds).
-- formats: cloudevents
-- expect: is outside the years 0001-9999
UPDATE messages SET t = 9223372036854775807 WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);
