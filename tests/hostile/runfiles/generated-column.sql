-- payloads rebuilt with a generated column that makes a huge value from every row.
ALTER TABLE payloads RENAME TO old_payloads;
CREATE TABLE payloads (id INTEGER PRIMARY KEY, data TEXT GENERATED ALWAYS AS (zeroblob(60000000)));
DROP TABLE old_payloads;
