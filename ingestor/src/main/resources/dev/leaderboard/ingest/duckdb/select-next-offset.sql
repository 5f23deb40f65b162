-- A partition's next offset to read: the highest stored, in IngestOffsetLog or (from an ingestor before it)
-- IngestOffsets; NULL when neither holds one.
SELECT max(NextOffset) FROM (
    SELECT NextOffset FROM IngestOffsetLog WHERE Topic = $1 AND KafkaPartition = $2
    UNION ALL
    SELECT NextOffset FROM IngestOffsets WHERE Topic = $1 AND KafkaPartition = $2
)
