-- A partition's next offset after a batch, in the batch's transaction; inserted, never updated (schema.sql).
INSERT INTO IngestOffsetLog (Topic, KafkaPartition, NextOffset, UpdatedAt)
VALUES (?, ?, ?, make_timestamp(?))
