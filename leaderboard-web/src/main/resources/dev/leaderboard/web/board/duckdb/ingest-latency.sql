-- Median time from a spin's event to its storage, as IngestLatency in KQL measures it with ingestion_time().
-- DuckDB has no ingestion time, but the ingestor writes each partition's next offset and the time (UpdatedAt)
-- in the same transaction as the rows (IngestOffsetLog, one row per batch, the highest the latest): the row just
-- before that offset is the newest of the partition's latest batch, stored at UpdatedAt. One such row per partition whose latest batch was stored since $1;
-- NULL when none was (or when that record was dead-lettered rather than stored).
SELECT median(epoch_ms(o.UpdatedAt) - epoch_ms(g.EventTime)) AS LatencyMs
FROM (SELECT Topic, KafkaPartition, max(NextOffset) AS NextOffset, arg_max(UpdatedAt, NextOffset) AS UpdatedAt
      FROM IngestOffsetLog GROUP BY Topic, KafkaPartition) o
JOIN GamePlay g
  ON g.SourceTopic = o.Topic AND g.SourcePartition = o.KafkaPartition AND g.SourceOffset = o.NextOffset - 1
WHERE o.UpdatedAt >= $1
