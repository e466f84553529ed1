-- messages replaced by a view of random blobs: reading it takes gigabytes.
DROP VIEW messages;
CREATE VIEW messages (seq, command, id, source, type, version, t, topic, partition, "offset", key, tenant,
    correlation, causation, producer, target, data) AS
    WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 100000)
    SELECT x, 0, randomblob(50000), 's', 't', 1, x, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        randomblob(1000000) FROM n;
