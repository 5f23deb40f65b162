-- Keeps each partition's highest next offset in IngestOffsetLog and deletes the rows before it.
DELETE FROM IngestOffsetLog l
WHERE NextOffset < (SELECT max(NextOffset) FROM IngestOffsetLog m
                    WHERE m.Topic = l.Topic AND m.KafkaPartition = l.KafkaPartition)
