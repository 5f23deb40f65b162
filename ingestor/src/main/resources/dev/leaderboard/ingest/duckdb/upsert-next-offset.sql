INSERT INTO IngestOffsets (Topic, KafkaPartition, NextOffset, UpdatedAt)
VALUES (?, ?, ?, make_timestamp(?))
ON CONFLICT (Topic, KafkaPartition) DO UPDATE SET NextOffset = excluded.NextOffset, UpdatedAt = excluded.UpdatedAt
